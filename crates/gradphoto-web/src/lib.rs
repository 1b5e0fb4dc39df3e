//! The web front of gradphoto: server-rendered pages for people, a JSON API (with its OpenAPI
//! document) for programs, and the accounts and sessions both share; at the venue, the
//! check-in desk ([`checkin`]), the capture stations and the live board.
//!
//! [`router`] builds the whole application from an [`AppState`]; tests drive it with
//! `tower::ServiceExt::oneshot` and never open a socket. [`serve`] runs it on a listener until
//! Ctrl-C (or SIGTERM), letting requests in flight finish.

mod access;
pub mod api;
pub mod auth;
mod board_feed;
pub mod capture;
pub mod card_reader;
pub mod checkin;
mod context;
mod cookies;
pub mod error;
pub mod hot_folder;
pub mod i18n;
mod multipart;
pub(crate) mod pages;
pub mod queue_events;
pub mod roster_fields;
pub mod roster_import;
pub mod station_actions;
mod uploads;
mod venues;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use gradphoto_domain::Clock;
use gradphoto_store::Repo;

pub use auth::device::new_device_token;
pub use auth::password::{HashError, hash_password, verify_password};
pub use context::Ctx;
pub use error::WebError;
pub use i18n::{Lang, Tr};
pub use queue_events::QueueEvents;
pub use uploads::PendingUploads;

/// Room for the multipart envelope (boundaries, headers, the CSRF field) around an upload of
/// `max_upload_bytes`, so a file of exactly the limit is still accepted.
const MULTIPART_OVERHEAD: usize = 64 * 1024;
/// Largest body of any request but an upload: forms and JSON are small.
const FORM_BODY_LIMIT: usize = 256 * 1024;

/// How the web front behaves; the binary fills it from its configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebConfig {
    /// Mark cookies `Secure`: set whenever the site is served over HTTPS.
    pub secure_cookies: bool,
    /// How long a login lasts.
    pub session_hours: i64,
    /// Largest roster upload accepted, in bytes.
    pub max_upload_bytes: usize,
    /// How often a board's event stream re-sends the queue even when this process saw no
    /// change: changes made through another server process (several behind a load balancer,
    /// one PostgreSQL) reach the screens at least this often.
    pub board_refresh: Duration,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            // Off by default so `gradphoto demo` works on http://localhost; turn it on behind
            // HTTPS.
            secure_cookies: false,
            session_hours: 12,
            max_upload_bytes: 32 * 1024 * 1024,
            board_refresh: Duration::from_secs(5),
        }
    }
}

/// Everything a request handler needs, cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub repo: Arc<dyn Repo>,
    pub clock: Arc<dyn Clock>,
    pub config: WebConfig,
    /// Roster files uploaded and checked, waiting for the admin to confirm them.
    pub uploads: Arc<PendingUploads>,
    /// Wakes the venue's screens when its queue changes.
    pub queue_events: Arc<QueueEvents>,
    /// Desk devices recently seen, so a reader's every check-in does not look its token up.
    pub devices: Arc<auth::device::DeviceCache>,
    /// Photo storage and judging for the capture stations; `None` in a server that only runs
    /// the office pages (capture routes then answer 503).
    pub capture: Option<Arc<capture::Capture>>,
}

impl AppState {
    pub fn new(repo: Arc<dyn Repo>, clock: Arc<dyn Clock>, config: WebConfig) -> Self {
        Self {
            repo,
            clock,
            config,
            uploads: Arc::new(PendingUploads::default()),
            queue_events: Arc::new(QueueEvents::default()),
            devices: Arc::new(auth::device::DeviceCache::default()),
            capture: None,
        }
    }

    /// Turns capture on: photos go to `capture`'s blob store.
    pub fn with_capture(mut self, capture: capture::Capture) -> Self {
        self.capture = Some(Arc::new(capture));
        self
    }

    /// The capture service, or a clear 503 when this server has no photo storage.
    pub fn capture(&self) -> Result<&Arc<capture::Capture>, WebError> {
        self.capture.as_ref().ok_or_else(|| WebError::Http {
            status: axum::http::StatusCode::SERVICE_UNAVAILABLE,
            detail: "this server has no photo storage configured (capture is off)".to_owned(),
        })
    }
}

/// The whole application: pages, the API under `/api/v1`, static files. Only the two upload
/// routes accept bodies of `max_upload_bytes`; every other request is limited to a small form.
pub fn router(state: AppState) -> Router {
    let upload_limit = DefaultBodyLimit::max(
        state
            .config
            .max_upload_bytes
            .saturating_add(MULTIPART_OVERHEAD),
    );
    Router::new()
        .merge(pages::routes(upload_limit))
        .nest("/api/v1", api::routes(upload_limit))
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            context::request_context,
        ))
        .with_state(state)
}

/// Serves the application on `listener` until Ctrl-C or SIGTERM, then lets requests in flight
/// finish. The boards' endless event streams are ended first (their pages reconnect, to this
/// server once restarted or to another one).
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "gradphoto web listening");
    }
    let events = state.queue_events.clone();
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            events.close();
        })
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            // Without a handler the server must not stop at once: wait forever instead.
            tracing::warn!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
