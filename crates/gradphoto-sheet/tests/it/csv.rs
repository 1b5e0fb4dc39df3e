//! CSV and other delimited text: encodings, delimiters, row numbers.

use gradphoto_sheet::SheetError;
use gradphoto_sheet::domain::roster::Cell;

use crate::helpers::{lines, read, row, text};

const ROSTER: &str =
    "姓名,学号,身份证号\n张三,2021001,360102199901011235\n李四,2021002,36010219990101123X\n";

fn assert_is_roster(bytes: &[u8], file_name: &str) {
    let table = read(bytes, file_name).unwrap();
    assert_eq!(lines(&table), [1, 2, 3]);
    assert_eq!(
        row(&table, 1),
        [text("姓名"), text("学号"), text("身份证号")]
    );
    // Digits stay text: nothing is turned into a number.
    assert_eq!(
        row(&table, 2),
        [text("张三"), text("2021001"), text("360102199901011235")]
    );
    assert_eq!(row(&table, 3)[2], text("36010219990101123X"));
}

#[test]
fn utf8_without_bom() {
    assert_is_roster(ROSTER.as_bytes(), "名单.csv");
}

#[test]
fn utf8_with_bom_leaves_no_mark_in_the_first_header() {
    let bytes = [b"\xEF\xBB\xBF", ROSTER.as_bytes()].concat();
    assert_is_roster(&bytes, "名单.csv");
}

#[test]
fn gbk_as_chinese_excel_saves_it() {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(ROSTER);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test needs non-UTF-8 bytes"
    );
    assert_is_roster(&bytes, "名单.csv");
}

#[test]
fn gbk_whose_first_character_is_valid_utf8() {
    // 学 in GBK (D1 A7) is also a valid two-byte UTF-8 sequence; only 号 breaks UTF-8.
    let csv = "学号,姓名,班级\n1901110101,张三,190111\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(csv);
    assert_eq!(&bytes[..2], b"\xD1\xA7");
    let table = read(&bytes, "花名册.csv").unwrap();
    assert_eq!(row(&table, 1)[0], text("学号"));
    assert_eq!(row(&table, 2)[1], text("张三"));
}

#[test]
fn gbk_after_an_ascii_first_line() {
    let csv = format!("name,no,id\n{ROSTER}");
    let (bytes, _, _) = encoding_rs::GBK.encode(&csv);
    let table = read(&bytes, "a.csv").unwrap();
    assert_eq!(row(&table, 2)[0], text("姓名"));
}

#[test]
fn semicolons_and_crlf() {
    let bytes = ROSTER.replace(',', ";").replace('\n', "\r\n");
    assert_is_roster(bytes.as_bytes(), "名单.csv");
}

#[test]
fn utf16_tab_separated_unicode_text() {
    let tsv = ROSTER.replace(',', "\t").replace('\n', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(tsv.encode_utf16().flat_map(u16::to_le_bytes));
    assert_is_roster(&bytes, "名单.txt");
}

#[test]
fn old_mac_line_ends() {
    assert_is_roster(ROSTER.replace('\n', "\r").as_bytes(), "名单.csv");
}

#[test]
fn commas_inside_quotes_do_not_decide_the_delimiter() {
    let bytes = "姓名;备注\n张三;\"a,b,c,d\"\n";
    let table = read(bytes.as_bytes(), "a.csv").unwrap();
    assert_eq!(row(&table, 2), [text("张三"), text("a,b,c,d")]);
}

#[test]
fn blank_rows_are_left_out_and_row_numbers_stay_right() {
    let csv = "2024届毕业生名单,,,\n\n姓名,学号,,\n ,\t,,\n 王五 ,2021003,,\n";
    let table = read(csv.as_bytes(), "a.csv").unwrap();
    assert_eq!(lines(&table), [1, 3, 5]);
    assert_eq!(row(&table, 1), [text("2024届毕业生名单")]);
    // Cell text is kept as written; trimming is the validator's business.
    assert_eq!(row(&table, 5), [text(" 王五 "), text("2021003")]);
}

#[test]
fn a_blank_cell_in_the_middle_is_empty() {
    let table = read("a,,c\n".as_bytes(), "a.csv").unwrap();
    assert_eq!(row(&table, 1), [text("a"), Cell::Empty, text("c")]);
}

#[test]
fn a_cell_spanning_lines_counts_as_one_row() {
    let csv = "姓名,备注\n张三,\"第一行\n第二行\"\n李四,无\n";
    let table = read(csv.as_bytes(), "a.csv").unwrap();
    // Excel shows 李四 on row 3, although it starts on line 4 of the text.
    assert_eq!(lines(&table), [1, 2, 3]);
    assert_eq!(row(&table, 2)[1], text("第一行\n第二行"));
    assert_eq!(row(&table, 3)[0], text("李四"));
}

#[test]
fn text_in_no_known_encoding_is_refused() {
    let err = read(b"ab\xFF\xFF,c\n", "a.csv").unwrap_err();
    assert_eq!(err, SheetError::Encoding);
    assert!(err.msg().zh.contains("GBK"), "{}", err.msg());
}

#[test]
fn damaged_utf8_names_its_line() {
    let bytes = [ROSTER.as_bytes(), b"\xE5\xBC,2021003\n"].concat();
    let err = read(&bytes, "a.csv").unwrap_err();
    assert_eq!(err, SheetError::InvalidUtf8 { line: 4 });
    assert!(err.msg().zh.contains("第 4 行"), "{}", err.msg());
}

#[test]
fn a_file_of_blank_lines_holds_no_data() {
    let err = read(b"\xEF\xBB\xBF\r\n ,,\r\n", "a.csv").unwrap_err();
    assert_eq!(err, SheetError::NoData { sheet: None });
}
