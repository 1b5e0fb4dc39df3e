//! Photo judging for the registry photo (学历照片): decode, face finding, measurements, rule
//! packs, verdicts and annotated previews.
//!
//! ```no_run
//! use gradphoto_photo::{Judge, RulePack};
//! let judge = Judge::new(RulePack::built_in("chsi-2017")?)?;
//! let verdict = judge.judge_bytes(&std::fs::read("photo.jpg").unwrap_or_default())?;
//! println!("{:?}: {}", verdict.overall, verdict.reason.zh);
//! # Ok::<(), gradphoto_photo::PhotoError>(())
//! ```
//!
//! The stages are explicit, as in the design: validate and decode ([`decode`]), find the face
//! ([`face`]), measure ([`measure`]), place the geometry in the 480 × 640 frame
//! ([`geometry`]), judge against a [`RulePack`] ([`rules`]) into a [`Verdict`], and draw the
//! preview ([`annotate`]). For ingest at a capture station, [`rendition::prepare`] decodes a
//! frame once into the judge's working copy plus a thumbnail and a preview, and
//! [`Judge::judge_decoded`] judges that working copy.

pub mod annotate;
pub mod decode;
mod error;
pub mod export;
pub mod face;
// Test photos and their labels, for tests, benches and examples only: ~1,200 lines that have no
// place in the release binary. Dev-dependencies (this crate's own too) turn on `fixtures`.
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod geometry;
mod judge;
pub mod measure;
pub mod rendition;
pub mod rules;
mod sample;
pub mod verdict;

pub use error::PhotoError;
pub use judge::{Judge, JudgeOptions, Judged, ModeChoice};
pub use rendition::{Prepared, Rendition, prepare};
pub use rules::RulePack;
pub use verdict::{Mode, RuleResult, Status, Verdict};
