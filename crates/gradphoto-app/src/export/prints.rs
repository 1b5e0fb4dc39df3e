//! `export.prints`: the print sheets of the current campaign as a PDF, as a job (kept in the
//! blob store, downloaded from its job) or straight to a file from the command line. Every
//! student with a current photo, in class order and then by the ticket number they were shot
//! on: their image cut from the original at the crop the engine proposed, at the print's size
//! and 300 dpi or more ([`gradphoto_photo::export::print_image`]), then laid out by
//! [`gradphoto_pdf::prints_pdf`], a cover page per class.

use async_trait::async_trait;
use gradphoto_domain::{Campaign, Msg};
use gradphoto_pdf::{PrintClass, PrintRun, PrintStudent, prints_pdf};
pub use gradphoto_pdf::{PrintSize, SheetKind};
use gradphoto_photo::export::{PrintImage, print_image, print_pixels};
use gradphoto_store::{Actor, BlobKey, CurrentPhoto, ExportCandidate};
use serde::{Deserialize, Serialize};

use super::kept;
use super::ordered::Ordered;
use super::registry::{LeftOut, crop_for, in_flight, left, original_key, original_of, progress};
use super::selection::Selection;
use crate::App;
use crate::error::{AppError, Result};
use crate::jobs::{JobContext, JobHandler};

pub const KIND: &str = "export.prints";

/// The lowest resolution a print is made at.
pub const MIN_DPI: u16 = 300;

/// What to print, as stored on the job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintParams {
    /// `6inch`, `5inch` or `a4`.
    pub sheet: String,
    /// `35x49`, `35x45`, `35x53` or `33x48`.
    pub size: String,
    /// Prints per student; the campaign's number when not given.
    #[serde(default)]
    pub copies: Option<u32>,
    #[serde(default = "default_dpi")]
    pub dpi: u16,
    /// Whose prints: students with a current photo, of some classes when given. Proofreading
    /// is not waited for (the prints are handed out with the class).
    #[serde(default = "no_proof")]
    pub selection: Selection,
}

fn default_dpi() -> u16 {
    MIN_DPI
}

fn no_proof() -> Selection {
    Selection {
        require_proof: false,
        classes: Vec::new(),
    }
}

impl Default for PrintParams {
    fn default() -> Self {
        Self {
            sheet: SheetKind::SixInch.code().to_owned(),
            size: "35x49".to_owned(),
            copies: None,
            dpi: MIN_DPI,
            selection: no_proof(),
        }
    }
}

impl PrintParams {
    /// The sheet and print size named, each refused with the choices when unknown.
    pub fn parse(&self) -> Result<(SheetKind, PrintSize)> {
        let sheet = SheetKind::parse(&self.sheet).ok_or_else(|| {
            AppError::invalid(
                "sheet",
                Msg::new(
                    format!("没有“{}”这种相纸：可选 6inch、5inch、a4", self.sheet),
                    format!(
                        "there is no sheet \"{}\": one of 6inch, 5inch, a4",
                        self.sheet
                    ),
                ),
            )
        })?;
        let size = PrintSize::parse(&self.size).ok_or_else(|| {
            AppError::invalid(
                "size",
                Msg::new(
                    format!(
                        "没有“{}”这种二寸尺寸：可选 35x49、35x45、35x53、33x48（毫米）",
                        self.size
                    ),
                    format!(
                        "there is no two-inch size \"{}\": one of 35x49, 35x45, 35x53, 33x48 (mm)",
                        self.size
                    ),
                ),
            )
        })?;
        if self.dpi < MIN_DPI || self.dpi > 1200 {
            return Err(AppError::invalid(
                "dpi",
                Msg::new(
                    format!("分辨率 {} dpi 不合适：应为 300 到 1200", self.dpi),
                    format!("{} dpi will not do: 300 to 1200", self.dpi),
                ),
            ));
        }
        if self.copies.is_some_and(|c| !(1..=48).contains(&c)) {
            return Err(AppError::invalid(
                "copies",
                Msg::new("每人张数应为 1 到 48", "prints per student: 1 to 48"),
            ));
        }
        Ok((sheet, size))
    }
}

