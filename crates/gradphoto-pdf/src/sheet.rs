//! Where the prints go on a sheet: the sheets a photo lab or an office printer takes, each
//! with the grid of prints that fits inside its margins, the cut marks at every edge of the
//! grid, and the place of the label. All in millimetres from the sheet's lower-left corner.

/// A print's size, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintSize {
    pub width_mm: f32,
    pub height_mm: f32,
}

impl PrintSize {
    /// 二寸 as the registries' notices mean it.
    pub const DEFAULT: PrintSize = PrintSize {
        width_mm: 35.0,
        height_mm: 49.0,
    };
    /// Every size a "two-inch" print is made in: 35 × 49 (the default), 35 × 45, 35 × 53,
    /// 33 × 48.
    pub const TWO_INCH: [PrintSize; 4] = [
        PrintSize::DEFAULT,
        PrintSize {
            width_mm: 35.0,
            height_mm: 45.0,
        },
        PrintSize {
            width_mm: 35.0,
            height_mm: 53.0,
        },
        PrintSize {
            width_mm: 33.0,
            height_mm: 48.0,
        },
    ];

    /// `35x49` (or `35×49`, `35*49`), one of [`PrintSize::TWO_INCH`].
    pub fn parse(raw: &str) -> Option<PrintSize> {
        let s = raw.trim().to_ascii_lowercase();
        let (w, h) = s.split_once(['x', '×', '*'])?;
        let (w, h): (u32, u32) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
        PrintSize::TWO_INCH
            .into_iter()
            .find(|p| p.width_mm as u32 == w && p.height_mm as u32 == h)
    }

    /// `35×49`.
    pub fn label(self) -> String {
        format!("{}×{}", self.width_mm, self.height_mm)
    }
}

/// The sheet the prints are laid out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// 6-inch photo paper (4R, 102 × 152 mm), landscape: eight 35 × 49 prints, 4 × 2.
    SixInch,
    /// 5-inch photo paper (89 × 127 mm), portrait: four 35 × 49 prints, 2 × 2.
    FiveInch,
    /// A4 office paper, portrait, with gutters: as many prints as fit, several students a
    /// page, a label under each print.
    A4,
}

impl SheetKind {
    pub const ALL: [SheetKind; 3] = [SheetKind::SixInch, SheetKind::FiveInch, SheetKind::A4];

    pub fn code(self) -> &'static str {
        match self {
            SheetKind::SixInch => "6inch",
            SheetKind::FiveInch => "5inch",
            SheetKind::A4 => "a4",
        }
    }

    pub fn parse(raw: &str) -> Option<SheetKind> {
        let s = raw.trim().to_ascii_lowercase();
        SheetKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Width and height in millimetres, as the sheet goes through the printer.
    pub fn page_mm(self) -> (f32, f32) {
        match self {
            SheetKind::SixInch => (152.0, 102.0),
            SheetKind::FiveInch => (89.0, 127.0),
            SheetKind::A4 => (210.0, 297.0),
        }
    }

    /// Left, right, top and bottom margins kept free of prints: room for the cut marks and
    /// (right on 6-inch, bottom on 5-inch) the label.
    fn margins(self) -> (f32, f32, f32, f32) {
        match self {
            SheetKind::SixInch => (4.0, 8.0, 2.0, 2.0),
            SheetKind::FiveInch => (5.0, 5.0, 5.0, 12.0),
            SheetKind::A4 => (10.0, 10.0, 10.0, 10.0),
        }
    }

    /// Space between prints across and down (on A4, under each print for its label).
    fn gutters(self) -> (f32, f32) {
        match self {
            SheetKind::SixInch | SheetKind::FiveInch => (0.0, 0.0),
            SheetKind::A4 => (2.0, 5.0),
        }
    }
}

/// Where the label of a sheet goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LabelPlace {
    /// Turned, reading upwards, in the right margin at this x (its baseline), from this y.
    Right { x: f32, y: f32 },
    /// Along the bottom margin, its baseline at this y, centred on the page.
    Bottom { y: f32 },
    /// Under each print, in the gutter.
    UnderEach,
}

/// One sheet's geometry for one print size.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub page: (f32, f32),
    pub print: PrintSize,
    /// Lower-left corners of the prints, in reading order (left to right, top to bottom).
    pub cells: Vec<(f32, f32)>,
    /// Cut marks, each a short line (x1, y1, x2, y2) in the margin, never over a print.
    pub marks: Vec<(f32, f32, f32, f32)>,
    pub label: LabelPlace,
}

/// How far a cut mark stays from the prints, and how long it is at most.
const MARK_GAP: f32 = 0.5;
const MARK_LEN: f32 = 3.0;

