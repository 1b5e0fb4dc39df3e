//! Finding faces: BlazeFace for boxes and six keypoints, then the MediaPipe face mesh (468
//! points) on the best face for the eyelids, lips, cheeks and chin the rules need.
//!
//! Both models are committed under `models/` (see `scripts/fetch-models` for where they come
//! from) and compiled into the binary, so a build alone gives a working engine.

mod detector;
mod landmarks;
mod mesh;

pub use detector::{Detection, FaceDetector};
pub use landmarks::{FaceLandmarker, Landmarks};
pub use mesh::idx;

/// The values of a model output as plain floats.
fn floats(t: &tract_onnx::prelude::TValue) -> Option<Vec<f32>> {
    t.to_plain_array_view::<f32>()
        .ok()
        .map(|v| v.iter().copied().collect())
}

/// A point in image pixels (x right, y down).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    pub fn dist(self, other: Point) -> f32 {
        ((self.x - other.x).powi(2) + (self.y - other.y).powi(2)).sqrt()
    }

    pub fn mid(self, other: Point) -> Point {
        Point::new((self.x + other.x) / 2.0, (self.y + other.y) / 2.0)
    }
}

/// An axis-aligned rectangle in image pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    pub fn centre(&self) -> Point {
        Point::new(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
    pub fn area(&self) -> f32 {
        self.w.max(0.0) * self.h.max(0.0)
    }
    /// Intersection over union with another rectangle.
    pub fn iou(&self, o: &Rect) -> f32 {
        let ix = (self.right().min(o.right()) - self.x.max(o.x)).max(0.0);
        let iy = (self.bottom().min(o.bottom()) - self.y.max(o.y)).max(0.0);
        let inter = ix * iy;
        let union = self.area() + o.area() - inter;
        if union <= 0.0 { 0.0 } else { inter / union }
    }
    /// The rectangle with every coordinate multiplied by `s`.
    pub fn scaled(&self, s: f32) -> Rect {
        Rect {
            x: self.x * s,
            y: self.y * s,
            w: self.w * s,
            h: self.h * s,
        }
    }
}
