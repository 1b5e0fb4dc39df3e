//! The campaign's printed documents. The published shooting timetable, laid out like 附件一 of
//! the office's notice: title, version and venue lines, a ruled table 照相日期 / 时间 / 班级
//! that runs over as many A4 pages as it needs (repeating its header), the changes since the
//! previous version, and the issuing office. And the print sheets ([`prints_pdf`]): every
//! student's two-inch prints with cut marks and a label, a cover page per class.
//!
//! The Chinese font (Noto Sans SC Regular, OFL) is compiled into the binary, because a server
//! has no CJK font of its own, and each PDF embeds only the glyphs it uses. All text is real
//! text: it can be searched, copied and read by `pdftotext`. The same notice always gives the
//! same bytes.
//!
//! ```no_run
//! use gradphoto_pdf::{NoticeRow, TimetableNotice, timetable_pdf};
//!
//! let notice = TimetableNotice {
//!     title: "2023届毕业生图像信息采集 拍摄时间安排".into(),
//!     version_line: "第 1 版 · 2022年10月10日 发布".into(),
//!     venue_line: "地点：大学生事务中心".into(),
//!     rows: vec![NoticeRow {
//!         date: "2022.10.20上午".into(),
//!         time: "上午9:00—10:00".into(),
//!         classes: vec!["190111".into(), "190112".into()],
//!     }],
//!     changes: Vec::new(),
//!     footer: "南昌航空大学教务处".into(),
//! };
//! let pdf = timetable_pdf(&notice)?;
//! # Ok::<(), gradphoto_pdf::PdfError>(())
//! ```

mod error;
mod font;
mod layout;
mod prints;
mod render;
mod sheet;
mod table;
mod wrap;

pub use error::PdfError;
pub use prints::{PrintClass, PrintRun, PrintStudent, prints_pdf, sheet_count};
pub use sheet::{Grid, LabelPlace, PrintSize, SheetKind};

/// A published version of the shooting timetable, as printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimetableNotice {
    /// Centred at the top, e.g. "2023届毕业生图像信息采集 拍摄时间安排".
    pub title: String,
    /// Under the title, e.g. "第 3 版 · 2022年10月12日 14:05 发布".
    pub version_line: String,
    /// Above the table, e.g. "地点：大学生事务中心；请提前 15 分钟到达，不得提前、滞后".
    pub venue_line: String,
    /// The timetable, in order. Consecutive rows with the same date share one date cell.
    pub rows: Vec<NoticeRow>,
    /// What changed since the previous version, per college; no section when empty.
    pub changes: Vec<ChangeGroup>,
    /// The issuing office, right-aligned at the end, e.g. "南昌航空大学教务处".
    pub footer: String,
}

/// One time slot of the timetable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeRow {
    /// e.g. "2022.10.20上午": shown once per group of consecutive rows with the same date.
    pub date: String,
    /// e.g. "上午9:00—10:00".
    pub time: String,
    /// The class codes shot in the slot, joined with "、" and wrapped to the column.
    pub classes: Vec<String>,
}

/// The changes of one college since the previous version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeGroup {
    /// The college's name, as a subheading.
    pub college: String,
    /// One line per change, e.g. "班级 190111：10月20日 9:00 → 10月21日 9:00".
    pub lines: Vec<String>,
}

/// Renders `notice` as an A4 PDF.
///
/// Fails only when a text holds a character the embedded font cannot draw
/// ([`PdfError::MissingGlyph`], naming it and the text) or the PDF writer fails.
pub fn timetable_pdf(notice: &TimetableNotice) -> Result<Vec<u8>, PdfError> {
    let face = font::Face::embedded()?;
    let pages = layout::lay_out(face, notice)?;
    render::render(face, &notice.title, &pages, Vec::new())
}
