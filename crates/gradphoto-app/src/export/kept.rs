//! The registry files and print images kept beside their originals, as renditions, so that a
//! package or a print run reads about 40 KB a student instead of decoding a 24 MP original:
//! cut in the background from the decode ingest made when the frame was judged
//! ([`super::ahead`]), or by the first export that needed them. A kept file is the file the
//! export would cut, byte for byte (the same decode, the same code), and its name holds all it
//! depends on — the profile (its digest) or the print's pixels and resolution, the crop, and
//! [`CUT_VERSION`] — so that another profile, a crop changed by an operator or a new way of
//! cutting never finds an old file.

use bytes::Bytes;
use gradphoto_domain::Msg;
use gradphoto_photo::export::{Outcome, PrintImage, Profile};
use gradphoto_photo::face::Rect;
use gradphoto_photo::{Judge, Status};
use gradphoto_store::{BlobKey, BlobStore, StoreError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Result;

/// Bumped whenever the cut, the encoder or the final judging changes what a kept file would
/// be: the files kept before are then not found, and cut again.
pub const CUT_VERSION: u32 = 1;

/// A registry file as made for a profile and judged again as the finished file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finished {
    Fitted {
        jpeg: Vec<u8>,
        quality: u8,
        /// Why the finished file failed its check, when it did.
        failed: Option<Msg>,
    },
    /// It cannot meet the profile's size window.
    NoFit(Msg),
}

impl Finished {
    /// Judges a rendition again as the profile asks (`judge`; none when it asks for no check).
    /// A file that cannot be judged is an error: the student is left out with it.
    pub fn of(outcome: Outcome, judge: Option<&Judge>) -> std::result::Result<Self, Msg> {
        let rendered = match outcome {
            Outcome::Fitted(r) => r,
            Outcome::NoFit(why) => return Ok(Self::NoFit(why)),
        };
        let failed = match judge {
            None => None,
            Some(judge) => {
                let verdict = judge.judge_bytes(&rendered.jpeg).map_err(|e| e.msg())?;
                (verdict.overall == Status::Fail).then_some(verdict.reason)
            }
        };
        Ok(Self::Fitted {
            jpeg: rendered.jpeg,
            quality: rendered.quality,
            failed,
        })
    }

    /// The file and its quality for the package, or why the student is left out: a file that
    /// failed its check goes in only when an operator overrode the photo's verdict.
    pub fn admit(self, overridden: bool) -> std::result::Result<(Vec<u8>, u8), Msg> {
        match self {
            Self::NoFit(why) => Err(why),
            Self::Fitted {
                failed: Some(why), ..
            } if !overridden => Err(Msg::new(
                format!("成品照片复检未通过：{}", why.zh),
                format!("the finished file failed its check: {}", why.en),
            )),
            Self::Fitted { jpeg, quality, .. } => Ok((jpeg, quality)),
        }
    }
}

/// What is kept beside a registry file (or in its place, when it could not fit).
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum Sidecar {
    Fitted {
        quality: u8,
        sha256: String,
        failed: Option<Msg>,
    },
    NoFit {
        why: Msg,
    },
}

/// The crop in tenths of a pixel, for names.
fn crop_tag(crop: Rect) -> String {
    let tenth = |v: f32| (v * 10.0).round() as i64;
    format!(
        "{}-{}-{}-{}",
        tenth(crop.x),
        tenth(crop.y),
        tenth(crop.w),
        tenth(crop.h)
    )
}

/// The registry file's name among the original's renditions, without its extension.
fn registry_stem(profile: &Profile, crop: Rect) -> String {
    let digest = Sha256::digest(serde_json::to_vec(profile).unwrap_or_default());
    format!(
        "registry-v{CUT_VERSION}-{}-{}",
        &hex::encode(digest)[..16],
        crop_tag(crop)
    )
}

/// The print image's name among the original's renditions.
pub(super) fn print_name(crop: Rect, (w, h): (u32, u32), dpi: u16) -> String {
    format!("print-v{CUT_VERSION}-{w}x{h}-{dpi}-{}.jpg", crop_tag(crop))
}

