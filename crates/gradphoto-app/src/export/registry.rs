//! `export.registry`: the registry package of the current campaign as a job (or straight to a
//! file from the command line). For each chosen student, in class and 学号 order: the original
//! from the blob store, cut at the crop the engine proposed when the photo was judged, rendered
//! to the profile ([`gradphoto_photo::export`]) and judged again as the finished file; one that
//! fails is held back unless an operator overrode the photo's verdict. A file kept from before
//! ([`super::kept`]: cut ahead at ingest, or by an earlier package) is read instead of cut
//! again. The zip is written as it goes, stored in the blob store by its hash and recorded as a
//! batch with its students, so a later package can hold only the students changed since it.

use std::collections::{HashMap, HashSet};
use std::io::{Seek, Write};
use std::sync::Arc;

use async_trait::async_trait;
use gradphoto_domain::{Campaign, Msg};
use gradphoto_photo::export::{Check, Profile, render};
use gradphoto_photo::face::Rect;
use gradphoto_photo::{Judge, JudgeOptions, ModeChoice, RulePack};
use gradphoto_store::{
    Actor, BlobKey, CurrentPhoto, ExportBatch, ExportCandidate, ExportItem, NewExportBatch,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::kept::{self, Finished};
use super::naming::entry_name;
use super::ordered::Ordered;
use super::package::{ManifestRow, Package};
use super::selection::Selection;
use crate::App;
use crate::error::{AppError, Result};
use crate::jobs::{JobContext, JobHandler};

pub const KIND: &str = "export.registry";

/// What to export, as stored on the job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Params {
    pub profile: Profile,
    #[serde(default)]
    pub selection: Selection,
    /// Only the students changed since this earlier batch.
    #[serde(default)]
    pub since: Option<i64>,
}

/// A student left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    pub student_no: String,
    pub name: String,
    pub class_code: String,
    pub reason: Msg,
}

/// What a package holds, and who it does not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub batch_id: i64,
    pub profile: String,
    pub exported: usize,
    /// Students left out as they were in the named earlier batch.
    pub unchanged: usize,
    pub left_out: Vec<LeftOut>,
    pub bytes: u64,
    pub sha256: String,
    pub manifest_sha256: String,
    pub file_name: String,
}

/// A finished package not yet recorded: the summary and the students it holds.
#[derive(Debug)]
pub struct Built {
    pub summary: Summary,
    pub items: Vec<ExportItem>,
}

/// One chosen student's work, done off the async threads.
struct Work {
    candidate: ExportCandidate,
    photo: CurrentPhoto,
    entry: String,
    data_sha256: String,
}

/// The registry's name of the campaign's package, for downloads.
pub fn file_name(campaign: &Campaign, profile: &str, batch: i64) -> String {
    format!("{}-{profile}-{batch}.zip", campaign.cohort)
}

