//! The capture stations: a picker (`/stations`) and each station's page, where the operator
//! calls the next number, sees who was called — full name, class, 学号, masked ID number and
//! the ID card's chip photo — to confirm the person in the chair, and finishes, skips, recalls,
//! calls out of order (with a reason) or puts a ticket back for a retake. Every action is a
//! form with the CSRF token; the store audits it.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gradphoto_app::station::{act, expect_called, ticket_of};
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{Msg, Station, TicketId, TicketState, Venue};
use gradphoto_store::{BoardSnapshot, StoreError, TicketView};
use serde::Deserialize;

use super::layout::{Layout, Section};
use super::render;
use crate::AppState;
use crate::api::dto::TicketCardDto;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, DESK_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::station_actions::{ActionName, station_action};
use crate::venues::{current_venues, station_by_path, ticket_by_path};

#[derive(Template)]
#[template(path = "stations.html")]
struct PickerPage {
    t: Tr,
    l: Layout,
    venues: Vec<(Venue, Vec<Station>)>,
}

pub(crate) async fn picker(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let (campaign, venues) = current_venues(&state).await?;
    let mut listed = Vec::with_capacity(venues.len());
    for v in venues {
        let stations = state.app.repo.stations(v.id).await?;
        listed.push((v, stations));
    }
    let t = Tr::new(ctx.lang);
    let l = Layout::new(
        &ctx,
        &current,
        Some(&campaign),
        t.s("stations.title"),
        Section::Stations,
    );
    render(
        StatusCode::OK,
        &PickerPage {
            t,
            l,
            venues: listed,
        },
    )
}

#[derive(Template)]
#[template(path = "station.html")]
struct StationPage {
    t: Tr,
    l: Layout,
    csrf: String,
    station: Station,
    venue: Venue,
    error: Option<String>,
    called: Option<Identity>,
    board: BoardSnapshot,
    next: Vec<TicketCardDto>,
    skipped: Vec<TicketCardDto>,
    /// The ticket this station just finished, offered for a retake.
    last_done: Option<TicketCardDto>,
    /// What the page shows of the queue, for the script to notice a change.
    signature: String,
    /// The frames panel ([`super::frames::panel`]), rendered on its own so the script can
    /// refresh it alone.
    frames_html: String,
}

/// The called student, as the operator checks them.
struct Identity {
    ticket_id: i64,
    seq: i64,
    name: String,
    class_code: String,
    student_no: String,
    id_number: Option<String>,
    credential: String,
    has_chip_photo: bool,
}

impl Identity {
    fn new(v: &TicketView, t: Tr) -> Self {
        let r = &v.student.student.record;
        Self {
            ticket_id: v.ticket.id.0,
            seq: v.ticket.seq,
            name: r.name.clone(),
            class_code: r.class_code.as_str().to_owned(),
            student_no: r.student_no.as_str().to_owned(),
            id_number: r.id_number.as_ref().map(|id| id.masked()),
            credential: t.msg(&v.ticket.credential.label()).to_owned(),
            has_chip_photo: v.has_chip_photo,
        }
    }
}

