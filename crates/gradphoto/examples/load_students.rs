//! Load benchmark of the student's page during the check-in rush, against a real
//! `gradphoto serve` process:
//!
//! 1. seeds a fresh SQLite database with the demo roster, a venue with 3 stations, a card
//!    reader and an operator; `--students` of them are checked in, each with a student's
//!    account and session, as graduates who have their number and watch their place;
//! 2. starts the release `gradphoto serve` beside this program;
//! 3. for `--seconds`, every one of those students polls `GET /me/queue` (what `static/me.js`
//!    asks every 10 s) every `--poll-ms` and loads the whole page `GET /` every tenth time,
//!    while 16 card readers check the rest of the roster in at `--rate` a second in all (50 by
//!    default: a venue's three stations take about six a minute, so this is the desk at many
//!    times its real pace) and the 3 stations call and finish numbers every 250 ms — the rush;
//! 4. prints the latency of each kind of request (as this client sees it on loopback: the
//!    server's time plus the connection's) and the check-ins done meanwhile.
//!
//! `cargo build --release -p gradphoto --bin gradphoto --example load_students &&
//!  target/release/examples/load_students [--students 500] [--rush 5000] [--seconds 30]
//!  [--poll-ms 1000] [--rate 50]` — see docs/benchmarks.md.

// A benchmark is wiring, like the binary: it runs on the real clock.
#![allow(clippy::disallowed_methods)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use common::{Seeded, arg, client, operator_token, percentile, post, seed, send, serve};
use gradphoto::demo::roster::card_reader_json;
use gradphoto_app::OsRandom;
use gradphoto_app::accounts::{new_token, token_hash};
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{CredentialKind, Role};
use gradphoto_store::{Actor, IssueRequest, NewSession, NewUser};

#[path = "common/mod.rs"]
mod common;

fn line(what: &str, mut d: Vec<Duration>) -> String {
    d.sort();
    format!(
        "{what}: {} requests, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        d.len(),
        percentile(&d, 0.5),
        percentile(&d, 0.99),
        percentile(&d, 1.0),
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pollers: usize = arg("--students", "500").parse()?;
    let rush: usize = arg("--rush", "5000").parse()?;
    let seconds: u64 = arg("--seconds", "30").parse()?;
    let poll_ms: u64 = arg("--poll-ms", "1000").parse()?;
    let rate: f64 = arg("--rate", "50").parse()?;
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("load.db").display());

    // 1. Seed.
    let Seeded {
        repo,
        campaign,
        rows,
        venue,
        stations,
        device_token,
    } = seed(&url, pollers + rush).await?;
    let actor = Actor::system("bench");
    let now = Utc::now();
    let students = repo.students(campaign).await?;
    let mut tokens = Vec::with_capacity(pollers);
    for row in &rows[..pollers] {
        let student = students
            .iter()
            .find(|s| s.record.student_no.as_str() == row[0])
            .ok_or("a seeded student is missing")?;
        repo.issue_ticket(
            &IssueRequest {
                venue_id: venue.id,
                day: shooting_day(now),
                student_id: student.id,
                credential: CredentialKind::ResidentId,
                proof_hash: "0".repeat(64),
                chip_photo: None,
                reissue_reason: None,
                name_mismatch: None,
                outside_slot: None,
            },
            &actor,
            now,
        )
        .await?;
        let user = repo
            .create_user(
                &NewUser {
                    login: format!("student-{}", row[0]),
                    display_name: row[1].clone(),
                    password_hash: "!proof-code".into(),
                    role: Role::Student,
                    colleges: vec![],
                    student_id: Some(student.id),
                },
                &actor,
                now,
            )
            .await?;
        let token = new_token(&OsRandom);
        repo.create_session(
            &NewSession {
                token_hash: token_hash(&token),
                user_id: user.id,
                csrf_token: new_token(&OsRandom),
                expires_at: now + chrono::Duration::hours(12),
            },
            now,
        )
        .await?;
        tokens.push(token);
    }
    drop(repo);

    // 2. Serve.
    let (_server, base) = serve(&url, dir.path()).await?;
    let http = client(pollers + 32);
    let operator = operator_token(&http, &base).await?;

    // 3. The rush: card readers, stations, and the students polling.
    let stop = Arc::new(AtomicBool::new(false));
    let bodies: Arc<Vec<String>> = Arc::new(
        rows[pollers..]
            .iter()
            .map(|r| card_reader_json(r).to_string())
            .collect(),
    );
    let readers: Vec<_> = (0..16)
        .map(|c| {
            let (http, bodies, token, stop) = (
                http.clone(),
                bodies.clone(),
                device_token.clone(),
                stop.clone(),
            );
            let url = format!("{base}/api/v1/checkins");
            let every = Duration::from_secs_f64(16.0 / rate.max(0.001));
            tokio::spawn(async move {
                let mut done = 0usize;
                for i in (c..bodies.len()).step_by(16) {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let next = Instant::now() + every;
                    let (status, _) = post(&http, &url, &token, bodies[i].clone()).await?;
                    tokio::time::sleep_until(next.into()).await;
                    if status >= 300 {
                        return Err(format!("check-in answered {status}"));
                    }
                    done += 1;
                }
                Ok::<_, String>(done)
            })
        })
        .collect();
    let callers: Vec<_> = stations
        .iter()
        .map(|s| {
            let (http, token, stop) = (http.clone(), operator.clone(), stop.clone());
            let act = format!("{base}/api/v1/stations/{}/actions", s.id);
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    post(&http, &act, &token, r#"{"action":"call_next"}"#.into()).await?;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    post(&http, &act, &token, r#"{"action":"finish"}"#.into()).await?;
                }
                Ok::<_, String>(())
            })
        })
        .collect();
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let students: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(i, token)| {
            let http = http.clone();
            let (queue, page) = (format!("{base}/me/queue"), format!("{base}/"));
            tokio::spawn(async move {
                // Spread over the period, as phones are.
                let offset = poll_ms * i as u64 / pollers.max(1) as u64;
                tokio::time::sleep(Duration::from_millis(offset)).await;
                let (mut polls, mut pages) = (Vec::new(), Vec::new());
                let mut n = 0u64;
                while Instant::now() < until {
                    let next = Instant::now() + Duration::from_millis(poll_ms);
                    let whole = n.is_multiple_of(10);
                    let t = Instant::now();
                    let (status, _) =
                        send(&http, if whole { &page } else { &queue }, &token, None).await?;
                    if status != 200 {
                        return Err(format!("the student's page answered {status}"));
                    }
                    if whole {
                        pages.push(t.elapsed());
                    } else {
                        polls.push(t.elapsed());
                    }
                    n += 1;
                    tokio::time::sleep_until(next.into()).await;
                }
                Ok::<_, String>((polls, pages))
            })
        })
        .collect();
    let (mut polls, mut pages) = (Vec::new(), Vec::new());
    for s in students {
        let (p, w) = s.await??;
        polls.extend(p);
        pages.extend(w);
    }
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let mut checked_in = 0;
    for r in readers {
        checked_in += r.await??;
    }
    for c in callers {
        c.await??;
    }

    // 4. Figures.
    println!(
        "{pollers} students polling every {poll_ms} ms for {elapsed:.1} s during the rush ({checked_in} check-ins meanwhile, {:.0}/s; 3 stations calling every 250 ms)",
        checked_in as f64 / elapsed
    );
    println!("{}", line("GET /me/queue (their place)", polls));
    println!("{}", line("GET / (the whole page)", pages));
    Ok(())
}
