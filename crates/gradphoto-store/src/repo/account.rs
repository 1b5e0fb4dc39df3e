//! Accounts: the people who log in, with their roles and college scopes, and their sessions.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gradphoto_domain::User;

use super::{Actor, NewSession, NewUser, Session};
use crate::error::Result;

#[async_trait]
pub trait AccountRepo: Send + Sync {
    async fn create_user(&self, new: &NewUser, actor: &Actor, now: DateTime<Utc>) -> Result<User>;
    /// The user and their password hash.
    async fn user_by_login(&self, login: &str) -> Result<Option<(User, String)>>;
    async fn users(&self) -> Result<Vec<User>>;
    async fn create_session(&self, session: &NewSession, now: DateTime<Utc>) -> Result<()>;
    /// A session that has not expired at `now`.
    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
}
