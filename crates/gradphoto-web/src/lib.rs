//! The web front of gradphoto: server-rendered pages for people, a JSON API (with its OpenAPI
//! document) for programs, and the sessions both share; at the venue, the check-in desk, the
//! capture stations and the live board.
//!
//! HTTP only: what a request asks for is done by the application's operations
//! (`gradphoto_app`), and their errors become responses in one place ([`error`]).
//!
//! [`router`] builds the whole application from an [`AppState`]; tests drive it with
//! `tower::ServiceExt::oneshot` and never open a socket. [`serve`] runs it on a listener until
//! the process's shutdown signal, letting requests in flight finish.

mod access;
pub mod api;
pub mod auth;
mod board_feed;
pub mod card_reader;
mod classes_feed;
mod context;
mod cookies;
pub mod error;
mod frame_requests;
pub mod i18n;
mod job_feed;
mod multipart;
pub(crate) mod pages;
pub mod roster_fields;
pub mod station_actions;
mod uploads;
mod venues;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use gradphoto_app::{App, Shutdown};
use gradphoto_domain::login_guard::LoginPolicy;

pub use context::Ctx;
pub use error::WebError;
pub use i18n::{Lang, Tr};
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
    /// How many failed sign-ins an account and an address may have before they wait.
    pub login: LoginPolicy,
    /// The request header a reverse proxy in front puts the client's address in
    /// (`x-forwarded-for`, `x-real-ip`); `None`: the connection's own address, as when the
    /// server faces the network itself. Never set it without such a proxy: anyone could then
    /// choose their address.
    pub client_ip_header: Option<String>,
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
            login: LoginPolicy::default(),
            client_ip_header: None,
        }
    }
}

/// Everything a request handler needs, cheap to clone: the application, and what only the web
/// keeps.
#[derive(Debug, Clone)]
pub struct AppState {
    pub app: App,
    pub config: WebConfig,
    /// Roster and timetable files uploaded and checked, waiting for the admin to confirm them.
    pub uploads: Arc<PendingUploads>,
    /// Desk devices recently seen, so a reader's every check-in does not look its token up.
    pub devices: Arc<auth::device::DeviceCache>,
    /// Ends the server and the boards' endless event streams.
    pub shutdown: Shutdown,
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> Self {
        Self {
            app,
            config,
            uploads: Arc::new(PendingUploads::default()),
            devices: Arc::new(auth::device::DeviceCache::default()),
            shutdown: Shutdown::new(),
        }
    }

    /// Stops with the process's shutdown signal rather than a signal of its own.
    pub fn with_shutdown(mut self, shutdown: Shutdown) -> Self {
        self.shutdown = shutdown;
        self
    }
}

/// The whole application: pages, the API under `/api/v1`, static files. Only the upload
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

/// Serves the application on `listener` until the state's shutdown signal, then lets requests
/// in flight finish. The boards' endless event streams end with the same signal (their pages
/// reconnect, to this server once restarted or to another one).
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "gradphoto web listening");
    }
    let shutdown = state.shutdown.clone();
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move { shutdown.wait().await })
    .await
}
