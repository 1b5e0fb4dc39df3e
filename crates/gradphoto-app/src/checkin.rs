//! Checking a student in at the desk: a credential (typed, scanned or read from the ID card)
//! resolves to exactly one student of the campaign, who gets the venue's next 拍摄序号 and a
//! personal proof code. The desk page (through the API), the card-reader bridge and any later
//! caller all go through [`check_in`], as every roster import goes through
//! [`crate::roster::import_roster`].
//!
//! What can come of it is a [`CheckinOutcome`]: a ticket, the ticket the student already holds
//! today, or something the operator must settle first (a name that differs from the roster, a
//! collection code not yet linked to anyone, a credential nobody on the roster holds).

use gradphoto_domain::ticket::{mask_name, proof_code};
use gradphoto_domain::timetable::Due;
use gradphoto_domain::timetable::due::Admission;
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{ChsiCode, Credential, CredentialKind, Msg, Ticket, Venue};
use gradphoto_store::{Actor, IssueRequest, NameMismatch, OutsideSlotNote, StudentView};
use sha2::{Digest, Sha256};

use crate::App;
use crate::error::{AppError, Result};
use crate::timetable::due_now;

/// The longest re-issue reason kept.
const MAX_REASON_CHARS: usize = 200;

/// The ID card chip's photo as the reader gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipPhoto {
    /// `image/bmp`, `image/jpeg` or `image/png`, from the bytes themselves.
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// One check-in attempt at a venue's desk.
#[derive(Debug, Clone)]
pub struct CheckinRequest {
    pub venue: Venue,
    pub credential: Credential,
    /// The name on the ID card, when a reader read one.
    pub card_name: Option<String>,
    pub chip_photo: Option<ChipPhoto>,
    /// The operator has seen that the card's name differs from the roster's and vouches for
    /// the person.
    pub acknowledge_name_mismatch: bool,
    /// Void the student's ticket of today and issue a new number, for this reason.
    pub reissue_reason: Option<String>,
    /// The student's class is not due and the policy refuses: the operator lets the student
    /// through anyway, for this reason (audited).
    pub slot_override_reason: Option<String>,
}

#[derive(Debug, Clone)]
pub enum CheckinOutcome {
    /// A new number. The proof code exists only here: the database keeps its hash.
    Issued {
        ticket: Ticket,
        student: StudentView,
        proof_code: String,
        /// The student's earlier ticket of today was voided for this one.
        reissued: bool,
        /// The student already has an accepted photo: this visit is a retake, the desk warns.
        has_photo: bool,
        /// When the class is due by the published timetable (`None` before the first is
        /// published).
        due: Option<Due>,
        /// The class is not due and the policy warns: the desk shows this large.
        slot_warning: Option<Msg>,
    },
    /// The class is not due and the policy refuses: no number was issued. The operator may
    /// override with a reason.
    NotDue {
        student: StudentView,
        due: Due,
        message: Msg,
    },
    /// The student already holds this ticket today; no number was used up.
    Existing {
        ticket: Ticket,
        student: StudentView,
    },
    /// The name on the card is not the roster's: the operator must check the person and
    /// acknowledge before a number is issued.
    NameMismatch {
        student: StudentView,
        card_name: String,
    },
    /// A 学信网 collection code seen for the first time: the operator links it to a student.
    NeedsLink { code: ChsiCode },
    /// No student of the campaign holds this credential.
    Unknown { kind: CredentialKind },
}

