//! Several processes of the real binary in one test, some of them killed: each started with
//! its output in files of the test's folder (read back as its log), killed (SIGKILL) when
//! dropped however the test ends; and waits that poll until something holds, bounded in time.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// `gradphoto` with none of its settings taken from the test's environment, logging at `info`
/// without colours (so the log lines read as plain text).
pub fn gradphoto() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gradphoto"));
    for var in [
        "GRADPHOTO_DATABASE_URL",
        "GRADPHOTO_DATA_DIR",
        "GRADPHOTO_BLOB_URL",
        "GRADPHOTO_CONFIG",
        "GRADPHOTO_LISTEN",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("GRADPHOTO_LOG", "info,sqlx=warn")
        .env("NO_COLOR", "1");
    cmd
}

/// A running process, standard output and error in `<dir>/<name>.stdout` and `.stderr`.
pub struct Proc {
    pub name: String,
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Proc {
    pub fn spawn(mut cmd: Command, dir: &Path, name: &str) -> Proc {
        let stdout = dir.join(format!("{name}.stdout"));
        let stderr = dir.join(format!("{name}.stderr"));
        let child = cmd
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).unwrap())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        Proc {
            name: name.to_owned(),
            child,
            stdout,
            stderr,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it wrote to standard error so far: the log.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    pub fn stdout(&self) -> String {
        std::fs::read_to_string(&self.stdout).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, nothing released, nothing flushed.
    pub fn kill_9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Waits for it to exit by itself, at most `timeout`.
    pub async fn exited(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "{} did not exit within {timeout:?}; its log:\n{}",
                self.name,
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `check` every 20 ms until it gives a value, failing after `timeout` with `what` and
/// the logs of `procs`.
pub async fn wait_for<T>(
    what: &str,
    timeout: Duration,
    procs: &[&Proc],
    mut check: impl AsyncFnMut() -> Option<T>,
) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if Instant::now() >= deadline {
            let logs: Vec<String> = procs
                .iter()
                .map(|p| format!("--- {} ---\n{}", p.name, p.log()))
                .collect();
            panic!(
                "timed out after {timeout:?} waiting for {what}\n{}",
                logs.join("\n")
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
