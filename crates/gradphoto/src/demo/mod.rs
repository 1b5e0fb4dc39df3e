//! The demo: the campaign of the 2022-10-10 notice (南昌航空大学 2023届), its timetable's classes,
//! and a generated roster of plausible students, so a newcomer sees a working system at once.

pub mod notice;
pub mod roster;
