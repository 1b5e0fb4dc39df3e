//! Signing in and out through the pages. The login form has no session to tie a CSRF token to,
//! so it uses a double-submit cookie: the form's hidden `_csrf` must equal the `gp_login_csrf`
//! cookie, which another site can neither read nor set.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
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
    error: Option<&'static str>,
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

fn page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    status: StatusCode,
    next: &str,
    login: &str,
    error: Option<&'static str>,
) -> Result<Response, WebError> {
    // Reuse the token a browser already holds, so two open tabs both work.
    let csrf = cookies::get(headers, LOGIN_CSRF_COOKIE)
        .filter(|c| c.len() == 43)
        .map_or_else(|| new_token(state.app.random.as_ref()), str::to_owned);
    let t = Tr::new(ctx.lang);
    let response = render(
        status,
        &LoginPage {
            t,
            l: Layout::bare(ctx, t.s("login.title")),
            next: safe_next(next).unwrap_or("").to_owned(),
            login: login.to_owned(),
            error,
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
    page(&state, &ctx, &headers, StatusCode::OK, &q.next, "", None)
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

pub(crate) async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let cookie = cookies::get(&headers, LOGIN_CSRF_COOKIE).unwrap_or("");
    if cookie.is_empty() || !same_secret(cookie, &form.csrf) {
        return Err(WebError::Csrf);
    }
    let Some(user) = session::authenticate(&state, &ctx, &form.login, &form.password).await? else {
        let t = Tr::new(ctx.lang);
        return page(
            &state,
            &ctx,
            &headers,
            StatusCode::UNAUTHORIZED,
            &form.next,
            form.login.trim(),
            Some(t.s("login.failed")),
        );
    };
    let started = session::start(&state, &user).await?;
    let target = safe_next(&form.next).unwrap_or("/");
    let response = Redirect::to(target).into_response();
    let response = with_cookie(response, &session_cookie(&state, &started));
    Ok(with_cookie(
        response,
        &cookies::clear(LOGIN_CSRF_COOKIE, state.config.secure_cookies),
    ))
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
