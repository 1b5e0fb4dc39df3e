//! The export benchmark's database and blob store: opened as `gradphoto export` opens them,
//! seeded with the photographed campaign, and its kept files forgotten for a cold run.

use std::path::Path;
use std::sync::Arc;

use chrono::Utc;
use gradphoto::demo::roster::roster_csv;
use gradphoto_app::capture::frames::decide;
use gradphoto_app::capture::{Arrival, ingest};
use gradphoto_app::roster::import_roster;
use gradphoto_app::{App, Capture, Cpu, OsRandom};
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{CredentialKind, FrameSource, NewCampaign, SystemClock};
use gradphoto_store::{
    Actor, DiskBlobStore, FrameDecision, FrameOutcome, IssueRequest, NewFrame, StationAction,
};
use hyper::body::Bytes;

use super::Res;
use super::common;

pub async fn app_in(dir: &Path) -> Res<App> {
    let url = format!("sqlite://{}", dir.join("bench.db").display());
    let repo = gradphoto_store::connect(&url).await?;
    let blobs = DiskBlobStore::open(dir.join("blobs")).await?;
    // As `gradphoto export` runs: no frames come in, so the export may have every core.
    let app =
        App::new(repo, Arc::new(SystemClock), Arc::new(OsRandom)).with_cpu(Cpu::all_for_one_job());
    Ok(app.with_capture(Capture::new(Arc::new(blobs), dir.join("hot-folders"))))
}

/// Seeds `dir` and writes the distinct originals to `dir/originals/`.
pub async fn seed(dir: &Path, students: usize, originals: usize) -> Res<usize> {
    let frames = common::Frames::new()?;
    let files: Vec<Vec<u8>> = (0..originals as u32)
        .map(|n| frames.frame(n))
        .collect::<Res<_>>()?;
    std::fs::create_dir_all(dir.join("originals"))?;
    for (n, f) in files.iter().enumerate() {
        std::fs::write(dir.join("originals").join(format!("{n}.jpg")), f)?;
    }
    let app = app_in(dir).await?;
    {
        let actor = Actor::system("bench");
        let now = Utc::now();
        let new = NewCampaign::parse(2023, None, None, None).map_err(|m| m.en)?;
        let campaign = app.repo.create_campaign(&new, &actor, now).await?;
        let csv = roster_csv(students.div_ceil(171), 2023);
        let report =
            import_roster(&app, campaign.id, csv.as_bytes(), "r.csv", false, &actor).await?;
        if !report.problems.is_empty() {
            return Err("the demo roster did not import".into());
        }
        let venue = app
            .repo
            .create_venue(campaign.id, "大学生事务中心", &actor, now)
            .await?;
        let station = app
            .repo
            .create_station(venue.id, "1号机位", &actor, now)
            .await?;
        let all = app.repo.students(campaign.id).await?;
        // The first frame of each original, ingested for real; the rest share its verdict.
        let mut shared: Vec<(NewFrame, serde_json::Value)> = Vec::new();
        for (i, student) in all.iter().enumerate() {
            let issued = app
                .repo
                .issue_ticket(
                    &IssueRequest {
                        venue_id: venue.id,
                        day: shooting_day(now),
                        student_id: student.id,
                        credential: CredentialKind::StudentNo,
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
            let called = app
                .repo
                .station_action(station.id, &StationAction::CallNext, &actor, now)
                .await?
                .ok_or("nobody to call")?;
            assert_eq!(called.id, issued.ticket.id);
            let accept = FrameDecision::Accept { reason: None };
            if i < files.len() {
                let arrival = Arrival {
                    station: station.id,
                    source: FrameSource::Upload,
                    name: None,
                    bytes: Bytes::from(files[i].clone()),
                    key: None,
                    arrived_at: now,
                    expected_ticket: Some(called.id),
                };
                let frame = ingest(&app, arrival, &actor).await?.frame().clone();
                let verdict = app
                    .repo
                    .frame_verdict(frame.id)
                    .await?
                    .ok_or("no verdict")?;
                shared.push((
                    NewFrame {
                        station_id: station.id,
                        source: FrameSource::Upload,
                        sha256: frame.sha256.clone(),
                        blob_key: frame.blob_key.clone(),
                        thumb_key: frame.thumb_key.clone(),
                        preview_key: frame.preview_key.clone(),
                        original_name: None,
                        bytes: frame.bytes,
                        width: frame.width,
                        height: frame.height,
                        arrived_at: now,
                        expected_ticket: None,
                        verdict: Some((verdict.verdict.clone(), verdict.detail.clone())),
                    },
                    verdict.detail,
                ));
                decide(&app, &frame, &accept, false, &actor).await?;
            } else {
                let (template, detail) = &shared[i % shared.len()];
                // A content hash of its own: the store takes the same bytes for one student
                // only, and 5,000 distinct 24 MP files would be 39 GB. The blob key is the
                // shared original's, which is what the export reads (and verifies). The crop
                // is moved by a fraction of a pixel per student (at most 3 working pixels), so
                // that every student's registry file and print image are cut and kept as
                // their own, as with originals of their own.
                let mut detail = detail.clone();
                let region = &mut detail["crop"]["geometry"]["region"];
                for (axis, step) in [("x", i % 100), ("y", i / 100 % 100)] {
                    let v = region[axis].as_f64().unwrap_or(0.0);
                    region[axis] = (v + step as f64 * 0.03).into();
                }
                let summary = template.verdict.as_ref().map(|(v, _)| v.clone());
                let new = NewFrame {
                    expected_ticket: Some(called.id),
                    sha256: format!("{:064x}", i),
                    verdict: summary.map(|v| (v, detail)),
                    ..template.clone()
                };
                let frame = match app.repo.record_frame(&new, &actor, now).await? {
                    FrameOutcome::Bound { frame } => frame,
                    other => return Err(format!("not bound: {other:?}").into()),
                };
                app.repo
                    .decide_frame(frame.id, &accept, &actor, now)
                    .await?;
            }
        }
        // The 8 real frames' files, cut ahead in the background.
        app.ahead.idle().await;
        Ok(all.len())
    }
}

/// Removes the kept files whose names start with `prefix` (`registry-` or `print-`), so that
/// the next run cuts every file from its original, as when nothing was cut ahead.
pub fn forget_kept(dir: &Path, prefix: &str) -> Res<usize> {
    let mut removed = 0;
    let mut dirs = vec![dir.join("blobs")];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
            {
                std::fs::remove_file(&path)?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}
