//! The model of a graduate image collection campaign (毕业生图像信息采集) and its rules.
//!
//! Everything here is pure: raw input (a spreadsheet cell, a form field, a scanned code) is
//! parsed once into a domain type, and the rest of the system cannot hold an invalid one.
//! Storage, HTTP and files live in the crates above this one.

pub mod campaign;
pub mod clock;
pub mod credential;
pub mod fees;
pub mod frame;
pub mod id_number;
pub mod ids;
pub mod login_guard;
pub mod money;
pub mod proof;
pub mod queue;
pub mod review;
pub mod roster;
pub mod student;
pub mod student_sign_in;
pub mod text;
pub mod ticket;
pub mod timetable;
pub mod user;
pub mod venue;

pub use campaign::{Campaign, NewCampaign};
pub use clock::{Clock, FixedClock, SystemClock};
pub use credential::{ChsiCode, Credential, CredentialKind};
pub use frame::{Frame, FrameSource, FrameState, FrameVerdict, Photo};
pub use id_number::{IdKind, IdNumber, IdNumberError};
pub use ids::{
    CampaignId, ClassId, CollegeId, DeviceId, FrameId, MajorId, PhotoId, SlotId, StationId,
    StudentId, TicketId, UserId, VenueId,
};
pub use money::Fen;
pub use queue::StationAction;
pub use student::{ClassCode, Sex, Student, StudentNo, StudentRecord};
pub use text::Msg;
pub use ticket::{Ticket, TicketState};
pub use user::{Role, User};
pub use venue::{Device, Station, Venue};
