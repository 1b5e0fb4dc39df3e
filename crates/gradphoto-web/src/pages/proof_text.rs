//! A proofreading answer in words, the same on the student's page and on the review page.

use gradphoto_domain::proof::{IssueKind, ProofIssue, ProofState};

use crate::i18n::Tr;
use crate::roster_fields;

/// The catalogue key of an answer's state (`None`: no answer yet).
pub(crate) fn state_key(state: Option<ProofState>) -> &'static str {
    match state {
        None => "proof.unseen",
        Some(ProofState::Confirmed) => "proof.confirmed",
        Some(ProofState::Disputed) => "proof.disputed",
    }
}

/// One problem a student reported: what, the value they proposed, their comment.
pub(crate) fn issue_text(t: Tr, i: &ProofIssue) -> String {
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
}