/// Reads a kept blob: `None` when there is none.
async fn read(blobs: &dyn BlobStore, key: &BlobKey) -> Result<Option<Bytes>> {
    match blobs.get(key).await {
        Ok(bytes) => Ok(Some(bytes)),
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The registry file kept for `original` at `crop` in `profile`, when there is one whole (its
/// bytes the ones its sidecar names).
pub(super) async fn registry(
    blobs: &dyn BlobStore,
    original: &BlobKey,
    profile: &Profile,
    crop: Rect,
) -> Result<Option<Finished>> {
    let stem = registry_stem(profile, crop);
    let Some(side) = read(blobs, &original.rendition(&format!("{stem}.json"))?).await? else {
        return Ok(None);
    };
    let Ok(side) = serde_json::from_slice::<Sidecar>(&side) else {
        return Ok(None);
    };
    Ok(match side {
        Sidecar::NoFit { why } => Some(Finished::NoFit(why)),
        Sidecar::Fitted {
            quality,
            sha256,
            failed,
        } => read(blobs, &original.rendition(&format!("{stem}.jpg"))?)
            .await?
            .filter(|jpeg| hex::encode(Sha256::digest(jpeg)) == sha256)
            .map(|jpeg| Finished::Fitted {
                jpeg: jpeg.to_vec(),
                quality,
                failed,
            }),
    })
}

/// Keeps a registry file beside `original`: the file first, then the sidecar that makes it
/// found, so a reader never finds a sidecar without its file.
pub(super) async fn keep_registry(
    blobs: &dyn BlobStore,
    original: &BlobKey,
    profile: &Profile,
    crop: Rect,
    finished: &Finished,
) -> Result<()> {
    let stem = registry_stem(profile, crop);
    let side = match finished {
        Finished::NoFit(why) => Sidecar::NoFit { why: why.clone() },
        Finished::Fitted {
            jpeg,
            quality,
            failed,
        } => {
            blobs
                .put_rendition(original, &format!("{stem}.jpg"), jpeg.clone().into())
                .await?;
            Sidecar::Fitted {
                quality: *quality,
                sha256: hex::encode(Sha256::digest(jpeg)),
                failed: failed.clone(),
            }
        }
    };
    let side =
        serde_json::to_vec(&side).map_err(|e| crate::error::AppError::Internal(e.to_string()))?;
    blobs
        .put_rendition(original, &format!("{stem}.json"), side.into())
        .await?;
    Ok(())
}

/// The print image kept for `original` at `crop`, `pixels` and `dpi`, when there is one.
pub(super) async fn print(
    blobs: &dyn BlobStore,
    original: &BlobKey,
    crop: Rect,
    pixels: (u32, u32),
    dpi: u16,
) -> Result<Option<PrintImage>> {
    let key = original.rendition(&print_name(crop, pixels, dpi))?;
    Ok(read(blobs, &key).await?.map(|jpeg| PrintImage {
        jpeg: jpeg.to_vec(),
        width: pixels.0,
        height: pixels.1,
    }))
}

/// Keeps a print image beside `original`.
pub(super) async fn keep_print(
    blobs: &dyn BlobStore,
    original: &BlobKey,
    crop: Rect,
    dpi: u16,
    image: &PrintImage,
) -> Result<()> {
    let name = print_name(crop, (image.width, image.height), dpi);
    blobs
        .put_rendition(original, &name, image.jpeg.clone().into())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crop() -> Rect {
        Rect {
            x: 10.04,
            y: 20.0,
            w: 300.0,
            h: 400.06,
        }
    }

    #[test]
    fn names_hold_what_the_file_depends_on() {
        let chsi = Profile::built_in("chsi-2017").unwrap_or_else(|e| panic!("{e}"));
        let archive = Profile::built_in("school-archive").unwrap_or_else(|e| panic!("{e}"));
        let stem = registry_stem(&chsi, crop());
        assert!(stem.starts_with("registry-v1-"), "{stem}");
        assert!(stem.ends_with("-100-200-3000-4001"), "{stem}");
        assert_ne!(stem, registry_stem(&archive, crop()));
        let wider = Rect { w: 301.0, ..crop() };
        assert_ne!(stem, registry_stem(&chsi, wider));
        let mut smaller = chsi.clone();
        smaller.max_bytes -= 1;
        assert_ne!(stem, registry_stem(&smaller, crop()));
        assert_eq!(
            print_name(crop(), (414, 579), 300),
            "print-v1-414x579-300-100-200-3000-4001.jpg"
        );
    }

    #[test]
    fn a_failed_file_goes_in_only_when_overridden() {
        let failed = Finished::Fitted {
            jpeg: vec![1],
            quality: 80,
            failed: Some(Msg::new("脸太小", "face too small")),
        };
        assert_eq!(failed.clone().admit(true), Ok((vec![1], 80)));
        let why = failed
            .admit(false)
            .err()
            .unwrap_or_else(|| panic!("admitted"));
        assert!(why.zh.contains("脸太小") && why.en.contains("face too small"));
        let no_fit = Finished::NoFit(Msg::new("太大", "too large"));
        assert!(no_fit.admit(true).is_err());
    }
}
