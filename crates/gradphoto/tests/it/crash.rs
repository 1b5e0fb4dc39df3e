//! kill -9 in the middle of the check-in rush: after a restart no number is duplicated or
//! missing among the acknowledged tickets, and asking again for a student returns the ticket
//! they already hold.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use gradphoto::demo::roster::{card_reader_json, roster_rows};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

type Http = Client<HttpConnector, Full<Bytes>>;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(data: &Path, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_gradphoto"))
        .arg("--data-dir")
        .arg(data)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("GRADPHOTO_LOG", "warn")
        .env_remove("GRADPHOTO_DATABASE_URL")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    Server(child)
}

/// Posts one card read; the ticket's number when the server acknowledged it.
async fn check_in(http: &Http, url: &str, token: &str, body: &str) -> Option<i64> {
    let req = hyper::Request::post(url)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .body(Full::new(Bytes::from(body.to_owned())))
        .ok()?;
    let resp = http.request(req).await.ok()?;
    if !resp.status().is_success() {
        return None;
    }
    let bytes = resp.into_body().collect().await.ok()?.to_bytes();
    let json: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    json["ticket"]["seq"].as_i64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_check_ins_loses_no_acknowledged_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let seeded = Command::new(env!("CARGO_BIN_EXE_gradphoto"))
        .arg("--data-dir")
        .arg(&data)
        .args(["demo", "--no-serve"])
        .env_remove("GRADPHOTO_DATABASE_URL")
        .output()
        .unwrap();
    assert!(seeded.status.success());
    let accounts = std::fs::read_to_string(data.join("demo-passwords.txt")).unwrap();
    let token = accounts
        .lines()
        .find(|l| l.starts_with("device"))
        .and_then(|l| l.split_whitespace().last())
        .unwrap()
        .to_owned();
    // The demo roster: the same seed gives the same students.
    let bodies: Arc<Vec<String>> = Arc::new(
        roster_rows(30, 2023)
            .iter()
            .map(|r| card_reader_json(r).to_string())
            .collect(),
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/api/v1/checkins");
    let http: Http = Client::builder(TokioExecutor::new()).build_http();

    // Phase 1: 32 desks check students in until the server dies under them.
    let mut server = start(&data, port);
    let acked = Arc::new(AtomicUsize::new(0));
    let desks: Vec<_> = (0..32)
        .map(|d| {
            let (http, url, token, bodies, acked) = (
                http.clone(),
                url.clone(),
                token.clone(),
                bodies.clone(),
                acked.clone(),
            );
            tokio::spawn(async move {
                let mut got = HashMap::new();
                for i in (d..bodies.len()).step_by(32) {
                    match check_in(&http, &url, &token, &bodies[i]).await {
                        Some(seq) => {
                            got.insert(i, seq);
                            acked.fetch_add(1, Ordering::SeqCst);
                        }
                        None => break,
                    }
                }
                got
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(120);
    while acked.load(Ordering::SeqCst) < 1000 {
        assert!(
            Instant::now() < deadline,
            "check-ins are too slow to test a crash"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.0.kill().unwrap(); // SIGKILL: no shutdown, no flush.
    server.0.wait().unwrap();
    let mut acknowledged: HashMap<usize, i64> = HashMap::new();
    for d in desks {
        acknowledged.extend(d.await.unwrap());
    }
    assert!(acknowledged.len() >= 1000 && acknowledged.len() < bodies.len());

    // Phase 2: restart on the same files and finish, asking again for everyone.
    let _server = start(&data, port);
    let desks: Vec<_> = (0..32)
        .map(|d| {
            let (http, url, token, bodies) =
                (http.clone(), url.clone(), token.clone(), bodies.clone());
            tokio::spawn(async move {
                let mut got = HashMap::new();
                for i in (d..bodies.len()).step_by(32) {
                    let seq = check_in(&http, &url, &token, &bodies[i]).await;
                    got.insert(
                        i,
                        seq.unwrap_or_else(|| panic!("student {i} refused after the restart")),
                    );
                }
                got
            })
        })
        .collect();
    let mut final_seq: HashMap<usize, i64> = HashMap::new();
    for d in desks {
        final_seq.extend(d.await.unwrap());
    }
    for (i, seq) in &acknowledged {
        assert_eq!(
            final_seq[i], *seq,
            "student {i}'s acknowledged ticket changed"
        );
    }
    let mut seqs: Vec<i64> = final_seq.values().copied().collect();
    seqs.sort_unstable();
    assert_eq!(
        seqs,
        (1..=bodies.len() as i64).collect::<Vec<_>>(),
        "gaps or duplicates"
    );
}
