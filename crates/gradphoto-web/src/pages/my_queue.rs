//! The student's place in today's queue on their page, and `GET /me/queue`, which the page
//! polls to keep it current ([`gradphoto_app::queue_place`]). Only the signed-in student's own
//! ticket: nothing here takes an id.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use gradphoto_app::queue_place::{QueuePlace, queue_place};
use gradphoto_domain::{Role, TicketState};
use serde::Serialize;

use crate::AppState;
use crate::auth::{CurrentUser, require};
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;

/// The place as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PlaceLine {
    pub number: String,
    pub line: String,
    pub state: &'static str,
    pub ahead: i64,
}

pub(crate) fn place_line(t: &Tr, place: &QueuePlace) -> PlaceLine {
    let line = match place.state {
        TicketState::Waiting if place.ahead == 0 => t.s("myqueue.next").to_owned(),
        TicketState::Waiting => {
            let mut line = t.f("myqueue.ahead", place.ahead);
            if let Some(m) = place.minutes {
                line.push_str(&t.f("myqueue.about", m.ceil().max(1.0)));
            }
            line
        }
        TicketState::Called => match &place.station {
            Some(name) => t.f("myqueue.called", name),
            None => t.s("myqueue.called_somewhere").to_owned(),
        },
        TicketState::Done => t.s("myqueue.done").to_owned(),
        TicketState::Skipped | TicketState::Void => t.s("myqueue.skipped").to_owned(),
    };
    PlaceLine {
        number: t.f("myqueue.number", place.seq),
        line,
        state: place.state.code(),
        ahead: place.ahead,
    }
}

/// `GET /me/queue`: the student's place now, `null` without a ticket today.
pub(crate) async fn place(
    State(state): State<AppState>,
    ctx: Ctx,
    current: CurrentUser,
) -> Result<Response, WebError> {
    require(&current.user, &[Role::Student])?;
    let t = Tr::new(ctx.lang);
    let place = match current.user.student_id {
        Some(id) => queue_place(&state.app, id).await?,
        None => None,
    };
    Ok(Json(place.map(|p| place_line(&t, &p))).into_response())
}