impl CheckinOutcome {
    /// `issued`, `existing`, `name_mismatch`, `needs_link` or `unknown`.
    pub fn code(&self) -> &'static str {
        match self {
            CheckinOutcome::Issued { .. } => "issued",
            CheckinOutcome::Existing { .. } => "existing",
            CheckinOutcome::NameMismatch { .. } => "name_mismatch",
            CheckinOutcome::NeedsLink { .. } => "needs_link",
            CheckinOutcome::Unknown { .. } => "unknown",
            CheckinOutcome::NotDue { .. } => "not_due",
        }
    }

    /// What the desk tells the operator.
    pub fn message(&self, credential: &Credential) -> Msg {
        let mut msg = self.message_alone(credential);
        if let CheckinOutcome::Issued {
            has_photo,
            slot_warning,
            ..
        } = self
        {
            if *has_photo {
                msg = Msg::new(
                    format!("{}。注意：该生已有采用的照片，本次为重拍", msg.zh),
                    format!(
                        "{}. Note: this student already has an accepted photo; this is a retake",
                        msg.en
                    ),
                );
            }
            if let Some(warning) = slot_warning {
                msg = Msg::new(
                    format!("{}。{}", msg.zh, warning.zh),
                    format!("{}. {}", msg.en, warning.en),
                );
            }
        }
        msg
    }

    fn message_alone(&self, credential: &Credential) -> Msg {
        match self {
            CheckinOutcome::Issued {
                ticket,
                reissued: false,
                ..
            } => Msg::new(
                format!("已发号：第 {} 号", ticket.seq),
                format!("Issued number {}", ticket.seq),
            ),
            CheckinOutcome::Issued { ticket, .. } => Msg::new(
                format!("已补发新号：第 {} 号，原来的号已作废", ticket.seq),
                format!(
                    "Re-issued: number {}; the earlier number is void",
                    ticket.seq
                ),
            ),
            CheckinOutcome::Existing { ticket, student } => {
                let state = ticket.state.label();
                let who = mask_name(&student.student.record.name);
                Msg::new(
                    format!(
                        "{who} 今天已领取第 {} 号（{}），未重复发号。如确需补发新号，请填写原因后补发",
                        ticket.seq, state.zh
                    ),
                    format!(
                        "{who} already holds number {} today ({}); no second number was issued. To issue a new one, give a reason and re-issue",
                        ticket.seq, state.en
                    ),
                )
            }
            CheckinOutcome::NameMismatch { student, card_name } => {
                let roster = &student.student.record.name;
                Msg::new(
                    format!(
                        "身份证上的姓名“{card_name}”与花名册中的“{roster}”不一致。请核对本人后确认，再发号"
                    ),
                    format!(
                        "The name on the card, \"{card_name}\", differs from the roster's \"{roster}\". Check the person, then confirm to issue a number"
                    ),
                )
            }
            CheckinOutcome::NeedsLink { .. } => Msg::new(
                "这个学信网采集码还没有关联学生：请按姓名或学号查找该生并关联，关联后自动发号",
                "This CHSI collection code is not linked to a student yet: find the student by name or student number and link it; the number is issued then",
            ),
            CheckinOutcome::Unknown { .. } => unknown_msg(credential),
            CheckinOutcome::NotDue { message, .. } => message.clone(),
        }
    }
}

fn unknown_msg(credential: &Credential) -> Msg {
    let advice_zh = "请改用其他证件（身份证、学信网采集码或学号）签到，或请学院核对花名册";
    let advice_en = "check in with another credential (ID card, CHSI code or student number), or ask the college to check the roster";
    match credential {
        Credential::IdNumber(id) => Msg::new(
            format!("花名册中没有身份证号为 {} 的学生。{advice_zh}", id.masked()),
            format!(
                "No student on the roster has the ID number {}: {advice_en}",
                id.masked()
            ),
        ),
        Credential::StudentNo(no) => Msg::new(
            format!("花名册中没有学号为 {} 的学生。{advice_zh}", no.as_str()),
            format!(
                "No student on the roster has the student number {}: {advice_en}",
                no.as_str()
            ),
        ),
        Credential::ChsiCode(_) => Msg::new(
            format!("这个学信网采集码没有关联学生。{advice_zh}"),
            format!("This CHSI code is linked to no student: {advice_en}"),
        ),
    }
}

/// Names as people and card readers write them: spaces dropped, the many middle dots of
/// minority names (阿依古丽·买买提) made one, Latin letters compared without case.
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '•' | '・' | '．' | '.' | '‧' | '∙' => '·',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

/// What the audit log keeps of a credential nobody holds: its kind, and of an ID number only
/// the masked form (the log is read by more people than the roster's ID column is).
fn unknown_audit(credential: &Credential) -> serde_json::Value {
    match credential {
        Credential::IdNumber(id) => {
            serde_json::json!({ "kind": "resident_id", "id_number_masked": id.masked() })
        }
        Credential::StudentNo(no) => {
            serde_json::json!({ "kind": "student_no", "student_no": no.as_str() })
        }
        Credential::ChsiCode(_) => serde_json::json!({ "kind": "chsi_code" }),
    }
}

fn reissue_reason(raw: Option<&str>) -> Result<Option<String>> {
    reason(
        raw,
        "reissue_reason",
        Msg::new(
            "补发新号需要填写原因（例如：小票丢失）",
            "Re-issuing a number needs a reason (for example: receipt lost)",
        ),
    )
}

fn slot_override_reason(raw: Option<&str>) -> Result<Option<String>> {
    reason(
        raw,
        "slot_override_reason",
        Msg::new(
            "不在时段内放行需要填写原因（例如：学院统一调整时间）",
            "Letting a student through outside the slot needs a reason (for example: the college moved its time)",
        ),
    )
}

