//! The server-rendered pages: sign-in, the overview, the roster and the roster import; the
//! timetable, its published versions and the classes' progress on the day; at the venue, the
//! check-in desk, the capture stations and the board; the student's own page and the review
//! queue. Each handler checks the role,
//! asks the store, and renders a compile-checked template.

pub(crate) mod board;
pub(crate) mod classes;
pub(crate) mod desk;
pub(crate) mod exports;
pub(crate) mod fees;
pub(crate) mod frame_card;
pub(crate) mod frame_page;
pub(crate) mod frames;
pub(crate) mod import;
pub(crate) mod jobs;
pub(crate) mod layout;
pub(crate) mod login;
pub(crate) mod my_proof;
pub(crate) mod my_queue;
pub(crate) mod my_record;
pub(crate) mod orphans;
pub(crate) mod overview;
pub(crate) mod plan;
pub(crate) mod proof_text;
pub(crate) mod queue_chart;
pub(crate) mod rehearsal;
pub(crate) mod review;
pub(crate) mod review_actions;
pub(crate) mod review_student;
pub(crate) mod rule_pictures;
pub(crate) mod sim_form;
pub(crate) mod simulation;
pub(crate) mod stations;
pub(crate) mod students;
pub(crate) mod timetable;
pub(crate) mod timetable_import;
pub(crate) mod timetable_version;

use askama::Template;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};

use crate::AppState;
use crate::error::{WebError, not_found_msg};

pub(crate) fn routes(upload_limit: DefaultBodyLimit) -> Router<AppState> {
    Router::new()
        .route("/", get(overview::overview))
        .route("/campaign", post(overview::create_campaign))
        .route("/login", get(login::form).post(login::submit))
        .route("/login/student", post(login::submit_student))
        .route("/logout", post(login::logout))
        .route("/me/proof", post(my_proof::answer_form))
        .route("/me/photo.jpg", get(my_proof::photo))
        .route("/me/frames/{id}", get(my_proof::frame))
        .route("/me/queue", get(my_queue::place))
        .route("/me/rehearsal", post(rehearsal::submit).layer(upload_limit))
        .route("/students", get(students::list))
        .route("/students/{id}", get(students::detail))
        .route(
            "/import",
            get(import::form).post(import::upload).layer(upload_limit),
        )
        .route("/import/{id}/confirm", post(import::confirm))
        .route("/timetable", get(timetable::page))
        .route("/timetable/publish", post(timetable::publish_form))
        .route("/timetable/days", post(timetable::days_form))
        .route("/timetable/move", post(timetable::move_form))
        .route(
            "/timetable/import",
            post(timetable_import::upload).layer(upload_limit),
        )
        .route(
            "/timetable/import/{id}/confirm",
            post(timetable_import::confirm),
        )
        .route("/timetable/simulation", get(simulation::page))
        .route("/timetable/plan", get(plan::page))
        .route("/timetable/plan/apply", post(plan::apply_form))
        .route("/timetable/versions/{n}", get(timetable_version::page))
        .route("/timetable/versions/{n}/pdf", get(timetable_version::pdf))
        .route("/classes", get(classes::page))
        .route("/classes/events", get(classes::events))
        .route("/classes/not-come.xlsx", get(classes::not_come_xlsx))
        .route(
            "/classes/not-proofread.xlsx",
            get(classes::not_proofread_xlsx),
        )
        .route("/desk", get(desk::desk))
        .route("/stations", get(stations::picker))
        .route("/stations/{id}", get(stations::station))
        .route("/stations/{id}/actions", post(stations::act_form))
        .route(
            "/stations/{id}/frames",
            get(frames::panel_fragment)
                .post(frames::upload)
                .layer(upload_limit),
        )
        .route("/frames/{id}", get(frame_page::page))
        .route("/frames/{id}/decision", post(frames::decide_form))
        .route("/frames/{id}/{which}", get(frame_page::image))
        .route("/venues/{id}/orphans", get(orphans::tray))
        .route("/tickets/{id}/chip-photo", get(stations::chip_photo))
        .route("/board", get(board::pick))
        .route("/board/{id}", get(board::board))
        .route("/board/{id}/events", get(board::events))
        .route("/review", get(review::page))
        .route("/review/students/{id}", get(review_student::page))
        .route(
            "/review/students/{id}/reply",
            post(review_actions::reply_form),
        )
        .route(
            "/review/students/{id}/retake",
            post(review_actions::retake_form),
        )
        .route(
            "/review/students/{id}/correct",
            post(review_actions::correct_form),
        )
        .route(
            "/review/frames/{id}/rebind",
            post(review_actions::rebind_form),
        )
        .route(
            "/review/frames/{id}/override",
            post(review_actions::override_form),
        )
        .route("/exports", get(exports::page).post(exports::start))
        .route("/exports/{id}/download", get(exports::download_batch))
        .route("/exports/prints", post(exports::start_prints))
        .route(
            "/exports/prints/{id}/download",
            get(exports::download_prints),
        )
        .route("/fees", get(fees::page))
        .route("/fees.xlsx", get(fees::workbook))
        .route("/fees/payments", post(fees::add_payment))
        .route("/fees/exemptions", post(fees::add_exemption))
        .route("/fees/corrections", post(fees::add_correction))
        .route("/fees/deadline", post(fees::set_deadline))
        .route("/jobs", get(jobs::list))
        .route("/jobs/{id}", get(jobs::page))
        .route("/jobs/{id}/events", get(jobs::events))
        .route("/static/style.css", get(style))
        .route(
            "/static/desk.js",
            get(|| script(include_str!("../../static/desk.js"))),
        )
        .route(
            "/static/live.js",
            get(|| script(include_str!("../../static/live.js"))),
        )
        .route(
            "/static/board.js",
            get(|| script(include_str!("../../static/board.js"))),
        )
        .route(
            "/static/station.js",
            get(|| script(include_str!("../../static/station.js"))),
        )
        .route(
            "/static/frames.js",
            get(|| script(include_str!("../../static/frames.js"))),
        )
        .route(
            "/static/job.js",
            get(|| script(include_str!("../../static/job.js"))),
        )
        .route(
            "/static/me.js",
            get(|| script(include_str!("../../static/me.js"))),
        )
        .route("/static/rules/{name}", get(rule_pictures::picture))
        .route(
            "/static/rehearsal.js",
            get(|| script(include_str!("../../static/rehearsal.js"))),
        )
        .route(
            "/static/classes.js",
            get(|| script(include_str!("../../static/classes.js"))),
        )
}

