//! Why a file could not be read as a table, with the bilingual text a person uploading it can act
//! on. Every variant is an expected problem with the file, never a fault of the server.

use gradphoto_domain::Msg;

use crate::format::FileKind;

/// Something wrong with the uploaded file. `Display` is a short English description for logs;
/// [`SheetError::msg`] is what to show the person who uploaded it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("the file is {looks_like}, not a spreadsheet")]
    NotASpreadsheet { looks_like: FileKind },
    /// A spreadsheet, but in a format this reader does not take (.ods, .xlsb, an HTML table
    /// saved as `.xls`, ...).
    #[error("the file is {format}, which is not read directly")]
    UnsupportedFormat { format: FileKind },
    #[error("the workbook is protected with a password")]
    Encrypted,
    #[error("the .xlsx file is damaged: {detail}")]
    CorruptXlsx { detail: String },
    #[error("the .xls file is damaged: {detail}")]
    CorruptXls { detail: String },
    #[error("the workbook has no worksheet")]
    NoSheet,
    /// The file (for a workbook: the sheet read, named here) holds no value at all.
    #[error("the file holds no data")]
    NoData { sheet: Option<String> },
    #[error("more than {limit} rows")]
    TooManyRows { limit: usize },
    #[error("row {line} has data beyond column {limit}")]
    TooManyColumns { line: usize, limit: usize },
    #[error("the text is neither UTF-8 nor GBK/GB18030")]
    Encoding,
    /// UTF-8 text with a damaged character on this line.
    #[error("line {line} is not valid UTF-8")]
    InvalidUtf8 { line: usize },
    #[error("CSV row {line} cannot be read: {detail}")]
    Csv { line: usize, detail: String },
}