/// What a print run made, and who it left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintSummary {
    pub sheet: String,
    pub size: String,
    pub students: usize,
    pub classes: usize,
    pub pages: usize,
    pub left_out: Vec<LeftOut>,
    pub bytes: u64,
    /// Where the PDF is kept (a job's run), for its download.
    pub blob_key: Option<String>,
    pub file_name: String,
}

/// The file name of a campaign's print run.
pub fn file_name(campaign: &Campaign, params: &PrintParams) -> String {
    format!(
        "{}-prints-{}-{}.pdf",
        campaign.cohort, params.sheet, params.size
    )
}

/// Builds the PDF of `campaign`'s prints, reporting progress on `ctx` when it runs as a job.
pub async fn build(
    app: &App,
    campaign: &Campaign,
    params: &PrintParams,
    ctx: Option<&JobContext>,
) -> Result<(Vec<u8>, PrintSummary)> {
    let (sheet, size) = params.parse()?;
    let capture = app.capture()?.clone();
    let copies = params
        .copies
        .map_or(campaign.prints_per_student, i64::from)
        .max(1);
    let pixels = print_pixels(
        f64::from(size.width_mm),
        f64::from(size.height_mm),
        u32::from(params.dpi),
    );
    let mut summary = PrintSummary {
        sheet: sheet.code().to_owned(),
        size: size.label(),
        file_name: file_name(campaign, params),
        ..PrintSummary::default()
    };
    let mut chosen: Vec<(ExportCandidate, gradphoto_store::CurrentPhoto)> = Vec::new();
    for c in app.repo.export_candidates(campaign.id).await? {
        if !params.selection.covers(&c) {
            continue;
        }
        match params.selection.photo(&c).cloned() {
            Ok(photo) => chosen.push((c, photo)),
            Err(reason) => summary.left_out.push(left(&c, reason)),
        }
    }
    // By class, then the number the student was shot under, then 学号.
    chosen.sort_by(|(a, pa), (b, pb)| {
        (
            &a.class_code,
            pa.ticket_seq.unwrap_or(i64::MAX),
            &a.student_no,
        )
            .cmp(&(
                &b.class_code,
                pb.ticket_seq.unwrap_or(i64::MAX),
                &b.student_no,
            ))
    });
    let total = chosen.len();
    let report = |done: usize, note: String| progress(ctx, done, total, note);
    report(0, String::new()).await?;
    let mut classes: Vec<PrintClass> = Vec::new();
    let mut done = 0;
    let dpi = params.dpi;
    // A window of students at once, laid out in order (see the registry package).
    let mut tasks = Ordered::new(chosen.into_iter(), in_flight(app) + 1, |(c, photo)| {
        let (app, capture) = (app.clone(), capture.clone());
        tokio::spawn(async move {
            let made = cut_one(&app, &capture, &photo, pixels, dpi).await;
            (c, made)
        })
    });
    while let Some(task) = tasks.next().await {
        let (c, made) = task?;
        match made? {
            Err(reason) => summary.left_out.push(left(&c, reason)),
            Ok(image) => {
                let student = PrintStudent {
                    name: c.name.clone(),
                    student_no: c.student_no.clone(),
                    class_code: c.class_code.clone(),
                    jpeg: image.jpeg,
                    width_px: image.width,
                    height_px: image.height,
                };
                match classes.last_mut() {
                    Some(class) if class.code == c.class_code => class.students.push(student),
                    _ => classes.push(PrintClass {
                        code: c.class_code.clone(),
                        college: c.college_name.clone(),
                        students: vec![student],
                    }),
                }
            }
        }
        done += 1;
        report(done, format!("{} {}", c.class_code, c.student_no)).await?;
    }
    summary.students = classes.iter().map(|c| c.students.len()).sum();
    summary.classes = classes.len();
    let run = PrintRun {
        title: campaign.title.clone(),
        sheet,
        size,
        copies: usize::try_from(copies).unwrap_or(8),
        classes,
    };
    summary.pages = gradphoto_pdf::sheet_count(&run).map_err(pdf_error)?;
    let pdf = app
        .cpu
        .run(move || prints_pdf(run))
        .await?
        .map_err(pdf_error)?;
    summary.bytes = pdf.len() as u64;
    Ok((pdf, summary))
}

