//! What a timetable does to the queue at the venue, and a better timetable.
//!
//! [`simulate`] runs a seeded Monte Carlo simulation of every shooting day of a [`Scenario`]:
//! classes arrive as groups a little before their slot, students check in at the desks, wait in
//! one queue and are called to the capture stations in the domain's own call order
//! ([`gradphoto_domain::queue::CallKey`]: retakes first, then the lowest number). It reports,
//! per slot, how long the queue got, the waits and how far the slot overran, and per day the
//! queue length minute by minute ([`SimReport`]).
//!
//! [`plan`] moves classes between the scenario's slots to lower the worst slot's 90th
//! percentile wait, never moving a pinned class, keeping a college's classes in adjacent slots
//! when asked, and never proposing a timetable that simulates worse than the one it was given
//! ([`PlanOutcome`]).
//!
//! Everything here is pure and deterministic for a seed: the caller turns the store's timetable
//! into a [`Scenario`] and prints or shows the outcome.

mod assignment;
mod baseline;
mod draws;
mod estimate;
mod line;
mod params;
mod plan;
mod report;
mod scenario;
mod search;
mod service_time;
mod simulate;

pub use baseline::simulate_scanning;
pub use params::{ParamsError, SimParams};
pub use plan::{ClassMove, Constraints, PlanOutcome, plan};
pub use report::{DaySeries, SimReport, SlotFigures};
pub use scenario::{ClassLoad, DayPlan, Scenario, SlotPlan};
pub use service_time::{FitError, ServiceTime};
pub use simulate::simulate;
