//! What every request carries besides its own data: an id for the logs (also sent back as
//! `x-request-id`), the reader's language, and the address asked for. One middleware sets them
//! up, renders whatever error a handler returned, and handles `?lang=` on any page.

use axum::body::Body;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use gradphoto_app::Random;

use crate::AppState;
use crate::auth::SignedIn;
use crate::cookies;
use crate::error::{self, ErrorMark, WebError};
use crate::i18n::Lang;

pub const REQUEST_ID_HEADER: &str = "x-request-id";
/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// The request's id, language and address, for handlers and error pages.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub request_id: String,
    pub lang: Lang,
    /// The path and query asked for, to come back to after signing in.
    pub path_and_query: String,
    /// Whether the request is for the JSON API (decided on the full path: inside the nested
    /// API router the `/api/v1` prefix is gone from the URI).
    pub api: bool,
    /// The address the request came from ([`client_address`]), when known.
    pub client: Option<IpAddr>,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(match parts.extensions.get::<Ctx>() {
            Some(ctx) => ctx.clone(),
            // Only when the middleware is not installed, as in a unit test of one handler.
            None => {
                let uri = parts
                    .extensions
                    .get::<OriginalUri>()
                    .map_or(&parts.uri, |o| &o.0);
                Ctx {
                    request_id: new_request_id(&gradphoto_app::OsRandom),
                    lang: lang_of(&parts.headers, uri.query()).0,
                    path_and_query: path_and_query(uri),
                    api: is_api_path(uri.path()),
                    client: None,
                }
            }
        })
    }
}

/// 16 random hex digits: short enough to read out over the phone, unique enough for logs.
pub fn new_request_id(random: &dyn Random) -> String {
    hex::encode(random.bytes::<8>())
}

fn path_and_query(uri: &axum::http::Uri) -> String {
    uri.path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_else(|| "/".to_owned())
}

/// The language asked for by `?lang=` (returned second, to be remembered), else the cookie's,
/// else Chinese.
fn lang_of(headers: &axum::http::HeaderMap, query: Option<&str>) -> (Lang, Option<Lang>) {
    let asked = query.and_then(|q| {
        q.split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Lang::parse(v))
    });
    let remembered = cookies::get(headers, LANG_COOKIE).and_then(Lang::parse);
    (asked.or(remembered).unwrap_or_default(), asked)
}

/// The address a request came from: the last address in `header` (as a reverse proxy in front
/// appends it) when the server is configured to trust one, else the connection's peer.
pub(crate) fn client_address(req: &Request, header: Option<&str>) -> Option<IpAddr> {
    if let Some(name) = header
        && let Some(value) = req.headers().get(name).and_then(|v| v.to_str().ok())
        && let Some(last) = value.rsplit(',').next()
        && let Ok(ip) = last.trim().parse()
    {
        return Some(ip);
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

pub(crate) fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Sets up the [`Ctx`], runs the request, renders its error if it has one, and stamps the
/// request id on the response.
pub(crate) async fn request_context(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let (lang, asked) = lang_of(req.headers(), req.uri().query());
    let api = is_api_path(req.uri().path());
    let upload = matches!(
        req.uri().path(),
        "/import" | "/api/v1/imports" | "/timetable/import" | "/me/rehearsal"
    );
    let client = client_address(&req, state.config.client_ip_header.as_deref());
    let ctx = Ctx {
        request_id: new_request_id(state.app.random.as_ref()),
        lang,
        path_and_query: path_and_query(req.uri()),
        api,
        client,
    };
    req.extensions_mut().insert(ctx.clone());
    let signed_in = SignedIn::default();
    req.extensions_mut().insert(signed_in.clone());

    let mut response = next.run(req).await;

    if let Some(ErrorMark(err)) = response.extensions_mut().remove::<ErrorMark>() {
        if let (WebError::Forbidden(_), Some(user)) = (err.as_ref(), signed_in.0.get()) {
            crate::auth::audit::denied(&state, &ctx, user).await;
        }
        response = error::render(&err, &ctx, api);
    } else if let Some(err) = framework_rejection(&mut response, &state, upload).await {
        response = error::render(&err, &ctx, api);
    }
    if let Some(lang) = asked {
        let cookie = cookies::build(
            LANG_COOKIE,
            lang.code(),
            cookies::Options {
                http_only: false,
                secure: state.config.secure_cookies,
                max_age_secs: Some(365 * 24 * 3600),
            },
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    if let Ok(v) = HeaderValue::from_str(&ctx.request_id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, v);
    }
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// axum's own refusals (a body that does not parse, a wrong method, an oversized body) come
/// as plain text; they are turned into a [`WebError`] so they look like every other error.
async fn framework_rejection(
    response: &mut Response,
    state: &AppState,
    upload: bool,
) -> Option<WebError> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    let is_plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("text/plain"));
    if !is_plain {
        return None;
    }
    let body = std::mem::replace(response.body_mut(), Body::empty());
    let detail = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_owned(),
        Err(_) => String::new(),
    };
    Some(if status == StatusCode::PAYLOAD_TOO_LARGE && upload {
        WebError::TooLarge {
            limit: state.config.max_upload_bytes,
        }
    } else {
        WebError::Http { status, detail }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_the_peer_unless_a_proxy_header_is_trusted() {
        let mut req = Request::builder()
            .header("x-forwarded-for", "6.6.6.6, 10.0.0.5")
            .body(Body::empty())
            .unwrap_or_default();
        let peer: SocketAddr = "127.0.0.1:9000"
            .parse()
            .unwrap_or(SocketAddr::from(([0; 4], 0)));
        req.extensions_mut().insert(ConnectInfo(peer));
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        // Untrusted, the header is anyone's to write: the connection counts.
        assert_eq!(client_address(&req, None), ip("127.0.0.1"));
        // Behind the proxy, the address it appended (the last), not what the client claimed.
        assert_eq!(
            client_address(&req, Some("x-forwarded-for")),
            ip("10.0.0.5")
        );
        // A configured header that is missing or garbled falls back to the peer.
        assert_eq!(client_address(&req, Some("x-real-ip")), ip("127.0.0.1"));
        req.headers_mut()
            .insert("x-real-ip", HeaderValue::from_static("not an address"));
        assert_eq!(client_address(&req, Some("x-real-ip")), ip("127.0.0.1"));
    }

    #[test]
    fn query_beats_cookie() {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("lang=en"));
        assert_eq!(lang_of(&headers, None), (Lang::En, None));
        assert_eq!(
            lang_of(&headers, Some("q=1&lang=zh")),
            (Lang::Zh, Some(Lang::Zh))
        );
        assert_eq!(
            lang_of(&axum::http::HeaderMap::new(), None),
            (Lang::Zh, None)
        );
    }

    #[test]
    fn request_ids_differ() {
        let random = gradphoto_app::SeededRandom::new(5);
        assert_ne!(new_request_id(&random), new_request_id(&random));
        assert_eq!(new_request_id(&random).len(), 16);
    }
}
