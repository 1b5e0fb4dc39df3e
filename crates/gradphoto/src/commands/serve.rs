//! `gradphoto serve`: the web interface and API on the configured database.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use gradphoto_domain::SystemClock;
use gradphoto_store::{Repo, open_blob_store};
use gradphoto_web::AppState;
use gradphoto_web::capture::Capture;
use gradphoto_web::capture::hot_folders::watch_all;
use gradphoto_web::hot_folder::WatchOptions;

use super::open;
use crate::cli::{Global, ServeArgs};
use crate::config::{Config, redact, redact_query};

pub async fn run(global: &Global, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let (config, repo) = open(global, Path::new("data")).await?;
    let listen = match args.listen {
        Some(addr) => addr
            .parse()
            .with_context(|| format!("listen address {addr:?} is not HOST:PORT"))?,
        None => config.listen,
    };
    tracing::info!(database = %redact(&config.database_url), "database ready");
    serve(repo, &config, listen).await?;
    Ok(ExitCode::SUCCESS)
}

/// Binds the address and serves until Ctrl-C, watching every station's hot folder.
pub async fn serve(repo: Arc<dyn Repo>, config: &Config, listen: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let blobs = open_blob_store(&config.blob_url).await.with_context(|| {
        format!(
            "cannot open photo storage {}",
            redact_query(&config.blob_url)
        )
    })?;
    let capture = Capture::new(blobs, config.hot_folders.clone());
    let state =
        AppState::new(repo, Arc::new(SystemClock), config.web.clone()).with_capture(capture);
    let watcher = watch_all(state.clone(), WatchOptions::default());
    println!("gradphoto: serving on http://{listen}/");
    println!(
        "gradphoto: photos in {}; camera hot folders under {}",
        redact_query(&config.blob_url),
        config.hot_folders.display()
    );
    gradphoto_web::serve(state, listener).await?;
    // The server has told the watcher to stop (its shutdown signal): let files in flight land.
    let _ = watcher.await;
    Ok(())
}
