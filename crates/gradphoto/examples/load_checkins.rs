//! Load benchmark of the check-in desk and the board, against a real `gradphoto serve` process:
//!
//! 1. seeds a fresh database (SQLite file, or a PostgreSQL database with `--postgres URL`) with
//!    the demo roster, a venue with 3 stations, a card-reader device and an operator;
//! 2. starts the release `gradphoto serve` beside this program;
//! 3. 64 client connections post every student's card-reader JSON to `POST /api/v1/checkins`,
//!    as the card readers would, and measure throughput and latency;
//! 4. a board client listens on `/board/{venue}/events` while a station calls numbers, and the
//!    time from sending each call to receiving the board event that shows it is measured.
//!
//! `cargo build --release -p gradphoto --bin gradphoto --example load_checkins &&
//!  target/release/examples/load_checkins [--students 10000] [--connections 64] [--calls 200]
//!  [--postgres postgres:///db?host=/var/run/postgresql]` — see docs/benchmarks.md.

// A benchmark is wiring, like the binary: it runs on the real clock.
#![allow(clippy::disallowed_methods)]

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use gradphoto::demo::roster::{HEADER, card_reader_json, roster_rows};
use gradphoto_domain::{NewCampaign, Role};
use gradphoto_store::{Actor, NewUser};
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

fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_owned())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

async fn post(
    http: &Http,
    url: &str,
    auth: &str,
    body: String,
) -> Result<(u16, serde_json::Value), String> {
    let req = hyper::Request::post(url)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {auth}"))
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    let resp = http.request(req).await.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    Ok((status, json))
}

