//! Two `gradphoto serve` processes on one PostgreSQL database, seeing the same hot folders (as
//! two machines see a share): each station's folder is watched by one of them only, the one
//! holding its lease, so every file that lands becomes one frame and is never offered twice.
//! When the process watching a folder is killed with `kill -9`, the other takes the folder
//! over once the dead one's lease runs out, and ingests what lands there next.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use gradphoto_domain::StationId;
use gradphoto_store::Repo;
use rand::Rng;

use crate::photos::{face_photo, portrait};
use crate::process::{Proc, gradphoto, wait_for};
use crate::server::{files_under, free_port};

/// Files dropped into each station's folder while both processes run.
const PER_STATION: usize = 6;

/// A database made on the local PostgreSQL server for this test, dropped with this value. The
/// binary's crate does not depend on sqlx, so `psql` creates and drops it (as in the web
/// crate's tests).
struct PostgresDb {
    admin: String,
    name: String,
}

impl PostgresDb {
    fn create() -> Self {
        let admin = std::env::var("GRADPHOTO_TEST_POSTGRES_URL").unwrap_or_else(|_| {
            let user = std::env::var("USER").unwrap_or_else(|_| "root".to_owned());
            format!("postgres:///postgres?host=/var/run/postgresql&user={user}")
        });
        let name = format!("gradphoto_cli_test_{:016x}", rand::rng().random::<u64>());
        if let Err(e) = psql(&admin, &format!("CREATE DATABASE {name}")) {
            panic!(
                "PostgreSQL is needed for this test ({admin}): {e}. \
                 Run scripts/setup-test-services, or set GRADPHOTO_TEST_POSTGRES_URL."
            );
        }
        Self { admin, name }
    }

    /// The admin URL with its database replaced by this one, keeping the query.
    fn url(&self) -> String {
        let (base, query) = self.admin.split_once('?').unwrap_or((&self.admin, ""));
        let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
        match query {
            "" => format!("{base}/{}", self.name),
            q => format!("{base}/{}?{q}", self.name),
        }
    }
}

impl Drop for PostgresDb {
    fn drop(&mut self) {
        // FORCE also closes connections a killed process left open.
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = psql(&self.admin, &sql)
            && !std::thread::panicking()
        {
            panic!("dropping test database {}: {e}", self.name);
        }
    }
}

