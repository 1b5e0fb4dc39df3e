//! How many wrong logins are tolerated before a login, or an address, has to wait. Every way in
//! — a staff member's password, a student's proof code — counts its failures under two keys:
//! the account tried and the address it came from. When a key has had
//! [`Limit::max_failures`] failures within the last [`Limit::lockout_min`] minutes, it is locked
//! until the oldest of those is that old; nothing is checked meanwhile, so a locked account
//! cannot be probed even with the right password. An address gets a higher limit than an
//! account: a campus network puts a whole dormitory behind one address.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::Msg;

/// A limit of failures within a sliding window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    pub max_failures: u32,
    /// The window, and so the longest wait, in minutes.
    pub lockout_min: u32,
}

/// The limits of every login.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoginPolicy {
    /// Per account: the login name, or the student number of a student's login.
    pub account: Limit,
    /// Per address the attempts come from.
    pub address: Limit,
}

impl Default for LoginPolicy {
    /// 5 wrong tries per account, 50 per address, within 15 minutes.
    fn default() -> Self {
        Self {
            account: Limit {
                max_failures: 5,
                lockout_min: 15,
            },
            address: Limit {
                max_failures: 50,
                lockout_min: 15,
            },
        }
    }
}

impl Limit {
    /// The window in which failures count, ending at `now`.
    pub fn since(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::minutes(i64::from(self.lockout_min))
    }

    /// Until when a key is locked, given its failures since [`Limit::since`] (any order);
    /// `None` when it may try.
    pub fn locked_until(&self, failures: &[DateTime<Utc>]) -> Option<DateTime<Utc>> {
        let max = usize::try_from(self.max_failures).unwrap_or(usize::MAX);
        if max == 0 || failures.len() < max {
            return None;
        }
        // The lock lifts when fewer than `max` failures are left in the window: when the
        // `max`-th most recent one leaves it.
        let mut newest_first = failures.to_vec();
        newest_first.sort_unstable_by(|a, b| b.cmp(a));
        Some(newest_first[max - 1] + Duration::minutes(i64::from(self.lockout_min)))
    }
}

/// The refusal of a locked login, with the wait in whole minutes (at least one).
pub fn locked_message(now: DateTime<Utc>, until: DateTime<Utc>) -> Msg {
    let minutes = ((until - now).num_seconds().max(1) + 59) / 60;
    Msg::new(
        format!("登录失败次数过多，请 {minutes} 分钟后再试。忘记密码或校对码请联系工作人员。"),
        format!(
            "Too many failed sign-ins: try again in {minutes} min. Ask the staff if you have forgotten your password or proof code."
        ),
    )
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2023, 3, 1, 8, 0, 0).unwrap() + Duration::minutes(minute)
    }

    #[test]
    fn the_lock_engages_at_the_limit_and_lifts_when_the_oldest_failure_leaves_the_window() {
        let limit = Limit {
            max_failures: 3,
            lockout_min: 15,
        };
        assert_eq!(limit.locked_until(&[at(0), at(1)]), None);
        // The third failure locks until the oldest of the three is 15 minutes old.
        assert_eq!(limit.locked_until(&[at(1), at(0), at(2)]), Some(at(15)));
        // With four in the window, the lock lasts until only two are left.
        assert_eq!(
            limit.locked_until(&[at(0), at(1), at(2), at(3)]),
            Some(at(16))
        );
        assert_eq!(limit.since(at(20)), at(5));
        let off = Limit {
            max_failures: 0,
            lockout_min: 15,
        };
        assert_eq!(off.locked_until(&[at(0); 10]), None);
    }

    #[test]
    fn the_message_gives_whole_minutes() {
        let m = locked_message(at(0), at(0) + Duration::seconds(61));
        assert!(m.zh.contains("2 分钟"), "{}", m.zh);
        assert!(m.en.contains("2 min"));
        let m = locked_message(at(0), at(0));
        assert!(m.zh.contains("1 分钟"));
    }
}
