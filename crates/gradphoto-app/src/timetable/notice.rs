//! A published version as people read it: the notice laid out like 附件一 (date, time,
//! classes), in Chinese, with its version line, its venue and arrival line, and the changes
//! since the version before, college by college ("班级 190111：10月20日 9:00 → 10月21日 9:00").
//! The page shows it and [`notice_pdf`] prints it: both are built here, so they say the same.
//!
//! A college role sees only the changes of its colleges; the table is the whole timetable for
//! everyone, as the office's notice is. The table, the version line and the changes come from
//! the version, which is never edited; the arrival line reads the campaign's policy as it is
//! now, and the title its current name (the PDF is made when asked for, not stored).

use chrono::Datelike;
use gradphoto_domain::timetable::Policy;
use gradphoto_domain::venue::china_time;
use gradphoto_domain::{Campaign, CampaignId, CollegeId, Msg};
use gradphoto_pdf::PdfError;
use gradphoto_store::TimetableVersion;

pub use gradphoto_pdf::{ChangeGroup, NoticeRow, TimetableNotice};

use super::publish::{CollegeChanges, changes_between};
use crate::App;
use crate::error::{AppError, Result};

/// The issuing office printed at the end of every notice: the administrators' role in the
/// campaign (DESIGN: admin is 教务处).
const ISSUER: &str = "教务处";

/// A published version with what concerns the reader.
#[derive(Debug, Clone)]
pub struct VersionNotice {
    pub version: TimetableVersion,
    /// The number of the version the changes are counted from; `None` for the first.
    pub previous: Option<i64>,
    /// The changes since `previous`, of the reader's colleges only when they are scoped.
    pub changes: Vec<CollegeChanges>,
    pub policy: Policy,
}

/// Version `number` of the campaign's timetable, with its changes since the one before,
/// limited to the colleges of `scope` when given.
pub async fn version_notice(
    app: &App,
    campaign: CampaignId,
    number: i64,
    scope: Option<&[CollegeId]>,
) -> Result<VersionNotice> {
    let version = app
        .repo
        .timetable_version(campaign, number)
        .await?
        .ok_or_else(|| {
            AppError::NotFound(Msg::new(
                format!("时间安排没有第 {number} 版"),
                format!("the timetable has no version {number}"),
            ))
        })?;
    let before = match number {
        ..=1 => None,
        _ => app.repo.timetable_version(campaign, number - 1).await?,
    };
    let mut changes = before
        .as_ref()
        .map(|b| changes_between(b, &version))
        .unwrap_or_default();
    if let Some(scope) = scope {
        let names: Vec<String> = app
            .repo
            .colleges(campaign)
            .await?
            .into_iter()
            .filter(|c| scope.contains(&c.id))
            .map(|c| c.name)
            .collect();
        changes.retain(|c| names.contains(&c.college));
    }
    Ok(VersionNotice {
        previous: before.map(|b| b.info.number),
        version,
        changes,
        policy: app.repo.timetable_policy(campaign).await?,
    })
}

/// The latest version as [`version_notice`] gives it; `None` before the first is published.
pub async fn latest_notice(
    app: &App,
    campaign: CampaignId,
    scope: Option<&[CollegeId]>,
) -> Result<Option<VersionNotice>> {
    match app.repo.timetable_versions(campaign).await?.first() {
        Some(info) => Ok(Some(
            version_notice(app, campaign, info.number, scope).await?,
        )),
        None => Ok(None),
    }
}

/// `第 3 版 · 2022年10月12日 14:05 发布`, in China time.
pub fn version_line(notice: &VersionNotice) -> String {
    let at = notice
        .version
        .info
        .published_at
        .with_timezone(&china_time());
    format!(
        "第 {} 版 · {}年{}月{}日 {} 发布",
        notice.version.info.number,
        at.year(),
        at.month(),
        at.day(),
        at.format("%H:%M")
    )
}

/// `地点：大学生事务中心；请提前 15 分钟到达，不得提前、滞后`.
pub fn venue_line(notice: &VersionNotice) -> String {
    let mut venues: Vec<&str> = Vec::new();
    for slot in &notice.version.slots {
        if !venues.contains(&slot.venue_name.as_str()) {
            venues.push(&slot.venue_name);
        }
    }
    let arrive = match notice.policy.arrive_early_min {
        0 => "请按时到达".to_owned(),
        n => format!("请提前 {n} 分钟到达"),
    };
    format!("地点：{}；{arrive}，不得提前、滞后", venues.join("、"))
}

/// The notice of a version: 附件一's rows (slots without classes left out; with several
/// venues, each time names its venue), the changes per college, the campaign's title.
pub fn timetable_notice(campaign: &Campaign, notice: &VersionNotice) -> TimetableNotice {
    let slots = &notice.version.slots;
    let first_venue = slots.first().map(|s| s.venue_id);
    let several_venues = slots.iter().any(|s| Some(s.venue_id) != first_venue);
    let mut ordered: Vec<_> = slots.iter().filter(|s| !s.classes.is_empty()).collect();
    // In time order; within one time, venues in the order they were set up.
    ordered.sort_by_key(|s| (s.time, s.venue_id));
    let rows = ordered
        .into_iter()
        .map(|s| NoticeRow {
            date: s.time.notice_date(),
            time: if several_venues {
                format!("{}（{}）", s.time.notice_time(), s.venue_name)
            } else {
                s.time.notice_time()
            },
            classes: s.classes.iter().map(|c| c.code.clone()).collect(),
        })
        .collect();
    TimetableNotice {
        title: format!("{} 拍摄时间安排", campaign.title),
        version_line: version_line(notice),
        venue_line: venue_line(notice),
        rows,
        changes: notice
            .changes
            .iter()
            .map(|c| ChangeGroup {
                college: c.college.clone(),
                lines: c.changes.iter().map(|l| l.line.clone()).collect(),
            })
            .collect(),
        footer: ISSUER.to_owned(),
    }
}

