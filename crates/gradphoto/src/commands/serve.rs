//! `gradphoto serve`: the web interface and API, every station's hot folder watched, and a job
//! worker, on the configured database — or the part of that `--roles` names. `gradphoto
//! worker` is `serve --roles jobs`. One shutdown signal (Ctrl-C, SIGTERM) ends them all: the
//! web finishes the requests in flight, the watcher the files in flight, and a running job is
//! given back to the queue for the next worker.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use gradphoto_app::capture::hot_folders::watch_all;
use gradphoto_app::hot_folder::WatchOptions;
use gradphoto_app::jobs::runner::worker_name;
use gradphoto_app::{App, Capture, Shutdown, jobs};
use gradphoto_store::open_blob_store;
use gradphoto_web::AppState;
use tokio::task::JoinSet;

use super::open;
use crate::cli::{Global, ProcessRole, ServeArgs};
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
    serve(app, &config, listen, &args.roles).await?;
    Ok(ExitCode::SUCCESS)
}

/// `gradphoto worker`: jobs only.
pub async fn worker(global: &Global) -> anyhow::Result<ExitCode> {
    let (config, app) = open(global, Path::new("data")).await?;
    tracing::info!(database = %redact(&config.database_url), "database ready");
    serve(app, &config, config.listen, &[ProcessRole::Jobs]).await?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `roles` until Ctrl-C or SIGTERM. The web binds `listen`; capture watches every
/// station's hot folder whose lease this process holds; jobs claims and runs jobs.
pub async fn serve(
    app: App,
    config: &Config,
    listen: SocketAddr,
    roles: &[ProcessRole],
) -> anyhow::Result<()> {
    let has = |role| roles.contains(&role);
    // Photos are needed by every role: the web (uploads, images), capture, and the jobs (the
    // registry package reads the originals and stores the zip).
    let blobs = open_blob_store(&config.blob_url).await.with_context(|| {
        format!(
            "cannot open photo storage {}",
            redact_query(&config.blob_url)
        )
    })?;
    println!("gradphoto: photos in {}", redact_query(&config.blob_url));
    let app = app.with_capture(Capture::new(blobs, config.hot_folders.clone()));
    // Bound before anything else starts, so an address in use stops the process before it has
    // taken a folder's lease or claimed a job.
    let listener = if has(ProcessRole::Web) {
        Some(
            tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?,
        )
    } else {
        None
    };
    let shutdown = Shutdown::new();
    stop_on_signals(shutdown.clone());
    // Every part runs as a task; when any of them ends — the signal, a failure, a panic — the
    // others are stopped too, and the process exits with what went wrong.
    let mut tasks: JoinSet<(&str, Result<(), String>)> = JoinSet::new();
    if has(ProcessRole::Capture) {
        println!(
            "gradphoto: camera hot folders under {}",
            config.hot_folders.display()
        );
        let watcher = watch_all(app.clone(), WatchOptions::default(), shutdown.clone());
        tasks.spawn(async move {
            let ended = watcher.await.map_err(|e| e.to_string());
            ("the hot folder watcher", ended)
        });
    }
    if has(ProcessRole::Jobs) {
        let worker = worker_name(&app);
        println!("gradphoto: running jobs as {worker}");
        let runner = jobs::run(
            app.clone(),
            worker,
            jobs::handlers(),
            config.jobs.clone(),
            shutdown.clone(),
        );
        tasks.spawn(async move {
            runner.await;
            ("the job worker", Ok(()))
        });
    }
    if let Some(listener) = listener {
        // The address bound, not the one asked for: `--listen 127.0.0.1:0` picks a free port.
        let bound = listener.local_addr().unwrap_or(listen);
        let state = AppState::new(app, config.web.clone()).with_shutdown(shutdown.clone());
        println!("gradphoto: serving on http://{bound}/");
        tasks.spawn(async move {
            let served = gradphoto_web::serve(state, listener).await;
            ("the web server", served.map_err(|e| e.to_string()))
        });
    }
    let mut failed = Vec::new();
    while let Some(ended) = tasks.join_next().await {
        // The first to end (normally on the signal) ends the rest.
        shutdown.trigger();
        match ended {
            Ok((_, Ok(()))) => {}
            Ok((what, Err(e))) => failed.push(format!("{what} failed: {e}")),
            Err(e) => failed.push(format!("a part of the server stopped: {e}")),
        }
    }
    if !failed.is_empty() {
        for f in &failed {
            tracing::error!("{f}");
        }
        anyhow::bail!("{}", failed.join("; "));
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
