//! The protection every sign-in goes through, whatever proves who someone is (a password, a
//! proof code): a locked account or address is refused before anything is checked; a failure
//! counts against both; a success clears the account's count. The rules are the domain's
//! ([`gradphoto_domain::login_guard`]); the counts are in the store, so that every server
//! process behind one database shares them.

use std::future::Future;
use std::net::IpAddr;

use gradphoto_domain::User;
use gradphoto_domain::login_guard::{Limit, LoginPolicy, locked_message};

use crate::App;
use crate::error::{AppError, Result};

/// Who is trying to sign in, as the counts know them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The account tried: `staff:<login>` or `student:<campaign>:<学号>`.
    pub account: String,
    /// Where the attempt came from, when the server knows.
    pub address: Option<IpAddr>,
}

impl Attempt {
    /// A sign-in with a login name and a password.
    pub fn staff(login: &str, address: Option<IpAddr>) -> Self {
        Self {
            account: format!("staff:{}", login.trim().to_lowercase()),
            address,
        }
    }

    /// A student's sign-in with their 学号 (as typed, trimmed and upper-cased).
    pub fn student(
        campaign: gradphoto_domain::CampaignId,
        student_no: &str,
        address: Option<IpAddr>,
    ) -> Self {
        Self {
            account: format!("student:{campaign}:{}", student_no.trim().to_uppercase()),
            address,
        }
    }

    fn keys<'a>(&'a self, policy: &'a LoginPolicy) -> Vec<(String, &'a Limit)> {
        let mut keys = vec![(format!("account:{}", self.account), &policy.account)];
        if let Some(address) = self.address {
            keys.push((format!("address:{address}"), &policy.address));
        }
        keys
    }
}

/// Runs `check` (which says who signed in, or `None` for a wrong secret) unless the account
/// or the address is locked, and counts its outcome. A locked attempt is refused with
/// [`AppError::Limited`] and is not counted, so waiting out the lock is enough.
pub async fn guarded<F>(
    app: &App,
    policy: &LoginPolicy,
    attempt: &Attempt,
    check: F,
) -> Result<Option<User>>
where
    F: Future<Output = Result<Option<User>>>,
{
    let now = app.now();
    let mut until = None;
    let mut account_failed = false;
    for (i, (key, limit)) in attempt.keys(policy).into_iter().enumerate() {
        let failures = app.repo.login_failures(&key, limit.since(now)).await?;
        account_failed |= i == 0 && !failures.is_empty();
        if let Some(t) = limit.locked_until(&failures) {
            until = until.max(Some(t));
        }
    }
    if let Some(until) = until {
        return Err(AppError::Limited(locked_message(now, until)));
    }
    let user = check.await?;
    let keys = attempt.keys(policy);
    match &user {
        // Only when there is something to clear: a sign-in writes nothing otherwise.
        Some(_) if account_failed => app.repo.clear_login_failures(&keys[0].0).await?,
        Some(_) => {}
        None => {
            let longest = keys.iter().map(|(_, l)| l.lockout_min).max().unwrap_or(0);
            let forget = now - chrono::Duration::minutes(i64::from(longest));
            let names: Vec<String> = keys.into_iter().map(|(k, _)| k).collect();
            app.repo.record_login_failure(&names, now, forget).await?;
        }
    }
    Ok(user)
}
