//! BlazeFace short-range (MediaPipe): 128×128 input, 896 anchors, a box and six keypoints per
//! face (both eyes, nose tip, mouth centre, both ear tragions), merged by weighted
//! non-maximum suppression as MediaPipe does.

use std::io::Cursor;
use std::sync::Arc;

use image::RgbImage;
use tract_onnx::prelude::*;

use super::{Point, Rect};
use crate::PhotoError;

const MODEL: &[u8] = include_bytes!("../../models/face_detector.onnx");
const SIZE: usize = 128;
/// Overlap above which two candidate boxes are taken for the same face (MediaPipe's 0.3).
const IOU_MERGE: f32 = 0.3;

/// One face found by the detector, in the pixels of the image it was given.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Detection {
    pub score: f32,
    pub bbox: Rect,
    /// Eyes ordered left to right in the image (the subject's right eye first).
    pub eyes: [Point; 2],
    pub nose: Point,
    pub mouth: Point,
    /// Ear tragions, left to right in the image.
    pub ears: [Point; 2],
}

/// The loaded detector; cheap to share between threads.
#[derive(Debug, Clone)]
pub struct FaceDetector {
    plan: Arc<TypedRunnableModel>,
}

impl FaceDetector {
    pub fn load() -> Result<Self, PhotoError> {
        let plan = tract_onnx::onnx()
            .model_for_read(&mut Cursor::new(MODEL))
            .and_then(|m| m.with_input_fact(0, f32::fact([1, SIZE, SIZE, 3]).into()))
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable())
            .map_err(|e| PhotoError::Model(format!("face detector: {e}")))?;
        Ok(Self { plan })
    }

    /// Faces in `img` scoring at least `min_score`, best first.
    pub fn detect(&self, img: &RgbImage, min_score: f32) -> Result<Vec<Detection>, PhotoError> {
        let (w, h) = (img.width() as f32, img.height() as f32);
        if w < 1.0 || h < 1.0 {
            return Ok(Vec::new());
        }
        // Letterbox into the square input, keeping the aspect ratio; padding is mid-grey (0).
        let side = w.max(h);
        let scale = side / SIZE as f32;
        let (pad_x, pad_y) = ((side - w) / 2.0, (side - h) / 2.0);
        let mut input = vec![0f32; SIZE * SIZE * 3];
        for ty in 0..SIZE {
            let sy = (ty as f32 + 0.5) * scale - pad_y;
            if sy < 0.0 || sy >= h {
                continue;
            }
            for tx in 0..SIZE {
                let sx = (tx as f32 + 0.5) * scale - pad_x;
                if sx < 0.0 || sx >= w {
                    continue;
                }
                let p = crate::sample::area_mean(img, sx, sy, scale);
                let o = (ty * SIZE + tx) * 3;
                for c in 0..3 {
                    input[o + c] = p[c] / 127.5 - 1.0;
                }
            }
        }
        let tensor = Tensor::from_shape(&[1, SIZE, SIZE, 3], &input)
            .map_err(|e| PhotoError::Model(format!("face detector input: {e}")))?;
        let out = self
            .plan
            .run(tvec![tensor.into()])
            .map_err(|e| PhotoError::Model(format!("face detector: {e}")))?;
        let view = |i: usize| -> Result<Vec<f32>, PhotoError> {
            out.get(i)
                .and_then(super::floats)
                .ok_or_else(|| PhotoError::Model("face detector: unexpected outputs".into()))
        };
        let mut candidates = Vec::new();
        decode_layer(&view(0)?, &view(2)?, 16, 2, min_score, &mut candidates);
        decode_layer(&view(1)?, &view(3)?, 8, 6, min_score, &mut candidates);
        let merged = weighted_nms(candidates);
        // From normalised letterbox coordinates back to image pixels.
        let to_img = |p: Point| Point::new(p.x * side - pad_x, p.y * side - pad_y);
        Ok(merged
            .into_iter()
            .map(|c| {
                let tl = to_img(Point::new(c.v[0] - c.v[2] / 2.0, c.v[1] - c.v[3] / 2.0));
                let kp = |k: usize| to_img(Point::new(c.v[4 + 2 * k], c.v[5 + 2 * k]));
                let (e0, e1) = ordered(kp(0), kp(1));
                let (a0, a1) = ordered(kp(4), kp(5));
                Detection {
                    score: c.score,
                    bbox: Rect {
                        x: tl.x,
                        y: tl.y,
                        w: c.v[2] * side,
                        h: c.v[3] * side,
                    },
                    eyes: [e0, e1],
                    nose: kp(2),
                    mouth: kp(3),
                    ears: [a0, a1],
                }
            })
            .collect())
    }
}

fn ordered(a: Point, b: Point) -> (Point, Point) {
    if a.x <= b.x { (a, b) } else { (b, a) }
}

/// A raw candidate: centre x, y, width, height, then six keypoints, all normalised.
#[derive(Debug, Clone)]
struct Candidate {
    score: f32,
    v: [f32; 16],
}

impl Candidate {
    fn rect(&self) -> Rect {
        Rect {
            x: self.v[0] - self.v[2] / 2.0,
            y: self.v[1] - self.v[3] / 2.0,
            w: self.v[2],
            h: self.v[3],
        }
    }
}

fn decode_layer(
    scores: &[f32],
    boxes: &[f32],
    cells: usize,
    anchors: usize,
    min_score: f32,
    out: &mut Vec<Candidate>,
) {
    let n = cells * cells * anchors;
    if scores.len() < n || boxes.len() < n * 16 {
        return;
    }
    let px = 1.0 / SIZE as f32;
    for i in 0..n {
        let score = 1.0 / (1.0 + (-scores[i].clamp(-80.0, 80.0)).exp());
        if score < min_score {
            continue;
        }
        let cell = i / anchors;
        let (ax, ay) = (
            ((cell % cells) as f32 + 0.5) / cells as f32,
            ((cell / cells) as f32 + 0.5) / cells as f32,
        );
        let b = &boxes[i * 16..i * 16 + 16];
        let mut v = [0f32; 16];
        v[0] = ax + b[0] * px;
        v[1] = ay + b[1] * px;
        v[2] = b[2] * px;
        v[3] = b[3] * px;
        for k in 0..6 {
            v[4 + 2 * k] = ax + b[4 + 2 * k] * px;
            v[5 + 2 * k] = ay + b[5 + 2 * k] * px;
        }
        out.push(Candidate { score, v });
    }
}

/// MediaPipe's weighted NMS: overlapping candidates are averaged, weighted by score.
fn weighted_nms(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out = Vec::new();
    let mut used = vec![false; cands.len()];
    for i in 0..cands.len() {
        if used[i] {
            continue;
        }
        let ri = cands[i].rect();
        let mut acc = [0f32; 16];
        let mut total = 0.0;
        for j in i..cands.len() {
            if used[j] || (j != i && ri.iou(&cands[j].rect()) < IOU_MERGE) {
                continue;
            }
            used[j] = true;
            for (a, v) in acc.iter_mut().zip(cands[j].v) {
                *a += v * cands[j].score;
            }
            total += cands[j].score;
        }
        for a in &mut acc {
            *a /= total;
        }
        out.push(Candidate {
            score: cands[i].score,
            v: acc,
        });
    }
    out
}
