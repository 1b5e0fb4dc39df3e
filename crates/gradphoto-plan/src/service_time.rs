//! How long a capture station takes per shot: a constant, or a lognormal fitted to the mean and
//! the 90th percentile an operator can actually tell us ("about 20 seconds, rarely over 30").
//!
//! The fit: a lognormal with parameters μ, σ has mean `exp(μ + σ²/2)` and 90th percentile
//! `exp(μ + z·σ)` with `z = Φ⁻¹(0.9) ≈ 1.2816`. Dividing the two, `ln(p90 / mean) = z·σ − σ²/2`,
//! a quadratic in σ whose smaller root is `σ = z − √(z² − 2·ln(p90 / mean))`, and then
//! `μ = ln(mean) − σ²/2`. (The larger root, σ > z, is a heavy tail in which most shots are far
//! quicker than the mean; nobody describes a photographer like that.) A root exists while
//! `p90 / mean ≤ exp(z²/2) ≈ 2.27`; at `p90 == mean` the shot takes exactly the mean.

use serde::Serialize;

use crate::draws::Draws;

/// Φ⁻¹(0.9): how many standard deviations the 90th percentile of a normal lies above its mean.
const Z90: f64 = 1.281_551_565_544_600_4;

/// The distribution of a station's seconds per shot.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ServiceTime {
    /// Every shot takes exactly this long.
    Constant { seconds: f64 },
    /// `exp(μ + σ·N(0, 1))` seconds.
    LogNormal { mu: f64, sigma: f64 },
}

/// Why a mean and a 90th percentile fit no station time distribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FitError {
    /// The mean is not a positive number of seconds.
    Mean(f64),
    /// The 90th percentile is below the mean, or more than `exp(z²/2) ≈ 2.27` times it.
    P90 { mean: f64, p90: f64, max: f64 },
}

impl std::fmt::Display for FitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FitError::Mean(mean) => {
                write!(f, "the mean shot time must be above 0 seconds, not {mean}")
            }
            FitError::P90 { mean, p90, max } => write!(
                f,
                "the 90th percentile shot time ({p90} s) must be between the mean ({mean} s) \
                 and {max:.1} s"
            ),
        }
    }
}

impl std::error::Error for FitError {}

impl ServiceTime {
    /// The distribution with this mean and 90th percentile, in seconds (see the module's
    /// documentation for the fit).
    pub fn fit(mean: f64, p90: f64) -> Result<Self, FitError> {
        if !(mean > 0.0 && mean.is_finite()) {
            return Err(FitError::Mean(mean));
        }
        let max = Self::max_p90(mean);
        if !(p90 >= mean && p90 <= max) {
            return Err(FitError::P90 { mean, p90, max });
        }
        if p90 == mean {
            return Ok(ServiceTime::Constant { seconds: mean });
        }
        let gap = (Z90 * Z90 - 2.0 * (p90 / mean).ln()).max(0.0);
        let sigma = Z90 - gap.sqrt();
        Ok(ServiceTime::LogNormal {
            mu: mean.ln() - sigma * sigma / 2.0,
            sigma,
        })
    }

    /// [`ServiceTime::fit`] made to always answer: a mean that is no positive number is 0
    /// seconds (a shot takes no time), a 90th percentile below the mean is the mean (constant),
    /// one above the widest fit is that fit's (`σ = z`, which keeps the mean).
    pub fn fit_nearest(mean: f64, p90: f64) -> Self {
        if !(mean > 0.0 && mean.is_finite()) {
            return ServiceTime::Constant { seconds: 0.0 };
        }
        let p90 = if p90.is_nan() { mean } else { p90 };
        let p90 = p90.clamp(mean, Self::max_p90(mean));
        Self::fit(mean, p90).unwrap_or(ServiceTime::LogNormal {
            mu: mean.ln() - Z90 * Z90 / 2.0,
            sigma: Z90,
        })
    }

    /// The largest 90th percentile a lognormal with this mean can have.
    fn max_p90(mean: f64) -> f64 {
        mean * (Z90 * Z90 / 2.0).exp()
    }

    /// Mean seconds per shot.
    pub fn mean(self) -> f64 {
        match self {
            ServiceTime::Constant { seconds } => seconds,
            ServiceTime::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
        }
    }

    /// 90th percentile of the seconds per shot.
    pub fn p90(self) -> f64 {
        match self {
            ServiceTime::Constant { seconds } => seconds,
            ServiceTime::LogNormal { mu, sigma } => (mu + Z90 * sigma).exp(),
        }
    }

    /// One shot's seconds.
    pub(crate) fn sample(self, draws: &mut Draws) -> f64 {
        match self {
            ServiceTime::Constant { seconds } => seconds,
            ServiceTime::LogNormal { mu, sigma } => (mu + sigma * draws.normal()).exp(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_fit_gives_back_the_mean_and_the_p90() {
        for (mean, p90) in [(20.0, 30.0), (20.0, 21.0), (8.0, 18.0), (45.0, 45.5)] {
            let fit = ServiceTime::fit(mean, p90).unwrap();
            assert!((fit.mean() - mean).abs() < 1e-9, "{fit:?}");
            assert!((fit.p90() - p90).abs() < 1e-9, "{fit:?}");
        }
    }

    #[test]
    fn samples_have_the_fitted_mean_and_p90() {
        let fit = ServiceTime::fit(20.0, 30.0).unwrap();
        let mut draws = Draws::new(7, 0, 0);
        let mut xs: Vec<f64> = (0..200_000).map(|_| fit.sample(&mut draws)).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        xs.sort_by(f64::total_cmp);
        let p90 = xs[xs.len() * 9 / 10];
        assert!((mean - 20.0).abs() < 0.1, "mean {mean}");
        assert!((p90 - 30.0).abs() < 0.2, "p90 {p90}");
    }

    #[test]
    fn a_p90_equal_to_the_mean_is_a_constant() {
        assert_eq!(
            ServiceTime::fit(30.0, 30.0),
            Ok(ServiceTime::Constant { seconds: 30.0 })
        );
    }

    #[test]
    fn impossible_fits_are_refused_and_the_nearest_is_taken() {
        assert!(matches!(
            ServiceTime::fit(20.0, 10.0),
            Err(FitError::P90 { .. })
        ));
        assert!(matches!(
            ServiceTime::fit(20.0, 60.0),
            Err(FitError::P90 { .. })
        ));
        assert_eq!(ServiceTime::fit(0.0, 10.0), Err(FitError::Mean(0.0)));

        assert_eq!(
            ServiceTime::fit_nearest(20.0, 10.0),
            ServiceTime::Constant { seconds: 20.0 }
        );
        let widest = ServiceTime::fit_nearest(20.0, 60.0);
        assert!((widest.mean() - 20.0).abs() < 1e-9);
        assert!((widest.p90() - ServiceTime::max_p90(20.0)).abs() < 1e-6);
        assert_eq!(
            ServiceTime::fit_nearest(-1.0, 10.0),
            ServiceTime::Constant { seconds: 0.0 }
        );
    }
}