fn psql(url: &str, sql: &str) -> Result<(), String> {
    let out = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        .output()
        .map_err(|e| format!("psql could not be run: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// The value of `key=` in a log line.
fn field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
}

/// The stations whose folder the process started watching under its lease, in order (the
/// `watching hot folder` lines that name the lease's holder).
fn watched(server: &Proc) -> Vec<i64> {
    server
        .log()
        .lines()
        .filter(|l| l.contains("watching hot folder") && field(l, "holder").is_some())
        .map(|l| field(l, "station").unwrap().parse().unwrap())
        .collect()
}

/// The files the process ingested from hot folders, as (station, file name).
fn taken(server: &Proc) -> Vec<(i64, String)> {
    server
        .log()
        .lines()
        .filter(|l| l.contains("hot folder frame taken"))
        .map(|l| {
            let station = field(l, "station").unwrap().parse().unwrap();
            (station, field(l, "file").unwrap().to_owned())
        })
        .collect()
}

/// The names of the files under the folder's `imported/<day>/`.
fn imported(folder: &Path) -> BTreeSet<String> {
    files_under(&folder.join("imported"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// Writes photo `who` as `name` into `folder`, as tethering software does.
fn drop_photo(src: &image::RgbImage, folder: &Path, name: &str, who: u64) {
    std::fs::create_dir_all(folder).unwrap();
    std::fs::write(folder.join(name), face_photo(src, who)).unwrap();
}

fn serve(config: &Path, dir: &Path, name: &str, port: u16) -> Proc {
    let mut cmd = gradphoto();
    cmd.arg("--config")
        .arg(config)
        .args(["serve", "--roles", "capture,web", "--listen"])
        .arg(format!("127.0.0.1:{port}"));
    Proc::spawn(cmd, dir, name)
}

/// Writes the config file both servers use (the database, photos and hot folders they share)
/// and creates the campaign and a venue with two stations through the command line.
fn seed(dir: &Path, database_url: &str, hot: &Path) -> PathBuf {
    let config = dir.join("gradphoto.toml");
    let mut table = toml::Table::new();
    for (key, value) in [
        ("database_url", database_url.to_owned()),
        ("data_dir", dir.join("data").display().to_string()),
        ("blob_url", dir.join("blobs").display().to_string()),
        ("hot_folders", hot.display().to_string()),
    ] {
        table.insert(key.into(), value.into());
    }
    std::fs::write(&config, toml::to_string(&table).unwrap()).unwrap();
    for args in [
        &["campaign", "create", "--cohort", "2023"][..],
        &["venue", "add", "大学生事务中心", "--stations", "2"],
    ] {
        let out = gradphoto()
            .arg("--config")
            .arg(&config)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
    }
    config
}

/// Which server (its index) watches each station's folder; fails unless exactly one does, and
/// started watching it once.
fn holders(servers: &[Proc], stations: &[StationId]) -> BTreeMap<i64, usize> {
    stations
        .iter()
        .map(|s| {
            let by: Vec<usize> = (0..servers.len())
                .filter(|i| watched(&servers[*i]).contains(&s.0))
                .collect();
            assert_eq!(by.len(), 1, "station {s} watched by servers {by:?}");
            let starts = watched(&servers[by[0]])
                .iter()
                .filter(|w| **w == s.0)
                .count();
            assert_eq!(starts, 1, "station {s} watched {starts} times");
            (s.0, by[0])
        })
        .collect()
}

/// The venue's frames (all orphans: no station calls anyone) per station, as file names.
async fn orphans(repo: &dyn Repo, stations: &[StationId]) -> BTreeMap<i64, BTreeSet<String>> {
    let campaign = repo.current_campaign().await.unwrap().unwrap();
    let venue = &repo.venues(campaign.id).await.unwrap()[0];
    let mut out: BTreeMap<i64, BTreeSet<String>> =
        stations.iter().map(|s| (s.0, BTreeSet::new())).collect();
    let frames = repo.orphan_frames(venue.id).await.unwrap();
    for f in &frames {
        let name = f.original_name.clone().unwrap();
        let fresh = out.get_mut(&f.station_id.0).unwrap().insert(name.clone());
        assert!(fresh, "{name} is two frames at station {}", f.station_id);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_watch_each_hot_folder_once_and_one_takes_over_the_others() {
    let db = PostgresDb::create();
    let dir = tempfile::tempdir().unwrap();
    let hot = dir.path().join("hot-folders");
    let config = seed(dir.path(), &db.url(), &hot);
    let repo = gradphoto_store::connect(&db.url()).await.unwrap();
    let campaign = repo.current_campaign().await.unwrap().unwrap();
    let venue = repo.venues(campaign.id).await.unwrap()[0].id;
    let stations: Vec<StationId> = repo
        .stations(venue)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(stations.len(), 2);
    let folder = |s: StationId| -> PathBuf { hot.join(format!("station-{s}")) };

    let ports = [free_port(), free_port()];
    let mut servers = [
        serve(&config, dir.path(), "serve-a", ports[0]),
        serve(&config, dir.path(), "serve-b", ports[1]),
    ];
    let both: Vec<&Proc> = servers.iter().collect();
    // Both serve the web, and between them watch both folders.
    wait_for(
        "both servers to listen",
        Duration::from_secs(60),
        &both,
        async || {
            ports
                .iter()
                .all(|p| std::net::TcpStream::connect(("127.0.0.1", *p)).is_ok())
                .then_some(())
        },
    )
    .await;
    wait_for(
        "both folders to be watched",
        Duration::from_secs(30),
        &both,
        async || {
            let all: BTreeSet<i64> = servers.iter().flat_map(watched).collect();
            (all.len() == stations.len()).then_some(())
        },
    )
    .await;

    let src = portrait();
    let mut dropped: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for (n, station) in stations.iter().enumerate() {
        for i in 1..=PER_STATION {
            let name = format!("IMG_{i:04}.JPG");
            drop_photo(&src, &folder(*station), &name, (n * 100 + i) as u64);
            dropped.entry(station.0).or_default().insert(name);
        }
    }
    wait_for(
        "every file to be imported",
        Duration::from_secs(60),
        &both,
        async || {
            stations
                .iter()
                .all(|s| imported(&folder(*s)).len() >= PER_STATION)
                .then_some(())
        },
    )
    .await;

    // Each folder was watched by one process, which took each of its files once.
    let holders = holders(&servers, &stations);
    eprintln!("station → server watching it: {holders:?}");
    for server in &servers {
        let log = server.log();
        assert!(!log.contains("lease lost"), "{}:\n{log}", server.name);
        assert!(!log.contains("is a duplicate"), "{}:\n{log}", server.name);
        let ours = format!("holder=serve-{}-", server.pid());
        for line in log.lines().filter(|l| l.contains("holder=")) {
            assert!(line.contains(&ours), "{}: {line}", server.name);
        }
    }
    for station in &stations {
        let names = imported(&folder(*station));
        // A name with `-1` would be the same file moved in a second time: offered twice.
        assert_eq!(names, dropped[&station.0], "station {station}");
        assert!(files_under(&folder(*station).join("rejected")).is_empty());
        let mut takes: Vec<String> = taken(&servers[holders[&station.0]])
            .into_iter()
            .filter(|(s, _)| *s == station.0)
            .map(|(_, f)| f)
            .collect();
        takes.sort();
        assert_eq!(
            takes,
            dropped[&station.0].iter().cloned().collect::<Vec<_>>()
        );
    }
    assert_eq!(orphans(repo.as_ref(), &stations).await, dropped);

    // The process watching station 1 dies. Its leases hold for the rest of their 15 s life,
    // then the other process takes over every folder it watched (here often both: the process
    // that starts first takes every free lease) and ingests what landed there meanwhile.
    let dead = holders[&stations[0].0];
    let alive = 1 - dead;
    let abandoned: Vec<StationId> = stations
        .iter()
        .copied()
        .filter(|s| holders[&s.0] == dead)
        .collect();
    servers[dead].kill_9();
    let killed_at = Instant::now();
    let mut late = Vec::new();
    for (n, station) in abandoned.iter().enumerate() {
        for i in 1..=2 {
            let name = format!("IMG_01{i:02}.JPG");
            drop_photo(&src, &folder(*station), &name, (1000 + n * 100 + i) as u64);
            dropped.get_mut(&station.0).unwrap().insert(name.clone());
            late.push((station.0, name));
        }
    }
    late.sort();
    let survivor = [&servers[alive]];
    wait_for(
        "the other server to watch the dead one's folders",
        Duration::from_secs(40),
        &survivor,
        async || {
            let now = watched(&servers[alive]);
            abandoned.iter().all(|s| now.contains(&s.0)).then_some(())
        },
    )
    .await;
    let took_over_after = killed_at.elapsed();
    wait_for(
        "the files that landed meanwhile to be imported",
        Duration::from_secs(20),
        &survivor,
        async || {
            abandoned
                .iter()
                .all(|s| imported(&folder(*s)).len() >= dropped[&s.0].len())
                .then_some(())
        },
    )
    .await;
    eprintln!("station(s) {abandoned:?} taken over {took_over_after:?} after the kill");
    // Renewed at most one 5 s rescan before the kill, a lease still had 10 s to run.
    assert!(
        took_over_after >= Duration::from_secs(5),
        "taken over {took_over_after:?} after the kill, while the dead process's lease was live"
    );
    let mut watches = watched(&servers[alive]);
    watches.sort();
    let mut expected: Vec<i64> = stations.iter().map(|s| s.0).collect();
    expected.sort();
    assert_eq!(
        watches, expected,
        "each folder watched once by the survivor"
    );
    for station in &stations {
        assert_eq!(imported(&folder(*station)), dropped[&station.0]);
    }
    let mut took: Vec<(i64, String)> = taken(&servers[alive])
        .into_iter()
        .filter(|(_, f)| f.starts_with("IMG_01"))
        .collect();
    took.sort();
    assert_eq!(took, late);
    let log = servers[alive].log();
    assert!(
        !log.contains("is a duplicate") && !log.contains("lease lost"),
        "{log}"
    );
    assert_eq!(orphans(repo.as_ref(), &stations).await, dropped);
}