/// Renders a page. Pages hold personal data, so no cache keeps them.
pub(crate) fn render(status: StatusCode, page: &impl Template) -> Result<Response, WebError> {
    let mut response = (status, Html(page.render()?)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

pub(crate) async fn not_found() -> WebError {
    WebError::NotFound(not_found_msg())
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/style.css"),
    )
        .into_response()
}

/// A file for the browser: shown in place (`inline`, a PDF) or saved (an XLSX), under its
/// Chinese name (RFC 6266 `filename*`), with `ascii_name` for clients that read only
/// `filename`. Like pages, never cached: the files hold personal data or change.
pub(crate) fn download(
    bytes: Vec<u8>,
    content_type: &'static str,
    inline: bool,
    ascii_name: &str,
    name: &str,
) -> Response {
    let disposition = format!(
        "{}; filename=\"{ascii_name}\"; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        url_encode(name)
    );
    let mut response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        bytes,
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// A workbook to download, named after what it lists and today's date.
pub(crate) fn dated_xlsx(state: &AppState, bytes: Vec<u8>, ascii: &str, zh: &str) -> Response {
    let day = gradphoto_domain::venue::shooting_day(state.app.clock.now());
    download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        false,
        &format!("{ascii}-{day}.xlsx"),
        &format!("{zh}-{day}.xlsx"),
    )
}

/// A live feed as a response: server-sent events with a keep-alive comment every
/// `keep_alive`, and nginx told not to hold them back in its buffer.
pub(crate) fn event_stream<S>(events: S, keep_alive: std::time::Duration) -> Response
where
    S: futures_util::Stream<Item = Result<axum::response::sse::Event, std::convert::Infallible>>
        + Send
        + 'static,
{
    use axum::response::sse::{KeepAlive, Sse};
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(keep_alive))
        .into_response();
    response.headers_mut().insert(
        "x-accel-buffering",
        axum::http::HeaderValue::from_static("no"),
    );
    response
}

/// A script of the pages: plain JavaScript written here, no third-party code.
async fn script(body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            // Short: a new version reaches the desks within minutes of a deploy.
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response()
}

/// Percent-encodes a query value (everything but the unreserved characters of RFC 3986).
pub(crate) fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A local path to go to after signing in; anything that could lead off the site is refused.
pub(crate) fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control())
        && !next.starts_with("/login")
        && !next.starts_with("/logout");
    ok.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding() {
        assert_eq!(url_encode("a b/计"), "a%20b%2F%E8%AE%A1");
    }

    #[test]
    fn next_stays_on_the_site() {
        assert_eq!(safe_next("/students?q=1"), Some("/students?q=1"));
        assert_eq!(safe_next("//evil.example"), None);
        assert_eq!(safe_next("https://evil.example"), None);
        assert_eq!(safe_next("/\\evil.example"), None);
    }
}
