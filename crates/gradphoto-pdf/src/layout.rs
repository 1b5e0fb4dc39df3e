//! Page geometry and the flow of a notice onto A4 pages, as a list of drawing items per page.
//!
//! Layout is kept apart from printpdf: it decides every line and every position in points
//! (PDF coordinates, origin at the bottom left), and [`crate::render`] only writes the items
//! out. That keeps pagination testable without parsing a PDF.

use crate::font::Face;
use crate::wrap::wrap;
use crate::{PdfError, TimetableNotice, table};

/// A4 portrait, in points.
pub(crate) const PAGE_WIDTH: f32 = 210.0 / 25.4 * 72.0;
pub(crate) const PAGE_HEIGHT: f32 = 297.0 / 25.4 * 72.0;
/// 20 mm on every side.
pub(crate) const MARGIN: f32 = 20.0 / 25.4 * 72.0;
/// Where the page number's baseline sits, below the bottom margin.
const PAGE_NUMBER_BASELINE: f32 = MARGIN / 2.0;

/// Type sizes, in points.
pub(crate) const TITLE_SIZE: f32 = 16.0;
pub(crate) const BODY_SIZE: f32 = 10.5;
pub(crate) const HEADING_SIZE: f32 = 12.0;
const PAGE_NUMBER_SIZE: f32 = 9.0;
/// Line height as a multiple of the type size.
pub(crate) const LEADING: f32 = 1.55;

/// The middle of a CJK ideograph's em box sits this many ems above the baseline (Noto Sans SC's
/// ideographic em box runs from -0.12 to 0.88 em); used to centre a line in its box.
const EM_BOX_MIDDLE: f32 = 0.38;

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// A line of text; `y` is the baseline. `bold` is drawn by stroking the outline as well as
    /// filling it: the text stays real text, and a second weight of a 10 MB font is not shipped.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    /// A straight rule from (x1, y1) to (x2, y2), `width` points thick.
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
    /// A line of text turned a quarter to the left, reading upwards; (x, y) is the start of
    /// its baseline.
    TurnedText {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    /// Image `index` of the document, filling the box whose lower-left corner is (x, y).
    Image {
        index: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// What is drawn on one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    /// Width and height in points; A4 when not given.
    pub(crate) size: Option<(f32, f32)>,
    pub(crate) items: Vec<Item>,
}

impl Page {
    /// The texts on the page, in drawing order (for tests).
    #[cfg(test)]
    pub(crate) fn texts(&self) -> Vec<&str> {
        self.items
            .iter()
            .filter_map(|item| match item {
                Item::Text { text, .. } | Item::TurnedText { text, .. } => Some(text.as_str()),
                Item::Rule { .. } | Item::Image { .. } => None,
            })
            .collect()
    }
}

/// Horizontal placement of a line of text in its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Centre,
    Right,
}

/// A text style: size and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub(crate) size: f32,
    pub(crate) bold: bool,
}

impl Style {
    pub(crate) const fn regular(size: f32) -> Style {
        Style { size, bold: false }
    }

    pub(crate) const fn bold(size: f32) -> Style {
        Style { size, bold: true }
    }

    /// The height of one line in this style.
    pub(crate) fn line_height(self) -> f32 {
        self.size * LEADING
    }
}

/// The pages being filled, top to bottom, and the cursor on the current one.
#[derive(Debug)]
pub(crate) struct Flow<'f> {
    pub(crate) face: &'f Face,
    pages: Vec<Page>,
    current: Page,
    /// The top of the free space on the current page (it shrinks downwards).
    y: f32,
}

impl<'f> Flow<'f> {
    pub(crate) fn new(face: &'f Face) -> Self {
        Flow {
            face,
            pages: Vec::new(),
            current: Page::default(),
            y: PAGE_HEIGHT - MARGIN,
        }
    }

    /// The left edge of the text area.
    pub(crate) const fn left() -> f32 {
        MARGIN
    }

    /// The width of the text area.
    pub(crate) const fn content_width() -> f32 {
        PAGE_WIDTH - 2.0 * MARGIN
    }

    /// The top of the free space on the current page.
    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    /// Moves the cursor down by `height`.
    pub(crate) fn advance(&mut self, height: f32) {
        self.y -= height;
    }

    /// The free height left on the current page.
    pub(crate) fn remaining(&self) -> f32 {
        self.y - MARGIN
    }

    /// The free height of an empty page.
    pub(crate) const fn page_capacity() -> f32 {
        PAGE_HEIGHT - 2.0 * MARGIN
    }

    /// Whether nothing has been put on the current page yet.
    pub(crate) fn page_is_empty(&self) -> bool {
        self.current.items.is_empty()
    }

