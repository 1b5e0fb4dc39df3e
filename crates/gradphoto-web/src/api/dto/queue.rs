//! The venue's JSON shapes: check-in requests and answers, tickets, stations and the board.
//! The board's shape is also what the board's event stream sends.

use chrono::{DateTime, NaiveDate, Utc};
use gradphoto_domain::ticket::mask_name;
use gradphoto_domain::timetable::Due;
use gradphoto_domain::{Credential, Msg, Station, Ticket, Venue};
use gradphoto_store::{BoardSnapshot, TicketCard, TicketView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::StudentDto;
use crate::station_actions::ActionName;
use gradphoto_app::checkin::CheckinOutcome;

#[derive(Debug, Serialize, ToSchema)]
pub struct StationDto {
    pub id: i64,
    pub venue_id: i64,
    pub name: String,
}

impl From<&Station> for StationDto {
    fn from(s: &Station) -> Self {
        Self {
            id: s.id.0,
            venue_id: s.venue_id.0,
            name: s.name.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VenueDto {
    pub id: i64,
    pub name: String,
    pub stations: Vec<StationDto>,
}

impl VenueDto {
    pub fn new(v: &Venue, stations: &[Station]) -> Self {
        Self {
            id: v.id.0,
            name: v.name.clone(),
            stations: stations.iter().map(StationDto::from).collect(),
        }
    }
}

/// A ticket as screens others can see show it: the number, the class and the masked name.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TicketCardDto {
    pub id: i64,
    /// 拍摄序号.
    pub seq: i64,
    /// 张*三.
    pub masked_name: String,
    pub class_code: String,
    /// `waiting`, `called`, `skipped`, `done` or `void`.
    pub state: String,
    pub station_id: Option<i64>,
    /// Back at the head of the queue for a retake.
    pub priority: bool,
}

impl From<&TicketCard> for TicketCardDto {
    fn from(c: &TicketCard) -> Self {
        Self {
            id: c.id.0,
            seq: c.seq,
            masked_name: c.masked_name.clone(),
            class_code: c.class_code.as_str().to_owned(),
            state: c.state.code().to_owned(),
            station_id: c.station_id.map(|s| s.0),
            priority: c.priority,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StationBoardDto {
    pub id: i64,
    pub name: String,
    /// The ticket being shot there, if any.
    pub current: Option<TicketCardDto>,
}

/// Everything the venue's board shows.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BoardDto {
    pub venue_id: i64,
    pub venue_name: String,
    pub day: NaiveDate,
    pub stations: Vec<StationBoardDto>,
    /// The next ten tickets in calling order.
    pub next: Vec<TicketCardDto>,
    pub waiting: i64,
    /// The recall list: tickets skipped because their student was absent.
    pub skipped: Vec<TicketCardDto>,
    pub done: i64,
    pub mean_service_seconds: Option<f64>,
    /// Until the last waiting student is called, rounded up; absent until a ticket is done.
    pub estimated_wait_minutes: Option<i64>,
}

impl BoardDto {
    pub fn new(venue: &Venue, b: &BoardSnapshot) -> Self {
        Self {
            venue_id: venue.id.0,
            venue_name: venue.name.clone(),
            day: b.day,
            stations: b
                .stations
                .iter()
                .map(|s| StationBoardDto {
                    id: s.id.0,
                    name: s.name.clone(),
                    current: s.current.as_ref().map(TicketCardDto::from),
                })
                .collect(),
            next: b.next.iter().map(TicketCardDto::from).collect(),
            waiting: b.waiting,
            skipped: b.skipped.iter().map(TicketCardDto::from).collect(),
            done: b.done,
            mean_service_seconds: b.mean_service_seconds,
            estimated_wait_minutes: b
                .estimated_wait_minutes()
                .map(|m| m.ceil().clamp(0.0, 1e6) as i64),
        }
    }
}

/// A ticket as the desk shows it to the student: no full name.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketDto {
    pub id: i64,
    pub venue_id: i64,
    pub day: NaiveDate,
    /// 拍摄序号.
    pub seq: i64,
    pub state: String,
    pub state_zh: String,
    pub state_en: String,
    pub class_code: String,
    pub masked_name: String,
    /// How the student identified: `resident_id`, `chsi_code` or `student_no`.
    pub credential: String,
    /// A retake: called before every ticket that is not one.
    pub priority: bool,
    pub issued_at: DateTime<Utc>,
}

impl TicketDto {
    pub fn new(t: &Ticket, class_code: &str, name: &str) -> Self {
        let label = t.state.label();
        Self {
            id: t.id.0,
            venue_id: t.venue_id.0,
            day: t.day,
            seq: t.seq,
            state: t.state.code().to_owned(),
            state_zh: label.zh,
            state_en: label.en,
            class_code: class_code.to_owned(),
            masked_name: mask_name(name),
            credential: t.credential.code().to_owned(),
            priority: t.priority,
            issued_at: t.issued_at,
        }
    }
}

/// The student behind a ticket, for the station's identity panel: the full name, so the
/// operator can confirm the person in the chair, and the ID number masked.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketStudentDto {
    pub id: i64,
    pub name: String,
    pub student_no: String,
    pub class_code: String,
    pub id_number_masked: Option<String>,
}

/// A ticket with everything a station shows of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketDetailDto {
    #[serde(flatten)]
    pub ticket: TicketDto,
    pub station_id: Option<i64>,
    pub priority: bool,
    pub called_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub student: TicketStudentDto,
    /// Where the ID card chip's photo is, when the reader gave one.
    pub chip_photo_url: Option<String>,
}

impl From<&TicketView> for TicketDetailDto {
    fn from(v: &TicketView) -> Self {
        let t = &v.ticket;
        let r = &v.student.student.record;
        Self {
            ticket: TicketDto::new(t, r.class_code.as_str(), &r.name),
            station_id: t.station_id.map(|s| s.0),
            priority: t.priority,
            called_at: t.called_at,
            finished_at: t.finished_at,
            student: TicketStudentDto {
                id: v.student.student.id.0,
                name: r.name.clone(),
                student_no: r.student_no.as_str().to_owned(),
                class_code: r.class_code.as_str().to_owned(),
                id_number_masked: r.id_number.as_ref().map(|id| id.masked()),
            },
            chip_photo_url: v
                .has_chip_photo
                .then(|| format!("/tickets/{}/chip-photo", t.id)),
        }
    }
}

/// The body of `POST /api/v1/checkins`. Either `credential` (what was typed or scanned) or the
/// card reader's fields (`certNumber` and the rest, as reader services return them).
#[derive(Debug, ToSchema)]
#[allow(dead_code, non_snake_case)]
pub struct CheckinBody {
    /// Operators only (a device checks in at its own venue); may be left out when there is
    /// one venue.
    pub venue_id: Option<i64>,
    /// A resident ID number, a student number or a 学信网 collection code, as typed or scanned.
    pub credential: Option<String>,
    /// Check in anyway although the name on the card differs from the roster's.
    pub acknowledge_name_mismatch: Option<bool>,
    /// Operators only: void the student's ticket of today and issue a new number, for this
    /// reason (required, not empty).
    pub reissue_reason: Option<String>,
    /// Operators only: the class is not due and the campaign refuses outside the slot; let
    /// the student through anyway, for this reason (required, not empty; audited).
    pub slot_override_reason: Option<String>,
    /// Card reader: the ID number.
    pub certNumber: Option<String>,
    /// Card reader: the name on the card, compared with the roster.
    pub partyName: Option<String>,
    /// Card reader: the chip photo, base64 (BMP, JPEG or PNG; at most 64 KiB), kept with the
    /// ticket.
    pub identityPic: Option<String>,
    /// Card reader: accepted and not stored, like `nation`, `bornDay`, `certAddress`,
    /// `certOrg`, `effDate`, `expDate` and `certType`.
    pub gender: Option<String>,
}

/// What check-in did. `outcome` says which of the optional fields are set.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckinResponse {
    /// `issued` (201), `existing` (200), `name_mismatch` (409: resend with
    /// `acknowledge_name_mismatch`), `needs_link` (409: link the code with
    /// `POST /api/v1/credentials/chsi-links`, then resend), `not_due` (409: the class is not
    /// due and the campaign refuses; an operator may resend with `slot_override_reason`) or
    /// `unknown` (404).
    pub outcome: String,
    pub message_zh: String,
    pub message_en: String,
    /// `resident_id`, `chsi_code` or `student_no`.
    pub credential_kind: String,
    pub venue_id: i64,
    /// For `issued` and `existing`.
    pub ticket: Option<TicketDto>,
    /// For `issued` only: shown once, never stored (only its hash is).
    pub proof_code: Option<String>,
    /// For `name_mismatch`: the name on the card and the roster's.
    pub card_name: Option<String>,
    pub roster_name: Option<String>,
    /// For `issued`: the student already has an accepted photo (a retake); the desk warns.
    pub has_photo: bool,
    /// For `issued` and `not_due`, once a timetable is published: `on_time`, `early`, `late`
    /// or `no_slot`.
    pub due: Option<String>,
    /// The class's slot, e.g. `10月21日 9:00-10:00`, when it has one.
    pub slot_zh: Option<String>,
    pub slot_en: Option<String>,
    /// For `issued` outside the slot under a warning policy, and for `not_due`: what the desk
    /// shows large.
    pub slot_warning_zh: Option<String>,
    pub slot_warning_en: Option<String>,
}

impl CheckinResponse {
    pub fn new(outcome: &CheckinOutcome, credential: &Credential, venue: &Venue) -> Self {
        let msg = outcome.message(credential);
        let mut r = Self {
            outcome: outcome.code().to_owned(),
            message_zh: msg.zh,
            message_en: msg.en,
            credential_kind: credential.kind().code().to_owned(),
            venue_id: venue.id.0,
            ticket: None,
            proof_code: None,
            card_name: None,
            roster_name: None,
            has_photo: false,
            due: None,
            slot_zh: None,
            slot_en: None,
            slot_warning_zh: None,
            slot_warning_en: None,
        };
        match outcome {
            CheckinOutcome::Issued {
                ticket,
                student,
                proof_code,
                has_photo,
                due,
                slot_warning,
                ..
            } => {
                let rec = &student.student.record;
                r.ticket = Some(TicketDto::new(ticket, rec.class_code.as_str(), &rec.name));
                r.proof_code = Some(proof_code.clone());
                r.has_photo = *has_photo;
                if let Some(due) = due {
                    r.set_due(due, slot_warning.as_ref());
                }
            }
            CheckinOutcome::NotDue { due, message, .. } => r.set_due(due, Some(message)),
            CheckinOutcome::Existing { ticket, student } => {
                let rec = &student.student.record;
                r.ticket = Some(TicketDto::new(ticket, rec.class_code.as_str(), &rec.name));
            }
            CheckinOutcome::NameMismatch { student, card_name } => {
                r.card_name = Some(card_name.clone());
                r.roster_name = Some(student.student.record.name.clone());
            }
            CheckinOutcome::NeedsLink { .. } | CheckinOutcome::Unknown { .. } => {}
        }
        r
    }

    fn set_due(&mut self, due: &Due, warning: Option<&Msg>) {
        self.due = Some(due.code().to_owned());
        let slot = due.slot().map(|s| s.label());
        self.slot_zh = slot.as_ref().map(|s| s.zh.clone());
        self.slot_en = slot.map(|s| s.en);
        self.slot_warning_zh = warning.map(|w| w.zh.clone());
        self.slot_warning_en = warning.map(|w| w.en.clone());
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChsiLinkRequest {
    /// The collection code as scanned.
    pub code: String,
    pub student_id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChsiLinkCreated {
    pub student: StudentDto,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct StationActionRequest {
    pub action: ActionName,
    /// For `recall`, `call_out_of_order` and `retake`. With `finish` or `skip` it is optional
    /// and names the ticket the caller means: refused if the station has called another since.
    pub ticket_id: Option<i64>,
    /// For `call_out_of_order` (required).
    pub reason: Option<String>,
}

/// A station and the ticket it has called.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationStateDto {
    pub station: StationDto,
    pub called: Option<TicketDetailDto>,
}
