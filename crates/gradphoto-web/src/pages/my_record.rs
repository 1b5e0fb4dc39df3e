//! The student's own page: their slot and venue by the published timetable, on the day their
//! place in the queue (kept current by `static/me.js`), their record as
//! the roster has it, and proofreading — the current photo, the answer given so far and the
//! forms to say "正确" or "有误" while the proof window is open ([`super::my_proof`] takes
//! them). A student sees only themselves: nothing here takes an id.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use gradphoto_app::proofreading::{self, StudentProof};
use gradphoto_app::queue_place::queue_place;
use gradphoto_domain::Campaign;
use gradphoto_domain::proof::{IssueKind, ProofState};
use gradphoto_domain::roster::Column;
use gradphoto_store::StudentView;

use super::frame_card::venue_time;
use super::layout::{Layout, Section};
use super::my_queue::{PlaceLine, place_line};
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
    let student = match current.user.student_id {
        Some(id) => state.app.repo.student(id).await?,
        None => None,
    };
    let (slot, queue, proof) = match &student {
        Some(s) => {
            let proof = proofreading::view(&state.app, s.student.campaign_id, s.student.id).await?;
            let queue = queue_place(&state.app, s.student.id).await?;
            (
                slot_note(state, s, t).await?,
                queue.map(|q| place_line(&t, &q)),
                Some(proof_block(t, &proof)),
            )
        }
        None => (SlotNote::NotPublished, None, None),
    };
    let full_id = student
        .as_ref()
        .and_then(|s| s.student.record.id_number.as_ref())
        .map(|id| id.as_str().to_owned());
    let fields = student
        .map(|s| roster_fields::rows(&s.student.record, t.lang(), false))
        .unwrap_or_default();
    let page = MyRecordPage {
        t,
        l: Layout::new(ctx, current, campaign, t.s("me.title"), Section::Overview),
        csrf: current.csrf_token.clone(),
        fields,
        full_id,
        slot,
        queue,
        proof,
    };
    render(StatusCode::OK, &page)
}

fn state_key(state: Option<ProofState>) -> &'static str {
    match state {
        None => "proof.unseen",
        Some(ProofState::Confirmed) => "proof.confirmed",
        Some(ProofState::Disputed) => "proof.disputed",
    }
}

fn proof_block(t: Tr, proof: &StudentProof) -> ProofBlock {
    let issue_text = |i: &gradphoto_domain::proof::ProofIssue| {
        let what = match i.kind {
            IssueKind::NotMyPhoto => t.s("proof.kind.not_my_photo").to_owned(),
            IssueKind::PhotoQuality => t.s("proof.kind.photo_quality").to_owned(),
            IssueKind::Field => format!(
                "{} → {}",
                roster_fields::field_label(i.field.as_deref().unwrap_or(""), t.lang()),
                i.proposed.as_deref().unwrap_or("")
            ),
        };
        if i.comment.is_empty() {
            what
        } else {
            format!("{what}（{}）", i.comment)
        }
    };
    ProofBlock {
        has_photo: proof.photo.is_some(),
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
                issues: p.issues.iter().map(issue_text).collect(),
            })
            .collect(),
    }
}

/// The student's slot and venue by the latest published version.
async fn slot_note(state: &AppState, s: &StudentView, t: Tr) -> Result<SlotNote, WebError> {
    let repo = &state.app.repo;
    let campaign = s.student.campaign_id;
    if let Some(slot) = repo.published_slot(campaign, s.student.class_id).await? {
        let policy = repo.timetable_policy(campaign).await?;
        return Ok(SlotNote::At {
            label: t.msg(&slot.time.label()).to_owned(),
            venue: slot.venue_name,
            arrive_early_min: policy.arrive_early_min,
        });
    }
    if repo.timetable_versions(campaign).await?.is_empty() {
        return Ok(SlotNote::NotPublished);
    }
    Ok(SlotNote::NoSlot {
        class: s.student.record.class_code.to_string(),
    })
}
