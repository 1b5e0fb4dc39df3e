//! `gradphoto serve`: the web interface and API on the configured database.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use gradphoto_domain::SystemClock;
use gradphoto_store::Repo;
use gradphoto_web::{AppState, WebConfig};

use super::open;
use crate::cli::{Global, ServeArgs};
use crate::config::redact;

pub async fn run(global: &Global, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let (config, repo) = open(global, Path::new("data")).await?;
    let listen = match args.listen {
        Some(addr) => addr
            .parse()
            .with_context(|| format!("listen address {addr:?} is not HOST:PORT"))?,
        None => config.listen,
    };
    tracing::info!(database = %redact(&config.database_url), "database ready");
    serve(repo, config.web, listen).await?;
    Ok(ExitCode::SUCCESS)
}

/// Binds the address and serves until Ctrl-C.
pub async fn serve(repo: Arc<dyn Repo>, web: WebConfig, listen: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let state = AppState::new(repo, Arc::new(SystemClock), web);
    println!("gradphoto: serving on http://{listen}/");
    gradphoto_web::serve(state, listener).await?;
    Ok(())
}
