//! Login sessions. A session is a random 32-byte token, base64url, held by the browser in the
//! `gp_session` cookie (HttpOnly, SameSite=Lax) or by a program as a bearer token; the database
//! keeps only its SHA-256, so a copy of the database holds no usable session. Each session has
//! its own CSRF token for forms and cookie-authenticated API calls.

use chrono::{DateTime, Duration, Utc};
use gradphoto_app::AppError;
use gradphoto_app::accounts::guard::{Attempt, guarded};
use gradphoto_app::accounts::sign_in::by_password;
use gradphoto_app::accounts::student_access::{StudentSecret, sign_in};
pub use gradphoto_app::accounts::tokens::{new_token, same_secret, token_hash};
use gradphoto_domain::{CampaignId, User};
use gradphoto_store::{Actor, NewSession};

use crate::AppState;
use crate::context::Ctx;
use crate::cookies;
use crate::error::WebError;

pub const SESSION_COOKIE: &str = "gp_session";
/// The double-submit cookie protecting the login form, which has no session yet.
pub const LOGIN_CSRF_COOKIE: &str = "gp_login_csrf";

/// A session just started.
#[derive(Debug, Clone)]
pub struct Started {
    pub token: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// Checks a login and password, within the sign-in limits ([`guarded`]): a locked account or
/// address is refused with [`WebError::Limited`] before the password is looked at. Every
/// outcome is recorded; the password never is.
pub async fn authenticate(
    state: &AppState,
    ctx: &Ctx,
    login: &str,
    password: &str,
) -> Result<Option<User>, WebError> {
    let login = login.trim();
    let attempt = Attempt::staff(login, ctx.client);
    let check = by_password(&state.app, login, password);
    let outcome = guarded(&state.app, &state.config.login, &attempt, check).await;
    recorded(state, ctx, login, outcome).await
}

/// Checks a student's 学号 and the proof code of their ticket (or, where the campaign allows
/// it, the end of their ID number and their birth date), within the same limits.
pub async fn authenticate_student(
    state: &AppState,
    ctx: &Ctx,
    campaign: CampaignId,
    student_no: &str,
    secret: &StudentSecret,
) -> Result<Option<User>, WebError> {
    let student_no = student_no.trim();
    let attempt = Attempt::student(campaign, student_no, ctx.client);
    let check = sign_in(&state.app, campaign, student_no, secret);
    let outcome = guarded(&state.app, &state.config.login, &attempt, check).await;
    recorded(state, ctx, &format!("student:{student_no}"), outcome).await
}

async fn recorded(
    state: &AppState,
    ctx: &Ctx,
    login: &str,
    outcome: Result<Option<User>, AppError>,
) -> Result<Option<User>, WebError> {
    match outcome {
        Ok(user) => {
            crate::auth::audit::login(state, ctx, login, user.as_ref()).await;
            Ok(user)
        }
        Err(AppError::Limited(msg)) => {
            crate::auth::audit::locked(state, ctx, login).await;
            Err(WebError::Limited(msg))
        }
        Err(e) => Err(e.into()),
    }
}

/// Starts a session for a user who has just proved who they are.
pub async fn start(state: &AppState, user: &User) -> Result<Started, WebError> {
    let now = state.app.clock.now();
    let started = Started {
        token: new_token(state.app.random.as_ref()),
        csrf_token: new_token(state.app.random.as_ref()),
        expires_at: now + Duration::hours(state.config.session_hours.max(1)),
    };
    state
        .app
        .repo
        .create_session(
            &NewSession {
                token_hash: token_hash(&started.token),
                user_id: user.id,
                csrf_token: started.csrf_token.clone(),
                expires_at: started.expires_at,
            },
            now,
        )
        .await?;
    Ok(started)
}

/// Ends the session a token names; an unknown token is already ended.
pub async fn end(state: &AppState, token_hash: &str) -> Result<(), WebError> {
    Ok(state.app.repo.delete_session(token_hash).await?)
}

/// The `Set-Cookie` value carrying a new session to the browser.
pub fn session_cookie(state: &AppState, started: &Started) -> String {
    cookies::build(
        SESSION_COOKIE,
        &started.token,
        cookies::Options {
            http_only: true,
            secure: state.config.secure_cookies,
            max_age_secs: Some(state.config.session_hours.max(1) * 3600),
        },
    )
}

/// The `Set-Cookie` value for the login form's double-submit token.
pub fn login_csrf_cookie(state: &AppState, token: &str) -> String {
    cookies::build(
        LOGIN_CSRF_COOKIE,
        token,
        cookies::Options {
            http_only: true,
            secure: state.config.secure_cookies,
            max_age_secs: Some(3600),
        },
    )
}

/// The audit actor for a signed-in user in this request.
pub fn actor(user: &User, ctx: &Ctx) -> Actor {
    Actor::user(user, Some(ctx.request_id.clone()))
}
