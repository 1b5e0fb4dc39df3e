//! The `gradphoto` command line as a library: [`run`] takes parsed arguments, sets up logging
//! and the async runtime, and runs one command. Every command reports failure with a message and
//! a non-zero exit code; `--json` makes its report machine-readable.

pub mod cli;
mod commands;
pub mod config;
pub mod demo;

use std::process::ExitCode;

use cli::{Cli, Command};

/// Every program built on this crate (the binary, its benchmarks) allocates with mimalloc: the
/// decodes of 24 MP photos are large buffers freed on one thread and made again on another,
/// which glibc's malloc keeps, an arena per thread (a package's peak memory then moved between
/// 140 and 371 MB from run to run); mimalloc gives them back.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs a parsed command line to its end.
pub fn run(cli: Cli) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("GRADPHOTO_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("gradphoto: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let json = cli.global.json;
    match runtime.block_on(dispatch(cli)) {
        Ok(code) => code,
        Err(e) => {
            if json {
                let body = serde_json::json!({ "error": format!("{e:#}") });
                println!("{body}");
            } else {
                eprintln!("gradphoto: {e:#}");
            }
            ExitCode::FAILURE
        }
    }
}

async fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let Cli { global, command } = cli;
    match command {
        Command::Serve(args) => commands::serve::run(&global, args).await,
        Command::Worker => commands::serve::worker(&global).await,
        Command::Jobs(cmd) => commands::jobs::run(&global, cmd).await,
        Command::Demo(args) => commands::demo::run(&global, args).await,
        Command::Import(cmd) => commands::import::run(&global, cmd).await,
        Command::User(cmd) => commands::user::run(&global, cmd).await,
        Command::Campaign(cmd) => commands::campaign::run(&global, cmd).await,
        Command::Check(args) if args.queue => commands::check::queue(&global, args).await,
        Command::Check(args) => commands::check::run(&global, args),
        Command::Export(cmd) => commands::export::run(&global, cmd).await,
        Command::Venue(cmd) => commands::venue::run(&global, cmd).await,
        Command::Timetable(cmd) => commands::timetable::run(&global, cmd).await,
        Command::Simulate(args) => commands::simulate::simulate(&global, args).await,
        Command::Plan(args) => commands::simulate::plan(&global, args).await,
    }
}
