//! The real `gradphoto serve` binary on a demo data directory, for tests that kill it: seeding,
//! starting on a free port, a small JSON client for its API, and checks of what it left on
//! disk.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use gradphoto_store::BlobKey;
use http_body_util::{BodyExt, Full};
use hyper::StatusCode;
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// The server process, killed (SIGKILL) when dropped however the test ends.
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Server {
    /// SIGKILL: no shutdown, no flush, nothing the server can clean up.
    pub fn kill_9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Seeds `data` with `gradphoto demo --no-serve` and returns the password of `login`.
pub fn seed_demo(data: &Path, login: &str) -> String {
    let seeded = Command::new(env!("CARGO_BIN_EXE_gradphoto"))
        .arg("--data-dir")
        .arg(data)
        .args(["demo", "--no-serve"])
        .env_remove("GRADPHOTO_DATABASE_URL")
        .env_remove("GRADPHOTO_BLOB_URL")
        .output()
        .unwrap();
    assert!(seeded.status.success(), "{seeded:?}");
    let accounts = std::fs::read_to_string(data.join("demo-passwords.txt")).unwrap();
    // Lines of `role login password`.
    accounts
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|w| w.len() == 3 && w[1] == login)
        .map(|w| w[2].to_owned())
        .unwrap_or_else(|| panic!("no account {login} in {accounts}"))
}

/// Starts `gradphoto serve` on `data` (its SQLite file, `blobs/` and `hot-folders/`) and
/// waits until it accepts connections.
pub fn start(data: &Path, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_gradphoto"))
        .arg("--data-dir")
        .arg(data)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("GRADPHOTO_LOG", "warn")
        .env_remove("GRADPHOTO_DATABASE_URL")
        .env_remove("GRADPHOTO_BLOB_URL")
        .env_remove("GRADPHOTO_CONFIG")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    Server { child, port }
}

/// A client of the API as one signed-in user.
pub struct Api {
    http: Client<HttpConnector, Full<Bytes>>,
    base: String,
    pub token: String,
}

impl Api {
    /// Signs in through `POST /api/v1/session`.
    pub async fn sign_in(port: u16, login: &str, password: &str) -> Self {
        let mut api = Api {
            http: Client::builder(TokioExecutor::new()).build_http(),
            base: format!("http://127.0.0.1:{port}"),
            token: String::new(),
        };
        let body = serde_json::json!({ "login": login, "password": password });
        let (status, json) = api.send("POST", "/api/v1/session", Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
        api.token = json["token"].as_str().unwrap().to_owned();
        api
    }

    /// The same session against a server on another port (a restarted one).
    pub fn at(&self, port: u16) -> Self {
        Api {
            http: self.http.clone(),
            base: format!("http://127.0.0.1:{port}"),
            token: self.token.clone(),
        }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, serde_json::Value) {
        self.send("GET", path, None).await
    }

    pub async fn post(
        &self,
        path: &str,
        body: serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        self.send("POST", path, Some(body)).await
    }

    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (StatusCode, serde_json::Value) {
        let mut req = hyper::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if !self.token.is_empty() {
            req = req.header("authorization", format!("Bearer {}", self.token));
        }
        let bytes = match body {
            Some(b) => {
                req = req.header("content-type", "application/json");
                Bytes::from(b.to_string())
            }
            None => Bytes::new(),
        };
        self.request(req.body(Full::new(bytes)).unwrap()).await
    }

    /// Sends a prepared request (with this session's token added) and reads the JSON answer.
    pub async fn request(
        &self,
        mut req: hyper::Request<Full<Bytes>>,
    ) -> (StatusCode, serde_json::Value) {
        if !req.headers().contains_key("authorization") {
            let auth = format!("Bearer {}", self.token).parse().unwrap();
            req.headers_mut().insert("authorization", auth);
        }
        let resp = self.http.request(req).await.unwrap();
        let status = resp.status();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
            serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned())
        });
        (status, json)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

pub const BOUNDARY: &str = "----gradphoto-test-boundary-7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body with text fields and one file field `file`.
pub fn multipart(fields: &[(&str, &str)], file_name: &str, file: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(file.len() + 1024);
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"{file_name}\"\r\nContent-Type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// The files under `dir`, at any depth (none when it does not exist).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Every file under `blobs/sha256/`, checked: its bytes hash to its name (no partial or
/// foreign original). Returns the hashes found.
pub fn verified_originals(blobs: &Path) -> Vec<String> {
    let mut hashes = Vec::new();
    for path in files_under(&blobs.join("sha256")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let key = BlobKey::of(&bytes);
        assert_eq!(
            key.hash_hex(),
            name,
            "{} holds {} bytes that do not hash to its name",
            path.display(),
            bytes.len()
        );
        assert!(
            path.ends_with(key.as_str()),
            "{} is not where its key says",
            path.display()
        );
        hashes.push(name);
    }
    hashes.sort();
    hashes
}
