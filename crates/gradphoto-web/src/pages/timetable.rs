//! The timetable page. The office (admin) sees each venue's working timetable, sets the
//! shooting days, imports a timetable file ([`super::timetable_import`]), moves a class to
//! another slot and publishes the next version; the crew (operator) sees the same, read-only.
//! College roles see only what was published: the list of versions and, from there, the
//! latest notice and the changes of their colleges ([`super::timetable_version`]).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, NaiveTime};
use gradphoto_app::timetable::moves::move_class;
use gradphoto_app::timetable::{publish, set_days};
use gradphoto_domain::timetable::slot_time::hm;
use gradphoto_domain::{Msg, Role, VenueId};
use serde::Deserialize;

use super::frame_card::venue_time;
use super::layout::{Layout, Section};
use super::render;
use crate::AppState;
use crate::auth::session::actor;
use crate::auth::{CurrentUser, DESK_ROLES, ROSTER_ROLES, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::venues::{current_venues, venue};

#[derive(Template)]
#[template(path = "timetable.html")]
struct TimetablePage {
    t: Tr,
    l: Layout,
    csrf: String,
    is_admin: bool,
    /// Admins and operators see the working timetable; college roles only what is published.
    working: bool,
    days: String,
    venues: Vec<VenueBlock>,
    versions: Vec<VersionRow>,
    /// `venue|date|start` → label, for the move form.
    slot_choices: Vec<(String, String)>,
    class_codes: Vec<String>,
    max_mb: usize,
}

struct VenueBlock {
    id: i64,
    name: String,
    slots: Vec<SlotRow>,
}

struct SlotRow {
    label: String,
    classes: Vec<ClassCell>,
    students: i64,
}

struct ClassCell {
    code: String,
    college: String,
    pinned: bool,
}

struct VersionRow {
    number: i64,
    published_at: String,
    published_by: String,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
) -> Result<Response, WebError> {
    let user = &current.user;
    require(user, &ROSTER_ROLES)?;
    let t = Tr::new(ctx.lang);
    let (campaign, all_venues) = current_venues(&state).await?;
    let repo = &state.app.repo;
    let working = DESK_ROLES.contains(&user.role);
    let mut venues = Vec::new();
    let mut slot_choices = Vec::new();
    if working {
        for v in &all_venues {
            let slots = repo.slots(v.id).await?;
            for s in &slots {
                let label = t.msg(&s.time.label()).to_owned();
                let label = if all_venues.len() > 1 {
                    format!("{} · {label}", v.name)
                } else {
                    label
                };
                slot_choices.push((
                    format!("{}|{}|{}", v.id, s.time.date, hm(s.time.start)),
                    label,
                ));
            }
            venues.push(VenueBlock {
                id: v.id.0,
                name: v.name.clone(),
                slots: slots
                    .iter()
                    .map(|s| SlotRow {
                        label: t.msg(&s.time.label()).to_owned(),
                        students: s.classes.iter().map(|c| c.students).sum(),
                        classes: s
                            .classes
                            .iter()
                            .map(|c| ClassCell {
                                code: c.code.clone(),
                                college: c.college_name.clone().unwrap_or_default(),
                                pinned: c.pinned,
                            })
                            .collect(),
                    })
                    .collect(),
            });
        }
    }
    let class_codes = if user.role == Role::Admin {
        repo.classes(campaign.id)
            .await?
            .into_iter()
            .map(|c| c.code)
            .collect()
    } else {
        Vec::new()
    };
    let days: Vec<String> = repo
        .campaign_days(campaign.id)
        .await?
        .iter()
        .map(NaiveDate::to_string)
        .collect();
    let versions = repo
        .timetable_versions(campaign.id)
        .await?
        .into_iter()
        .map(|v| VersionRow {
            number: v.number,
            published_at: venue_time(v.published_at, "%Y-%m-%d %H:%M"),
            published_by: v.published_by,
        })
        .collect();
    let page = TimetablePage {
        t,
        l: Layout::new(
            &ctx,
            &current,
            Some(&campaign),
            t.s("timetable.title"),
            Section::Timetable,
        ),
        csrf: current.csrf_token.clone(),
        is_admin: user.role == Role::Admin,
        working,
        days: days.join(", "),
        venues,
        versions,
        slot_choices,
        class_codes,
        max_mb: state.config.max_upload_bytes.div_ceil(1024 * 1024),
    };
    render(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub(crate) struct PublishForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// Publishes the working timetable as the next version and shows that version, whose page
/// lists the changes since the one before.
pub(crate) async fn publish_form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(form): Form<PublishForm>,
) -> Result<Response, WebError> {
    current.check_form_csrf(&form.csrf)?;
    require(&current.user, &[Role::Admin])?;
    let (campaign, _) = current_venues(&state).await?;
    let published = publish(&state.app, campaign.id, &actor(&current.user, &ctx)).await?;
    Ok(Redirect::to(&format!("/timetable/versions/{}", published.info.number)).into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct DaysForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    days: String,
}

/// Sets the shooting days from `2023-03-01, 2023-03-02` (commas, spaces or 、 between).
pub(crate) async fn days_form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(form): Form<DaysForm>,
) -> Result<Response, WebError> {
    current.check_form_csrf(&form.csrf)?;
    require(&current.user, &[Role::Admin])?;
    let (campaign, _) = current_venues(&state).await?;
    let days = form
        .days
        .split([',', '，', '、', ' ', '\n', ';', '；'])
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| WebError::Invalid {
                field: "days",
                msg: Msg::new(
                    format!("拍摄日期“{d}”无法识别，请写作 2023-03-01"),
                    format!("the shooting day \"{d}\" is not recognised: write it as 2023-03-01"),
                ),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    set_days(&state.app, campaign.id, &days, &actor(&current.user, &ctx)).await?;
    Ok(Redirect::to("/timetable").into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct MoveForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    class: String,
    /// `venue|date|start`, as the page's choices give it.
    #[serde(default)]
    slot: String,
}

/// Moves a class to another slot of the working timetable (audited); published versions
/// stay as they are until the next is published.
pub(crate) async fn move_form(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
    Form(form): Form<MoveForm>,
) -> Result<Response, WebError> {
    current.check_form_csrf(&form.csrf)?;
    require(&current.user, &[Role::Admin])?;
    let bad_slot = || WebError::Invalid {
        field: "slot",
        msg: Msg::new("请选择要移入的时段", "choose the slot to move the class to"),
    };
    let mut parts = form.slot.split('|');
    let (Some(v), Some(d), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad_slot());
    };
    let venue_id = VenueId(v.parse().map_err(|_| bad_slot())?);
    let date = NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| bad_slot())?;
    let start = NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| bad_slot())?;
    let venue = venue(&state, venue_id).await?;
    move_class(
        &state.app,
        &venue,
        form.class.trim(),
        date,
        start,
        &actor(&current.user, &ctx),
    )
    .await?;
    Ok(Redirect::to("/timetable").into_response())
}