/// The first `seq` anywhere in a JSON value.
fn find_seq(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Object(m) => m
            .get("seq")
            .and_then(serde_json::Value::as_i64)
            .or_else(|| m.values().find_map(find_seq)),
        serde_json::Value::Array(a) => a.iter().find_map(find_seq),
        _ => None,
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let students: usize = arg("--students", "10000").parse()?;
    let connections: usize = arg("--connections", "64").parse()?;
    let calls: usize = arg("--calls", "200").parse()?;
    let postgres = arg("--postgres", "");
    let dir = tempfile::tempdir()?;
    let url = if postgres.is_empty() {
        format!("sqlite://{}", dir.path().join("load.db").display())
    } else {
        postgres.clone()
    };
    let backend = if postgres.is_empty() {
        "SQLite"
    } else {
        "PostgreSQL"
    };

    // 1. Seed.
    let repo = gradphoto_store::connect(&url).await?;
    let actor = Actor::system("bench");
    let now = Utc::now();
    let campaign = repo
        .create_campaign(
            &NewCampaign::parse(2023, None, None, None).map_err(|m| m.en)?,
            &actor,
            now,
        )
        .await?;
    let rows: Vec<[String; 15]> = roster_rows(students.div_ceil(171), 7)
        .into_iter()
        .take(students)
        .collect();
    let mut csv = HEADER.join(",");
    csv.push('\n');
    for r in &rows {
        csv.push_str(&r.join(","));
        csv.push('\n');
    }
    let app = gradphoto_app::App::new(
        repo.clone(),
        Arc::new(gradphoto_domain::SystemClock),
        Arc::new(gradphoto_app::OsRandom),
    );
    let report = gradphoto_app::roster::import_roster(
        &app,
        campaign.id,
        csv.as_bytes(),
        "load.csv",
        false,
        &actor,
    )
    .await?;
    assert!(report.is_ok(), "roster did not import");
    let venue = repo
        .create_venue(campaign.id, "大学生事务中心", &actor, now)
        .await?;
    let mut stations = Vec::new();
    for n in 1..=3 {
        stations.push(
            repo.create_station(venue.id, &format!("{n}号机位"), &actor, now)
                .await?,
        );
    }
    let (device_token, hash) = gradphoto_app::accounts::new_device_token(&gradphoto_app::OsRandom);
    repo.create_device(venue.id, "读卡器", &hash, &actor, now)
        .await?;
    let operator = NewUser {
        login: "operator".into(),
        display_name: "采集人员".into(),
        password_hash: gradphoto_app::accounts::hash_password(
            &gradphoto_app::OsRandom,
            "operator-password",
        )?,
        role: Role::Operator,
        colleges: vec![],
        student_id: None,
    };
    repo.create_user(&operator, &actor, now).await?;
    drop(app);
    drop(repo);

    // 2. Serve from the release binary beside this example.
    let exe = std::env::current_exe()?;
    let bin = exe
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("gradphoto"))
        .ok_or("no binary")?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let _server = Server(
        Command::new(bin)
            .args(["--database-url", &url, "--data-dir"])
            .arg(dir.path())
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .env("GRADPHOTO_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()?,
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        if Instant::now() > deadline {
            return Err("server did not start".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let base = format!("http://127.0.0.1:{port}");
    let http: Http = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(connections)
        .build_http();

    // 3. Check-ins from `connections` card readers at once.
    let bodies: Arc<Vec<String>> = Arc::new(
        rows.iter()
            .map(|r| card_reader_json(r).to_string())
            .collect(),
    );
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|c| {
            let (http, bodies, token, url) = (
                http.clone(),
                bodies.clone(),
                device_token.clone(),
                format!("{base}/api/v1/checkins"),
            );
            tokio::spawn(async move {
                let mut out = Vec::new();
                for i in (c..bodies.len()).step_by(connections) {
                    let t = Instant::now();
                    let (status, json) = post(&http, &url, &token, bodies[i].clone()).await?;
                    out.push((t.elapsed(), status, find_seq(&json)));
                }
                Ok::<_, String>(out)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut seqs = Vec::new();
    for t in tasks {
        for (lat, status, seq) in t.await??.into_iter() {
            if status >= 300 {
                return Err(format!("check-in answered {status}").into());
            }
            latencies.push(lat);
            seqs.extend(seq);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    seqs.sort_unstable();
    let gapless = seqs == (1..=students as i64).collect::<Vec<_>>();
    println!(
        "{backend}: {students} check-ins over {connections} connections in {elapsed:.2} s = {:.0}/s; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; numbers 1..{students} exactly once: {gapless}",
        students as f64 / elapsed,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
    );

    // 4. From a station's call to the board's event.
    let login =
        serde_json::json!({ "login": "operator", "password": "operator-password" }).to_string();
    let (_, session) = post(&http, &format!("{base}/api/v1/session"), "", login).await?;
    let token = session["token"]
        .as_str()
        .ok_or("no session token")?
        .to_owned();
    let req = hyper::Request::get(format!("{base}/board/{}/events", venue.id))
        .header("authorization", format!("Bearer {token}"))
        .header("accept", "text/event-stream")
        .body(Full::new(Bytes::new()))?;
    let mut events = http.request(req).await?.into_body();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Instant, serde_json::Value)>();
    tokio::spawn(async move {
        let mut buf = String::new();
        while let Some(Ok(frame)) = events.frame().await {
            let Ok(data) = frame.into_data() else {
                continue;
            };
            buf.push_str(&String::from_utf8_lossy(&data));
            while let Some(end) = buf.find("\n\n") {
                let event: String = buf.drain(..end + 2).collect();
                let payload: String = event
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(str::trim_start)
                    .collect();
                if let Ok(json) = serde_json::from_str(&payload) {
                    let _ = tx.send((Instant::now(), json));
                }
            }
        }
    });
    let station = stations[0].id;
    let act = format!("{base}/api/v1/stations/{station}/actions");
    let mut delays = Vec::new();
    for _ in 0..calls {
        let sent = Instant::now();
        let (status, json) = post(&http, &act, &token, r#"{"action":"call_next"}"#.into()).await?;
        let seq = find_seq(&json).ok_or(format!("call answered {status} without a number"))?;
        loop {
            let (at, board) = tokio::time::timeout(Duration::from_secs(10), rx.recv())
                .await?
                .ok_or("event stream ended")?;
            let shown = board["stations"]
                .as_array()
                .and_then(|s| s.iter().find(|s| s["id"] == station.0))
                .and_then(|s| s["current"]["seq"].as_i64());
            if shown == Some(seq) {
                delays.push(at.duration_since(sent));
                break;
            }
        }
        post(&http, &act, &token, r#"{"action":"finish"}"#.into()).await?;
        // A station calls again after a student has sat down, never within the board's
        // 100 ms coalescing gap of its last change.
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    delays.sort();
    println!(
        "{backend}: station call → board event over SSE, {calls} calls: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&delays, 0.5),
        percentile(&delays, 0.99),
        percentile(&delays, 1.0),
    );
    Ok(())
}