    /// Closes the current page and starts the next one at its top.
    pub(crate) fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.current));
        self.y = PAGE_HEIGHT - MARGIN;
    }

    /// Starts a new page unless `height` still fits on this one (or this one is empty).
    pub(crate) fn ensure(&mut self, height: f32) {
        if height > self.remaining() && !self.page_is_empty() {
            self.new_page();
        }
    }

    /// Adds an item to the current page.
    pub(crate) fn push(&mut self, item: Item) {
        self.current.items.push(item);
    }

    /// Wraps `text` to `width` after checking that the font can draw all of it.
    pub(crate) fn lines(
        &self,
        text: &str,
        style: Style,
        width: f32,
    ) -> Result<Vec<String>, PdfError> {
        self.face.check(text)?;
        Ok(wrap(self.face, text, style.size, width))
    }

    /// Draws `line` in the box from `x` to `x + width` whose vertical middle is at `middle`.
    pub(crate) fn text_in_box(
        &mut self,
        line: &str,
        style: Style,
        x: f32,
        width: f32,
        middle: f32,
        align: Align,
    ) {
        let line_width = self.face.width(line, style.size);
        let x = match align {
            Align::Left => x,
            Align::Centre => x + (width - line_width) / 2.0,
            Align::Right => x + width - line_width,
        };
        self.push(Item::Text {
            x,
            y: middle - EM_BOX_MIDDLE * style.size,
            size: style.size,
            bold: style.bold,
            text: line.to_owned(),
        });
    }

    /// Flows a paragraph across the text area (indented by `indent`), line by line, starting a
    /// new page whenever a line does not fit. `keep_with_next` lines of the following content
    /// are kept on the same page as the paragraph's last line (a heading is never left alone at
    /// the bottom of a page).
    pub(crate) fn paragraph(
        &mut self,
        text: &str,
        style: Style,
        indent: f32,
        align: Align,
        keep_with_next: f32,
    ) -> Result<(), PdfError> {
        let width = Self::content_width() - indent;
        let lines = self.lines(text, style, width)?;
        let height = style.line_height();
        let last = lines.len().saturating_sub(1);
        for (i, line) in lines.iter().enumerate() {
            let needed = if i == last {
                height + keep_with_next
            } else {
                height
            };
            self.ensure(needed);
            let middle = self.y - height / 2.0;
            self.text_in_box(line, style, Self::left() + indent, width, middle, align);
            self.advance(height);
        }
        Ok(())
    }

    /// Closes the last page, numbers every page ("第 1 页 / 共 2 页" at the bottom centre) and
    /// returns them.
    pub(crate) fn finish(mut self) -> Vec<Page> {
        self.new_page();
        let count = self.pages.len();
        let face = self.face;
        for (i, page) in self.pages.iter_mut().enumerate() {
            let text = format!("第 {} 页 / 共 {} 页", i + 1, count);
            let width = face.width(&text, PAGE_NUMBER_SIZE);
            page.items.push(Item::Text {
                x: (PAGE_WIDTH - width) / 2.0,
                y: PAGE_NUMBER_BASELINE,
                size: PAGE_NUMBER_SIZE,
                bold: false,
                text,
            });
        }
        self.pages
    }
}

/// Lays the whole notice out: title, version and venue lines, the timetable, the changes since
/// the previous version (when there are any) and the issuing office.
pub(crate) fn lay_out(face: &Face, notice: &TimetableNotice) -> Result<Vec<Page>, PdfError> {
    let mut flow = Flow::new(face);
    flow.paragraph(
        &notice.title,
        Style::bold(TITLE_SIZE),
        0.0,
        Align::Centre,
        0.0,
    )?;
    flow.advance(4.0);
    flow.paragraph(
        &notice.version_line,
        Style::regular(BODY_SIZE),
        0.0,
        Align::Centre,
        0.0,
    )?;
    flow.advance(8.0);
    flow.paragraph(
        &notice.venue_line,
        Style::regular(BODY_SIZE),
        0.0,
        Align::Left,
        0.0,
    )?;
    flow.advance(6.0);
    table::place(&mut flow, &notice.rows)?;
    if !notice.changes.is_empty() {
        place_changes(&mut flow, notice)?;
    }
    if !notice.footer.trim().is_empty() {
        flow.advance(24.0);
        flow.paragraph(
            &notice.footer,
            Style::regular(BODY_SIZE),
            0.0,
            Align::Right,
            0.0,
        )?;
    }
    Ok(flow.finish())
}

/// The heading of the changes section, as it appears in the PDF.
pub(crate) const CHANGES_HEADING: &str = "变更（与上一版相比）";

