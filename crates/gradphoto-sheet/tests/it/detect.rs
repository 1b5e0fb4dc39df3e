//! Files that are not spreadsheets, or not ones this reader takes: told apart by content,
//! whatever they are named, with a message naming what they look like.

use gradphoto_sheet::{FileKind, Limits, SheetError, read_table};

use crate::helpers::{read, xlsx, zip};

fn looks_like(bytes: &[u8], file_name: &str) -> FileKind {
    match read(bytes, file_name) {
        Err(SheetError::NotASpreadsheet { looks_like }) => looks_like,
        other => panic!("{file_name}: expected NotASpreadsheet, got {other:?}"),
    }
}

fn unsupported(bytes: &[u8], file_name: &str) -> FileKind {
    match read(bytes, file_name) {
        Err(SheetError::UnsupportedFormat { format }) => format,
        other => panic!("{file_name}: expected UnsupportedFormat, got {other:?}"),
    }
}

const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00";

#[test]
fn a_photo_renamed_xlsx_is_named_in_both_languages() {
    let err = read(JPEG, "花名册.xlsx").unwrap_err();
    assert_eq!(
        err,
        SheetError::NotASpreadsheet {
            looks_like: FileKind::Jpeg
        }
    );
    let msg = err.msg();
    assert_eq!(
        msg.zh,
        "文件是 JPEG 图片，不是电子表格。请上传 .xlsx 或 .csv 格式的花名册"
    );
    assert_eq!(
        msg.en,
        "The file is a JPEG image, not a spreadsheet. Upload the roster as .xlsx or .csv"
    );
}

#[test]
fn images_documents_and_archives_are_recognised() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    assert_eq!(looks_like(png, "roster.csv"), FileKind::Png);
    assert_eq!(looks_like(b"GIF89a\x01\x00", "a.xlsx"), FileKind::Gif);
    assert_eq!(looks_like(b"%PDF-1.7\n%\xE2\xE3", "a.xlsx"), FileKind::Pdf);
    let heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic";
    assert_eq!(looks_like(heic, "a.xlsx"), FileKind::Heic);
    assert_eq!(looks_like(b"Rar!\x1a\x07\x01\x00", "a.xlsx"), FileKind::Rar);
    assert_eq!(
        looks_like(b"\x00\x01\x02\x03binary", "a.csv"),
        FileKind::Binary
    );
}

#[test]
fn zips_that_are_not_workbooks() {
    let photos = zip(&[("photos/2021001.jpg", JPEG)]);
    assert_eq!(looks_like(&photos, "a.xlsx"), FileKind::Zip);
    let docx = zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w:document/>"),
    ]);
    assert_eq!(looks_like(&docx, "花名册.xlsx"), FileKind::Word);
    let ods = zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", b"<office:document-content/>"),
    ]);
    assert_eq!(
        unsupported(&ods, "a.ods"),
        FileKind::OpenDocumentSpreadsheet
    );
}

#[test]
fn a_zip_claiming_to_be_a_workbook_but_broken_inside_is_damaged() {
    let fake = zip(&[
        ("xl/workbook.xml", b"<workbook"),
        ("[Content_Types].xml", b""),
    ]);
    let err = read(&fake, "a.xlsx").unwrap_err();
    assert!(matches!(err, SheetError::CorruptXlsx { .. }), "{err:?}");
}

#[test]
fn an_html_table_saved_as_xls_is_asked_to_be_saved_as_xlsx() {
    let html = "\u{feff}<html><head><meta charset=utf-8></head><body><table><tr><td>姓名</td></tr></table></body></html>";
    let err = read(html.as_bytes(), "学生名单.xls").unwrap_err();
    assert_eq!(
        err,
        SheetError::UnsupportedFormat {
            format: FileKind::Html
        }
    );
    assert!(err.msg().zh.contains("另存为 .xlsx"), "{}", err.msg());
    let xml = r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>"#;
    assert_eq!(unsupported(xml.as_bytes(), "a.xls"), FileKind::ExcelXml);
}

#[test]
fn old_office_files_that_are_not_workbooks() {
    let ole = |stream: &str| {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.resize(512, 0);
        bytes.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
        bytes.resize(1024, 0);
        bytes
    };
    assert_eq!(looks_like(&ole("WordDocument"), "a.xls"), FileKind::Word);
    assert_eq!(
        looks_like(&ole("PowerPoint Document"), "a.xls"),
        FileKind::PowerPoint
    );
    assert_eq!(
        read(&ole("EncryptedPackage"), "a.xlsx"),
        Err(SheetError::Encrypted)
    );
    let err = read(&ole("Workbook"), "a.xls").unwrap_err();
    assert!(matches!(err, SheetError::CorruptXls { .. }), "{err:?}");
}

#[test]
fn an_empty_file() {
    let err = read(b"", "名单.xlsx").unwrap_err();
    assert_eq!(err, SheetError::Empty);
    assert!(err.msg().zh.contains("文件是空的"), "{}", err.msg());
}

#[test]
fn an_oversize_file_is_refused_before_it_is_read() {
    let limits = Limits {
        max_bytes: 3 * 1024 * 1024,
        ..Limits::default()
    };
    // Garbage past the limit: the size alone decides, nothing is parsed.
    let big = vec![0xFFu8; 3 * 1024 * 1024 + 512 * 1024];
    let err = read_table(&big, "a.xlsx", &limits).unwrap_err();
    assert_eq!(
        err,
        SheetError::TooLarge {
            size: 3_670_016,
            limit: 3_145_728
        }
    );
    let msg = err.msg();
    assert!(
        msg.zh.contains("3.5 MB") && msg.zh.contains("3.0 MB"),
        "{msg}"
    );
    assert!(
        msg.en.contains("3.5 MB") && msg.en.contains("3.0 MB"),
        "{msg}"
    );

    let book = xlsx(|ws| {
        ws.write_string(0, 0, "姓名").unwrap();
    });
    let exact = Limits {
        max_bytes: book.len(),
        ..Limits::default()
    };
    assert!(read_table(&book, "a.xlsx", &exact).is_ok());
    let under = Limits {
        max_bytes: book.len() - 1,
        ..Limits::default()
    };
    assert!(matches!(
        read_table(&book, "a.xlsx", &under),
        Err(SheetError::TooLarge { .. })
    ));
}
