//! Password hashing: argon2id with the crate's default parameters and a random salt per hash,
//! stored in the PHC string format (`$argon2id$v=19$m=19456,t=2,p=1$…`), which carries its own
//! parameters so they can be raised later without breaking stored hashes. Account creation and
//! the web's login use the same two functions.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::random::Random;

/// Hashing failed: only possible with a broken parameter set, never because of the password.
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Hashes a password for storage, with a salt from `random`.
pub fn hash_password(random: &dyn Random, password: &str) -> Result<String, HashError> {
    let salt: [u8; 16] = random.bytes();
    let salt = SaltString::encode_b64(&salt).map_err(|e| HashError(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `password` matches a stored hash. A hash that does not parse matches nothing.
pub fn verify_password(hash: &str, password: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the time of one verification for a login that does not exist, so response times do
/// not tell which logins do.
pub fn waste_verification(password: &str) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    // The dummy's salt needs no secrecy: it guards nothing.
    let salt = crate::random::SeededRandom::new(0);
    if let Some(hash) = DUMMY.get_or_init(|| hash_password(&salt, "not a real password").ok()) {
        let _ = verify_password(hash, password);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::random::OsRandom;

    #[test]
    fn round_trip() {
        let Ok(hash) = hash_password(&OsRandom, "correct horse") else {
            panic!("hashing failed");
        };
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(&hash, "correct horse"));
        assert!(!verify_password(&hash, "correct horsE"));
        assert!(!verify_password("not a hash", "correct horse"));
    }

    #[test]
    fn salts_differ() {
        assert_ne!(
            hash_password(&OsRandom, "pw12345678").ok(),
            hash_password(&OsRandom, "pw12345678").ok()
        );
    }
}
