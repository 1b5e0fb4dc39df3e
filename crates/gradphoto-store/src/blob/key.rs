//! [`BlobKey`]: where a blob lives in a [`BlobStore`](super::BlobStore), parsed once.
//!
//! Keys are stored in the database and come back as strings, so parsing accepts exactly the
//! shapes the store writes and nothing else: no `..`, no absolute paths, no upper-case hex. That
//! makes a key safe to turn into a file path or an object name without further checks.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use crate::error::{Result, StoreError};

const ORIGINAL_PREFIX: &str = "sha256/";
const RENDITION_PREFIX: &str = "renditions/";
/// Hex digits in a SHA-256.
const HASH_LEN: usize = 64;
/// The longest rendition name.
const NAME_MAX: usize = 64;

/// The key of a stored blob: an original or a rendition of one.
///
/// - An original is named by the SHA-256 of its bytes: `sha256/ab/cd/abcd…` (64 lower-case hex
///   digits, fanned out by the first two bytes so that no folder holds too many files).
/// - A rendition (thumbnail, preview…) sits beside the hash of its original under a name:
///   `renditions/ab/cd/abcd…/thumb.jpg`. Names are 1–64 characters of `a-z 0-9 . _ -`, starting
///   with a letter or digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobKey(String);

impl BlobKey {
    /// The key under which `bytes` are stored as an original.
    pub fn of(bytes: &[u8]) -> Self {
        Self::from_sha256(Sha256::digest(bytes).into())
    }

    /// The key of the original whose SHA-256 is `hash`.
    pub fn from_sha256(hash: [u8; 32]) -> Self {
        let hex = hex::encode(hash);
        Self(format!(
            "{ORIGINAL_PREFIX}{}/{}/{hex}",
            &hex[..2],
            &hex[2..4]
        ))
    }

    /// The key of this original's rendition called `name` (`thumb.jpg`, `preview.jpg`).
    ///
    /// Fails when `self` is itself a rendition or when `name` is not a plain file name.
    pub fn rendition(&self, name: &str) -> Result<Self> {
        if !self.is_original() {
            return Err(StoreError::InvalidBlobKey(format!(
                "{self}/{name} (renditions are made of originals only)"
            )));
        }
        let hex = self.hash_hex();
        let key = format!(
            "{RENDITION_PREFIX}{}/{}/{hex}/{name}",
            &hex[..2],
            &hex[2..4]
        );
        if !valid_name(name) {
            return Err(StoreError::InvalidBlobKey(key));
        }
        Ok(Self(key))
    }

    /// Parses a key read back from the database, accepting only the shapes described on
    /// [`BlobKey`].
    pub fn parse(s: &str) -> Result<Self> {
        let valid = if let Some(rest) = s.strip_prefix(ORIGINAL_PREFIX) {
            valid_fanned_hash(rest)
        } else if let Some(rest) = s.strip_prefix(RENDITION_PREFIX) {
            match rest.rsplit_once('/') {
                Some((hashed, name)) => valid_fanned_hash(hashed) && valid_name(name),
                None => false,
            }
        } else {
            false
        };
        if valid {
            Ok(Self(s.to_owned()))
        } else {
            Err(StoreError::InvalidBlobKey(s.to_owned()))
        }
    }

    /// The key as stored: also its relative path on disk and its object name in S3.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SHA-256 (64 lower-case hex digits) of the original: this blob's own for an
    /// original, its original's for a rendition.
    pub fn hash_hex(&self) -> &str {
        let start = self.prefix().len() + "ab/cd/".len();
        &self.0[start..start + HASH_LEN]
    }

    /// Whether this is an original (content-addressed, immutable, verified on read).
    pub fn is_original(&self) -> bool {
        self.0.starts_with(ORIGINAL_PREFIX)
    }

    /// The rendition's name (`thumb.jpg`), or `None` for an original.
    pub fn rendition_name(&self) -> Option<&str> {
        if self.is_original() {
            None
        } else {
            self.0.rsplit_once('/').map(|(_, name)| name)
        }
    }

    /// The key of the original this blob is, or is derived from.
    pub fn original(&self) -> Self {
        if self.is_original() {
            self.clone()
        } else {
            let hex = self.hash_hex();
            Self(format!(
                "{ORIGINAL_PREFIX}{}/{}/{hex}",
                &hex[..2],
                &hex[2..4]
            ))
        }
    }

    fn prefix(&self) -> &'static str {
        if self.is_original() {
            ORIGINAL_PREFIX
        } else {
            RENDITION_PREFIX
        }
    }
}

/// `ab/cd/abcd…`: two fan-out folders that repeat the start of a full lower-case SHA-256.
fn valid_fanned_hash(s: &str) -> bool {
    let mut parts = s.split('/');
    let (Some(a), Some(b), Some(hash), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    hash.len() == HASH_LEN
        && hash.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
        && a == &hash[..2]
        && b == &hash[2..4]
}

/// A plain file name: no separators, no leading dot (so neither `.`, `..` nor hidden files).
fn valid_name(name: &str) -> bool {
    (1..=NAME_MAX).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .bytes()
            .all(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
}

impl fmt::Display for BlobKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for BlobKey {
    type Err = StoreError;

    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl AsRef<str> for BlobKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
