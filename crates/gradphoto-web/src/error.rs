//! The one error type of the web crate, and the two places it becomes a response: JSON for the
//! API, an error page in the reader's language for everything else.
//!
//! A handler returns `Err(WebError)`; its `IntoResponse` only records the error in the
//! response's extensions. The request-context middleware ([`crate::context`]), which knows the
//! request id, the language and whether the request was for the API, then calls [`render`].
//! Expected problems are 4xx with a message a person can act on; anything else is logged with
//! the request id and shown as an opaque 500 that quotes the id.

use std::sync::Arc;

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use gradphoto_app::AppError;
use gradphoto_domain::Msg;
use gradphoto_store::StoreError;
use serde::Serialize;

use crate::context::Ctx;
use crate::i18n::Tr;
use crate::pages::layout::Layout;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No valid session: pages redirect to the login page, the API answers 401.
    #[error("not signed in")]
    Unauthenticated,
    /// A login attempt with a wrong name or password (the API's; the page shows its form).
    #[error("wrong login or password")]
    BadCredentials,
    /// Signed in, but the role (or the college scope) does not allow it.
    #[error("forbidden: {0}")]
    Forbidden(Msg),
    /// A form or API call without the session's anti-forgery token.
    #[error("CSRF token missing or wrong")]
    Csrf,
    #[error("not found: {0}")]
    NotFound(Msg),
    /// The request itself is wrong (a missing field, a value that does not parse).
    #[error("bad request: {0}")]
    BadRequest(Msg),
    /// One named field of a well-formed request is missing or not valid: 422, and the API's
    /// error names the field.
    #[error("invalid {field}: {msg}")]
    Invalid { field: &'static str, msg: Msg },
    #[error("upload over {limit} bytes")]
    TooLarge { limit: usize },
    /// Too many failed sign-ins: 429, with how long to wait.
    #[error("limited: {0}")]
    Limited(Msg),
    /// This server cannot do it as configured (capture without photo storage): 503.
    #[error("unavailable: {0}")]
    Unavailable(Msg),
    /// Nothing to work on yet: an admin must create the campaign first.
    #[error("no campaign exists")]
    NoCampaign,
    /// A framework rejection (a malformed body, a wrong method), carried with its status.
    #[error("request rejected ({status}): {detail}")]
    Http { status: StatusCode, detail: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("template failed: {0}")]
    Template(#[from] askama::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<gradphoto_app::accounts::HashError> for WebError {
    fn from(e: gradphoto_app::accounts::HashError) -> Self {
        WebError::Internal(e.to_string())
    }
}

/// The application's errors, each as the web's kind of the same problem.
impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound(msg) => WebError::NotFound(msg),
            AppError::Invalid { field, msg } => WebError::Invalid { field, msg },
            AppError::Unavailable(msg) | AppError::Cancelled(msg) => WebError::Unavailable(msg),
            AppError::Limited(msg) => WebError::Limited(msg),
            AppError::Store(e) => WebError::Store(e),
            AppError::Internal(detail) => WebError::Internal(detail),
        }
    }
}

impl WebError {
    /// The one mapping of errors to status codes.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Unauthenticated | WebError::BadCredentials => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Limited(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::NoCampaign => StatusCode::CONFLICT,
            WebError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Http { status, .. } => *status,
            WebError::Store(StoreError::Rejected(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Store(StoreError::NotFound(_)) => StatusCode::NOT_FOUND,
            WebError::Store(_) | WebError::Template(_) | WebError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// A stable, machine-readable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            WebError::Unauthenticated => "unauthenticated",
            WebError::BadCredentials => "bad_credentials",
            WebError::Forbidden(_) => "forbidden",
            WebError::Csrf => "csrf",
            WebError::NotFound(_) | WebError::Store(StoreError::NotFound(_)) => "not_found",
            WebError::BadRequest(_) => "bad_request",
            WebError::Invalid { .. } => "invalid",
            WebError::TooLarge { .. } => "too_large",
            WebError::NoCampaign => "no_campaign",
            WebError::Unavailable(_) => "unavailable",
            WebError::Limited(_) => "too_many_attempts",
            WebError::Http { .. } => "bad_request",
            WebError::Store(StoreError::Rejected(_)) => "rejected",
            WebError::Store(_) | WebError::Template(_) | WebError::Internal(_) => "internal",
        }
    }

    /// Whether this is a fault of the server rather than of the request.
    pub fn is_internal(&self) -> bool {
        self.status().is_server_error()
    }

