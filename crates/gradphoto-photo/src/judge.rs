//! The engine: a [`Judge`] holds one rule pack and the loaded face models, and judges photos
//! from their bytes. Load it once and share it (`Arc<Judge>`): it is `Send + Sync` and judging
//! takes `&self`.

use image::RgbImage;

use crate::PhotoError;
use crate::decode::{self, Decoded, Limits};
use crate::face::{FaceDetector, FaceLandmarker};
use crate::geometry::{Geometry, propose_crop};
use crate::measure::{self, Lab};
use crate::rules::{Inputs, RulePack, evaluate};
use crate::verdict::{Mode, Verdict};

/// How to read a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModeChoice {
    /// A photo of exactly the pack's size is the final file; anything else an original.
    #[default]
    Auto,
    Final,
    Original,
}

/// Options of a judge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JudgeOptions {
    pub limits: Limits,
    pub mode: ModeChoice,
    /// Detector score from which a face counts (BlazeFace's own default is 0.75).
    pub min_face_score: f32,
}

impl Default for JudgeOptions {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            mode: ModeChoice::Auto,
            min_face_score: 0.75,
        }
    }
}

/// A verdict and the upright working copy it was measured on (for previews).
#[derive(Debug, Clone)]
pub struct Judged {
    pub verdict: Verdict,
    pub image: RgbImage,
}

/// The photo judge.
#[derive(Debug, Clone)]
pub struct Judge {
    pack: RulePack,
    presets: Vec<Lab>,
    detector: FaceDetector,
    landmarker: FaceLandmarker,
    options: JudgeOptions,
}

impl Judge {
    /// Loads the face models (about 100 ms) for a pack.
    pub fn new(pack: RulePack) -> Result<Self, PhotoError> {
        Self::with_options(pack, JudgeOptions::default())
    }

    pub fn with_options(pack: RulePack, options: JudgeOptions) -> Result<Self, PhotoError> {
        Ok(Self {
            presets: pack.presets_lab(),
            pack,
            detector: FaceDetector::load()?,
            landmarker: FaceLandmarker::load()?,
            options,
        })
    }

    pub fn pack(&self) -> &RulePack {
        &self.pack
    }

    pub fn options(&self) -> &JudgeOptions {
        &self.options
    }

    /// Faces in the whole frame; when there is none, in overlapping squares of half the short
    /// side, since the short-range detector misses a face under about a tenth of its input.
    fn find_faces(&self, img: &RgbImage) -> Result<Vec<crate::face::Detection>, PhotoError> {
        let min = self.options.min_face_score;
        let faces = self.detector.detect(img, min)?;
        if !faces.is_empty() {
            return Ok(faces);
        }
        let (w, h) = (img.width(), img.height());
        let side = w.min(h) / 2;
        if side < 64 {
            return Ok(faces);
        }
        let mut found: Vec<crate::face::Detection> = Vec::new();
        for j in 0..3u32 {
            for i in 0..3u32 {
                let (x, y) = ((w - side) * i / 2, (h - side) * j / 2);
                let tile = image::imageops::crop_imm(img, x, y, side, side).to_image();
                for mut d in self.detector.detect(&tile, min)? {
                    let (dx, dy) = (x as f32, y as f32);
                    d.bbox.x += dx;
                    d.bbox.y += dy;
                    for p in d
                        .eyes
                        .iter_mut()
                        .chain(d.ears.iter_mut())
                        .chain([&mut d.nose, &mut d.mouth])
                    {
                        p.x += dx;
                        p.y += dy;
                    }
                    // The same face seen from two overlapping tiles counts once.
                    if !found.iter().any(|f| f.bbox.iou(&d.bbox) > 0.3) {
                        found.push(d);
                    }
                }
            }
        }
        Ok(found)
    }

    /// Judges a photo (JPEG or PNG bytes).
    pub fn judge_bytes(&self, bytes: &[u8]) -> Result<Verdict, PhotoError> {
        self.inspect(bytes).map(|j| j.verdict)
    }

    /// Judges a photo and keeps the working copy, for an annotated preview.
    pub fn inspect(&self, bytes: &[u8]) -> Result<Judged, PhotoError> {
        let decoded = decode::decode(bytes, &self.options.limits)?;
        let verdict = self.judge_decoded(&decoded)?;
        Ok(Judged {
            verdict,
            image: decoded.image,
        })
    }

    /// Judges a photo already decoded, by [`decode::decode`] or with its renditions by
    /// [`crate::rendition::prepare`] (given this judge's [`Limits`]), so that ingest decodes
    /// each frame once.
    pub fn judge_decoded(&self, decoded: &Decoded) -> Result<Verdict, PhotoError> {
        let img = &decoded.image;
        let mut faces = self.find_faces(img)?;
        // The person in the chair is the largest face.
        faces.sort_by(|a, b| b.bbox.area().total_cmp(&a.bbox.area()));
        let mesh = match faces.first() {
            Some(det) => Some(self.landmarker.landmarks(img, det)?),
            None => None,
        };
        let main = faces.first().zip(mesh.as_ref());
        let measures = measure::measure(img, &faces, main, &self.presets);
        let bands = self.pack.bands();
        let (w, h) = (img.width(), img.height());
        let as_shot = measures
            .face
            .as_ref()
            .map(|f| Geometry::as_shot(f, w, h, &bands));
        let crop = measures
            .face
            .as_ref()
            .map(|f| propose_crop(f, w, h, decoded.scale, &bands));
        let (uw, uh) = decoded.info.upright_size();
        let mode = match self.options.mode {
            ModeChoice::Final => Mode::Final,
            ModeChoice::Original => Mode::Original,
            ModeChoice::Auto if (uw, uh) == (self.pack.width, self.pack.height) => Mode::Final,
            ModeChoice::Auto => Mode::Original,
        };
        let results = evaluate(
            &self.pack,
            &Inputs {
                mode,
                file: &decoded.info,
                measures: &measures,
                as_shot: as_shot.as_ref(),
                crop: crop.as_ref(),
            },
        );
        let (overall, reason) = Verdict::summarise(&results);
        Ok(Verdict {
            pack: self.pack.id.clone(),
            mode,
            overall,
            reason,
            results,
            file: decoded.info.clone(),
            measures,
            as_shot,
            crop,
            work_scale: decoded.scale,
        })
    }
}
