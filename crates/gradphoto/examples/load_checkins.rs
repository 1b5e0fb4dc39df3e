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

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Seeded, arg, client, operator_token, percentile, post, seed, serve};
use gradphoto::demo::roster::card_reader_json;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;

#[path = "common/mod.rs"]
mod common;

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
    let Seeded {
        rows,
        venue,
        stations,
        device_token,
        ..
    } = seed(&url, students).await?;

    // 2. Serve from the release binary beside this example.
    let (_server, base) = serve(&url, dir.path()).await?;
    let http = client(connections);

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
    let token = operator_token(&http, &base).await?;
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