/// The same text `static/station.js` builds from an event, so it can tell a real change.
fn signature(station: &Station, b: &BoardSnapshot) -> String {
    let ids = |cards: &[gradphoto_store::TicketCard]| {
        cards
            .iter()
            .map(|c| c.id.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let current = b
        .stations
        .iter()
        .find(|s| s.id == station.id)
        .and_then(|s| s.current.as_ref())
        .map_or_else(String::new, |c| c.id.to_string());
    format!("{current}|{}|{}", ids(&b.next), ids(&b.skipped))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct StationParams {
    #[serde(default)]
    done: String,
}

async fn show(
    state: &AppState,
    ctx: &Ctx,
    current: &CurrentUser,
    (station, venue): (Station, Venue),
    done: Option<TicketId>,
    error: Option<(StatusCode, String)>,
) -> Result<Response, WebError> {
    let t = Tr::new(ctx.lang);
    let board = state
        .app
        .repo
        .board(venue.id, shooting_day(state.app.clock.now()))
        .await?;
    let called_id = board
        .stations
        .iter()
        .find(|s| s.id == station.id)
        .and_then(|s| s.current.as_ref())
        .map(|c| c.id);
    let called = match called_id {
        Some(id) => state
            .app
            .repo
            .ticket(id)
            .await?
            .map(|v| Identity::new(&v, t)),
        None => None,
    };
    let last_done = match done {
        Some(id) => state.app.repo.ticket(id).await?.filter(|v| {
            v.ticket.state == TicketState::Done
                && v.ticket.station_id == Some(station.id)
                && v.ticket.day == board.day
        }),
        None => None,
    };
    let (status, error) = match error {
        Some((status, message)) => (status, Some(message)),
        None => (StatusCode::OK, None),
    };
    let campaign = state.app.repo.campaign(venue.campaign_id).await?;
    let frames_html = super::frames::panel(
        state,
        t,
        &current.csrf_token,
        &station,
        called.as_ref().map(|c| (TicketId(c.ticket_id), c.seq)),
    )
    .await?;
    let l = Layout::new(
        ctx,
        current,
        campaign.as_ref(),
        &station.name,
        Section::Stations,
    );
    let page = StationPage {
        t,
        l,
        csrf: current.csrf_token.clone(),
        signature: signature(&station, &board),
        next: board.next.iter().map(TicketCardDto::from).collect(),
        skipped: board.skipped.iter().map(TicketCardDto::from).collect(),
        last_done: last_done.map(|v| {
            let r = &v.student.student.record;
            TicketCardDto {
                id: v.ticket.id.0,
                seq: v.ticket.seq,
                masked_name: gradphoto_domain::ticket::mask_name(&r.name),
                class_code: r.class_code.as_str().to_owned(),
                state: v.ticket.state.code().to_owned(),
                station_id: v.ticket.station_id.map(|s| s.0),
                priority: v.ticket.priority,
            }
        }),
        station,
        venue,
        error,
        called,
        board,
        frames_html,
    };
    render(status, &page)
}

pub(crate) async fn station(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
    Query(p): Query<StationParams>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let place = station_by_path(&state, &id).await?;
    let done = p.done.trim().parse().ok().map(TicketId);
    show(&state, &ctx, &current, place, done, None).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct ActionForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    ticket_id: String,
    #[serde(default)]
    reason: String,
    /// A credential naming the ticket instead of `ticket_id` (a number not on the screen).
    #[serde(default)]
    credential: String,
}

/// Runs the form's action. For finish and skip the form names the ticket the page showed, and
/// the action is refused if the station has called another one since (another tab, another
/// person): an operator must never finish a student they did not see.
async fn run(
    state: &AppState,
    ctx: &Ctx,
    current: &CurrentUser,
    (station, venue): (&Station, &Venue),
    form: &ActionForm,
) -> Result<Option<TicketId>, WebError> {
    let name = ActionName::parse(&form.action)?;
    let ticket = if !form.credential.trim().is_empty() {
        Some(ticket_of(&state.app, venue, &form.credential).await?)
    } else {
        match form.ticket_id.trim() {
            "" => None,
            raw => Some(TicketId(raw.parse().map_err(|_| WebError::Invalid {
                field: "ticket_id",
                msg: Msg::new(
                    format!("号码“{raw}”无效"),
                    format!("\"{raw}\" is no ticket"),
                ),
            })?)),
        }
    };
    if matches!(name, ActionName::Finish | ActionName::Skip)
        && let Some(expected) = ticket
    {
        expect_called(&state.app, station, expected).await?;
    }
    let action = station_action(name, ticket, Some(&form.reason))?;
    act(&state.app, station, &action, &actor(&current.user, ctx)).await?;
    Ok(ticket.filter(|_| name == ActionName::Finish))
}

pub(crate) async fn act_form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, WebError> {
    current.check_form_csrf(&form.csrf)?;
    require(&current.user, &DESK_ROLES)?;
    let (station, venue) = station_by_path(&state, &id).await?;
    match run(&state, &ctx, &current, (&station, &venue), &form).await {
        Ok(finished) => {
            let mut target = format!("/stations/{}", station.id);
            if let Some(done) = finished {
                target.push_str(&format!("?done={done}"));
            }
            Ok(Redirect::to(&target).into_response())
        }
        // Refusals a person can act on are shown on the station page itself.
        Err(
            e @ (WebError::Store(StoreError::Rejected(_) | StoreError::NotFound(_))
            | WebError::Invalid { .. }),
        ) => {
            let message = e.msg(&ctx.request_id).get(ctx.lang.code()).to_owned();
            let error = Some((e.status(), message));
            show(&state, &ctx, &current, (station, venue), None, error).await
        }
        Err(e) => Err(e),
    }
}

/// The chip photo a card reader gave with the ticket: personal data, so never cached.
pub(crate) async fn chip_photo(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    require(&current.user, &DESK_ROLES)?;
    let view = ticket_by_path(&state, &id).await?;
    let (mime, bytes) = state
        .app
        .repo
        .chip_photo(view.ticket.id)
        .await?
        .ok_or_else(|| {
            WebError::NotFound(Msg::new(
                "该号没有证件照片（未使用读卡器签到）",
                "this ticket has no card photo (not checked in with a card reader)",
            ))
        })?;
    let mime = match mime.as_str() {
        "image/bmp" | "image/jpeg" | "image/png" => mime,
        _ => "application/octet-stream".to_owned(),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&mime) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
