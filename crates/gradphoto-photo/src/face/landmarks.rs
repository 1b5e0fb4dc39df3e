//! The MediaPipe face mesh: a 192×192 crop of 1.5× the detector's box, turned so the eyes are
//! level, gives 468 points that are mapped back to image pixels.

use std::io::Cursor;
use std::sync::Arc;

use image::RgbImage;
use tract_onnx::prelude::*;

use super::{Detection, Point};
use crate::PhotoError;

const MODEL: &[u8] = include_bytes!("../../models/face_landmark.onnx");
const SIZE: usize = 192;
/// MediaPipe's crop around the detector's box.
const ROI_SCALE: f32 = 1.5;

/// The 468 mesh points of one face in image pixels, and the model's face-presence score.
#[derive(Debug, Clone, PartialEq)]
pub struct Landmarks {
    pub points: Vec<Point>,
    pub presence: f32,
}

impl Landmarks {
    /// The point at a mesh index (see [`super::idx`]); the origin for an index out of range,
    /// which the constants never are.
    pub fn at(&self, i: usize) -> Point {
        self.points.get(i).copied().unwrap_or_default()
    }

    pub fn mean(&self, ids: &[usize]) -> Point {
        let n = ids.len().max(1) as f32;
        let (sx, sy) = ids.iter().fold((0.0, 0.0), |(sx, sy), &i| {
            let p = self.at(i);
            (sx + p.x, sy + p.y)
        });
        Point::new(sx / n, sy / n)
    }
}

/// The loaded landmark model; cheap to share between threads.
#[derive(Debug, Clone)]
pub struct FaceLandmarker {
    plan: Arc<TypedRunnableModel>,
}

impl FaceLandmarker {
    pub fn load() -> Result<Self, PhotoError> {
        let plan = tract_onnx::onnx()
            .model_for_read(&mut Cursor::new(MODEL))
            .and_then(|m| m.with_input_fact(0, f32::fact([1, 3, SIZE, SIZE]).into()))
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable())
            .map_err(|e| PhotoError::Model(format!("face landmarks: {e}")))?;
        Ok(Self { plan })
    }

    /// The mesh of the face the detector found.
    pub fn landmarks(&self, img: &RgbImage, det: &Detection) -> Result<Landmarks, PhotoError> {
        let c = det.bbox.centre();
        let side = det.bbox.w.max(det.bbox.h) * ROI_SCALE;
        let [e0, e1] = det.eyes;
        let angle = (e1.y - e0.y).atan2(e1.x - e0.x);
        let (sin, cos) = angle.sin_cos();
        let to_img = |u: f32, v: f32| {
            let (lx, ly) = (
                (u / SIZE as f32 - 0.5) * side,
                (v / SIZE as f32 - 0.5) * side,
            );
            Point::new(c.x + lx * cos - ly * sin, c.y + lx * sin + ly * cos)
        };
        let plane = SIZE * SIZE;
        let mut input = vec![0f32; 3 * plane];
        let step = side / SIZE as f32;
        for v in 0..SIZE {
            for u in 0..SIZE {
                let p = to_img(u as f32 + 0.5, v as f32 + 0.5);
                let px = crate::sample::area_mean(img, p.x, p.y, step);
                for ch in 0..3 {
                    input[ch * plane + v * SIZE + u] = px[ch] / 255.0;
                }
            }
        }
        let tensor = Tensor::from_shape(&[1, 3, SIZE, SIZE], &input)
            .map_err(|e| PhotoError::Model(format!("face landmarks input: {e}")))?;
        let out = self
            .plan
            .run(tvec![tensor.into()])
            .map_err(|e| PhotoError::Model(format!("face landmarks: {e}")))?;
        let coords = out
            .first()
            .and_then(super::floats)
            .filter(|s| s.len() >= 468 * 3)
            .ok_or_else(|| PhotoError::Model("face landmarks: unexpected outputs".into()))?;
        let flag = out
            .get(1)
            .and_then(super::floats)
            .and_then(|s| s.first().copied())
            .unwrap_or(0.0f32);
        let points = coords
            .chunks_exact(3)
            .take(468)
            .map(|p| to_img(p[0], p[1]))
            .collect();
        Ok(Landmarks {
            points,
            presence: 1.0 / (1.0 + (-flag.clamp(-80.0, 80.0)).exp()),
        })
    }
}