/// SHA-256 of what is written for a student besides the photo: a change to it (a name corrected)
/// puts the student in the next incremental package.
fn data_digest(c: &ExportCandidate, entry: &str, profile: &Profile) -> String {
    let mut h = Sha256::new();
    for part in [
        profile.id.as_str(),
        entry,
        &c.student_no,
        &c.name,
        c.id_number.as_deref().unwrap_or(""),
        &c.class_code,
        c.college_name.as_deref().unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

pub(super) fn left(c: &ExportCandidate, reason: Msg) -> LeftOut {
    LeftOut {
        student_no: c.student_no.clone(),
        name: c.name.clone(),
        class_code: c.class_code.clone(),
        reason,
    }
}

/// The crop the engine proposed for the frame, in upright original pixels, from the stored
/// verdict; the whole frame cut to 3:4 when the operator overrode a verdict that had none.
pub(super) fn crop_of(
    detail: &serde_json::Value,
    overridden: bool,
    size: (u32, u32),
) -> Result<Rect, Msg> {
    let region = &detail["crop"]["geometry"]["region"];
    let scale = detail["work_scale"].as_f64().unwrap_or(0.0);
    let num = |k: &str| region[k].as_f64();
    let possible = detail["crop"]["possible"].as_bool().unwrap_or(false);
    if let (Some(x), Some(y), Some(w), Some(h)) = (num("x"), num("y"), num("w"), num("h"))
        && scale > 0.0
        && (possible || overridden)
    {
        let s = scale;
        return Ok(Rect {
            x: (x / s) as f32,
            y: (y / s) as f32,
            w: (w / s) as f32,
            h: (h / s) as f32,
        });
    }
    if overridden {
        let (w, h) = (size.0 as f32, size.1 as f32);
        let (cw, ch) = if w * 4.0 > h * 3.0 {
            (h * 0.75, h)
        } else {
            (w, w / 0.75)
        };
        return Ok(Rect {
            x: (w - cw) / 2.0,
            y: (h - ch) / 2.0,
            w: cw,
            h: ch,
        });
    }
    Err(Msg::new(
        "照片无法裁出符合要求的 3:4 画面（见检测结果），需要重拍或由操作员确认",
        "no 3:4 crop of the photo meets the bands (see its verdict): retake it, or have an operator override the verdict",
    ))
}

/// The judge of the finished files, as the profile asks.
pub(super) fn final_judge(profile: &Profile) -> std::result::Result<Option<Judge>, Msg> {
    let mode = match profile.check {
        Check::None => return Ok(None),
        Check::Final => ModeChoice::Final,
        Check::Original => ModeChoice::Original,
    };
    let pack = RulePack::built_in(&profile.rules).map_err(|e| e.msg())?;
    Judge::with_options(
        pack,
        JudgeOptions {
            mode,
            ..Default::default()
        },
    )
    .map(Some)
    .map_err(|e| e.msg())
}

/// Renders one student's file from its original and judges it again.
fn render_one(
    original: &[u8],
    crop: Rect,
    profile: &Profile,
    judge: Option<&Judge>,
) -> std::result::Result<Finished, Msg> {
    let outcome = render(original, crop, profile, &Default::default()).map_err(|e| e.msg())?;
    Finished::of(outcome, judge)
}

/// Photos rendered at once: one per permit the jobs may hold.
pub(super) fn in_flight(app: &App) -> usize {
    app.cpu.permits().clamp(1, 8)
}

/// Tells the job, when the work runs as one, how far it has come.
pub(super) async fn progress(
    ctx: Option<&JobContext>,
    done: usize,
    total: usize,
    note: String,
) -> Result<()> {
    match ctx {
        Some(ctx) => {
            let t = i64::try_from(total).unwrap_or(i64::MAX);
            let d = i64::try_from(done).unwrap_or(i64::MAX);
            ctx.progress(d, Some(t), Some(&note)).await
        }
        None => Ok(()),
    }
}

/// The crop the engine proposed for a current photo, in upright original pixels, or why it
/// cannot be used.
pub(super) async fn crop_for(
    app: &App,
    photo: &CurrentPhoto,
) -> Result<std::result::Result<Rect, Msg>> {
    let frame = app.repo.frame(photo.frame_id).await?;
    let verdict = app.repo.frame_verdict(photo.frame_id).await?;
    let (Some(frame), Some(verdict)) = (frame, verdict) else {
        return Ok(Err(Msg::new(
            "照片还没有检测结果",
            "the photo has not been judged yet",
        )));
    };
    Ok(crop_of(
        &verdict.detail,
        photo.overridden,
        (frame.width, frame.height),
    ))
}

/// A current photo's original, verified, or why it cannot be read.
pub(super) async fn original_of(
    capture: &crate::Capture,
    photo: &CurrentPhoto,
) -> Result<std::result::Result<bytes::Bytes, Msg>> {
    let key = original_key(photo)?;
    Ok(capture.blobs.get(&key).await.map_err(|e| {
        Msg::new(
            format!("原片读取失败：{e}"),
            format!("the original cannot be read: {e}"),
        )
    }))
}

/// The key of a current photo's original.
pub(super) fn original_key(photo: &CurrentPhoto) -> Result<BlobKey> {
    photo
        .blob_key
        .parse()
        .map_err(|e| AppError::Internal(format!("blob key: {e}")))
}

/// Builds the package of `campaign` into `out`, reporting progress on `ctx` when it runs as a
/// job (an error from it means stop). `out` is written as the photos come, and given back.
pub async fn build<W: Write + Seek + Send + 'static>(
    app: &App,
    campaign: &Campaign,
    params: &Params,
    out: W,
    ctx: Option<&JobContext>,
) -> Result<(Built, W)> {
    let capture = app.capture()?.clone();
    let profile = Arc::new(params.profile.clone());
    let earlier: HashMap<_, _> = match params.since {
        None => HashMap::new(),
        Some(id) => {
            let batch = app.repo.export_batch(id).await?;
            if batch.as_ref().map(|b| b.campaign_id) != Some(campaign.id) {
                return Err(AppError::invalid(
                    "since",
                    Msg::new(
                        format!("本次采集中没有编号为 {id} 的导出批次"),
                        format!("this campaign has no export batch {id}"),
                    ),
                ));
            }
            app.repo
                .export_items(id)
                .await?
                .into_iter()
                .map(|i| (i.student_id, i))
                .collect()
        }
    };
    let mut summary = Summary {
        profile: profile.id.clone(),
        ..Summary::default()
    };
    // Who is chosen, named, and changed; the rest is listed with the reason.
    let mut work = Vec::new();
    let mut names = HashSet::new();
    for c in app.repo.export_candidates(campaign.id).await? {
        if !params.selection.covers(&c) {
            continue;
        }
        let chosen = params.selection.photo(&c).cloned().and_then(|photo| {
            let entry = entry_name(&profile.naming, &c)?;
            if !names.insert(entry.clone()) {
                return Err(Msg::new(
                    format!("文件名 {entry} 与另一名学生重复：请改用含学号的命名规格"),
                    format!("the file name {entry} is another student's too: use a profile whose names hold the student number"),
                ));
            }
            Ok((photo, entry))
        });
        match chosen {
            Err(reason) => summary.left_out.push(left(&c, reason)),
            Ok((photo, entry)) => {
                let data_sha256 = data_digest(&c, &entry, &profile);
                let same = earlier
                    .get(&c.student_id)
                    .is_some_and(|i| i.photo_id == photo.photo_id && i.data_sha256 == data_sha256);
                if same {
                    summary.unchanged += 1;
                } else {
                    work.push(Work {
                        candidate: c,
                        photo,
                        entry,
                        data_sha256,
                    });
                }
            }
        }
    }
    let judge = {
        let profile = profile.clone();
        app.cpu
            .run(move || final_judge(&profile))
            .await?
            .map_err(|m| AppError::invalid("profile", m))?
            .map(Arc::new)
    };
    let total = work.len();
    let report = |done: usize, note: String| progress(ctx, done, total, note);
    report(0, String::new()).await?;
    let mut package = Package::new(out);
    let mut items = Vec::with_capacity(total);
    let mut done = 0;
    // A window of photos at once (one more than the CPU permits, so that reading the next
    // original overlaps the rendering), written in order.
    let mut tasks = Ordered::new(work.into_iter(), in_flight(app) + 1, |w: Work| {
        let (app, capture, profile, judge) =
            (app.clone(), capture.clone(), profile.clone(), judge.clone());
        tokio::spawn(async move {
            let outcome = render_student(&app, &capture, &w, &profile, judge).await;
            (w, outcome)
        })
    });
    while let Some(task) = tasks.next().await {
        let (w, outcome) = task?;
        match outcome? {
            Err(reason) => summary.left_out.push(left(&w.candidate, reason)),
            Ok((jpeg, quality)) => {
                let row = ManifestRow {
                    student_no: w.candidate.student_no.clone(),
                    name: w.candidate.name.clone(),
                    id_number: w.candidate.id_number.clone().unwrap_or_default(),
                    file: w.entry.clone(),
                    bytes: jpeg.len(),
                    quality,
                    sha256: hex::encode(Sha256::digest(&jpeg)),
                };
                package = tokio::task::spawn_blocking(move || {
                    package.add_photo(&jpeg, row).map(|()| package)
                })
                .await?
                .map_err(AppError::Internal)?;
                items.push(ExportItem {
                    student_id: w.candidate.student_id,
                    photo_id: w.photo.photo_id,
                    data_sha256: w.data_sha256,
                    entry: w.entry,
                });
            }
        }
        done += 1;
        report(
            done,
            format!("{} {}", w.candidate.class_code, w.candidate.student_no),
        )
        .await?;
    }
    summary.exported = items.len();
    let readme = readme(campaign, &profile, &summary, params.since);
    let (out, manifest_sha256) = tokio::task::spawn_blocking(move || package.finish(&readme))
        .await?
        .map_err(AppError::Internal)?;
    summary.manifest_sha256 = manifest_sha256;
    Ok((Built { summary, items }, out))
}

/// One student's finished file: the one kept for this crop and profile when there is one (cut
/// ahead at ingest, or by an earlier package), else read, cut, rendered and judged from the
/// original (a CPU permit for the work) and kept.
async fn render_student(
    app: &App,
    capture: &crate::Capture,
    w: &Work,
    profile: &Arc<Profile>,
    judge: Option<Arc<Judge>>,
) -> Result<std::result::Result<(Vec<u8>, u8), Msg>> {
    let crop = match crop_for(app, &w.photo).await? {
        Ok(crop) => crop,
        Err(why) => return Ok(Err(why)),
    };
    let key = original_key(&w.photo)?;
    let blobs = capture.blobs.as_ref();
    if let Some(finished) = kept::registry(blobs, &key, profile, crop).await? {
        return Ok(finished.admit(w.photo.overridden));
    }
    let original = match original_of(capture, &w.photo).await? {
        Ok(bytes) => bytes,
        Err(why) => return Ok(Err(why)),
    };
    let made = {
        let profile = profile.clone();
        app.cpu
            .run(move || render_one(&original, crop, &profile, judge.as_deref()))
            .await?
    };
    Ok(match made {
        Ok(finished) => {
            kept::keep_registry(blobs, &key, profile, crop, &finished).await?;
            finished.admit(w.photo.overridden)
        }
        Err(why) => Err(why),
    })
}

fn readme(campaign: &Campaign, profile: &Profile, s: &Summary, since: Option<i64>) -> String {
    let since = since.map_or(String::new(), |id| {
        format!("只含第 {id} 批之后有变化的学生 / only the students changed since batch {id}\n")
    });
    format!(
        "{title}\n\
         导出规格 / profile: {id} — {zh} / {en}\n\
         {w} × {h} 像素 / pixels, {dpi} dpi, 基线 JPEG / baseline JPEG, {lo}–{hi} 字节 / bytes\n\
         照片 / photos: {n}; 未导出 / left out: {left}\n\
         {since}\
         manifest.csv / manifest.xlsx: 学号, 姓名, 身份证号, file, bytes, quality, sha256\n",
        title = campaign.title,
        id = profile.id,
        zh = profile.title_zh,
        en = profile.title_en,
        w = profile.width,
        h = profile.height,
        dpi = profile.dpi,
        lo = profile.min_bytes,
        hi = profile.max_bytes,
        n = s.exported,
        left = s.left_out.len(),
    )
}

/// Builds the package into a file, stores it in the blob store and records the batch.
pub async fn export_to_file(
    app: &App,
    params: &Params,
    path: &std::path::Path,
    actor: &Actor,
    ctx: Option<&JobContext>,
) -> Result<(Summary, ExportBatch)> {
    let campaign = super::current_campaign(app).await?;
    // Written beside the target and renamed once whole: a failed export leaves no file.
    let partial = path.with_extension("zip.partial");
    let made = write_file(app, &campaign, params, &partial, ctx).await;
    let built = match made {
        Ok(built) => built,
        Err(e) => {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(e);
        }
    };
    tokio::fs::rename(&partial, path)
        .await
        .map_err(|e| AppError::Internal(format!("renaming to {}: {e}", path.display())))?;
    let size = tokio::fs::metadata(path)
        .await
        .map_err(|e| AppError::Internal(format!("reading {}: {e}", path.display())))?
        .len();
    // Streamed into the store: a package of thousands of photos is never in memory whole.
    let key = app.capture()?.blobs.put_file(path).await?;
    let mut summary = built.summary;
    let batch = app
        .repo
        .record_export_batch(
            &NewExportBatch {
                campaign_id: campaign.id,
                job_id: ctx.map(|c| c.job.id),
                profile: params.profile.id.clone(),
                selection: serde_json::to_value(&params.selection)
                    .map_err(|e| AppError::Internal(e.to_string()))?,
                since_batch_id: params.since,
                left_out: i64::try_from(summary.left_out.len()).unwrap_or(i64::MAX),
                bytes: i64::try_from(size).unwrap_or(i64::MAX),
                blob_key: key.to_string(),
                manifest_sha256: summary.manifest_sha256.clone(),
            },
            &built.items,
            actor,
            app.now(),
        )
        .await?;
    summary.batch_id = batch.id;
    summary.bytes = size;
    summary.sha256 = key.hash_hex().to_owned();
    summary.file_name = file_name(&campaign, &params.profile.id, batch.id);
    Ok((summary, batch))
}

/// [`build`] into the file at `path`.
async fn write_file(
    app: &App,
    campaign: &Campaign,
    params: &Params,
    path: &std::path::Path,
    ctx: Option<&JobContext>,
) -> Result<Built> {
    let io = |e: std::io::Error| AppError::Internal(format!("writing {}: {e}", path.display()));
    let file = std::fs::File::create(path).map_err(io)?;
    let (built, out) = build(app, campaign, params, std::io::BufWriter::new(file), ctx).await?;
    out.into_inner()
        .map_err(|e| io(e.into_error()))?
        .sync_all()
        .map_err(io)?;
    Ok(built)
}

#[derive(Debug)]
pub struct ExportRegistry;

#[async_trait]
impl JobHandler for ExportRegistry {
    fn kind(&self) -> &'static str {
        KIND
    }

    async fn run(&self, ctx: &JobContext) -> Result<serde_json::Value> {
        let params: Params = crate::jobs::params(&ctx.job, "导出", "the export")?;
        let path = std::env::temp_dir().join(format!(
            "gradphoto-export-{}-{}.zip",
            std::process::id(),
            ctx.job.id
        ));
        let actor = Actor::system(&ctx.job.created_by);
        let made = export_to_file(&ctx.app, &params, &path, &actor, Some(ctx)).await;
        let _ = tokio::fs::remove_file(&path).await;
        let (summary, _) = made?;
        serde_json::to_value(&summary).map_err(|e| AppError::Internal(e.to_string()))
    }
}