impl SheetError {
    /// What went wrong and what to do about it, in Chinese and English.
    pub fn msg(&self) -> Msg {
        const UPLOAD: (&str, &str) = (
            "请上传 .xlsx 或 .csv 格式的花名册",
            "Upload the roster as .xlsx or .csv",
        );
        const RESAVE: (&str, &str) = (
            "请用 Excel 或 WPS 打开，另存为 .xlsx 后重新上传",
            "Open it in Excel or WPS, save it as .xlsx and upload that",
        );
        match self {
            Self::Empty => Msg::new(
                format!("文件是空的（0 字节）。{}", UPLOAD.0),
                format!("The file is empty (0 bytes). {}", UPLOAD.1),
            ),
            Self::TooLarge { size, limit } => {
                let (size, limit) = (human_size(*size, *limit), human_size(*limit, *size));
                Msg::new(
                    format!(
                        "文件大小为 {size}，超过了 {limit} 的上限。请删除多余的工作表、图片和空行后重新上传，或分成几个文件上传"
                    ),
                    format!(
                        "The file is {size}, over the limit of {limit}. Remove extra sheets, pictures and empty rows, or split it into several files"
                    ),
                )
            }
            Self::NotASpreadsheet { looks_like } => Msg::new(
                format!(
                    "文件是{}，不是电子表格。{}",
                    spaced(looks_like.zh()),
                    UPLOAD.0
                ),
                format!(
                    "The file is {}, not a spreadsheet. {}",
                    looks_like.en(),
                    UPLOAD.1
                ),
            ),
            Self::UnsupportedFormat { format } => Msg::new(
                format!(
                    "文件是{}，系统不能直接读取。{}",
                    spaced(format.zh()),
                    RESAVE.0
                ),
                format!(
                    "The file is {}, which cannot be read directly. {}",
                    format.en(),
                    RESAVE.1
                ),
            ),
            Self::Encrypted => Msg::new(
                "文件设置了打开密码，无法读取。请在 Excel 中取消密码（文件 → 信息 → 保护工作簿），另存为 .xlsx 后重新上传",
                "The file is protected with a password and cannot be read. Remove the password in Excel (File → Info → Protect Workbook), save it as .xlsx and upload that",
            ),
            Self::CorruptXlsx { detail } => Msg::new(
                format!(
                    "文件像是 .xlsx 工作簿，但已损坏或不完整（可能上传中断），无法读取（{detail}）。{}",
                    RESAVE.0
                ),
                format!(
                    "The file looks like an .xlsx workbook but is damaged or incomplete (perhaps the upload was cut off) and cannot be read ({detail}). {}",
                    RESAVE.1
                ),
            ),
            Self::CorruptXls { detail } => Msg::new(
                format!(
                    "文件像是旧版 Excel（.xls）工作簿，但无法读取（{detail}）。{}",
                    RESAVE.0
                ),
                format!(
                    "The file looks like an old Excel (.xls) workbook but cannot be read ({detail}). {}",
                    RESAVE.1
                ),
            ),
            Self::NoSheet => Msg::new(
                "工作簿里没有可读取的工作表（只有图表或宏表）。请把花名册放在第一个工作表中",
                "The workbook has no worksheet to read (only charts or macro sheets). Put the roster on the first worksheet",
            ),
            Self::NoData { sheet: Some(sheet) } => Msg::new(
                format!(
                    "第一个工作表「{sheet}」是空的。请把花名册放在第一个工作表中，或删除前面的空工作表"
                ),
                format!(
                    "The first worksheet, \"{sheet}\", is empty. Put the roster on the first worksheet, or delete the empty sheets before it"
                ),
            ),
            Self::NoData { sheet: None } => Msg::new(
                format!("文件里没有任何内容。{}", UPLOAD.0),
                format!("The file holds no data. {}", UPLOAD.1),
            ),
            Self::TooManyRows { limit } => Msg::new(
                format!("表格超过 {limit} 行的上限。请删除多余的行，或分成几个文件分别导入"),
                format!(
                    "The sheet has more than {limit} rows, the most allowed. Remove extra rows or split it into several files"
                ),
            ),
            Self::TooManyColumns { line, limit } => Msg::new(
                format!(
                    "第 {line} 行在第 {limit} 列之后还有内容，超出了列数上限。请删除表格右侧多余的内容后重新上传"
                ),
                format!(
                    "Row {line} has content beyond column {limit}, the most allowed. Delete the stray content on the right of the sheet and upload it again"
                ),
            ),
            Self::Encoding => Msg::new(
                "无法识别文件的文字编码（不是 UTF-8 或 GBK 编码的 CSV）。请用 Excel 打开后另存为 .xlsx，或另存为“CSV UTF-8（逗号分隔）”后重新上传",
                "The text encoding of the file is not recognised (it is not a UTF-8 or GBK CSV). Open it in Excel and save it as .xlsx, or as \"CSV UTF-8 (Comma delimited)\", and upload that",
            ),
            Self::InvalidUtf8 { line } => Msg::new(
                format!(
                    "文件第 {line} 行有损坏的字符（不是有效的 UTF-8 编码）。请检查这一行，或用 Excel 打开后另存为 .xlsx 再上传"
                ),
                format!(
                    "Line {line} of the file has a damaged character (it is not valid UTF-8). Check that line, or open the file in Excel, save it as .xlsx and upload that"
                ),
            ),
            Self::Csv { line, detail } => Msg::new(
                format!("CSV 文件第 {line} 行无法读取（{detail}）。{}", RESAVE.0),
                format!(
                    "Row {line} of the CSV file cannot be read ({detail}). {}",
                    RESAVE.1
                ),
            ),
        }
    }
}

/// A Chinese phrase to follow "是", with a space before it when it starts with a Latin word.
fn spaced(zh: &str) -> String {
    if zh.starts_with(|c: char| c.is_ascii()) {
        format!(" {zh}")
    } else {
        zh.to_owned()
    }
}

/// `n` bytes in MB with one decimal, or in exact bytes when that would read the same as
/// `other` (a file one byte over the limit must not read "30.0 MB, over the limit of 30.0 MB").
fn human_size(n: usize, other: usize) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let mb = |n: usize| format!("{:.1} MB", n as f64 / MIB);
    if mb(n) == mb(other) {
        format!("{n} B")
    } else {
        mb(n)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sizes_that_round_alike_are_shown_in_bytes() {
        assert_eq!(human_size(35 * 1024 * 1024, 30 * 1024 * 1024), "35.0 MB");
        assert_eq!(human_size(31_457_281, 31_457_280), "31457281 B");
    }
}
