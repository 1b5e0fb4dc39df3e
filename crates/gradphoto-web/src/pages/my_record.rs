//! The student's own page, in words: what [`gradphoto_app::student_page`] reads — their slot
//! and venue by the published timetable, on the day their place in the queue (kept current by
//! `static/me.js`), their record as the roster has it (the ID number masked), and
//! proofreading — the current photo, the answer given so far and the forms to say "正确" or
//! "有误" while the proof window is open ([`super::my_proof`] takes them) — a retake the office
//! asked for, the office's replies, and the rules with the engine's pictures of them. A student sees only themselves: nothing here takes an
//! id.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_app::proofreading::StudentProof;
use gradphoto_app::student_page::{MySlot, my_page};
use gradphoto_domain::Campaign;
use gradphoto_domain::roster::Column;

use super::frame_card::venue_time;
use super::layout::{Layout, Section};
use super::my_queue::{PlaceLine, place_line};
use super::proof_text::{issue_text, state_key};
use super::render;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::context::Ctx;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::roster_fields::{self, FieldRow};

#[derive(Template)]
#[template(path = "my_record.html")]
struct MyRecordPage {
    t: Tr,
    l: Layout,
    csrf: String,
    /// The record, its ID number masked: a phone's screen is read over shoulders.
    fields: Vec<FieldRow>,
    /// The whole ID number, revealed on the student's tap.
    full_id: Option<String>,
    /// Where and when the student's class is shot, by the latest published version.
    slot: SlotNote,
    /// The student's place in today's queue, when they have a ticket today.
    queue: Option<PlaceLine>,
    proof: Option<ProofBlock>,
    /// The reason of a retake waiting for the student's next check-in.
    retake: Option<String>,
    /// The office's replies, newest first: `(when, who, text)`.
    replies: Vec<(String, String, String)>,
    /// The pictures of the rules: `(name, passes, caption key)`.
    pictures: &'static [(&'static str, bool, &'static str)],
}

/// What the student's page says about their slot.
enum SlotNote {
    /// No version published yet (or the account is not linked to a student).
    NotPublished,
    /// Published, but the class is in none of its slots.
    NoSlot { class: String },
    At {
        label: String,
        venue: String,
        arrive_early_min: u32,
    },
}

/// Proofreading as the page shows it.
struct ProofBlock {
    has_photo: bool,
    /// The student's frames: `(id, when, verdict badge class, label, current)`.
    frames: Vec<(i64, String, String, String, bool)>,
    /// `(opens, closes)`, when the campaign has a window.
    window: Option<(String, String)>,
    open: bool,
    may_answer: bool,
    state: &'static str,
    locked: bool,
    /// The fields a dispute may name: `(field name, label)`.
    choices: Vec<(&'static str, String)>,
    history: Vec<HistoryRow>,
}

struct HistoryRow {
    at: String,
    state: &'static str,
    issues: Vec<String>,
}

pub(crate) async fn page(
    state: &AppState,
    ctx: &Ctx,
    current: &CurrentUser,
    campaign: Option<&Campaign>,
) -> Result<Response, WebError> {
    let t = Tr::new(ctx.lang);
    let page_data = match current.user.student_id {
        Some(id) => my_page(&state.app, id).await?,
        None => None,
    };
    let mut retake = None;
    let mut replies = Vec::new();
    let (slot, queue, proof, full_id, fields) = match page_data {
        Some(p) => {
            retake = p.retake.map(|r| r.reason);
            replies = p
                .replies
                .into_iter()
                .map(|r| (venue_time(r.at, "%Y-%m-%d %H:%M"), r.by_label, r.body))
                .collect();
            let record = &p.student.student.record;
            (
                slot_note(t, p.slot),
                p.queue.map(|q| place_line(&t, &q)),
                Some(proof_block(t, &p.proof)),
                record.id_number.as_ref().map(|id| id.as_str().to_owned()),
                roster_fields::rows(record, t.lang(), false),
            )
        }
        None => (SlotNote::NotPublished, None, None, None, Vec::new()),
    };
    let page = MyRecordPage {
        t,
        l: Layout::new(ctx, current, campaign, t.s("me.title"), Section::Overview),
        csrf: current.csrf_token.clone(),
        fields,
        full_id,
        slot,
        queue,
        proof,
        retake,
        replies,
        pictures: &super::rule_pictures::PICTURES,
    };
    render(StatusCode::OK, &page)
}

fn proof_block(t: Tr, proof: &StudentProof) -> ProofBlock {
    let current = proof.photo.as_ref().map(|p| p.frame_id);
    ProofBlock {
        has_photo: proof.photo.is_some(),
        frames: proof
            .frames
            .iter()
            .map(|f| {
                let card = super::frame_card::FrameCard::new(f, t);
                let when = venue_time(f.arrived_at, "%Y-%m-%d %H:%M");
                (
                    f.id.0,
                    when,
                    card.overall,
                    card.state_label,
                    Some(f.id) == current,
                )
            })
            .collect(),
        window: proof
            .window
            .map(|w| (w.opens_on.to_string(), w.closes_on.to_string())),
        open: proof.open,
        may_answer: proof.may_answer(),
        state: state_key(proof.current().map(|p| p.state)),
        locked: proof.current().is_some_and(|p| p.locked),
        choices: Column::ALL
            .into_iter()
            .map(|c| (c.field_name(), roster_fields::label(c, t.lang())))
            .collect(),
        history: proof
            .answers
            .iter()
            .map(|p| HistoryRow {
                at: venue_time(p.at, "%Y-%m-%d %H:%M"),
                state: state_key(Some(p.state)),
                issues: p.issues.iter().map(|i| issue_text(t, i)).collect(),
            })
            .collect(),
    }
}

/// The student's slot in the page's words.
fn slot_note(t: Tr, slot: MySlot) -> SlotNote {
    match slot {
        MySlot::NotPublished => SlotNote::NotPublished,
        MySlot::NoSlot { class } => SlotNote::NoSlot { class },
        MySlot::At {
            time,
            venue,
            arrive_early_min,
        } => SlotNote::At {
            label: t.msg(&time.label()).to_owned(),
            venue,
            arrive_early_min,
        },
    }
}