/// "变更（与上一版相比）", then each college in bold with its change lines indented under it.
fn place_changes(flow: &mut Flow<'_>, notice: &TimetableNotice) -> Result<(), PdfError> {
    let line = Style::regular(BODY_SIZE);
    let college = Style::bold(BODY_SIZE);
    flow.advance(16.0);
    let first_group = college.line_height() + line.line_height();
    flow.paragraph(
        CHANGES_HEADING,
        Style::bold(HEADING_SIZE),
        0.0,
        Align::Left,
        first_group,
    )?;
    flow.advance(2.0);
    for group in &notice.changes {
        flow.advance(2.0);
        flow.paragraph(
            &group.college,
            college,
            0.0,
            Align::Left,
            line.line_height(),
        )?;
        for text in &group.lines {
            flow.paragraph(text, line, BODY_SIZE * 2.0, Align::Left, 0.0)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ChangeGroup, NoticeRow};

    fn long_notice() -> TimetableNotice {
        let classes =
            |from: usize, n: usize| (from..from + n).map(|c| format!("19{c:04}")).collect();
        TimetableNotice {
            title: "2023届毕业生图像信息采集 拍摄时间安排".to_owned(),
            version_line: "第 3 版".to_owned(),
            venue_line: "地点：大学生事务中心".to_owned(),
            rows: vec![
                NoticeRow {
                    date: "2022.10.20上午".to_owned(),
                    time: "上午9:00—10:00".to_owned(),
                    classes: classes(0, 40),
                },
                NoticeRow {
                    date: "2022.10.20上午".to_owned(),
                    time: "上午10:00—11:00".to_owned(),
                    classes: classes(40, 700),
                },
                NoticeRow {
                    date: "2022.10.20下午".to_owned(),
                    time: "下午13:30—14:30".to_owned(),
                    classes: classes(740, 30),
                },
            ],
            changes: vec![ChangeGroup {
                college: "信息工程学院".to_owned(),
                lines: (0..80)
                    .map(|n| format!("班级 19{n:04}：10月20日 9:00 → 10月21日 9:00"))
                    .collect(),
            }],
            footer: "南昌航空大学教务处".to_owned(),
        }
    }

    #[test]
    fn nothing_is_drawn_outside_the_margins() -> Result<(), PdfError> {
        let face = Face::embedded()?;
        let pages = lay_out(face, &long_notice())?;
        assert!(pages.len() >= 4, "{} pages", pages.len());
        let eps = 0.01;
        let (left, right) = (MARGIN - eps, PAGE_WIDTH - MARGIN + eps);
        for (n, page) in pages.iter().enumerate() {
            for item in &page.items {
                match item {
                    Item::Text {
                        x, y, size, text, ..
                    } => {
                        let end = x + face.width(text, *size);
                        assert!(*x >= left && end <= right, "page {n}: {text} at {x}..{end}");
                        let page_number = text.starts_with('第') && text.contains("页 / 共");
                        if !page_number {
                            assert!(
                                *y >= MARGIN && *y <= PAGE_HEIGHT - MARGIN,
                                "page {n}: {text} at y {y}"
                            );
                        }
                    }
                    Item::Rule { x1, y1, x2, y2, .. } => {
                        for x in [x1, x2] {
                            assert!(*x >= left && *x <= right, "page {n}: rule at x {x}");
                        }
                        for y in [y1, y2] {
                            assert!(
                                *y >= MARGIN - eps && *y <= PAGE_HEIGHT - MARGIN + eps,
                                "page {n}: rule at y {y}"
                            );
                        }
                    }
                    Item::TurnedText { .. } | Item::Image { .. } => {
                        panic!("page {n}: the notice has no turned text or image")
                    }
                }
            }
        }
        Ok(())
    }

    #[test]
    fn every_table_page_repeats_the_header_and_the_date_of_its_rows() -> Result<(), PdfError> {
        let face = Face::embedded()?;
        let pages = lay_out(face, &long_notice())?;
        let table_pages: Vec<&Page> = pages
            .iter()
            .filter(|p| {
                p.texts()
                    .iter()
                    .any(|t| t.starts_with("19") && !t.starts_with("班级"))
            })
            .collect();
        assert!(table_pages.len() >= 3);
        for page in &table_pages {
            let texts = page.texts();
            for header in crate::table::HEADERS {
                assert_eq!(
                    texts.iter().filter(|t| **t == header).count(),
                    1,
                    "{texts:?}"
                );
            }
            let dates = texts.iter().filter(|t| t.starts_with("2022.")).count();
            assert!(dates >= 1, "a table page without its date: {texts:?}");
        }
        // Every class is drawn exactly once, across all pages.
        let mut seen = std::collections::BTreeMap::new();
        for text in pages.iter().flat_map(Page::texts) {
            for token in text.split(crate::table::CLASS_SEPARATOR) {
                *seen.entry(token.to_owned()).or_insert(0) += 1;
            }
        }
        for c in 0..770 {
            assert_eq!(seen.get(&format!("19{c:04}")), Some(&1), "class 19{c:04}");
        }
        Ok(())
    }

    #[test]
    fn the_changes_heading_is_never_alone_at_the_bottom_of_a_page() -> Result<(), PdfError> {
        let face = Face::embedded()?;
        let pages = lay_out(face, &long_notice())?;
        let page = pages
            .iter()
            .find(|p| p.texts().contains(&CHANGES_HEADING))
            .map(Page::texts)
            .unwrap_or_default();
        let at = page.iter().position(|t| *t == CHANGES_HEADING);
        // The heading, the college and a first change line on one page.
        assert!(
            at.is_some_and(|i| page.len() > i + 2 && page[i + 2].starts_with("班级")),
            "{page:?}"
        );
        Ok(())
    }
}
