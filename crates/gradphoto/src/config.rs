//! Typed configuration: defaults, then a TOML file, then the environment and the command line
//! (clap reads both). Unknown keys in the file are an error, so a typo never passes silently.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use gradphoto_app::jobs::RunnerOptions;
use gradphoto_web::WebConfig;
use serde::Deserialize;

use crate::cli::Global;

/// The keys a config file may hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    blob_url: Option<String>,
    hot_folders: Option<PathBuf>,
    listen: Option<String>,
    secure_cookies: Option<bool>,
    session_hours: Option<i64>,
    max_upload_mb: Option<usize>,
    login_max_failures: Option<u32>,
    login_address_max_failures: Option<u32>,
    login_lockout_minutes: Option<u32>,
    client_ip_header: Option<String>,
    job_heartbeat_secs: Option<f64>,
    job_stale_secs: Option<f64>,
}

pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    /// Where photos go: a folder, or an S3 bucket (see `gradphoto_store::open_blob_store`).
    pub blob_url: String,
    /// Each station's hot folder is `station-<id>` in here.
    pub hot_folders: PathBuf,
    pub listen: SocketAddr,
    pub web: WebConfig,
    /// How job workers pace themselves.
    pub jobs: RunnerOptions,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("database_url", &redact(&self.database_url))
            .field("blob_url", &redact_query(&self.blob_url))
            .field("hot_folders", &self.hot_folders)
            .field("listen", &self.listen)
            .field("web", &self.web)
            .field("jobs", &self.jobs)
            .finish()
    }
}

/// Hides a password in a URL (`postgres://user:secret@host` → `postgres://user:***@host`).
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Hides the secret of an S3 URL's query (`secret_access_key=…`).
pub fn redact_query(url: &str) -> String {
    match url.split_once('?') {
        Some((base, query)) => {
            let parts: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.contains("secret") => format!("{k}=***"),
                    _ => kv.to_owned(),
                })
                .collect();
            format!("{base}?{}", parts.join("&"))
        }
        None => redact(url),
    }
}

/// A positive number of seconds from the config file.
fn seconds(key: &str, secs: f64) -> anyhow::Result<std::time::Duration> {
    if !(secs.is_finite() && secs > 0.0 && secs <= 3600.0) {
        bail!("{key} must be a number of seconds between 0 and 3600, not {secs}");
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

impl Config {
    /// Resolves the configuration; `default_data_dir` is used when nothing names one.
    pub fn load(global: &Global, default_data_dir: &Path) -> anyhow::Result<Self> {
        let file = match &global.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read config file {}", path.display()))?;
                toml::from_str::<FileConfig>(&text)
                    .with_context(|| format!("config file {} is not valid", path.display()))?
            }
            None => FileConfig::default(),
        };
        let data_dir = global
            .data_dir
            .clone()
            .or(file.data_dir)
            .unwrap_or_else(|| default_data_dir.to_owned());
        let database_url = match global.database_url.clone().or(file.database_url) {
            Some(url) => url,
            None => format!("sqlite://{}", data_dir.join("gradphoto.db").display()),
        };
        let blob_url = global
            .blob_url
            .clone()
            .or(file.blob_url)
            .unwrap_or_else(|| data_dir.join("blobs").display().to_string());
        let hot_folders = file
            .hot_folders
            .unwrap_or_else(|| data_dir.join("hot-folders"));
        let listen = file.listen.as_deref().unwrap_or("127.0.0.1:8080");
        let listen: SocketAddr = listen
            .parse()
            .with_context(|| format!("listen address {listen:?} is not HOST:PORT"))?;
        let mut web = WebConfig::default();
        if let Some(secure) = file.secure_cookies {
            web.secure_cookies = secure;
        }
        if let Some(hours) = file.session_hours {
            if !(1..=24 * 30).contains(&hours) {
                bail!("session_hours must be between 1 and 720, not {hours}");
            }
            web.session_hours = hours;
        }
        if let Some(mb) = file.max_upload_mb {
            web.max_upload_bytes = mb.saturating_mul(1024 * 1024);
        }
        for (key, value, limit) in [
            (
                "login_max_failures",
                file.login_max_failures,
                &mut web.login.account.max_failures,
            ),
            (
                "login_address_max_failures",
                file.login_address_max_failures,
                &mut web.login.address.max_failures,
            ),
        ] {
            if let Some(n) = value {
                if n == 0 {
                    bail!("{key} must be at least 1: without a limit, passwords can be guessed");
                }
                *limit = n;
            }
        }
        if let Some(minutes) = file.login_lockout_minutes {
            if !(1..=24 * 60).contains(&minutes) {
                bail!("login_lockout_minutes must be between 1 and 1440, not {minutes}");
            }
            web.login.account.lockout_min = minutes;
            web.login.address.lockout_min = minutes;
        }
        web.client_ip_header = file
            .client_ip_header
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty());
        let mut jobs = RunnerOptions::default();
        if let Some(secs) = file.job_heartbeat_secs {
            jobs.heartbeat = seconds("job_heartbeat_secs", secs)?;
        }
        if let Some(secs) = file.job_stale_secs {
            jobs.stale_after = seconds("job_stale_secs", secs)?;
        }
        if jobs.stale_after <= jobs.heartbeat * 2 {
            bail!(
                "job_stale_secs ({:?}) must be more than twice job_heartbeat_secs ({:?}): a live worker's job would be taken over",
                jobs.stale_after,
                jobs.heartbeat
            );
        }
        Ok(Self {
            data_dir,
            database_url,
            blob_url,
            hot_folders,
            listen,
            web,
            jobs,
        })
    }

    /// Creates the data directory when the database lives in it.
    pub fn prepare_data_dir(&self) -> anyhow::Result<()> {
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("cannot create data directory {}", self.data_dir.display()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://gp:secret@db.local/gp"),
            "postgres://gp:***@db.local/gp"
        );
        assert_eq!(
            redact("sqlite://data/gradphoto.db"),
            "sqlite://data/gradphoto.db"
        );
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(toml::from_str::<FileConfig>("listen = \"0.0.0.0:80\"").is_ok());
        assert!(toml::from_str::<FileConfig>("lsiten = \"0.0.0.0:80\"").is_err());
    }
}
