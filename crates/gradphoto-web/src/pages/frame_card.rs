//! A frame as the pages show it — thumbnail, verdict badge, state, when and how it arrived —
//! on the station's panel, in the orphan tray, on a student's page and on its own page.

use chrono::{DateTime, Utc};
use gradphoto_domain::{Frame, FrameState};

use crate::i18n::Tr;

/// A frame as a card on a page.
pub(crate) struct FrameCard {
    pub id: i64,
    pub state: &'static str,
    pub state_label: String,
    pub overall: String,
    pub overall_label: String,
    pub reason: String,
    pub source: String,
    pub name: String,
    pub arrived: String,
    pub decided_reason: String,
    pub bound: bool,
    pub open: bool,
}

/// Times at the venue are Beijing time.
pub(crate) fn venue_time(t: DateTime<Utc>, format: &str) -> String {
    (t + chrono::Duration::hours(8))
        .naive_utc()
        .format(format)
        .to_string()
}

/// The badge text of a verdict (overall, or one rule's status).
pub(crate) fn overall_label(t: Tr, overall: &str) -> String {
    let key = match overall {
        "pass" => "frame.pass",
        "warn" => "frame.warn",
        "fail" => "frame.fail",
        "skip" => "frame.skip",
        _ => "frame.unjudged",
    };
    t.s(key).to_owned()
}

impl FrameCard {
    pub(crate) fn new(f: &Frame, t: Tr) -> Self {
        let lang = t.lang().code();
        let (overall, reason) = match &f.verdict {
            Some(v) => (v.overall.clone(), v.reason.get(lang).to_owned()),
            None => ("none".to_owned(), String::new()),
        };
        Self {
            id: f.id.0,
            state: f.state.code(),
            state_label: f.state.label().get(lang).to_owned(),
            overall_label: overall_label(t, &overall),
            overall,
            reason,
            source: f.source.label().get(lang).to_owned(),
            name: f.original_name.clone().unwrap_or_default(),
            arrived: venue_time(f.arrived_at, "%H:%M:%S"),
            decided_reason: f.decided_reason.clone().unwrap_or_default(),
            bound: f.ticket_id.is_some(),
            open: matches!(f.state, FrameState::Bound | FrameState::Orphan),
        }
    }
}