fn pdf_error(e: gradphoto_pdf::PdfError) -> AppError {
    match e {
        gradphoto_pdf::PdfError::MissingGlyph { .. } => AppError::invalid(
            "name",
            Msg::new(
                format!("姓名中有字体无法显示的字：{e}"),
                format!("a name holds a character the font cannot draw: {e}"),
            ),
        ),
        other => AppError::Internal(other.to_string()),
    }
}

/// One student's print image: the one kept for this crop and size when there is one (cut
/// ahead at ingest, a reprint, another sheet of the same size), else cut from the original (a
/// CPU permit for the work) and kept beside it.
async fn cut_one(
    app: &App,
    capture: &crate::Capture,
    photo: &CurrentPhoto,
    pixels: (u32, u32),
    dpi: u16,
) -> Result<std::result::Result<PrintImage, Msg>> {
    let crop = match crop_for(app, photo).await? {
        Ok(crop) => crop,
        Err(why) => return Ok(Err(why)),
    };
    let (key, blobs) = (original_key(photo)?, capture.blobs.as_ref());
    if let Some(image) = kept::print(blobs, &key, crop, pixels, dpi).await? {
        return Ok(Ok(image));
    }
    let original = match original_of(capture, photo).await? {
        Ok(bytes) => bytes,
        Err(why) => return Ok(Err(why)),
    };
    let made = app
        .cpu
        .run(move || {
            print_image(&original, crop, pixels, dpi, &Default::default()).map_err(|e| e.msg())
        })
        .await?;
    if let Ok(image) = &made {
        kept::keep_print(blobs, &key, crop, dpi, image).await?;
    }
    Ok(made)
}

/// Builds the prints into the file at `path` (written beside it, renamed once whole).
pub async fn prints_to_file(
    app: &App,
    params: &PrintParams,
    path: &std::path::Path,
) -> Result<PrintSummary> {
    let campaign = super::current_campaign(app).await?;
    let (pdf, summary) = build(app, &campaign, params, None).await?;
    let partial = path.with_extension("pdf.partial");
    let io = |e: std::io::Error| AppError::Internal(format!("writing {}: {e}", path.display()));
    tokio::fs::write(&partial, &pdf).await.map_err(io)?;
    tokio::fs::rename(&partial, path).await.map_err(io)?;
    Ok(summary)
}

/// Queues the print run as a job.
pub async fn start(app: &App, params: &PrintParams, actor: &Actor) -> Result<gradphoto_store::Job> {
    params.parse()?;
    let value = serde_json::to_value(params).map_err(|e| AppError::Internal(e.to_string()))?;
    crate::jobs::enqueue(app, KIND, value, actor).await
}

/// A finished print run's file name and bytes, from its job, for a download.
pub async fn job_file(app: &App, job: &gradphoto_store::Job) -> Result<(String, bytes::Bytes)> {
    let missing = || {
        AppError::NotFound(Msg::new(
            format!("任务 {} 没有生成打印文件", job.id),
            format!("job {} made no print file", job.id),
        ))
    };
    if job.kind != KIND {
        return Err(missing());
    }
    let summary: PrintSummary = job
        .result
        .clone()
        .and_then(|r| serde_json::from_value(r).ok())
        .ok_or_else(missing)?;
    let key: BlobKey = summary
        .blob_key
        .as_deref()
        .ok_or_else(missing)?
        .parse()
        .map_err(|e| AppError::Internal(format!("blob key: {e}")))?;
    let bytes = app.capture()?.blobs.get(&key).await?;
    Ok((summary.file_name, bytes))
}

#[derive(Debug)]
pub struct ExportPrints;

#[async_trait]
impl JobHandler for ExportPrints {
    fn kind(&self) -> &'static str {
        KIND
    }

    async fn run(&self, ctx: &JobContext) -> Result<serde_json::Value> {
        let params: PrintParams = crate::jobs::params(&ctx.job, "打印像片", "the prints")?;
        let campaign = super::current_campaign(&ctx.app).await?;
        let (pdf, mut summary) = build(&ctx.app, &campaign, &params, Some(ctx)).await?;
        let key = ctx.app.capture()?.blobs.put(pdf.into()).await?;
        summary.blob_key = Some(key.to_string());
        serde_json::to_value(&summary).map_err(|e| AppError::Internal(e.to_string()))
    }
}
