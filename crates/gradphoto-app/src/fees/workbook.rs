//! The ledger as an XLSX workbook for the office's accounts: a sheet per class (班级), per
//! college (学院) and every entry (明细), with a total row. Money is written as text in yuan
//! with two decimals, from the same [`Fen`] display the pages use, so that no amount passes
//! through a float on its way to the file; every figure is summed exactly in fen first.

use gradphoto_domain::Fen;
use gradphoto_domain::fees::FeeKind;
use gradphoto_domain::venue::china_time;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::Ledger;
use crate::App;
use crate::error::{AppError, Result};

/// The header of the per-class sheet.
pub const CLASS_HEADER: [&str; 11] = [
    "学院",
    "班级",
    "人数",
    "免缴人数",
    "应收（元）",
    "已收（元）",
    "余额（元）",
    "已拍摄",
    "已缴费人数",
    "拍摄未缴",
    "状态",
];

/// The header of the per-college sheet.
pub const COLLEGE_HEADER: [&str; 9] = [
    "学院",
    "班级数",
    "欠费班级",
    "人数",
    "应收（元）",
    "已收（元）",
    "欠费（元）",
    "已拍摄",
    "已缴费人数",
];

/// The header of the entries sheet.
pub const ENTRY_HEADER: [&str; 13] = [
    "序号",
    "登记时间",
    "班级",
    "类型",
    "学号",
    "姓名",
    "金额（元）",
    "缴费日期",
    "缴款人",
    "收款人",
    "方式",
    "备注 / 原因",
    "更正第几条",
];

/// The ledger as a workbook, written on a blocking thread with a job's CPU permit.
pub async fn ledger_workbook(app: &App, ledger: Ledger) -> Result<Vec<u8>> {
    let _cpu = app.cpu.job().await;
    tokio::task::spawn_blocking(move || write(&ledger))
        .await?
        .map_err(|e| AppError::Internal(format!("writing the fee workbook: {e}")))
}

enum Cell {
    Text(String),
    Count(i64),
    Money(Fen),
}

fn write(ledger: &Ledger) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let status = |owing: bool| if owing { "欠费" } else { "已缴清" };

    let mut rows: Vec<Vec<Cell>> = ledger
        .classes
        .iter()
        .map(|c| {
            let t = &c.totals;
            vec![
                Cell::Text(c.college_name.clone().unwrap_or_default()),
                Cell::Text(c.code.clone()),
                Cell::Count(t.students),
                Cell::Count(t.exempt_students),
                Cell::Money(t.expected),
                Cell::Money(t.paid),
                Cell::Money(t.balance),
                Cell::Count(c.photographed),
                Cell::Count(c.paid_for),
                Cell::Count(c.unpaid_photographed),
                Cell::Text(status(t.outstanding()).to_owned()),
            ]
        })
        .collect();
    let t = &ledger.total;
    let (photographed, paid_for, gap) = (
        ledger.photographed,
        ledger.paid_for,
        ledger.unpaid_photographed,
    );
    rows.push(vec![
        Cell::Text("合计".to_owned()),
        Cell::Text(format!("{} 个班", ledger.classes.len())),
        Cell::Count(t.students),
        Cell::Count(t.exempt_students),
        Cell::Money(t.expected),
        Cell::Money(t.paid),
        Cell::Money(t.balance),
        Cell::Count(photographed),
        Cell::Count(paid_for),
        Cell::Count(gap),
        Cell::Text(format!("欠费 {} 元", ledger.owed)),
    ]);
    sheet(workbook.add_worksheet(), "班级", &CLASS_HEADER, &rows)?;

    let mut rows: Vec<Vec<Cell>> = ledger
        .colleges
        .iter()
        .map(|g| {
            vec![
                Cell::Text(g.name.clone().unwrap_or_default()),
                Cell::Count(g.classes),
                Cell::Count(g.outstanding_classes),
                Cell::Count(g.totals.students),
                Cell::Money(g.totals.expected),
                Cell::Money(g.totals.paid),
                Cell::Money(g.owed),
                Cell::Count(g.photographed),
                Cell::Count(g.paid_for),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::Text("合计".to_owned()),
        Cell::Count(ledger.colleges.iter().map(|g| g.classes).sum()),
        Cell::Count(ledger.colleges.iter().map(|g| g.outstanding_classes).sum()),
        Cell::Count(t.students),
        Cell::Money(t.expected),
        Cell::Money(t.paid),
        Cell::Money(ledger.owed),
        Cell::Count(photographed),
        Cell::Count(paid_for),
    ]);
    sheet(workbook.add_worksheet(), "学院", &COLLEGE_HEADER, &rows)?;

    let rows: Vec<Vec<Cell>> = ledger
        .entries
        .iter()
        .map(|r| {
            let e = &r.entry;
            let text = |s: &str| Cell::Text(s.to_owned());
            vec![
                Cell::Count(e.id),
                Cell::Text(
                    e.at.with_timezone(&china_time())
                        .format("%Y-%m-%d %H:%M")
                        .to_string(),
                ),
                text(&r.class_code),
                Cell::Text(e.kind.label().zh),
                text(r.student_no.as_deref().unwrap_or("")),
                text(r.student_name.as_deref().unwrap_or("")),
                Cell::Money(e.amount),
                Cell::Text(e.paid_on.map(|d| d.to_string()).unwrap_or_default()),
                text(&e.paid_by),
                text(&e.received_by),
                Cell::Text(e.method.map(|m| m.label().zh).unwrap_or_default()),
                text(&e.note),
                match (e.kind, e.corrects) {
                    (FeeKind::Correction, Some(id)) => Cell::Count(id),
                    _ => text(""),
                },
            ]
        })
        .collect();
    sheet(workbook.add_worksheet(), "明细", &ENTRY_HEADER, &rows)?;
    workbook.save_to_buffer()
}

/// One sheet: a bold, frozen header, then the rows; money right-aligned text.
fn sheet(
    sheet: &mut Worksheet,
    name: &str,
    header: &[&str],
    rows: &[Vec<Cell>],
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let bold = Format::new().set_bold();
    let right = Format::new().set_align(FormatAlign::Right);
    for (c, title) in header.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *title, &bold)?;
        sheet.set_column_width(c, if c == 0 { 22.0 } else { 12.0 })?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => sheet.write_string(r, c, s)?,
                // A count is a whole number, exact in the spreadsheet's number type.
                Cell::Count(n) => {
                    sheet.write_number(r, c, i32::try_from(*n).unwrap_or(i32::MAX))?
                }
                Cell::Money(fen) => {
                    sheet.write_string_with_format(r, c, fen.to_string(), &right)?
                }
            };
        }
    }
    Ok(())
}
