//! The print sheets: for every student their two-inch prints (eight by default) on the sheets
//! of [`SheetKind`], with cut marks and a label (姓名, 学号, 班级), classes one after another,
//! each opened by a cover page with its count. Each student's image is embedded once, as the
//! JPEG it is, and drawn at the print's exact size.

use crate::PdfError;
use crate::font::Face;
use crate::layout::{Item, Page};
use crate::render::{self, Jpeg};
use crate::sheet::{Grid, LabelPlace, PrintSize, SheetKind};

/// Points per millimetre.
const PT: f32 = 72.0 / 25.4;
/// The label's type size, in points.
const LABEL_SIZE: f32 = 6.0;
const A4_LABEL_SIZE: f32 = 5.0;
/// The cut marks' width, in points (a hairline a lab's cutter can follow).
const MARK_WIDTH: f32 = 0.25;

/// A student's prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintStudent {
    pub name: String,
    pub student_no: String,
    pub class_code: String,
    /// The print's image, a baseline JPEG at the print's pixels.
    pub jpeg: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
}

/// A class: its cover page, then its students' sheets in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintClass {
    pub code: String,
    pub college: Option<String>,
    pub students: Vec<PrintStudent>,
}

/// A print run.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintRun {
    /// The document's title and the first line of every cover, e.g. "2023届毕业生图像信息采集".
    pub title: String,
    pub sheet: SheetKind,
    pub size: PrintSize,
    /// Prints per student.
    pub copies: usize,
    pub classes: Vec<PrintClass>,
}

/// How many sheets the run takes, covers included.
pub fn sheet_count(run: &PrintRun) -> Result<usize, PdfError> {
    let grid = grid(run)?;
    Ok(run
        .classes
        .iter()
        .map(|c| 1 + placements(&grid, run.copies, c.students.len()).len())
        .sum())
}

fn grid(run: &PrintRun) -> Result<Grid, PdfError> {
    Grid::new(run.sheet, run.size).ok_or_else(|| {
        PdfError::Write(format!(
            "a {} mm print does not fit on a {} sheet",
            run.size.label(),
            run.sheet.code()
        ))
    })
}

/// For each sheet of a class, the (student, cell) pairs on it: a student's copies together,
/// on as many sheets as they need, and several students a sheet when their copies leave room.
fn placements(grid: &Grid, copies: usize, students: usize) -> Vec<Vec<(usize, usize)>> {
    let cells = grid.cells.len();
    let copies = copies.max(1);
    let mut sheets = Vec::new();
    if copies >= cells {
        for s in 0..students {
            let mut left = copies;
            while left > 0 {
                let n = left.min(cells);
                sheets.push((0..n).map(|c| (s, c)).collect());
                left -= n;
            }
        }
    } else {
        let per_sheet = cells / copies;
        let all: Vec<usize> = (0..students).collect();
        for group in all.chunks(per_sheet) {
            let mut sheet = Vec::new();
            for (k, &s) in group.iter().enumerate() {
                sheet.extend((0..copies).map(|c| (s, k * copies + c)));
            }
            sheets.push(sheet);
        }
    }
    sheets
}

