//! The random numbers of one simulated day of one Monte Carlo run.
//!
//! Every (run, day) pair has its own ChaCha8 stream of the one seed, so a day's draws do not
//! depend on the other days: the planner re-simulates only the days a move touches and
//! compares them with the same random numbers as before (common random numbers), and a
//! report's figures for a seed never change with the rand crate's version.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A seeded source of uniform and normal draws.
#[derive(Debug, Clone)]
pub(crate) struct Draws {
    rng: ChaCha8Rng,
    /// The second normal of the last polar-method pair.
    spare_normal: Option<f64>,
}

impl Draws {
    /// The draws of day `day` (its index in the scenario) in Monte Carlo run `run`.
    pub fn new(seed: u64, run: u32, day: usize) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // Days beyond 2³² in one scenario would share streams; there are a handful.
        rng.set_stream((u64::from(run) << 32) | (day as u64 & 0xffff_ffff));
        Self {
            rng,
            spare_normal: None,
        }
    }

    /// Uniform in `[0, 1)`.
    pub fn uniform(&mut self) -> f64 {
        self.rng.random()
    }

    /// Whether an event of probability `p` happens: never for 0, always for 1.
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Standard normal, by Marsaglia's polar method (no trigonometry; each accepted pair gives
    /// two draws).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let factor = (-2.0 * s.ln() / s).sqrt();
                self.spare_normal = Some(v * factor);
                return u * factor;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normals_have_mean_0_and_variance_1() {
        let mut draws = Draws::new(1, 0, 0);
        let n = 100_000;
        let xs: Vec<f64> = (0..n).map(|_| draws.normal()).collect();
        let mean = xs.iter().sum::<f64>() / f64::from(n);
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / f64::from(n);
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "variance {var}");
    }

    #[test]
    fn runs_and_days_draw_different_numbers() {
        let first = |run, day| Draws::new(5, run, day).uniform();
        assert_eq!(first(0, 0), first(0, 0));
        assert_ne!(first(0, 0), first(1, 0));
        assert_ne!(first(0, 0), first(0, 1));
        assert_ne!(first(0, 0), Draws::new(6, 0, 0).uniform());
    }
}
