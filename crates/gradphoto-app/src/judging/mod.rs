//! Judging photos in bulk, outside a station: the files of a folder judged against a rule pack,
//! each with its verdict or why it could not be judged. The command line's `gradphoto check`
//! runs it on every core at once; the `judge.batch` job ([`crate::jobs::judge_batch`]) runs it
//! one photo per CPU permit, beside the stations.

use std::path::{Path, PathBuf};

use gradphoto_domain::Msg;
use gradphoto_photo::{Judge, JudgeOptions, ModeChoice, PhotoError, RulePack, Verdict, annotate};
use serde::{Deserialize, Serialize};

/// How photos are judged: the pack, and whether they are final files or camera originals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRules {
    pub pack: String,
    /// `auto` (480 × 640 is final, anything else an original), `final` or `original`.
    #[serde(default = "auto")]
    pub mode: String,
}

fn auto() -> String {
    "auto".to_owned()
}

impl BatchRules {
    /// The judge for these rules (loads the face models: about 100 ms); a mode or pack that
    /// does not exist is refused with what to use.
    pub fn judge(&self) -> Result<Judge, Msg> {
        let mode = match self.mode.as_str() {
            "auto" => ModeChoice::Auto,
            "final" => ModeChoice::Final,
            "original" => ModeChoice::Original,
            other => {
                return Err(Msg::new(
                    format!("未知的检查方式“{other}”：请用 auto、final 或 original"),
                    format!("unknown mode \"{other}\": use auto, final or original"),
                ));
            }
        };
        let pack = RulePack::built_in(&self.pack).map_err(|e: PhotoError| e.msg())?;
        Judge::with_options(
            pack,
            JudgeOptions {
                mode,
                ..Default::default()
            },
        )
        .map_err(|e| e.msg())
    }
}

/// One photo's outcome: a verdict (with its annotated preview, when asked for) or why it could
/// not be judged.
#[derive(Debug, Serialize)]
pub struct Checked {
    pub path: PathBuf,
    #[serde(flatten)]
    pub outcome: Outcome,
    #[serde(skip)]
    pub preview: Option<Vec<u8>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Verdict(Box<Verdict>),
    Error(Msg),
}

impl Checked {
    /// Failed the rules, or could not be judged at all.
    pub fn failed(&self) -> bool {
        match &self.outcome {
            Outcome::Verdict(v) => v.failed(),
            Outcome::Error(_) => true,
        }
    }

    /// `pass`, `warn`, `fail` or `error`.
    pub fn overall(&self) -> &'static str {
        match &self.outcome {
            Outcome::Verdict(v) => match v.overall {
                gradphoto_photo::Status::Fail => "fail",
                gradphoto_photo::Status::Warn => "warn",
                _ => "pass",
            },
            Outcome::Error(_) => "error",
        }
    }

    /// The one line for the photographer, or why the file could not be judged.
    pub fn reason(&self) -> &Msg {
        match &self.outcome {
            Outcome::Verdict(v) => &v.reason,
            Outcome::Error(m) => m,
        }
    }
}

/// Photos named directly are taken whatever their extension (a wrong file gets a clear
/// error); directories are searched recursively for .jpg, .jpeg and .png, in sorted order.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Msg> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out).map_err(|e| {
                Msg::new(
                    format!("无法读取目录 {}：{e}", p.display()),
                    format!("cannot read directory {}: {e}", p.display()),
                )
            })?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png"))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Judges one file (CPU work: call it off the async threads), with an annotated preview of at
/// most 480 px height when `previews` is set.
pub fn check_one(judge: &Judge, path: &Path, previews: bool) -> Checked {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return Checked {
                path: path.to_owned(),
                outcome: Outcome::Error(Msg::new(
                    format!("无法读取文件：{e}"),
                    format!("cannot read the file: {e}"),
                )),
                preview: None,
            };
        }
    };
    match judge.inspect(&bytes) {
        Ok(j) => {
            let preview = previews
                .then(|| {
                    annotate::encode_jpeg(&thumbnail(&annotate::preview(&j.image, &j.verdict)), 80)
                        .ok()
                })
                .flatten();
            Checked {
                path: path.to_owned(),
                outcome: Outcome::Verdict(Box::new(j.verdict)),
                preview,
            }
        }
        Err(e) => Checked {
            path: path.to_owned(),
            outcome: Outcome::Error(e.msg()),
            preview: None,
        },
    }
}

/// Previews in a report are at most 480 px tall, to keep the file small.
fn thumbnail(img: &image::RgbImage) -> image::RgbImage {
    let h = img.height().max(1);
    if h <= 480 {
        return img.clone();
    }
    let w = ((img.width() as u64 * 480 / h as u64) as u32).max(1);
    gradphoto_photo::decode::shrink(img, w, 480).unwrap_or_else(|_| img.clone())
}