/// The run as a PDF: a cover per class, then its students' sheets.
///
/// Fails when a name holds a character the embedded font cannot draw (naming it) or when the
/// print does not fit the sheet.
pub fn prints_pdf(run: PrintRun) -> Result<Vec<u8>, PdfError> {
    let face = Face::embedded()?;
    let grid = grid(&run)?;
    let (pw, ph) = grid.page;
    let size = Some((pw * PT, ph * PT));
    let mut pages = Vec::new();
    let mut images = Vec::new();
    for class in run.classes {
        pages.push(Page {
            size,
            items: cover(face, &run.title, &class, run.copies, &grid)?,
        });
        let first = images.len();
        for sheet in placements(&grid, run.copies, class.students.len()) {
            let mut items = marks(&grid);
            let mut on_sheet: Vec<usize> = Vec::new();
            for &(s, cell) in &sheet {
                let (x, y) = grid.cells[cell];
                items.push(Item::Image {
                    index: first + s,
                    x: x * PT,
                    y: y * PT,
                    w: grid.print.width_mm * PT,
                    h: grid.print.height_mm * PT,
                });
                if grid.label == LabelPlace::UnderEach {
                    let st = &class.students[s];
                    let text = format!("{} {}", st.name, st.student_no);
                    face.check(&text)?;
                    let width = face.width(&text, A4_LABEL_SIZE);
                    items.push(Item::Text {
                        x: (x + grid.print.width_mm / 2.0) * PT - width / 2.0,
                        y: y * PT - 3.5 * PT,
                        size: A4_LABEL_SIZE,
                        bold: false,
                        text,
                    });
                }
                if !on_sheet.contains(&s) {
                    on_sheet.push(s);
                }
            }
            let label = on_sheet
                .iter()
                .map(|&s| {
                    let st = &class.students[s];
                    format!("{} · {} · {}", st.name, st.student_no, st.class_code)
                })
                .collect::<Vec<_>>()
                .join("；");
            face.check(&label)?;
            match grid.label {
                LabelPlace::Right { x, y } => items.push(Item::TurnedText {
                    x: x * PT,
                    y: y * PT,
                    size: LABEL_SIZE,
                    text: label,
                }),
                LabelPlace::Bottom { y } => {
                    let width = face.width(&label, LABEL_SIZE);
                    items.push(Item::Text {
                        x: pw * PT / 2.0 - width / 2.0,
                        y: y * PT,
                        size: LABEL_SIZE,
                        bold: false,
                        text: label,
                    });
                }
                LabelPlace::UnderEach => {}
            }
            pages.push(Page { size, items });
        }
        for st in class.students {
            images.push(Jpeg {
                bytes: st.jpeg,
                width: st.width_px,
                height: st.height_px,
            });
        }
    }
    render::render(face, &run.title, &pages, images)
}

fn marks(grid: &Grid) -> Vec<Item> {
    grid.marks
        .iter()
        .map(|&(x1, y1, x2, y2)| Item::Rule {
            x1: x1 * PT,
            y1: y1 * PT,
            x2: x2 * PT,
            y2: y2 * PT,
            width: MARK_WIDTH,
        })
        .collect()
}

/// What a class's cover shows: the run's title, the class and college, how many students and
/// prints, the print size.
fn cover(
    face: &Face,
    title: &str,
    class: &PrintClass,
    copies: usize,
    grid: &Grid,
) -> Result<Vec<Item>, PdfError> {
    let (pw, ph) = grid.page;
    let n = class.students.len();
    let lines = [
        (title.to_owned(), 9.0, false),
        (format!("班级 {}", class.code), 16.0, true),
        (class.college.clone().unwrap_or_default(), 10.0, false),
        (
            format!("共 {n} 人 · 每人 {copies} 张 · 计 {} 张", n * copies),
            10.0,
            false,
        ),
        (format!("像片尺寸 {} mm", grid.print.label()), 8.0, false),
    ];
    let mut items = Vec::new();
    let mut y = ph * PT * 0.72;
    for (text, size, bold) in lines {
        if text.is_empty() {
            continue;
        }
        face.check(&text)?;
        let width = face.width(&text, size);
        items.push(Item::Text {
            x: (pw * PT - width) / 2.0,
            y,
            size,
            bold,
            text,
        });
        y -= size * 1.9;
    }
    Ok(items)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn copies_stay_together_and_fill_the_sheets() {
        let six = Grid::new(SheetKind::SixInch, PrintSize::DEFAULT).unwrap();
        let sheets = placements(&six, 8, 3);
        assert_eq!(sheets.len(), 3);
        assert!(
            sheets
                .iter()
                .enumerate()
                .all(|(i, s)| s.iter().all(|p| p.0 == i))
        );
        let five = Grid::new(SheetKind::FiveInch, PrintSize::DEFAULT).unwrap();
        assert_eq!(placements(&five, 8, 3).len(), 6);
        let a4 = Grid::new(SheetKind::A4, PrintSize::DEFAULT).unwrap();
        let sheets = placements(&a4, 8, 7);
        // Three students (24 prints) a page: 3 + 3 + 1.
        assert_eq!(sheets.iter().map(Vec::len).collect::<Vec<_>>(), [24, 24, 8]);
        let cells: Vec<usize> = sheets[0].iter().map(|p| p.1).collect();
        assert_eq!(cells, (0..24).collect::<Vec<_>>());
    }
}
