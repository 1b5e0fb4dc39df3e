//! Accounts: people's logins with their roles and scopes ([`users`]), password hashing
//! ([`password`]) and the random secrets that stand for a login or a device ([`tokens`]).

pub mod password;
pub mod tokens;
pub mod users;

pub use password::{HashError, hash_password, verify_password};
pub use tokens::{new_device_token, new_token, token_hash};
pub use users::{NewAccount, create_account, random_password};
