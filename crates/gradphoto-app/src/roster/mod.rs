//! The roster: importing the office's spreadsheet ([`import`]).

pub mod import;

pub use import::{ImportReport, UpdateLine, import_roster};
