//! Rule packs and their evaluation: each rule reads one measurement and gives pass, warn or
//! fail with the measured value and the allowed range.

mod evaluate;
mod pack;
#[cfg(test)]
mod pack_tests;

pub use evaluate::{Inputs, evaluate};
pub use pack::{Applies, BUILT_IN, MEASURES, Preset, Rule, RulePack, Severity, num};
