//! Times and dates as timetables write them: `上午9：00—10：00` with full-width colons and a
//! dash of any width, `下午1:30-2:30` meaning 13:30, `2022.10.20上午` as a date.

use chrono::{NaiveDate, NaiveTime, Timelike};

use crate::Msg;
use crate::roster::parse_date;

/// The dashes and words that join a start to an end.
const RANGE_MARKS: &[char] = &['—', '–', '―', '－', '-', '~', '～', '至', '到'];

/// Folds full-width forms to ASCII and drops white space.
pub fn fold(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' if c != '\u{FF0D}' && c != '\u{FF5E}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// Morning, afternoon or not said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HalfDay {
    Morning,
    Afternoon,
    Unsaid,
}

fn strip_half_day(s: &str) -> (HalfDay, &str) {
    for (word, half) in [
        ("上午", HalfDay::Morning),
        ("早上", HalfDay::Morning),
        ("中午", HalfDay::Afternoon),
        ("下午", HalfDay::Afternoon),
        ("晚上", HalfDay::Afternoon),
    ] {
        if let Some(rest) = s.strip_prefix(word) {
            return (half, rest);
        }
    }
    (HalfDay::Unsaid, s)
}

/// `9:00`, `09:00`, `13:30`, `9点`, `9点30分`, `9.30`; an afternoon hour before 12 moves on 12.
fn parse_clock(raw: &str, half: HalfDay) -> Option<NaiveTime> {
    let s = raw.trim_end_matches('分');
    let (h, m) = if let Some((h, m)) = s.split_once([':', '点', '.', '时']) {
        (h, if m.is_empty() { "0" } else { m })
    } else {
        (s, "0")
    };
    if h.is_empty() || h.len() > 2 || m.len() > 2 {
        return None;
    }
    if !h.chars().chain(m.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut hour: u32 = h.parse().ok()?;
    let minute: u32 = m.parse().ok()?;
    if half == HalfDay::Afternoon && hour < 12 {
        hour += 12;
    }
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// A start and an end as one piece of text: `上午9：00—10：00`, `9:00-10:00`, `下午1:30~2:30`.
pub fn parse_time_range(raw: &str) -> Result<(NaiveTime, NaiveTime), Msg> {
    let s = fold(raw);
    let bad = || {
        Msg::new(
            format!(
                "时间“{}”无法识别，请写作 9:00-10:00 或 上午9：00—10：00",
                raw.trim()
            ),
            format!(
                "time \"{}\" is not recognised; write it as 9:00-10:00 or 上午9：00—10：00",
                raw.trim()
            ),
        )
    };
    let Some((a, b)) = s.split_once(RANGE_MARKS) else {
        return Err(bad());
    };
    let (half_a, a) = strip_half_day(a);
    let (half_b, b) = strip_half_day(b);
    let half_b = if half_b == HalfDay::Unsaid {
        half_a
    } else {
        half_b
    };
    let start = parse_clock(a, half_a).ok_or_else(bad)?;
    let mut end = parse_clock(b, half_b).ok_or_else(bad)?;
    // "上午11:00-1:00" means 13:00: a small end hour after a late morning start is the
    // afternoon's. "10:00-9:00" stays wrong.
    if end <= start && half_b == HalfDay::Morning && end.hour() <= 6 {
        end = parse_clock(b, HalfDay::Afternoon).ok_or_else(bad)?;
    }
    Ok((start, end))
}

/// One time of day: `9:00`, `上午9：00`, `下午1:30`.
pub fn parse_time(raw: &str) -> Option<NaiveTime> {
    let s = fold(raw);
    let (half, rest) = strip_half_day(&s);
    parse_clock(rest, half)
}

/// A shooting date: `2022.10.20上午`, `2022-10-20`, `2022年10月20日下午`, `2022/10/20`.
pub fn parse_day(raw: &str) -> Option<NaiveDate> {
    let s = fold(raw);
    let s = ["上午", "下午", "中午", "晚上", "全天"]
        .iter()
        .fold(s.as_str(), |s, w| s.trim_end_matches(w));
    parse_date(s)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn ranges_as_notices_write_them() {
        assert_eq!(
            parse_time_range("上午9：00\n—10：00").unwrap(),
            (t(9, 0), t(10, 0))
        );
        assert_eq!(
            parse_time_range("下午13：30—14：30").unwrap(),
            (t(13, 30), t(14, 30))
        );
        assert_eq!(
            parse_time_range("下午1:30-2:30").unwrap(),
            (t(13, 30), t(14, 30))
        );
        assert_eq!(parse_time_range("9:00~10:00").unwrap(), (t(9, 0), t(10, 0)));
        assert_eq!(
            parse_time_range("9点至10点30分").unwrap(),
            (t(9, 0), t(10, 30))
        );
        assert_eq!(
            parse_time_range("上午11:00-1:00").unwrap(),
            (t(11, 0), t(13, 0))
        );
        for bad in ["", "9:00", "上午九点-十点", "25:00-26:00", "9:00-abc"] {
            assert!(parse_time_range(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn days_with_their_half() {
        let d = NaiveDate::from_ymd_opt(2022, 10, 20).unwrap();
        assert_eq!(parse_day("2022.10.20上午"), Some(d));
        assert_eq!(parse_day("２０２２年１０月２０日下午"), Some(d));
        assert_eq!(parse_day("2022-10-20"), Some(d));
        assert_eq!(parse_day("10月20日"), None);
        assert_eq!(parse_time("下午1:30"), Some(t(13, 30)));
    }
}