/// A reason an operator typed: trimmed, not empty, not too long.
fn reason(raw: Option<&str>, field: &'static str, needed: Msg) -> Result<Option<String>> {
    let Some(raw) = raw else { return Ok(None) };
    let reason = raw.trim();
    if reason.is_empty() {
        return Err(AppError::invalid(field, needed));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::invalid(
            field,
            Msg::new(
                format!("补发原因不超过 {MAX_REASON_CHARS} 个字"),
                format!("The reason may be at most {MAX_REASON_CHARS} characters"),
            ),
        ));
    }
    Ok(Some(reason.to_owned()))
}

/// Checks a student in: resolves the credential, settles what must be settled, and issues the
/// next number of the venue's day (or returns the student's ticket of today).
pub async fn check_in(app: &App, req: CheckinRequest, actor: &Actor) -> Result<CheckinOutcome> {
    let repo = app.repo.as_ref();
    let now = app.clock.now();
    let reissue_reason = reissue_reason(req.reissue_reason.as_deref())?;
    let override_reason = slot_override_reason(req.slot_override_reason.as_deref())?;
    let Some(student) = repo
        .resolve_credential(req.venue.campaign_id, &req.credential)
        .await?
    else {
        let subject = format!("venue:{}", req.venue.id);
        let attempt = unknown_audit(&req.credential);
        repo.append_audit(
            actor,
            "checkin.unknown",
            &subject,
            None,
            Some(&attempt),
            now,
        )
        .await?;
        return Ok(match req.credential {
            Credential::ChsiCode(code) => CheckinOutcome::NeedsLink { code },
            other => CheckinOutcome::Unknown { kind: other.kind() },
        });
    };
    let mismatch = req
        .card_name
        .filter(|card| !same_name(card, &student.student.record.name));
    if let Some(card_name) = &mismatch
        && !req.acknowledge_name_mismatch
    {
        return Ok(CheckinOutcome::NameMismatch {
            student,
            card_name: card_name.clone(),
        });
    }
    // Whether the class is due now, by the published timetable. A student who already holds
    // today's ticket gets it back whatever the time: only a new number is held to the slot.
    let day = shooting_day(now);
    let holds_ticket =
        reissue_reason.is_none() && repo.live_ticket(student.student.id, day).await?.is_some();
    let check = due_now(app, &student).await?;
    let (slot_warning, outside_slot) = match check.admission(override_reason.as_deref()) {
        _ if holds_ticket => (None, None),
        Admission::Admit { warning } => {
            let note = warning.as_ref().map(|_| outside_note(&check.due, None));
            (warning, note)
        }
        Admission::Overridden { reason } => (None, Some(outside_note(&check.due, Some(reason)))),
        Admission::Refuse { message } => {
            return Ok(CheckinOutcome::NotDue {
                student,
                due: check.due,
                message,
            });
        }
    };
    let due = check.published.then_some(check.due);
    let has_photo = repo.current_photo(student.student.id).await?.is_some();
    let proof = proof_code(app.random.bytes());
    let reissued = reissue_reason.is_some();
    let issued = repo
        .issue_ticket(
            &IssueRequest {
                venue_id: req.venue.id,
                day,
                student_id: student.student.id,
                credential: req.credential.kind(),
                proof_hash: hex::encode(Sha256::digest(proof.as_bytes())),
                chip_photo: req.chip_photo.map(|p| (p.mime.to_owned(), p.bytes)),
                reissue_reason,
                // Recorded with the ticket, in its transaction, when one is issued.
                name_mismatch: mismatch.map(|card_name| NameMismatch {
                    card_name,
                    roster_name: student.student.record.name.clone(),
                }),
                outside_slot,
            },
            actor,
            now,
        )
        .await?;
    if issued.existing {
        return Ok(CheckinOutcome::Existing {
            ticket: issued.ticket,
            student,
        });
    }
    app.events.notify(req.venue.id);
    Ok(CheckinOutcome::Issued {
        ticket: issued.ticket,
        student,
        proof_code: proof,
        reissued,
        has_photo,
        due,
        slot_warning,
    })
}

fn outside_note(due: &Due, override_reason: Option<String>) -> OutsideSlotNote {
    OutsideSlotNote {
        due: due.code().to_owned(),
        slot: due.slot().map(|s| s.label().zh),
        override_reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_as_people_write_them() {
        assert!(same_name("阿依古丽·买买提", "阿依古丽•买买提"));
        assert!(same_name("张 三", "张三"));
        assert!(same_name("John SMITH", "john smith"));
        assert!(!same_name("张三", "张山"));
    }

    #[test]
    fn a_reissue_needs_a_reason() {
        assert!(matches!(
            reissue_reason(Some("  ")),
            Err(AppError::Invalid {
                field: "reissue_reason",
                ..
            })
        ));
        assert_eq!(
            reissue_reason(Some(" 小票丢失 ")).ok().flatten().as_deref(),
            Some("小票丢失")
        );
        assert!(matches!(reissue_reason(None), Ok(None)));
    }
}
