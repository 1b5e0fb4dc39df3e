//! Finding the header row of a roster and resolving each column once.
//!
//! Offices put a title (`南昌航空大学2023届毕业生名单`), a date or blank rows above the header, so
//! the header is the first of the first 20 non-blank rows that names at least two known columns,
//! one of them 学号 or 姓名. Column positions are resolved here, once, so reading 50,000 rows
//! never looks a header up again.

use std::collections::HashMap;

use super::cells::display;
use super::columns::column_letter;
use super::{Column, Problem, Table};
use crate::Msg;

/// How many non-blank rows from the top may hold the header.
const HEADER_SEARCH_ROWS: usize = 20;

/// A recognised column of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub column: Column,
    /// 0-based position in the row.
    pub index: usize,
    /// The header as written in the file (trimmed).
    pub header: String,
}

/// The columns of a file, resolved from its header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// 1-based row number of the header row.
    pub line: usize,
    /// Position of the header row in `Table::rows`.
    pub row_index: usize,
    /// Recognised columns in file order; a column named twice is kept at its first position.
    pub fields: Vec<Field>,
    /// For each cell of the header row, whether it is blank. Data found under a blank header
    /// (or to the right of the header row) is a problem.
    pub blank_header: Vec<bool>,
}

impl Layout {
    pub fn has(&self, column: Column) -> bool {
        self.fields.iter().any(|f| f.column == column)
    }

    pub fn field(&self, column: Column) -> Option<&Field> {
        self.fields.iter().find(|f| f.column == column)
    }

    /// Whether a data cell at this position has no header above it.
    pub fn is_headless(&self, index: usize) -> bool {
        self.blank_header.get(index).copied().unwrap_or(true)
    }
}

/// Finds the header row and resolves its columns. Problems with the header (unknown,
/// duplicated or missing columns) come with the layout; a file without a header row is one
/// problem and no layout.
pub fn find_header(table: &Table) -> Result<(Layout, Vec<Problem>), Problem> {
    let mut non_blank = table.rows.iter().enumerate().filter(|(_, r)| !r.is_blank());
    let mut seen_any = false;
    let found = non_blank
        .by_ref()
        .take(HEADER_SEARCH_ROWS)
        .inspect(|_| seen_any = true)
        .find(|(_, row)| {
            let known: Vec<Column> = row
                .cells
                .iter()
                .filter_map(|c| Column::from_header(&display(c)))
                .collect();
            known.len() >= 2
                && known
                    .iter()
                    .any(|c| matches!(c, Column::StudentNo | Column::Name))
        });
    let Some((row_index, row)) = found else {
        return Err(Problem::file(if seen_any {
            header_not_found()
        } else {
            Msg::new(
                "文件中没有任何数据，请检查是否选错了文件或工作表（只读取第一个工作表）",
                "the file holds no data; check the file, and that the roster is on the first sheet",
            )
        }));
    };

    let mut problems = Vec::new();
    let mut fields: Vec<Field> = Vec::new();
    let mut first_at: HashMap<Column, usize> = HashMap::new();
    let mut blank_header = Vec::with_capacity(row.cells.len());
    for (index, cell) in row.cells.iter().enumerate() {
        let header = display(cell);
        blank_header.push(header.is_empty());
        if header.is_empty() {
            continue;
        }
        let letter = column_letter(index);
        match Column::from_header(&header) {
            None => problems.push(Problem::at(
                row.line,
                &header,
                None,
                Msg::new(
                    format!(
                        "无法识别第 {letter} 列的列名“{header}”。请删除该列，或改用可识别的列名：{}",
                        known_headers_zh()
                    ),
                    format!(
                        "unknown column \"{header}\" (column {letter}); delete it or use a known header: {}",
                        known_headers_en()
                    ),
                ),
            )),
            Some(column) => {
                if let Some(&earlier) = first_at.get(&column) {
                    let first = column_letter(earlier);
                    let zh = column.header_zh();
                    problems.push(Problem::at(
                        row.line,
                        &header,
                        None,
                        Msg::new(
                            format!(
                                "第 {letter} 列“{header}”与第 {first} 列都表示“{zh}”，请只保留一列"
                            ),
                            format!(
                                "column {letter} \"{header}\" and column {first} both name {} ({zh}); keep only one",
                                column.header_en()
                            ),
                        ),
                    ));
                } else {
                    first_at.insert(column, index);
                    fields.push(Field {
                        column,
                        index,
                        header,
                    });
                }
            }
        }
    }
    for column in Column::REQUIRED {
        if !first_at.contains_key(&column) {
            problems.push(Problem {
                row: None,
                column: Some(column.header_zh().to_owned()),
                value: None,
                message: Msg::new(
                    format!(
                        "缺少必需的列“{}”（第 {} 行为表头行），请添加该列",
                        column.header_zh(),
                        row.line
                    ),
                    format!(
                        "the required column \"{}\" ({}) is missing from the header row (row {}); add it",
                        column.header_zh(),
                        column.header_en(),
                        row.line
                    ),
                ),
            });
        }
    }
    let layout = Layout {
        line: row.line,
        row_index,
        fields,
        blank_header,
    };
    Ok((layout, problems))
}

fn required_zh() -> String {
    Column::REQUIRED.map(Column::header_zh).join("、")
}

