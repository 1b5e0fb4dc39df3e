//! `gradphoto serve`: the web interface and API on the configured database, and every
//! station's hot folder watched.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use gradphoto_app::capture::hot_folders::watch_all;
use gradphoto_app::hot_folder::WatchOptions;
use gradphoto_app::{App, Capture, Shutdown};
use gradphoto_store::open_blob_store;
use gradphoto_web::AppState;

use super::open;
use crate::cli::{Global, ServeArgs};
use crate::config::{Config, redact, redact_query};

pub async fn run(global: &Global, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let (config, app) = open(global, Path::new("data")).await?;
    let listen = match args.listen {
        Some(addr) => addr
            .parse()
            .with_context(|| format!("listen address {addr:?} is not HOST:PORT"))?,
        None => config.listen,
    };
    tracing::info!(database = %redact(&config.database_url), "database ready");
    serve(app, &config, listen).await?;
    Ok(ExitCode::SUCCESS)
}

/// Binds the address and serves until Ctrl-C or SIGTERM, watching every station's hot folder.
pub async fn serve(app: App, config: &Config, listen: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let blobs = open_blob_store(&config.blob_url).await.with_context(|| {
        format!(
            "cannot open photo storage {}",
            redact_query(&config.blob_url)
        )
    })?;
    let app = app.with_capture(Capture::new(blobs, config.hot_folders.clone()));
    let shutdown = Shutdown::new();
    stop_on_signals(shutdown.clone());
    let watcher = watch_all(app.clone(), WatchOptions::default(), shutdown.clone());
    let state = AppState::new(app, config.web.clone()).with_shutdown(shutdown.clone());
    println!("gradphoto: serving on http://{listen}/");
    println!(
        "gradphoto: photos in {}; camera hot folders under {}",
        redact_query(&config.blob_url),
        config.hot_folders.display()
    );
    let served = gradphoto_web::serve(state, listener).await;
    // The web has stopped (the signal, or a failure): stop the watcher too, and let the files
    // in flight land.
    shutdown.trigger();
    let watched = watcher.await;
    served?;
    if let Err(e) = watched {
        anyhow::bail!("the hot folder watcher failed: {e}");
    }
    Ok(())
}

/// Triggers `shutdown` on Ctrl-C or SIGTERM.
pub fn stop_on_signals(shutdown: Shutdown) {
    tokio::spawn(async move {
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
        tracing::info!("shutting down: finishing work in flight");
        shutdown.trigger();
    });
}