impl Grid {
    /// The grid of `print` on `sheet`; `None` when not one print fits.
    pub fn new(sheet: SheetKind, print: PrintSize) -> Option<Grid> {
        let (pw, ph) = sheet.page_mm();
        let (left, right, top, bottom) = sheet.margins();
        let (gx, gy) = sheet.gutters();
        let (w, h) = (print.width_mm, print.height_mm);
        let fit = |room: f32, size: f32, gap: f32| ((room + gap) / (size + gap)).floor() as usize;
        let cols = fit(pw - left - right, w, gx);
        let rows = fit(ph - top - bottom, h, gy);
        if cols == 0 || rows == 0 {
            return None;
        }
        let block_w = cols as f32 * w + (cols - 1) as f32 * gx;
        let block_h = rows as f32 * h + (rows - 1) as f32 * gy;
        // Centred in the room the margins leave.
        let x0 = left + (pw - left - right - block_w) / 2.0;
        let y_top = ph - top - (ph - top - bottom - block_h) / 2.0;
        let mut cells = Vec::with_capacity(cols * rows);
        for r in 0..rows {
            for c in 0..cols {
                let x = x0 + c as f32 * (w + gx);
                let y = y_top - (r as f32 + 1.0) * h - r as f32 * gy;
                cells.push((x, y));
            }
        }
        let (x1, y_bottom) = (x0 + block_w, y_top - block_h);
        let mut marks = Vec::new();
        // Every vertical cut, marked above and below the block.
        let mut xs: Vec<f32> = Vec::new();
        for c in 0..cols {
            let x = x0 + c as f32 * (w + gx);
            xs.extend([x, x + w]);
        }
        xs.dedup_by(|a, b| (*a - *b).abs() < 0.01);
        for x in xs {
            let up = (ph - y_top - MARK_GAP).min(MARK_LEN);
            let down = (y_bottom - MARK_GAP).min(MARK_LEN);
            marks.push((x, y_top + MARK_GAP, x, y_top + MARK_GAP + up));
            marks.push((x, y_bottom - MARK_GAP - down, x, y_bottom - MARK_GAP));
        }
        // Every horizontal cut, marked left and right of the block.
        let mut ys: Vec<f32> = Vec::new();
        for r in 0..rows {
            let y = y_top - r as f32 * (h + gy);
            ys.extend([y, y - h]);
        }
        ys.dedup_by(|a, b| (*a - *b).abs() < 0.01);
        for y in ys {
            let l = (x0 - MARK_GAP).min(MARK_LEN);
            let rr = (pw - x1 - MARK_GAP).min(MARK_LEN);
            marks.push((x0 - MARK_GAP - l, y, x0 - MARK_GAP, y));
            marks.push((x1 + MARK_GAP, y, x1 + MARK_GAP + rr, y));
        }
        let label = match sheet {
            // Beyond the marks, in the middle of what is left of the right margin.
            SheetKind::SixInch => LabelPlace::Right {
                x: x1 + MARK_GAP + MARK_LEN + (pw - x1 - MARK_GAP - MARK_LEN) / 2.0 + 1.0,
                y: y_bottom,
            },
            SheetKind::FiveInch => LabelPlace::Bottom {
                y: (y_bottom - MARK_GAP - MARK_LEN) / 2.0,
            },
            SheetKind::A4 => LabelPlace::UnderEach,
        };
        Some(Grid {
            page: (pw, ph),
            print,
            cells,
            marks,
            label,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 0.01
    }

    #[test]
    fn eight_two_inch_prints_fill_a_six_inch_sheet() {
        let g = Grid::new(SheetKind::SixInch, PrintSize::DEFAULT).unwrap();
        assert_eq!(g.cells.len(), 8);
        // 4 across × 2 down make 140 × 98 mm.
        let xs: Vec<f32> = g.cells.iter().map(|c| c.0).collect();
        assert!(close(xs[1] - xs[0], 35.0) && close(xs[3] - xs[0], 105.0));
        assert!(close(g.cells[0].1 - g.cells[4].1, 49.0));
        for &(x, y) in &g.cells {
            assert!(x >= 4.0 && x + 35.0 <= 144.0 + 0.01 && y >= 2.0 && y + 49.0 <= 100.0);
        }
        // No mark crosses a print.
        for &(x1, y1, x2, y2) in &g.marks {
            for &(x, y) in &g.cells {
                let inside = |px: f32, py: f32| px > x && px < x + 35.0 && py > y && py < y + 49.0;
                assert!(!inside(x1, y1) && !inside(x2, y2), "mark {x1},{y1}");
            }
        }
    }

    #[test]
    fn other_sheets_and_sizes() {
        assert_eq!(
            Grid::new(SheetKind::FiveInch, PrintSize::DEFAULT)
                .unwrap()
                .cells
                .len(),
            4
        );
        assert_eq!(
            Grid::new(SheetKind::A4, PrintSize::DEFAULT)
                .unwrap()
                .cells
                .len(),
            25
        );
        // 35 × 53 does not fit twice down a 6-inch sheet.
        let tall = PrintSize::parse("35x53").unwrap();
        assert_eq!(Grid::new(SheetKind::SixInch, tall).unwrap().cells.len(), 4);
        assert_eq!(PrintSize::parse("33×48").map(|p| p.height_mm), Some(48.0));
        assert_eq!(PrintSize::parse("40x60"), None);
        assert_eq!(SheetKind::parse("A4"), Some(SheetKind::A4));
    }
}
