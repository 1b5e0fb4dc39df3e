//! When a slot is: a local date with a start and an end time (China Standard Time), and the
//! ways people write it — `10月21日 9:00-10:00` on a screen, `2022.10.21上午` and
//! `上午9:00—10:00` in a notice.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use serde::Serialize;

use crate::Msg;
use crate::venue::china_time;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SlotTime {
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl SlotTime {
    /// A slot that ends after it starts, within one day.
    pub fn new(date: NaiveDate, start: NaiveTime, end: NaiveTime) -> Result<Self, Msg> {
        if end <= start {
            return Err(Msg::new(
                format!("时段 {}—{} 的结束时间不晚于开始时间", hm(start), hm(end)),
                format!(
                    "the slot {}-{} does not end after it starts",
                    hm(start),
                    hm(end)
                ),
            ));
        }
        Ok(Self { date, start, end })
    }

    /// Minutes after local midnight that the slot starts and ends.
    pub fn minutes(&self) -> (u32, u32) {
        (minute_of_day(self.start), minute_of_day(self.end))
    }

    /// Two slots overlap when they share a day and some minute (touching ends do not).
    pub fn overlaps(&self, other: &SlotTime) -> bool {
        self.date == other.date && self.start < other.end && other.start < self.end
    }

    pub fn starts_at(&self) -> DateTime<Utc> {
        local(self.date, self.start)
    }

    pub fn ends_at(&self) -> DateTime<Utc> {
        local(self.date, self.end)
    }

    /// `10月21日 9:00-10:00` / `21 Oct 9:00-10:00`.
    pub fn label(&self) -> Msg {
        let day = day_label(self.date);
        let range = format!("{}-{}", hm(self.start), hm(self.end));
        Msg::new(format!("{} {range}", day.zh), format!("{} {range}", day.en))
    }

    /// `10月21日 9:00`, the start alone, as a change list writes it.
    pub fn start_label(&self) -> String {
        format!(
            "{}月{}日 {}",
            self.date.month(),
            self.date.day(),
            hm(self.start)
        )
    }

    /// The date cell of a notice: `2022.10.20上午`.
    pub fn notice_date(&self) -> String {
        format!(
            "{}.{}.{}{}",
            self.date.year(),
            self.date.month(),
            self.date.day(),
            half_day(self.start)
        )
    }

    /// The time cell of a notice: `上午9:00—10:00`.
    pub fn notice_time(&self) -> String {
        format!(
            "{}{}—{}",
            half_day(self.start),
            hm(self.start),
            hm(self.end)
        )
    }
}

/// `9:00`, `13:30`.
/// `10月21日` / `21 Oct`: a shooting day as a screen shows it.
pub fn day_label(date: NaiveDate) -> Msg {
    Msg::new(
        format!("{}月{}日", date.month(), date.day()),
        date.format("%-d %b").to_string(),
    )
}

pub fn hm(t: NaiveTime) -> String {
    format!("{}:{:02}", t.hour(), t.minute())
}

pub fn minute_of_day(t: NaiveTime) -> u32 {
    t.hour() * 60 + t.minute()
}

fn half_day(t: NaiveTime) -> &'static str {
    if t.hour() < 12 { "上午" } else { "下午" }
}

fn local(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    china_time()
        .from_local_datetime(&date.and_time(time))
        .single()
        .map(|t| t.with_timezone(&Utc))
        // A fixed offset has exactly one instant for every local time.
        .unwrap_or_else(|| date.and_time(time).and_utc())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn slot(d: u32, s: (u32, u32), e: (u32, u32)) -> SlotTime {
        SlotTime::new(
            NaiveDate::from_ymd_opt(2022, 10, d).unwrap(),
            NaiveTime::from_hms_opt(s.0, s.1, 0).unwrap(),
            NaiveTime::from_hms_opt(e.0, e.1, 0).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn labels_as_people_write_them() {
        let s = slot(21, (9, 0), (10, 0));
        assert_eq!(s.label().zh, "10月21日 9:00-10:00");
        assert_eq!(s.label().en, "21 Oct 9:00-10:00");
        assert_eq!(s.notice_date(), "2022.10.21上午");
        assert_eq!(
            slot(20, (13, 30), (14, 30)).notice_time(),
            "下午13:30—14:30"
        );
        assert_eq!(s.starts_at().to_rfc3339(), "2022-10-21T01:00:00+00:00");
    }

    #[test]
    fn touching_slots_do_not_overlap() {
        let a = slot(20, (9, 0), (10, 0));
        assert!(!a.overlaps(&slot(20, (10, 0), (11, 0))));
        assert!(a.overlaps(&slot(20, (9, 30), (10, 30))));
        assert!(!a.overlaps(&slot(21, (9, 0), (10, 0))));
        assert!(
            SlotTime::new(a.date, a.end, a.start).is_err(),
            "an end before the start is refused"
        );
    }
}