    /// What to tell the person, in both languages. Internal errors say only that something
    /// went wrong and quote the request id, never the cause.
    pub fn msg(&self, request_id: &str) -> Msg {
        match self {
            WebError::Unauthenticated => Msg::new(
                "请先登录。会话可能已过期，请重新登录",
                "Please sign in. Your session may have expired",
            ),
            WebError::BadCredentials => Msg::new(
                "用户名或密码错误，请检查后重试",
                "Wrong login or password. Check them and try again",
            ),
            WebError::Forbidden(m)
            | WebError::NotFound(m)
            | WebError::BadRequest(m)
            | WebError::Limited(m)
            | WebError::Unavailable(m) => m.clone(),
            WebError::Invalid { msg, .. } => msg.clone(),
            WebError::Csrf => Msg::new(
                "表单已失效（安全校验未通过）。请返回上一页，刷新后重新提交",
                "The form has expired (security check failed). Go back, reload the page and submit it again",
            ),
            WebError::TooLarge { limit } => {
                let mb = *limit as f64 / (1024.0 * 1024.0);
                Msg::new(
                    format!(
                        "上传的文件超过了 {mb:.0} MB 的上限。请删除多余的工作表、图片和空行，或分成几个文件上传"
                    ),
                    format!(
                        "The upload is over the limit of {mb:.0} MB. Remove extra sheets, pictures and empty rows, or split it into several files"
                    ),
                )
            }
            WebError::NoCampaign => Msg::new(
                "尚未创建采集活动。请管理员在首页创建，或在服务器上运行 `gradphoto campaign create`",
                "No campaign exists yet. An administrator can create one on the home page, or run `gradphoto campaign create` on the server",
            ),
            WebError::Http { status, detail } => match *status {
                StatusCode::NOT_FOUND => not_found_msg(),
                StatusCode::PAYLOAD_TOO_LARGE => {
                    Msg::new("提交的内容过大", "What was sent is too large")
                }
                StatusCode::METHOD_NOT_ALLOWED => Msg::new(
                    "此地址不支持这种请求方式",
                    "This address does not accept this kind of request",
                ),
                _ => Msg::new(
                    format!("请求无法处理：{detail}"),
                    format!("The request cannot be processed: {detail}"),
                ),
            },
            WebError::Store(StoreError::Rejected(m)) => m.clone(),
            WebError::Store(StoreError::NotFound(what)) => {
                Msg::new(format!("未找到：{what}"), format!("Not found: {what}"))
            }
            WebError::Store(_) | WebError::Template(_) | WebError::Internal(_) => Msg::new(
                format!(
                    "服务器内部错误。请稍后重试；如果问题持续，请把请求编号 {request_id} 告诉管理员"
                ),
                format!(
                    "Internal server error. Try again later; if it persists, give the administrator the request id {request_id}"
                ),
            ),
        }
    }
}

/// The message for an address that leads nowhere.
pub fn not_found_msg() -> Msg {
    Msg::new(
        "页面不存在。请检查地址，或从首页重新进入",
        "There is no such page. Check the address, or start again from the home page",
    )
}

/// Carries a handler's error to the middleware that renders it.
#[derive(Debug, Clone)]
pub(crate) struct ErrorMark(pub Arc<WebError>);

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(ErrorMark(Arc::new(self)));
        response
    }
}

/// The body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable code: `unauthenticated`, `forbidden`, `csrf`, `not_found`, `bad_request`,
    /// `invalid`, `rejected`, ...
    pub code: String,
    pub message_zh: String,
    pub message_en: String,
    /// For `invalid`: the request field that is missing or wrong (`certNumber`, `reason`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Quote it when reporting a problem: the server's log has the details under this id.
    pub request_id: String,
}

/// Turns an error into the response the client sees. The only place errors become bodies.
pub(crate) fn render(err: &WebError, ctx: &Ctx, api: bool) -> Response {
    if err.is_internal() {
        tracing::error!(request_id = %ctx.request_id, error = %err, "request failed");
    } else {
        tracing::debug!(request_id = %ctx.request_id, error = %err, "request refused");
    }
    if api {
        render_json(err, ctx)
    } else {
        render_html(err, ctx)
    }
}

fn render_json(err: &WebError, ctx: &Ctx) -> Response {
    let msg = err.msg(&ctx.request_id);
    let body = ErrorBody {
        error: ErrorDetail {
            code: err.code().to_owned(),
            message_zh: msg.zh,
            message_en: msg.en,
            field: match err {
                WebError::Invalid { field, .. } => Some((*field).to_owned()),
                _ => None,
            },
            request_id: ctx.request_id.clone(),
        },
    };
    let mut response = (err.status(), axum::Json(body)).into_response();
    if matches!(err, WebError::Unauthenticated | WebError::BadCredentials) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    t: Tr,
    l: Layout,
    status: u16,
    message: &'a str,
    request_id: &'a str,
}

fn render_html(err: &WebError, ctx: &Ctx) -> Response {
    if matches!(err, WebError::Unauthenticated) {
        let next = ctx.path_and_query.as_str();
        let target = if next.is_empty() || next == "/" {
            "/login".to_owned()
        } else {
            format!("/login?next={}", crate::pages::url_encode(next))
        };
        return Redirect::to(&target).into_response();
    }
    let t = Tr::new(ctx.lang);
    let msg = err.msg(&ctx.request_id);
    let page = ErrorPage {
        t,
        l: Layout::bare(ctx, t.s("error.title")),
        status: err.status().as_u16(),
        message: msg.get(ctx.lang.code()),
        request_id: &ctx.request_id,
    };
    match page.render() {
        Ok(html) => (err.status(), Html(html)).into_response(),
        Err(e) => {
            tracing::error!(request_id = %ctx.request_id, "error page failed: {e}");
            (err.status(), msg.get(ctx.lang.code()).to_owned()).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_are_opaque() {
        let err = WebError::Internal("secret detail".into());
        let msg = err.msg("req-1");
        assert!(!msg.zh.contains("secret") && !msg.en.contains("secret"));
        assert!(msg.zh.contains("req-1") && msg.en.contains("req-1"));
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn store_refusals_are_unprocessable() {
        let err = WebError::Store(StoreError::Rejected(Msg::new("重复", "duplicate")));
        assert_eq!(err.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err.msg("x").en, "duplicate");
    }
}
