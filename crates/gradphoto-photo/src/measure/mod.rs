//! Measurements of one photo, each a number with a unit, taken on the working copy (in its
//! pixels; [`crate::geometry`] maps them to the 480 × 640 views the rules read).
//!
//! Where a property cannot be measured reliably with two small models and image statistics,
//! the measurement is an honest heuristic and its rule is "warn only" in the pack: hair over
//! the eyebrows, colour cast, pitch, open eyes and the mouth.

pub mod colour;
mod face_parts;
mod patch;
mod scene;

use image::RgbImage;
use serde::Serialize;

pub use colour::Lab;
pub use scene::Background;

use crate::face::{Detection, Landmarks, Point, Rect};

/// What was measured on the main face (the largest one), in working-copy pixels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaceMeasures {
    pub bbox: Rect,
    /// Eye centres, image left then right.
    pub eyes: [Point; 2],
    pub eye_line_y: f32,
    /// Top of the hair, found by scanning up from the forehead to the background.
    pub hair_top_y: f32,
    /// The hair reaches the top edge: the head is cut off.
    pub hair_cut_off: bool,
    pub chin_y: f32,
    /// Cheek to cheek (mesh points 234 and 454).
    pub face_width: f32,
    pub centre_x: f32,
    /// Smallest distance from a face-mesh point to the image edge (negative: outside).
    pub edge_margin: f32,
    /// Eye line angle, degrees, positive when the image-right eye is lower.
    pub roll_deg: f32,
    /// Turn left or right, degrees, from the nose tip against the cheeks.
    pub yaw_deg: f32,
    /// Nose tip height between the eye line (0) and the chin (1).
    pub pitch_ratio: f32,
    /// How open the less open eye looks: the share of lightness edges in the eye that run
    /// across it (iris) rather than along it (lids); about 0.5 open, under 0.3 closed.
    pub eye_open: f32,
    /// Inner lip distance over mouth width.
    pub mouth_open: f32,
    /// Share of the lens areas that is specular highlight (%).
    pub glare_pct: f32,
    /// How much darker the eye areas are than the cheeks (ΔL*).
    pub eye_darkness: f32,
    /// Share of the strip above the eyebrows that is hair rather than skin (%).
    pub brow_cover_pct: f32,
    /// Mean absolute Laplacian of the face scaled to 128 px wide.
    pub sharpness: f32,
    /// Mean L* of the skin.
    pub skin_l: f32,
    /// Share of face pixels clipped to black or white (%).
    pub clipped_pct: f32,
    /// Hue angle of the skin in CIELAB, degrees.
    pub skin_hue: f32,
    /// The top (clothing) colour at the shoulders, when inside the image.
    pub top: Option<Lab>,
}

/// Everything measured on one photo's working copy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measures {
    pub work_width: u32,
    pub work_height: u32,
    /// Faces found (score ≥ the judge's threshold), largest first.
    pub faces: Vec<Rect>,
    pub face: Option<FaceMeasures>,
    pub background: Option<Background>,
}

/// Measures the photo given the faces found and the main face's mesh.
pub fn measure(
    img: &RgbImage,
    faces: &[Detection],
    main: Option<(&Detection, &Landmarks)>,
    presets: &[Lab],
) -> Measures {
    let face_boxes = faces.iter().map(|d| d.bbox).collect();
    let mut out = Measures {
        work_width: img.width(),
        work_height: img.height(),
        faces: face_boxes,
        face: None,
        background: None,
    };
    let Some((det, lm)) = main else {
        out.background = scene::background(img, None, presets);
        return out;
    };
    let parts = face_parts::FaceParts::new(img, det, lm);
    // A first background estimate from the top corners finds the hair top; the final one
    // samples the whole border around the head.
    let corner_bg = scene::corner_colour(img);
    let (hair_top_y, hair_cut_off) = scene::hair_top(img, &parts, corner_bg);
    let background = scene::background(img, Some((&parts, hair_top_y)), presets);
    let top = background
        .as_ref()
        .and_then(|_| scene::top_colour(img, &parts));
    out.face = Some(parts.measures(img, hair_top_y, hair_cut_off, top));
    out.background = background;
    out
}
