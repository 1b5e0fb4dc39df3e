//! The `gradphoto` command: parses the command line and hands over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    gradphoto::run(gradphoto::cli::Cli::parse())
}
