//! Headless Chromium for the browser tests: chromedriver started on a free port, and a
//! browser session with the flags this machine needs (no sandbox as root, no background
//! networking on a closed network).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// chromedriver, killed when the test ends however it ends.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_chromedriver() -> Driver {
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {bin} ({e}); run scripts/setup-test-services"));
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    driver
}

pub async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
    session(
        driver,
        profile,
        &["--window-size=1280,900".to_owned()],
        None,
    )
    .await
}

/// A phone: the viewport and pixel ratio of a 390 × 844 handset (touch, mobile user agent),
/// whose front camera plays `camera` (a Y4M file) through Chromium's fake capture device.
pub async fn phone(driver: &Driver, profile: &std::path::Path, camera: &std::path::Path) -> Client {
    let metrics = serde_json::json!({
        "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 3.0, "touch": true },
        "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36",
    });
    let camera = format!("--use-file-for-fake-video-capture={}", camera.display());
    session(driver, profile, &[camera], Some(metrics)).await
}

async fn session(
    driver: &Driver,
    profile: &std::path::Path,
    extra: &[String],
    mobile: Option<serde_json::Value>,
) -> Client {
    let chrome = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let mut args: Vec<String> = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        // A camera that exists (Chromium's test pattern, or the file given) and is allowed
        // without asking, for the station's make-up shots and the students' rehearsal.
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
    ]
    .map(str::to_owned)
    .to_vec();
    args.extend_from_slice(extra);
    args.push(format!("--user-data-dir={}", profile.display()));
    let mut options = serde_json::json!({ "binary": chrome, "args": args });
    if let Some(m) = mobile {
        options["mobileEmulation"] = m;
    }
    let caps = serde_json::json!({ "goog:chromeOptions": options });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!("a JSON object")
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .unwrap()
}

/// Fills the login form on the current page and submits it.
pub async fn fill_login(
    client: &Client,
    login: &str,
    password: &str,
) -> Result<(), fantoccini::error::CmdError> {
    client
        .find(Locator::Css("input[name=login]"))
        .await?
        .send_keys(login)
        .await?;
    client
        .find(Locator::Css("input[name=password]"))
        .await?
        .send_keys(password)
        .await?;
    client
        .find(Locator::Css("#staff-login button[type=submit]"))
        .await?
        .click()
        .await
}
