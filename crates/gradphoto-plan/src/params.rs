//! The venue and the people in the simulation: how many desks and stations, when groups arrive,
//! how long check-in and a shot take, how often a shot is retaken and a student does not come.

use serde::{Deserialize, Serialize};

use crate::service_time::{FitError, ServiceTime};

/// What the simulation assumes about the venue and the students. [`SimParams::default`] is the
/// notice's venue as we expect it: 2 check-in desks, 4 capture stations, classes told to come
/// 15 minutes early.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SimParams {
    /// Capture stations working the one queue.
    pub stations: u32,
    /// Check-in desks (ID card readers) issuing sequence numbers.
    pub desks: u32,
    /// How many minutes before its slot a class is told to come (the notice: 提前15分钟).
    pub early_arrival_min: u32,
    /// Standard deviation, in minutes, of a class's arrival around `slot start − early`
    /// (normal).
    pub arrival_spread_min: f64,
    /// The students of a class arrive uniformly within this many minutes of the class.
    pub group_window_min: f64,
    /// Seconds a desk takes per student: a fixed time (reading a card takes the same every
    /// time; the variation that matters is at the stations). 0: no check-in line at all.
    pub desk_service_s: f64,
    /// Mean seconds a station takes per shot.
    pub service_mean_s: f64,
    /// 90th percentile of a station's seconds per shot. Equal to the mean: every shot takes
    /// exactly the mean; above it, a lognormal fitted to both ([`ServiceTime::fit`]).
    pub service_p90_s: f64,
    /// Probability that a shot must be taken again (at most once per student); the retake
    /// waits at the head of the queue.
    pub retake_rate: f64,
    /// Probability that a student on the roster does not come.
    pub no_show_rate: f64,
    /// Seed of the Monte Carlo runs: the same seed gives the same figures.
    pub seed: u64,
}

impl Default for SimParams {
    fn default() -> Self {
        Self {
            stations: 4,
            desks: 2,
            early_arrival_min: 15,
            arrival_spread_min: 5.0,
            group_window_min: 2.0,
            desk_service_s: 8.0,
            service_mean_s: 20.0,
            service_p90_s: 30.0,
            retake_rate: 0.05,
            no_show_rate: 0.02,
            seed: 20221020,
        }
    }
}

/// A parameter the simulation cannot use as given.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamsError {
    /// No station or no desk.
    NoServer { what: &'static str },
    /// A time or spread that is negative or not a number.
    NotATime { what: &'static str, value: f64 },
    /// A probability outside 0..=1.
    NotAProbability { what: &'static str, value: f64 },
    /// The station time's mean and 90th percentile fit no distribution.
    ServiceTime(FitError),
}

impl std::fmt::Display for ParamsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamsError::NoServer { what } => write!(f, "{what} must be at least 1"),
            ParamsError::NotATime { what, value } => {
                write!(f, "{what} must be a time of 0 or more, not {value}")
            }
            ParamsError::NotAProbability { what, value } => {
                write!(f, "{what} must be between 0 and 1, not {value}")
            }
            ParamsError::ServiceTime(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ParamsError {}

impl SimParams {
    /// Whether the simulation can use these parameters as given. [`crate::simulate`] does not
    /// refuse bad ones (a report is always possible): it counts no station or desk as one,
    /// a negative time as 0, clamps probabilities to 0..=1 and takes the nearest station time
    /// distribution [`ServiceTime::fit_nearest`] finds. Call this where the parameters come in.
    pub fn check(&self) -> Result<(), ParamsError> {
        if self.stations == 0 {
            return Err(ParamsError::NoServer { what: "stations" });
        }
        if self.desks == 0 {
            return Err(ParamsError::NoServer { what: "desks" });
        }
        for (what, value) in [
            ("arrival_spread_min", self.arrival_spread_min),
            ("group_window_min", self.group_window_min),
            ("desk_service_s", self.desk_service_s),
        ] {
            if !(value >= 0.0 && value.is_finite()) {
                return Err(ParamsError::NotATime { what, value });
            }
        }
        for (what, value) in [
            ("retake_rate", self.retake_rate),
            ("no_show_rate", self.no_show_rate),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(ParamsError::NotAProbability { what, value });
            }
        }
        ServiceTime::fit(self.service_mean_s, self.service_p90_s)
            .map(drop)
            .map_err(ParamsError::ServiceTime)
    }

    /// The parameters as the simulation uses them, made usable as [`SimParams::check`]
    /// describes.
    pub(crate) fn model(&self) -> Model {
        let time = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
        let probability = |v: f64| if v.is_nan() { 0.0 } else { v.clamp(0.0, 1.0) };
        Model {
            stations: self.stations.max(1),
            desks: self.desks.max(1),
            early_s: f64::from(self.early_arrival_min) * 60.0,
            spread_s: time(self.arrival_spread_min) * 60.0,
            window_s: time(self.group_window_min) * 60.0,
            desk_s: time(self.desk_service_s),
            service: ServiceTime::fit_nearest(self.service_mean_s, self.service_p90_s),
            retake_rate: probability(self.retake_rate),
            no_show_rate: probability(self.no_show_rate),
            seed: self.seed,
        }
    }
}

/// [`SimParams`] resolved for the simulation: counts at least 1, times in seconds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Model {
    pub stations: u32,
    pub desks: u32,
    pub early_s: f64,
    pub spread_s: f64,
    pub window_s: f64,
    pub desk_s: f64,
    pub service: ServiceTime,
    pub retake_rate: f64,
    pub no_show_rate: f64,
    pub seed: u64,
}
