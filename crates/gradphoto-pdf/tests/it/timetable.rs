//! The published timetable PDF: its text, its look, its size, its pages and its bytes.

use gradphoto_pdf::{ChangeGroup, NoticeRow, PdfError, TimetableNotice, timetable_pdf};

use crate::notice::{attachment_one_rows, class_codes, demo_notice, notice_text};
use crate::poppler::{first_page_png, pages_text};

/// `text` without whitespace: pdftotext's layout mode spaces columns as it sees fit.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn render(notice: &TimetableNotice) -> Vec<u8> {
    match timetable_pdf(notice) {
        Ok(pdf) => pdf,
        Err(e) => panic!("rendering failed: {e}"),
    }
}

#[test]
fn the_scan_finds_the_nine_slots_and_171_classes_of_attachment_one() {
    let rows = attachment_one_rows(&notice_text());
    assert_eq!(rows.len(), 9);
    assert_eq!(rows.iter().map(|r| r.classes.len()).sum::<usize>(), 171);
    assert_eq!(rows[0].date, "2022.10.20上午");
    assert_eq!(rows[0].time, "上午9:00—10:00");
    assert_eq!(rows[3].time, "下午13:30—14:30");
    assert_eq!(rows[0].classes.first().map(String::as_str), Some("190111"));
    assert!(rows[6].classes.iter().any(|c| c == "D217041"));
    assert_eq!(
        class_codes("2022.10.20上午 190111、D217041、12345"),
        ["190111", "D217041"]
    );
}

#[test]
fn every_class_code_heading_and_change_line_can_be_read_back() {
    let notice = demo_notice(20);
    let pdf = render(&notice);
    let text = squeeze(&pages_text(&pdf).concat());
    for heading in [
        "照相日期",
        "时间",
        "班级",
        "变更（与上一版相比）",
        "南昌航空大学教务处",
    ] {
        assert!(text.contains(heading), "{heading} missing from:\n{text}");
    }
    assert!(text.contains(&squeeze(&notice.title)));
    assert!(text.contains(&squeeze(&notice.venue_line)));
    for row in &notice.rows {
        assert!(text.contains(&squeeze(&row.time)), "{} missing", row.time);
        for code in &row.classes {
            assert!(
                text.contains(code.as_str()),
                "class {code} missing from:\n{text}"
            );
        }
    }
    let change = &notice.changes[0].lines[0];
    assert!(
        text.contains(&squeeze(change)),
        "{change} missing from:\n{text}"
    );
    assert!(text.contains("飞行器工程学院"));
}

#[test]
fn each_date_is_shown_once_per_group_of_slots() {
    let pdf = render(&demo_notice(0));
    let text = pages_text(&pdf).concat();
    for date in ["2022.10.20上午", "2022.10.20下午", "2022.10.21上午"] {
        assert_eq!(text.matches(date).count(), 1, "{date} in:\n{text}");
    }
}

#[test]
fn page_one_renders_as_a_page_with_ink_on_it() {
    let pdf = render(&demo_notice(20));
    let png = first_page_png(&pdf, 50);
    let image = match image::load_from_memory_with_format(&png, image::ImageFormat::Png) {
        Ok(image) => image.to_luma8(),
        Err(e) => panic!("pdftoppm did not give a PNG: {e}"),
    };
    // A4 at 50 dpi.
    assert_eq!((image.width(), image.height()), (414, 585));
    let inked = image.pixels().filter(|p| p.0[0] < 160).count();
    let share = inked as f64 / f64::from(image.width() * image.height());
    // The table's rules and about 200 lines' worth of text: a few per cent of the page, not
    // nothing (missing font, invisible text) and not a black page.
    assert!(
        (0.02..0.4).contains(&share),
        "{inked} inked pixels ({:.1} %)",
        share * 100.0
    );
    // The ink is spread over the page, not one blot: each third of the page has some.
    let third = image.height() / 3;
    for band in 0..3 {
        let ink = (band * third..(band + 1) * third)
            .flat_map(|y| (0..image.width()).map(move |x| (x, y)))
            .filter(|&(x, y)| image.get_pixel(x, y).0[0] < 160)
            .count();
        assert!(ink > 500, "band {band} of page 1 has {ink} inked pixels");
    }
}

#[test]
fn the_font_is_subset_so_the_pdf_stays_small() {
    let pdf = render(&demo_notice(20));
    // The whole font is 10.5 MB; the glyphs of a timetable are a few hundred.
    assert!(pdf.len() < 300_000, "PDF is {} bytes", pdf.len());
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn a_long_class_list_runs_onto_more_pages_under_a_repeated_header() {
    let classes: Vec<String> = (0..900).map(|n| format!("{}", 190_000 + n)).collect();
    let notice = TimetableNotice {
        title: "拍摄时间安排".to_owned(),
        rows: vec![
            NoticeRow {
                date: "2022.10.20上午".to_owned(),
                time: "上午9:00—10:00".to_owned(),
                classes: classes[..60].to_vec(),
            },
            NoticeRow {
                date: "2022.10.20上午".to_owned(),
                time: "上午10:00—11:00".to_owned(),
                classes: classes[60..].to_vec(),
            },
        ],
        footer: "南昌航空大学教务处".to_owned(),
        ..TimetableNotice::default()
    };
    let pages = pages_text(&render(&notice));
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for (n, page) in pages.iter().enumerate() {
        let page = squeeze(page);
        for heading in ["照相日期", "时间", "班级"] {
            assert!(page.contains(heading), "page {} has no {heading}", n + 1);
        }
        assert!(
            page.contains(&format!("第{}页/共{}页", n + 1, pages.len())),
            "page {} is not numbered",
            n + 1
        );
    }
    // The slot split over pages says so where it continues, and loses no class.
    let second = squeeze(&pages[1]);
    assert!(
        second.contains("上午10:00—11:00") && second.contains("（续）"),
        "{second}"
    );
    let all = squeeze(&pages.concat());
    for code in &classes {
        assert!(all.contains(code.as_str()), "class {code} lost");
    }
    assert!(squeeze(&pages[pages.len() - 1]).contains("南昌航空大学教务处"));
}

#[test]
fn the_same_notice_gives_the_same_bytes() {
    let notice = demo_notice(20);
    let first = render(&notice);
    assert_eq!(first, render(&notice), "two renders differ");
    let mut changed = notice.clone();
    changed.version_line = "第 4 版 · 2022年10月13日 09:00 发布".to_owned();
    assert_ne!(first, render(&changed));
}

#[test]
fn no_changes_means_no_changes_section() {
    let notice = demo_notice(0);
    assert!(notice.changes.is_empty());
    let text = squeeze(&pages_text(&render(&notice)).concat());
    assert!(!text.contains("变更"), "{text}");
    assert!(text.contains("190111"));
}

#[test]
fn a_character_the_font_lacks_is_refused_with_the_text_it_is_in() {
    let mut notice = demo_notice(0);
    notice.changes = vec![ChangeGroup {
        college: "信息工程学院".to_owned(),
        lines: vec!["班级 190111：改到 \u{E000} 场".to_owned()],
    }];
    match timetable_pdf(&notice) {
        Err(e @ PdfError::MissingGlyph { .. }) => {
            let message = e.to_string();
            assert!(message.contains("U+E000"), "{message}");
            assert!(message.contains("班级 190111：改到"), "{message}");
        }
        other => panic!("expected MissingGlyph, got {other:?}"),
    }
}
