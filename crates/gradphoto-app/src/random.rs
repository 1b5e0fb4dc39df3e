//! Randomness as a parameter, like the clock: proof codes, session and device tokens, request
//! ids and password salts all come from the [`Random`] the [`crate::App`] was built with, so a
//! test can pin them with [`SeededRandom`]. The binary's wiring gives the App an [`OsRandom`];
//! nothing else draws from the system (clippy.toml refuses `rand::rng`).

use std::sync::Mutex;

use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};

pub trait Random: Send + Sync + std::fmt::Debug {
    /// Fills `buf` with random bytes.
    fn fill(&self, buf: &mut [u8]);
}

impl dyn Random + '_ {
    /// `N` random bytes.
    pub fn bytes<const N: usize>(&self) -> [u8; N] {
        let mut out = [0u8; N];
        self.fill(&mut out);
        out
    }
}

/// The operating system's generator, for secrets.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandom;

impl Random for OsRandom {
    #[allow(clippy::disallowed_methods)] // the one place real randomness enters
    fn fill(&self, buf: &mut [u8]) {
        rand::rng().fill_bytes(buf);
    }
}

/// A generator that gives the same bytes for the same seed, for tests and the demo.
#[derive(Debug)]
pub struct SeededRandom(Mutex<StdRng>);

impl SeededRandom {
    pub fn new(seed: u64) -> Self {
        Self(Mutex::new(StdRng::seed_from_u64(seed)))
    }
}

impl Random for SeededRandom {
    fn fill(&self, buf: &mut [u8]) {
        // A poisoned lock only means another thread panicked mid-draw; the generator is fine.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .fill_bytes(buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_pins_the_bytes() {
        let a: &dyn Random = &SeededRandom::new(7);
        let b: &dyn Random = &SeededRandom::new(7);
        assert_eq!(a.bytes::<16>(), b.bytes::<16>());
        assert_ne!(a.bytes::<16>(), a.bytes::<16>());
        let os: &dyn Random = &OsRandom;
        assert_ne!(os.bytes::<16>(), os.bytes::<16>());
    }
}
