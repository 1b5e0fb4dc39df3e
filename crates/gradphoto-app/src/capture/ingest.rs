//! One frame in: hash (a copy of bytes already received stops here), validate and decode once
//! (limits, formats, EXIF orientation), judge, store the original and its two renditions, then
//! record it against the ticket the station had called when it arrived, and start cutting its
//! registry file and print image from the same decode in the background
//! ([`crate::export::ahead`]). The bytes are stored before the row is written, so a crash
//! leaves at most an unreferenced blob, never a frame without its photo; the original is
//! content-addressed, so storing it again is free. The bytes are hashed once: by the hot
//! folder's watcher when it read the file, else here.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use gradphoto_domain::frame::not_called_any_more;
use gradphoto_domain::{FrameSource, FrameVerdict, Msg, Station, StationId, TicketId};
use gradphoto_photo::{PhotoError, Prepared, Verdict};
use gradphoto_store::{Actor, BlobKey, FrameOutcome, NewFrame, StoreError};

use crate::App;
use crate::error::{AppError, Result};
use crate::station::{CalledNow, called_now};

/// A frame as it reached a station.
#[derive(Debug, Clone)]
pub struct Arrival {
    pub station: StationId,
    pub source: FrameSource,
    pub name: Option<String>,
    pub bytes: Bytes,
    /// The bytes' content address, when whoever read them already hashed them. It must be
    /// `BlobKey::of(&bytes)`: the store trusts it (a wrong one is only found when read back).
    pub key: Option<BlobKey>,
    /// When it landed (hot folder) or arrived (upload): it belongs to the ticket called then.
    pub arrived_at: DateTime<Utc>,
    /// Uploads name the ticket the operator saw called; see [`NewFrame::expected_ticket`].
    pub expected_ticket: Option<TicketId>,
}

/// The CPU part of an ingest, done on a blocking thread.
struct Worked {
    thumbnail: Vec<u8>,
    preview: Vec<u8>,
    width: u32,
    height: u32,
    verdict: (FrameVerdict, serde_json::Value),
    /// The decode the verdict was made from, for the export's files cut ahead.
    kept: gradphoto_photo::decode::Kept,
}

fn overall_code(v: &Verdict) -> &'static str {
    match v.overall {
        gradphoto_photo::Status::Pass | gradphoto_photo::Status::Skip => "pass",
        gradphoto_photo::Status::Warn => "warn",
        gradphoto_photo::Status::Fail => "fail",
    }
}

fn work(judge: &gradphoto_photo::Judge, bytes: &[u8]) -> std::result::Result<Worked, PhotoError> {
    let Prepared {
        decoded,
        thumbnail,
        preview,
        kept,
    } = gradphoto_photo::prepare(bytes, &judge.options().limits)?;
    let (width, height) = decoded.info.upright_size();
    let pack = judge.pack().id.clone();
    // A file that decodes but cannot be judged (a model failure) is still a frame: the
    // operator sees why it has no verdict and decides by eye.
    let verdict = match judge.judge_decoded(&decoded) {
        Ok(v) => {
            let detail = serde_json::to_value(&v).unwrap_or(serde_json::Value::Null);
            let summary = FrameVerdict {
                pack,
                overall: overall_code(&v).to_owned(),
                reason: v.reason.clone(),
            };
            (summary, detail)
        }
        Err(e) => (
            FrameVerdict {
                pack,
                overall: "error".to_owned(),
                reason: e.msg(),
            },
            serde_json::Value::Null,
        ),
    };
    Ok(Worked {
        thumbnail: thumbnail.jpeg,
        preview: preview.jpeg,
        width,
        height,
        verdict,
        kept,
    })
}

fn refused(e: &PhotoError) -> AppError {
    AppError::invalid("file", e.msg())
}

