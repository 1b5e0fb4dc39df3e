//! What the ways in need besides the accounts: the failed sign-ins counted against an account
//! or an address (see `gradphoto_domain::login_guard`), and a student's proof codes (the hashes
//! kept with their tickets) and account.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::{StudentId, User};

use crate::error::Result;

#[async_trait]
pub trait LoginRepo: Send + Sync {
    /// One failed sign-in at `at`, counted under each key; failures before `forget_before`
    /// (older than any lock can last) are deleted on the way.
    async fn record_login_failure(
        &self,
        keys: &[String],
        at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<()>;
    /// The times of a key's failures since `since`.
    async fn login_failures(&self, key: &str, since: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>>;
    /// Forgets a key's failures: its owner has just signed in.
    async fn clear_login_failures(&self, key: &str) -> Result<()>;
    /// The proof-code hashes (SHA-256, hex) of every ticket the student was ever issued.
    async fn student_proof_hashes(&self, student: StudentId) -> Result<Vec<String>>;
    /// The account of a student, when they have one.
    async fn student_user(&self, student: StudentId) -> Result<Option<User>>;
}
