//! Accounts: people's logins with their roles and scopes ([`users`]), password hashing
//! ([`password`]), the random secrets that stand for a login or a device ([`tokens`]), the
//! limits every sign-in goes through ([`guard`]), the password check ([`sign_in`]) and the
//! students' ways in, with the proof code of their ticket or their ID number and birth date
//! ([`student_access`]).

pub mod guard;
pub mod password;
pub mod sign_in;
pub mod student_access;
pub mod tokens;
pub mod users;

pub use password::{HashError, hash_password, verify_password};
pub use tokens::{new_device_token, new_token, token_hash};
pub use users::{NewAccount, create_account, random_password};
