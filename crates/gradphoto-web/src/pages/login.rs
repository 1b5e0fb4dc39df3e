//! Signing in and out through the pages. The login form has no session to tie a CSRF token to,
//! so it uses a double-submit cookie: the form's hidden `_csrf` must equal the `gp_login_csrf`
//! cookie, which another site can neither read nor set.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gradphoto_app::accounts::student_access::{StudentSecret, campaign_to_sign_in, current_method};
use gradphoto_domain::roster::parse_date;
use gradphoto_domain::student_sign_in::StudentSignIn;
use gradphoto_domain::{Msg, User};
use serde::Deserialize;

use super::layout::Layout;
use super::{render, safe_next};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::auth::session::{
    self, LOGIN_CSRF_COOKIE, SESSION_COOKIE, login_csrf_cookie, new_token, same_secret,
    session_cookie,
};
use crate::context::Ctx;
use crate::cookies;
use crate::error::WebError;
use crate::i18n::Tr;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    t: Tr,
    l: Layout,
    csrf: String,
    next: String,
    login: String,
    student_no: String,
    error: Option<String>,
    /// The campaign lets students in with the end of the ID number and the birth date too.
    id_and_birth: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct NextParam {
    #[serde(default)]
    next: String,
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// What the form shows again after a failed sign-in: the name or 学号 typed, and why.
#[derive(Default)]
struct Refill<'a> {
    login: &'a str,
    student_no: &'a str,
    error: Option<String>,
    /// The catalogue key of a wrong secret's message: the staff's or the students' form.
    wrong: &'static str,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    status: StatusCode,
    next: &str,
    refill: Refill<'_>,
) -> Result<Response, WebError> {
    // Reuse the token a browser already holds, so two open tabs both work.
    let csrf = cookies::get(headers, LOGIN_CSRF_COOKIE)
        .filter(|c| c.len() == 43)
        .map_or_else(|| new_token(state.app.random.as_ref()), str::to_owned);
    let t = Tr::new(ctx.lang);
    let id_and_birth = current_method(&state.app).await? == StudentSignIn::IdAndBirth;
    let response = render(
        status,
        &LoginPage {
            t,
            l: Layout::bare(ctx, t.s("login.title")),
            next: safe_next(next).unwrap_or("").to_owned(),
            login: refill.login.to_owned(),
            student_no: refill.student_no.to_owned(),
            error: refill.error,
            id_and_birth,
            csrf: csrf.clone(),
        },
    )?;
    Ok(with_cookie(response, &login_csrf_cookie(state, &csrf)))
}

pub(crate) async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NextParam>,
) -> Result<Response, WebError> {
    page(
        &state,
        &ctx,
        &headers,
        StatusCode::OK,
        &q.next,
        Refill::default(),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

fn check_login_csrf(headers: &HeaderMap, field: &str) -> Result<(), WebError> {
    let cookie = cookies::get(headers, LOGIN_CSRF_COOKIE).unwrap_or("");
    if cookie.is_empty() || !same_secret(cookie, field) {
        return Err(WebError::Csrf);
    }
    Ok(())
}

/// The outcome of a sign-in form: into the site with a new session, or the form again with
/// what went wrong (401 for a wrong secret, 429 while locked).
async fn signed_in(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    next: &str,
    outcome: Result<Option<User>, WebError>,
    refill: Refill<'_>,
) -> Result<Response, WebError> {
    let t = Tr::new(ctx.lang);
    let (status, error) = match outcome {
        Ok(Some(user)) => {
            let started = session::start(state, &user).await?;
            let target = safe_next(next).unwrap_or("/");
            let response = Redirect::to(target).into_response();
            let response = with_cookie(response, &session_cookie(state, &started));
            return Ok(with_cookie(
                response,
                &cookies::clear(LOGIN_CSRF_COOKIE, state.config.secure_cookies),
            ));
        }
        Ok(None) => (StatusCode::UNAUTHORIZED, t.s(refill.wrong).to_owned()),
        Err(WebError::Limited(msg)) => (StatusCode::TOO_MANY_REQUESTS, t.msg(&msg).to_owned()),
        Err(WebError::Invalid { msg, .. }) => {
            (StatusCode::UNPROCESSABLE_ENTITY, t.msg(&msg).to_owned())
        }
        Err(e) => return Err(e),
    };
    page(
        state,
        ctx,
        headers,
        status,
        next,
        Refill {
            error: Some(error),
            ..refill
        },
    )
    .await
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    check_login_csrf(&headers, &form.csrf)?;
    let outcome = session::authenticate(&state, &ctx, &form.login, &form.password).await;
    let refill = Refill {
        login: form.login.trim(),
        wrong: "login.failed",
        ..Refill::default()
    };
    signed_in(&state, &ctx, &headers, &form.next, outcome, refill).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct StudentLoginForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    student_no: String,
    #[serde(default)]
    proof_code: String,
    /// Where the campaign allows it, instead of the proof code: the last six characters of
    /// the ID number and the birth date.
    #[serde(default)]
    id_last_six: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    next: String,
}

impl StudentLoginForm {
    fn secret(&self) -> Result<StudentSecret, WebError> {
        if !self.proof_code.trim().is_empty() || self.id_last_six.trim().is_empty() {
            return Ok(StudentSecret::ProofCode(self.proof_code.clone()));
        }
        let birth = parse_date(self.birth_date.trim()).ok_or_else(|| WebError::Invalid {
            field: "birth_date",
            msg: Msg::new(
                "出生日期格式不对，请按 2001-03-07 的格式填写",
                "the birth date is not a date: write it as 2001-03-07",
            ),
        })?;
        Ok(StudentSecret::IdAndBirth {
            last_six: self.id_last_six.clone(),
            birth,
        })
    }
}

/// A student signs in with their 学号 and the proof code of their ticket (or the end of their
/// ID number and their birth date, where the campaign allows it), into the current campaign.
pub(crate) async fn submit_student(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(form): Form<StudentLoginForm>,
) -> Result<Response, WebError> {
    check_login_csrf(&headers, &form.csrf)?;
    let campaign = campaign_to_sign_in(&state.app)
        .await?
        .ok_or(WebError::NoCampaign)?;
    let outcome = match form.secret() {
        Ok(secret) => {
            session::authenticate_student(&state, &ctx, campaign, &form.student_no, &secret).await
        }
        Err(e) => Err(e),
    };
    let refill = Refill {
        student_no: form.student_no.trim(),
        wrong: "login.student_failed",
        ..Refill::default()
    };
    signed_in(&state, &ctx, &headers, &form.next, outcome, refill).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(rename = "_csrf", default)]
    pub(crate) csrf: String,
}

pub(crate) async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    current.check_form_csrf(&form.csrf)?;
    session::end(&state, &current.token_hash).await?;
    crate::auth::audit::logout(&state, &ctx, &current.user).await;
    let response = Redirect::to("/login").into_response();
    Ok(with_cookie(
        response,
        &cookies::clear(SESSION_COOKIE, state.config.secure_cookies),
    ))
}