/// Refuses an upload meant for `expected` when the station has called another ticket, or
/// none, since; in the store's words for the same refusal.
async fn still_called(app: &App, station: &Station, expected: TicketId) -> Result<()> {
    let now_called = match called_now(app, station, expected).await? {
        CalledNow::Expected => return Ok(()),
        CalledNow::Other(seq) => Some(seq),
        CalledNow::Nothing => None,
    };
    Err(AppError::Store(StoreError::Rejected(not_called_any_more(
        now_called,
    ))))
}

/// Ingests one frame. A file that is not an acceptable photo (wrong format, too large, too
/// many pixels, truncated) is refused with a message saying what to do, and nothing is kept.
pub async fn ingest(app: &App, arrival: Arrival, actor: &Actor) -> Result<FrameOutcome> {
    let capture = app.capture()?;
    let station = app.repo.station(arrival.station).await?.ok_or_else(|| {
        AppError::NotFound(Msg::new(
            format!("没有编号为 {} 的机位", arrival.station),
            format!("there is no station {}", arrival.station),
        ))
    })?;
    // A copy of bytes already received (the same file twice in the hot folder, an upload
    // repeated) is answered from the store, without decoding, judging or writing it again.
    let key = match arrival.key.clone() {
        Some(key) => {
            debug_assert_eq!(
                key,
                BlobKey::of(&arrival.bytes),
                "an arrival's key is its bytes'"
            );
            key
        }
        None => {
            let bytes = arrival.bytes.clone();
            let _cpu = app.cpu.ingest().await;
            tokio::task::spawn_blocking(move || BlobKey::of(&bytes)).await?
        }
    };
    if let Some(frame) = app.repo.frame_with_content(key.hash_hex()).await? {
        if let Some(expected) = arrival.expected_ticket {
            still_called(app, &station, expected).await?;
        }
        return Ok(FrameOutcome::Duplicate { frame });
    }
    let judge = app.judge().await.map_err(|e| refused(&e))?;
    let bytes = arrival.bytes.clone();
    let worked = {
        let _cpu = app.cpu.ingest().await;
        tokio::task::spawn_blocking(move || work(&judge, &bytes)).await?
    }
    .map_err(|e| refused(&e))?;
    // An upload for a student the station no longer has called is refused before its bytes
    // are kept: the refusal says the photo was not kept. (The store checks again when it
    // records the frame; a call in the moment between leaves an unreferenced blob, as a crash
    // would.)
    if let Some(expected) = arrival.expected_ticket {
        still_called(app, &station, expected).await?;
    }
    let blobs = &capture.blobs;
    blobs.put_hashed(&key, arrival.bytes.clone()).await?;
    let thumb = blobs
        .put_rendition(&key, "thumb.jpg", Bytes::from(worked.thumbnail))
        .await?;
    let preview = blobs
        .put_rendition(&key, "preview.jpg", Bytes::from(worked.preview))
        .await?;
    let (verdict, kept) = (worked.verdict, worked.kept);
    let size = (worked.width, worked.height);
    let frame = NewFrame {
        station_id: arrival.station,
        source: arrival.source,
        sha256: key.hash_hex().to_owned(),
        blob_key: key.as_str().to_owned(),
        thumb_key: thumb.as_str().to_owned(),
        preview_key: preview.as_str().to_owned(),
        original_name: arrival.name,
        bytes: i64::try_from(arrival.bytes.len()).unwrap_or(i64::MAX),
        width: worked.width,
        height: worked.height,
        arrived_at: arrival.arrived_at,
        expected_ticket: arrival.expected_ticket,
        verdict: Some(verdict),
    };
    let outcome = app
        .repo
        .record_frame(&frame, actor, app.clock.now())
        .await?;
    if !matches!(outcome, FrameOutcome::Duplicate { .. }) {
        app.events.notify(station.venue_id);
        if let Some((_, detail)) = &frame.verdict {
            crate::export::ahead::start(app, (key, arrival.bytes), kept, detail, size);
        }
    }
    Ok(outcome)
}
