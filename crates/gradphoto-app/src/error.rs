//! The one error type of the application's operations. Each variant says what kind of problem it
//! is, not how it is shown: the web maps them to status codes in one place, the command line
//! prints their message, the hot folder decides from them whether a file is refused for good
//! or tried again.

use gradphoto_domain::Msg;
use gradphoto_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// What the request names does not exist (a station, a frame, a ticket).
    #[error("not found: {0}")]
    NotFound(Msg),
    /// One named input is missing or not valid; the message says what to do.
    #[error("invalid {field}: {msg}")]
    Invalid { field: &'static str, msg: Msg },
    /// Too many failed attempts: wait (the message says how long).
    #[error("limited: {0}")]
    Limited(Msg),
    /// This process cannot do it as configured (capture without photo storage).
    #[error("unavailable: {0}")]
    Unavailable(Msg),
    /// The work was stopped before it ended (shutdown, or its job was taken over).
    #[error("cancelled: {0}")]
    Cancelled(Msg),
    /// The store refused (`Rejected`), found nothing (`NotFound`) or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A fault of the program or the machine, not of the request.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: &'static str, msg: Msg) -> Self {
        AppError::Invalid { field, msg }
    }

    /// The message of a refusal that will not change if the same thing is tried again (a file
    /// that is no photo, a ticket no longer called); `None` for a passing failure (the database
    /// is down, a worker died) that may succeed later.
    pub fn refusal(&self) -> Option<&Msg> {
        match self {
            AppError::Invalid { msg, .. } | AppError::Store(StoreError::Rejected(msg)) => Some(msg),
            AppError::NotFound(_)
            | AppError::Limited(_)
            | AppError::Cancelled(_)
            | AppError::Unavailable(_)
            | AppError::Store(_)
            | AppError::Internal(_) => None,
        }
    }
}

impl From<crate::accounts::password::HashError> for AppError {
    fn from(e: crate::accounts::password::HashError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        AppError::Internal(format!("a worker thread stopped: {e}"))
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_final_and_faults_are_not() {
        let refused = AppError::Store(StoreError::Rejected(Msg::new("不行", "no")));
        assert_eq!(refused.refusal().map(|m| m.en.as_str()), Some("no"));
        assert!(AppError::Internal("disk".into()).refusal().is_none());
        assert!(
            AppError::Store(StoreError::Corrupt("x".into()))
                .refusal()
                .is_none()
        );
    }
}