/// The notice as a PDF, rendered on a blocking thread with a job's CPU permit (a notice can
/// wait for a frame being judged at a station; it never takes the last core from one).
pub async fn notice_pdf(app: &App, campaign: &Campaign, notice: &VersionNotice) -> Result<Vec<u8>> {
    let doc = timetable_notice(campaign, notice);
    let _cpu = app.cpu.job().await;
    tokio::task::spawn_blocking(move || gradphoto_pdf::timetable_pdf(&doc))
        .await?
        .map_err(|e| match e {
            // A name typed into the campaign (a venue, a college) with a character the font
            // lacks: the office can change it.
            PdfError::MissingGlyph { ch, text, .. } => AppError::invalid(
                "timetable",
                Msg::new(
                    format!("通知中的“{text}”含有无法打印的字符“{ch}”，请修改后再试"),
                    format!(
                        "\"{text}\" in the notice holds the character \"{ch}\", which cannot be printed: change it and try again"
                    ),
                ),
            ),
            other => AppError::Internal(format!("the timetable PDF: {other}")),
        })
}

/// The file name a downloaded notice gets: `拍摄时间安排-第3版.pdf`.
pub fn pdf_file_name(number: i64) -> String {
    format!("拍摄时间安排-第{number}版.pdf")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
    use gradphoto_domain::timetable::SlotTime;
    use gradphoto_domain::{ClassId, VenueId};
    use gradphoto_store::{VersionClass, VersionInfo, VersionSlot};

    use super::*;

    fn slot(venue: (i64, &str), day: u32, h: u32, classes: &[&str]) -> VersionSlot {
        VersionSlot {
            venue_id: VenueId(venue.0),
            venue_name: venue.1.to_owned(),
            time: SlotTime::new(
                NaiveDate::from_ymd_opt(2022, 10, day).unwrap(),
                NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
                NaiveTime::from_hms_opt(h + 1, 0, 0).unwrap(),
            )
            .unwrap(),
            classes: classes
                .iter()
                .enumerate()
                .map(|(i, c)| VersionClass {
                    class_id: ClassId(i as i64),
                    code: (*c).to_owned(),
                    college_name: None,
                })
                .collect(),
        }
    }

    fn notice(slots: Vec<VersionSlot>) -> VersionNotice {
        VersionNotice {
            version: TimetableVersion {
                info: VersionInfo {
                    number: 3,
                    // 14:05 in China.
                    published_at: Utc.with_ymd_and_hms(2022, 10, 12, 6, 5, 0).unwrap(),
                    published_by: "admin".to_owned(),
                },
                slots,
            },
            previous: Some(2),
            changes: Vec::new(),
            policy: Policy::default(),
        }
    }

    fn campaign() -> Campaign {
        Campaign {
            id: CampaignId(1),
            cohort: 2023,
            title: "2023届毕业生图像信息采集".to_owned(),
            fee_fen: gradphoto_domain::Fen(1500),
            prints_per_student: 8,
            created_at: Utc.with_ymd_and_hms(2022, 10, 1, 0, 0, 0).unwrap(),
        }
    }

    #[test]
    fn one_venue_reads_like_attachment_one() {
        let venue = (1, "大学生事务中心");
        let n = notice(vec![
            slot(venue, 20, 9, &["190111", "190112"]),
            slot(venue, 20, 10, &[]),
            slot(venue, 20, 14, &["190211"]),
        ]);
        let doc = timetable_notice(&campaign(), &n);
        assert_eq!(doc.title, "2023届毕业生图像信息采集 拍摄时间安排");
        assert_eq!(doc.version_line, "第 3 版 · 2022年10月12日 14:05 发布");
        assert_eq!(
            doc.venue_line,
            "地点：大学生事务中心；请提前 15 分钟到达，不得提前、滞后"
        );
        // The empty slot is left out.
        assert_eq!(doc.rows.len(), 2);
        assert_eq!(doc.rows[0].date, "2022.10.20上午");
        assert_eq!(doc.rows[0].time, "上午9:00—10:00");
        assert_eq!(doc.rows[0].classes, ["190111", "190112"]);
        assert_eq!(doc.rows[1].time, "下午14:00—15:00");
        assert_eq!(doc.footer, ISSUER);
    }

    #[test]
    fn with_several_venues_each_time_names_its_venue() {
        let n = notice(vec![
            slot((2, "体育馆"), 20, 9, &["190211"]),
            slot((1, "大学生事务中心"), 20, 9, &["190111"]),
        ]);
        let doc = timetable_notice(&campaign(), &n);
        assert_eq!(
            doc.venue_line,
            "地点：体育馆、大学生事务中心；请提前 15 分钟到达，不得提前、滞后"
        );
        let times: Vec<&str> = doc.rows.iter().map(|r| r.time.as_str()).collect();
        assert_eq!(
            times,
            [
                "上午9:00—10:00（大学生事务中心）",
                "上午9:00—10:00（体育馆）"
            ]
        );
    }
}
