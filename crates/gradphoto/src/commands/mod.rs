//! One module per subcommand, and what they share: opening the configured store.

pub mod campaign;
pub mod check;
pub mod demo;
pub mod export;
pub mod import;
pub mod jobs;
pub mod serve;
pub mod simulate;
pub mod timetable;
pub mod user;
pub mod venue;

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use gradphoto_app::{App, AppError, OsRandom};
use gradphoto_domain::{Campaign, Msg, SystemClock};
use gradphoto_store::{Repo, StoreError};

use crate::cli::Global;
use crate::config::{Config, redact};

/// Loads the configuration and opens its database (creating and migrating it when new), as
/// the application on the real clock and the system's randomness.
pub async fn open(global: &Global, default_data_dir: &Path) -> anyhow::Result<(Config, App)> {
    let config = Config::load(global, default_data_dir)?;
    config.prepare_data_dir()?;
    let repo = gradphoto_store::connect(&config.database_url)
        .await
        .with_context(|| format!("cannot open database {}", redact(&config.database_url)))?;
    Ok((config, wire(repo)))
}

/// The application over `repo`: the one place the real clock and randomness are chosen.
pub fn wire(repo: Arc<dyn Repo>) -> App {
    App::new(repo, Arc::new(SystemClock), Arc::new(OsRandom))
}

/// An application error for the terminal: a refusal in the chosen language, anything else
/// with its cause.
pub fn app_error(e: AppError, lang: &str) -> anyhow::Error {
    match e {
        AppError::Invalid { msg, .. }
        | AppError::NotFound(msg)
        | AppError::Unavailable(msg)
        | AppError::Cancelled(msg)
        | AppError::Store(StoreError::Rejected(msg)) => refuse(&msg, lang),
        other => other.into(),
    }
}

/// The campaign commands work on, or an error telling how to create one.
pub async fn current_campaign(repo: &dyn Repo) -> anyhow::Result<Campaign> {
    repo.current_campaign().await?.ok_or_else(|| {
        anyhow::anyhow!(
            "{}",
            Msg::new(
                "还没有采集活动：请先运行 gradphoto campaign create --cohort 2023",
                "there is no campaign yet: run gradphoto campaign create --cohort 2023 first",
            )
        )
    })
}

/// Prints a value as pretty JSON on standard output.
pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// A message in the chosen language, as an error.
pub fn refuse(msg: &Msg, lang: &str) -> anyhow::Error {
    anyhow::anyhow!("{}", msg.get(lang))
}
