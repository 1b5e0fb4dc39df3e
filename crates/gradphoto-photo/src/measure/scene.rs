//! What surrounds the face: the background (its colour against the pack's presets and how
//! even it is), the top of the hair against it, and the colour of the top at the shoulders.

use image::RgbImage;
use serde::Serialize;

use super::colour::Lab;
use super::face_parts::FaceParts;
use super::patch::{self, square};
use crate::face::Rect;

/// The background as sampled on the border of the photo around the head.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Background {
    pub lab: Lab,
    pub rgb: [u8; 3],
    /// Index of the nearest preset in the pack, and the CIEDE2000 distance to it.
    pub preset: usize,
    pub delta_e: f32,
    /// Largest CIEDE2000 difference between two border cells: a gradient or a shadow.
    pub gradient: f32,
    /// Mean spread of L* inside the cells: texture or noise.
    pub spread: f32,
    pub cells: usize,
}

/// The mean colour of the two top corners, a first guess of the background.
pub fn corner_colour(img: &RgbImage) -> Lab {
    let (w, h) = (img.width() as f32, img.height() as f32);
    let side = (w.min(h) * 0.08).max(1.0);
    let labs: Vec<Lab> = [
        square(side * 0.75, side * 0.75, side),
        square(w - side * 0.75, side * 0.75, side),
    ]
    .iter()
    .filter_map(|r| patch::stats(img, r))
    .map(|p| p.lab)
    .collect();
    let n = labs.len().max(1) as f32;
    Lab {
        l: labs.iter().map(|l| l.l).sum::<f32>() / n,
        a: labs.iter().map(|l| l.a).sum::<f32>() / n,
        b: labs.iter().map(|l| l.b).sum::<f32>() / n,
    }
}

/// Scans columns across the head upwards from the forehead until a run of background pixels;
/// the highest head pixel of any column is the top of the hair. `true` when the hair reaches
/// the top edge (cut off).
pub fn hair_top(img: &RgbImage, face: &FaceParts, bg: Lab) -> (f32, bool) {
    let fw = face.face_width.max(1.0);
    let start = face.forehead.y.min(face.eye_line_y() - fw * 0.2).max(0.0);
    let run = ((fw * 0.03).round() as u32).max(2);
    let mut top = start;
    let mut cut = false;
    let columns = 13;
    for k in 0..columns {
        let x = face.centre_x - fw * 0.35 + fw * 0.7 * k as f32 / (columns - 1) as f32;
        if x < 1.0 || x >= img.width() as f32 - 1.0 {
            continue;
        }
        let mut y = start.floor() as i64;
        let mut bg_run = 0u32;
        let mut head_top = y;
        while y >= 0 {
            let p = crate::sample::area_mean(img, x, y as f32 + 0.5, 3.0);
            if Lab::from_rgb(p).de76(&bg) < 14.0 {
                bg_run += 1;
                if bg_run >= run {
                    break;
                }
            } else {
                bg_run = 0;
                head_top = y;
            }
            y -= 1;
        }
        if y < 0 && bg_run < run {
            cut = true;
            head_top = 0;
        }
        top = top.min(head_top as f32);
    }
    (top, cut)
}

/// Samples the border: a strip along the top above the hair and strips down both sides
/// beside the head, in cells; `None` when no cell can be read.
pub fn background(
    img: &RgbImage,
    head: Option<(&FaceParts, f32)>,
    presets: &[Lab],
) -> Option<Background> {
    let (w, h) = (img.width() as f32, img.height() as f32);
    let band = (w.min(h) * 0.06).max(2.0);
    let mut cells: Vec<Rect> = Vec::new();
    // Top strip: above the hair when the head is known, else the top band.
    let top_h = head.map_or(band, |(_, hair)| (hair - band * 0.3).min(band));
    if top_h >= 2.0 {
        for i in 0..8 {
            cells.push(Rect {
                x: w * i as f32 / 8.0,
                y: 0.0,
                w: w / 8.0,
                h: top_h,
            });
        }
    }
    // Side strips: down to the eye line when known (lower, the shoulders may reach the edge),
    // left of and right of the head.
    let (side_bottom, left_w, right_x) = match head {
        Some((f, _)) => {
            let hw = f.face_width * 0.95;
            (
                f.eye_line_y().min(h),
                (f.centre_x - hw).min(band * 1.5).max(0.0),
                (f.centre_x + hw).max(w - band * 1.5).min(w),
            )
        }
        None => (h * 0.5, band, w - band),
    };
    let y0 = top_h.max(0.0);
    if side_bottom - y0 > band {
        for i in 0..5 {
            let y = y0 + (side_bottom - y0) * i as f32 / 5.0;
            let ch = (side_bottom - y0) / 5.0;
            if left_w >= 2.0 {
                cells.push(Rect {
                    x: 0.0,
                    y,
                    w: left_w,
                    h: ch,
                });
            }
            if w - right_x >= 2.0 {
                cells.push(Rect {
                    x: right_x,
                    y,
                    w: w - right_x,
                    h: ch,
                });
            }
        }
    }
    let stats: Vec<_> = cells.iter().filter_map(|r| patch::stats(img, r)).collect();
    if stats.is_empty() {
        return None;
    }
    let n = stats.len() as f32;
    let rgb = [0, 1, 2].map(|c| stats.iter().map(|s| s.rgb[c]).sum::<f32>() / n);
    let lab = Lab::from_rgb(rgb);
    let mut gradient = 0f32;
    for (i, a) in stats.iter().enumerate() {
        for b in &stats[i + 1..] {
            gradient = gradient.max(a.lab.de2000(&b.lab));
        }
    }
    let (preset, delta_e) = presets
        .iter()
        .enumerate()
        .map(|(i, p)| (i, lab.de2000(p)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((0, f32::INFINITY));
    Some(Background {
        lab,
        rgb: rgb.map(|v| v.round().clamp(0.0, 255.0) as u8),
        preset,
        delta_e,
        gradient,
        spread: stats.iter().map(|s| s.l_std).sum::<f32>() / n,
        cells: stats.len(),
    })
}

/// The top's colour on both shoulders below the chin; `None` when they are outside the image.
pub fn top_colour(img: &RgbImage, face: &FaceParts) -> Option<Lab> {
    let fw = face.face_width;
    let y = face.chin.y + fw * 0.55;
    let side = fw * 0.25;
    let labs: Vec<Lab> = [face.centre_x - fw * 0.75, face.centre_x + fw * 0.75]
        .iter()
        .filter_map(|&x| {
            let r = square(x, y, side);
            // Only a patch wholly inside the image says anything.
            (r.x >= 0.0
                && r.y >= 0.0
                && r.right() <= img.width() as f32
                && r.bottom() <= img.height() as f32)
                .then(|| patch::stats(img, &r))
                .flatten()
        })
        .map(|p| p.lab)
        .collect();
    (!labs.is_empty()).then(|| {
        let n = labs.len() as f32;
        Lab {
            l: labs.iter().map(|l| l.l).sum::<f32>() / n,
            a: labs.iter().map(|l| l.a).sum::<f32>() / n,
            b: labs.iter().map(|l| l.b).sum::<f32>() / n,
        }
    })
}