fn header_not_found() -> Msg {
    Msg::new(
        format!(
            "未找到表头行：前 {HEADER_SEARCH_ROWS} 个非空行中没有一行含有“学号”或“姓名”以及另一个可识别的列名。表头行必须包含：{}",
            required_zh()
        ),
        format!(
            "header row not found: none of the first {HEADER_SEARCH_ROWS} non-blank rows names 学号 (student_no) or 姓名 (name) and another known column. The header row must hold: {} ({})",
            required_zh(),
            Column::REQUIRED.map(Column::header_en).join(", ")
        ),
    )
}

fn known_headers_zh() -> String {
    Column::ALL.map(Column::header_zh).join("、")
}

fn known_headers_en() -> String {
    Column::ALL.map(Column::header_en).join(", ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::roster::{Cell, SourceRow};

    fn row(line: usize, cells: &[&str]) -> SourceRow {
        SourceRow {
            line,
            cells: cells
                .iter()
                .map(|s| {
                    if s.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text((*s).to_owned())
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn header_below_title_and_blank_rows() {
        let table = Table {
            rows: vec![
                row(1, &["2023届毕业生名单"]),
                row(2, &[]),
                row(3, &["", ""]),
                row(4, &["制表：教务处", "姓名"]),
                row(5, &["学号", "姓名", "班级", "", "性别"]),
                row(6, &["19011101", "张三", "190111", "", "男"]),
            ],
        };
        let (layout, problems) = find_header(&table).unwrap();
        assert_eq!(problems, vec![]);
        assert_eq!(layout.line, 5);
        assert_eq!(layout.row_index, 4);
        let cols: Vec<(Column, usize)> =
            layout.fields.iter().map(|f| (f.column, f.index)).collect();
        assert_eq!(
            cols,
            vec![
                (Column::StudentNo, 0),
                (Column::Name, 1),
                (Column::ClassCode, 2),
                (Column::Sex, 4)
            ]
        );
        assert!(layout.is_headless(3));
        assert!(layout.is_headless(5));
        assert!(!layout.is_headless(4));
    }

    #[test]
    fn english_headers() {
        let table = Table {
            rows: vec![row(
                1,
                &["Student ID", "Name", "Class", "ID Number", "Date of birth"],
            )],
        };
        let (layout, problems) = find_header(&table).unwrap();
        assert_eq!(problems, vec![]);
        assert_eq!(layout.fields.len(), 5);
        assert_eq!(layout.field(Column::IdNumber).unwrap().header, "ID Number");
        assert!(layout.has(Column::BirthDate));
    }

    #[test]
    fn no_header_row() {
        let table = Table {
            rows: vec![row(1, &["名单"]), row(2, &["19011101", "张三", "190111"])],
        };
        let p = find_header(&table).unwrap_err();
        assert_eq!(p.row, None);
        assert!(p.message.zh.contains("未找到表头行"), "{p}");
        assert!(p.message.zh.contains("学号、姓名、班级"), "{p}");
        assert!(p.message.en.contains("header row not found"), "{p}");
    }

    #[test]
    fn header_must_be_within_twenty_non_blank_rows() {
        let mut rows: Vec<SourceRow> = (1..=20).map(|i| row(i * 2, &["说明"])).collect();
        rows.push(row(50, &["学号", "姓名", "班级"]));
        assert!(find_header(&Table { rows: rows.clone() }).is_err());
        rows.remove(0);
        assert_eq!(find_header(&Table { rows }).unwrap().0.line, 50);
    }

    #[test]
    fn empty_file() {
        let p = find_header(&Table::default()).unwrap_err();
        assert!(p.message.zh.contains("没有任何数据"), "{p}");
    }

    #[test]
    fn missing_required_column() {
        let table = Table {
            rows: vec![row(1, &["学号", "姓名", "性别"])],
        };
        let (_, problems) = find_header(&table).unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].column.as_deref(), Some("班级"));
        assert!(problems[0].message.zh.contains("缺少必需的列“班级”"));
    }

    #[test]
    fn unknown_column() {
        let table = Table {
            rows: vec![row(3, &["学号", "姓名", "班级", "", "", "手机号"])],
        };
        let (layout, problems) = find_header(&table).unwrap();
        assert_eq!(layout.fields.len(), 3);
        assert_eq!(problems.len(), 1);
        let p = &problems[0];
        assert_eq!((p.row, p.column.as_deref()), (Some(3), Some("手机号")));
        assert!(p.message.zh.contains("第 F 列"), "{p}");
        assert!(
            p.message
                .en
                .contains("unknown column \"手机号\" (column F)"),
            "{p}"
        );
    }

    #[test]
    fn column_named_twice() {
        let table = Table {
            rows: vec![row(1, &["学号", "姓名", "班级", "student_no"])],
        };
        let (layout, problems) = find_header(&table).unwrap();
        assert_eq!(layout.field(Column::StudentNo).unwrap().index, 0);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].column.as_deref(), Some("student_no"));
        assert!(
            problems[0].message.zh.contains("第 D 列"),
            "{}",
            problems[0]
        );
        assert!(
            problems[0].message.zh.contains("第 A 列"),
            "{}",
            problems[0]
        );
    }
}
