//! Who is asking, and whether they may: the [`CurrentUser`] extractor (session cookie for
//! pages, bearer token or cookie for the API), desk devices ([`device`]), role checks, and the
//! CSRF checks.
//!
//! CSRF: every HTML form POST carries `_csrf` equal to the session's token (checked by the
//! handler with [`CurrentUser::check_form_csrf`]); the login form, having no session yet, uses
//! a double-submit cookie. An API call with a bearer token needs nothing more (a browser never
//! adds that header on its own), but a cookie-authenticated unsafe API call must send
//! `X-CSRF-Token`, which this extractor checks before any handler runs.

pub(crate) mod audit;
pub mod device;

pub mod session;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use gradphoto_domain::{Msg, Role, User};

use crate::AppState;
use crate::context::Ctx;
use crate::cookies;
use crate::error::WebError;
use session::{SESSION_COOKIE, same_secret, token_hash};

pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the request proved its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cookie,
    Bearer,
}

/// The signed-in user of a request. Extracting it fails with
/// [`WebError::Unauthenticated`]: pages then redirect to `/login`, the API answers 401.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub csrf_token: String,
    pub via: Via,
    /// The session's key in the store, to end it on sign-out.
    pub token_hash: String,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(current) = parts.extensions.get::<CurrentUser>() {
            return Ok(current.clone());
        }
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").map(str::trim));
        let (token, via) = match bearer {
            Some(t) => (t, Via::Bearer),
            None => match cookies::get(&parts.headers, SESSION_COOKIE) {
                Some(t) => (t, Via::Cookie),
                None => return Err(WebError::Unauthenticated),
            },
        };
        // A device token is no session: it opens only the check-in endpoint (`device::Caller`).
        if token.is_empty()
            || token.starts_with(gradphoto_app::accounts::tokens::DEVICE_TOKEN_PREFIX)
        {
            return Err(WebError::Unauthenticated);
        }
        let hash = token_hash(token);
        let session = state
            .app
            .repo
            .session(&hash, state.app.clock.now())
            .await?
            .ok_or(WebError::Unauthenticated)?;
        let unsafe_method = !matches!(
            parts.method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
        );
        let ctx = Ctx::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|never| match never {});
        if via == Via::Cookie && unsafe_method && ctx.api {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same_secret(sent, &session.csrf_token) {
                return Err(WebError::Csrf);
            }
        }
        let current = CurrentUser {
            user: session.user,
            csrf_token: session.csrf_token,
            via,
            token_hash: hash,
        };
        if let Some(slot) = parts.extensions.get::<SignedIn>() {
            // Set once per request: a second extraction finds the user above.
            let _ = slot.0.set(current.user.clone());
        }
        parts.extensions.insert(current.clone());
        Ok(current)
    }
}

/// Who the request turned out to be signed in as, for the request-context middleware, which
/// puts an empty one in before the handler runs and reads it afterwards (to record a refused
/// attempt against the person who made it).
#[derive(Debug, Clone, Default)]
pub(crate) struct SignedIn(pub std::sync::Arc<std::sync::OnceLock<User>>);

impl CurrentUser {
    /// Checks the `_csrf` field of a submitted form against the session's token.
    pub fn check_form_csrf(&self, sent: &str) -> Result<(), WebError> {
        if same_secret(sent, &self.csrf_token) {
            Ok(())
        } else {
            Err(WebError::Csrf)
        }
    }
}

/// Lets the user through if their role is one of `roles`; otherwise a 403 that says who may.
pub fn require(user: &User, roles: &[Role]) -> Result<(), WebError> {
    if roles.contains(&user.role) {
        return Ok(());
    }
    let zh: Vec<String> = roles.iter().map(|r| r.label().zh).collect();
    let en: Vec<String> = roles.iter().map(|r| r.label().en).collect();
    let mine = user.role.label();
    Err(WebError::Forbidden(Msg::new(
        format!(
            "您没有权限使用此功能：仅限{}。您当前的身份是{}",
            zh.join("、"),
            mine.zh
        ),
        format!(
            "You may not use this: it is only for {}. You are signed in as {}",
            en.join(", "),
            mine.en
        ),
    )))
}

/// The roles that see the roster.
pub const ROSTER_ROLES: [Role; 4] = [
    Role::Admin,
    Role::Operator,
    Role::CollegeLead,
    Role::CollegeSecretary,
];

/// The roles that run the venue: the check-in desk and the capture stations.
pub const DESK_ROLES: [Role; 2] = [Role::Admin, Role::Operator];

/// The roles that may watch the venue's board.
pub const BOARD_ROLES: [Role; 3] = [Role::Admin, Role::Operator, Role::Display];

/// The 403 for a student outside the viewer's colleges (or someone else's record).
pub fn not_your_student() -> WebError {
    WebError::Forbidden(Msg::new(
        "您无权查看该学生：不在您负责的学院范围内",
        "You may not see this student: they are outside the colleges you are responsible for",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use gradphoto_domain::UserId;

    fn user(role: Role) -> User {
        User {
            id: UserId(1),
            login: "u".into(),
            display_name: "U".into(),
            role,
            colleges: vec![],
            student_id: None,
        }
    }

    #[test]
    fn require_names_the_roles() {
        assert!(require(&user(Role::Admin), &[Role::Admin]).is_ok());
        let Err(WebError::Forbidden(msg)) = require(&user(Role::Student), &[Role::Admin]) else {
            panic!("a student is not an admin");
        };
        assert!(
            msg.zh.contains("教务处管理员") && msg.zh.contains("毕业生"),
            "{}",
            msg.zh
        );
        assert!(msg.en.contains("administrator"), "{}", msg.en);
    }
}
