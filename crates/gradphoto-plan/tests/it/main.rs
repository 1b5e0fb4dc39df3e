//! The planner crate's tests: the simulation against hand calculations and its baseline, and
//! the planner's promises over seeded random timetables.

#![allow(clippy::unwrap_used)]

mod helpers;
mod plan;
mod simulate;
