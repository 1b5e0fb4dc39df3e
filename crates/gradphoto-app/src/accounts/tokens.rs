//! Bearer secrets: session tokens, device tokens and upload ids are 32 random bytes in
//! base64url; the database keeps only their SHA-256, so a copy of it holds nothing usable.
//!
//! Device tokens start with [`DEVICE_TOKEN_PREFIX`], so a request's bearer token says at once
//! which table to look in, and a device token can never be taken for a user's session (or the
//! other way round).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::random::Random;

/// What every device token starts with: `gpd_` + 43 characters of base64url.
pub const DEVICE_TOKEN_PREFIX: &str = "gpd_";

/// 32 random bytes, base64url without padding (43 characters).
pub fn new_token(random: &dyn Random) -> String {
    URL_SAFE_NO_PAD.encode(random.bytes::<32>())
}

/// What the database stores for a token: SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new device token and the hash to store with the device (`VenueRepo::create_device`). The
/// token is shown once to whoever registers the device; the database keeps only the hash.
pub fn new_device_token(random: &dyn Random) -> (String, String) {
    let token = format!("{DEVICE_TOKEN_PREFIX}{}", new_token(random));
    let hash = token_hash(&token);
    (token, hash)
}

/// Compares two secrets in time that does not depend on where they first differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::SeededRandom;

    #[test]
    fn device_tokens_are_marked_and_hashed() {
        let random = SeededRandom::new(1);
        let (token, hash) = new_device_token(&random);
        assert!(token.starts_with(DEVICE_TOKEN_PREFIX));
        assert_eq!(token.len(), DEVICE_TOKEN_PREFIX.len() + 43);
        assert_eq!(hash, token_hash(&token));
        assert_ne!(new_token(&random), new_token(&random));
    }

    #[test]
    fn tokens_and_their_hashes() {
        let random = SeededRandom::new(2);
        let t = new_token(&random);
        assert_eq!(t.len(), 43);
        assert_ne!(t, new_token(&random));
        assert_eq!(token_hash("abc").len(), 64);
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn secrets() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}
