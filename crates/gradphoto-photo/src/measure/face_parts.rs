//! Measurements from the face mesh: eyes, eyelids, mouth, pose, and what the pixels around the
//! eyes and on the skin say (glare, tinted lenses, hair over the brows, sharpness, exposure).

use image::RgbImage;

use super::FaceMeasures;
use super::colour::Lab;
use super::patch::{self, square};
use crate::face::{Detection, Landmarks, Point, Rect, idx};

/// The face's key points, computed once.
#[derive(Debug, Clone)]
pub struct FaceParts {
    pub bbox: Rect,
    pub eyes: [Point; 2],
    pub eye_widths: [f32; 2],
    pub forehead: Point,
    pub chin: Point,
    pub cheeks: [Point; 2],
    pub nose: Point,
    pub face_width: f32,
    pub centre_x: f32,
    pub edge_margin: f32,
    pub roll: f32,
    lm: Landmarks,
}

impl FaceParts {
    pub fn new(img: &RgbImage, det: &Detection, lm: &Landmarks) -> Self {
        let eye = |ids: [usize; 4]| lm.mean(&ids);
        let eyes = [eye(idx::EYE_L), eye(idx::EYE_R)];
        let eye_widths = [
            lm.at(idx::EYE_L[0]).dist(lm.at(idx::EYE_L[1])),
            lm.at(idx::EYE_R[0]).dist(lm.at(idx::EYE_R[1])),
        ];
        let cheeks = [lm.at(idx::CHEEK_L), lm.at(idx::CHEEK_R)];
        let (w, h) = (img.width() as f32, img.height() as f32);
        let edge_margin = lm
            .points
            .iter()
            .map(|p| p.x.min(p.y).min(w - p.x).min(h - p.y))
            .fold(f32::INFINITY, f32::min);
        Self {
            bbox: det.bbox,
            eyes,
            eye_widths,
            forehead: lm.at(idx::FOREHEAD),
            chin: lm.at(idx::CHIN),
            cheeks,
            nose: lm.at(idx::NOSE_TIP),
            face_width: cheeks[0].dist(cheeks[1]),
            centre_x: (cheeks[0].x + cheeks[1].x) / 2.0,
            edge_margin,
            roll: (eyes[1].y - eyes[0].y)
                .atan2(eyes[1].x - eyes[0].x)
                .to_degrees(),
            lm: lm.clone(),
        }
    }

    pub fn eye_line_y(&self) -> f32 {
        (self.eyes[0].y + self.eyes[1].y) / 2.0
    }

    pub fn measures(
        &self,
        img: &RgbImage,
        hair_top_y: f32,
        hair_cut_off: bool,
        top: Option<Lab>,
    ) -> FaceMeasures {
        let lm = &self.lm;
        let fw = self.face_width.max(1.0);
        // Pose in a frame turned so the eyes are level.
        let (sin, cos) = (-self.roll.to_radians()).sin_cos();
        let c = self.eyes[0].mid(self.eyes[1]);
        let turn = |p: Point| {
            let (dx, dy) = (p.x - c.x, p.y - c.y);
            Point::new(c.x + dx * cos - dy * sin, c.y + dx * sin + dy * cos)
        };
        let (cl, cr, nose, chin) = (
            turn(self.cheeks[0]),
            turn(self.cheeks[1]),
            turn(self.nose),
            turn(self.chin),
        );
        let half = ((cr.x - cl.x) / 2.0).max(1.0);
        let yaw = ((nose.x - (cl.x + cr.x) / 2.0) / half).clamp(-1.0, 1.0);
        let pitch = (nose.y - c.y) / (chin.y - c.y).max(1.0);

        let mouth_open = lm.at(idx::LIP_UPPER).dist(lm.at(idx::LIP_LOWER))
            / lm.at(idx::MOUTH_L).dist(lm.at(idx::MOUTH_R)).max(1.0);

        // Skin: the cheeks below the eyes.
        let skin_side = fw * 0.12;
        let skin = [idx::CHEEK_SKIN_L, idx::CHEEK_SKIN_R]
            .iter()
            .filter_map(|&i| patch::stats(img, &square(lm.at(i).x, lm.at(i).y, skin_side)))
            .collect::<Vec<_>>();
        let skin_lab = mean_lab(skin.iter().map(|p| p.lab));
        let eye_open = eye_opening(img, self.eyes[0], self.eye_widths[0], self.roll).min(
            eye_opening(img, self.eyes[1], self.eye_widths[1], self.roll),
        );

        // Lens areas: where glasses would sit around each eye.
        let lens = |i: usize| Rect {
            x: self.eyes[i].x - self.eye_widths[i] * 0.9,
            y: self.eyes[i].y - self.eye_widths[i] * 0.55,
            w: self.eye_widths[i] * 1.8,
            h: self.eye_widths[i] * 1.1,
        };
        let bright_l = skin_lab.map_or(90.0, |s| (s.l + 18.0).max(88.0));
        let glare = [lens(0), lens(1)]
            .iter()
            .filter_map(|r| {
                patch::share(img, r, |p| {
                    let lab = Lab::from_u8(p);
                    lab.l >= bright_l && lab.chroma() < 12.0
                })
            })
            .fold(0f32, f32::max);
        let eye_l = [lens(0), lens(1)]
            .iter()
            .filter_map(|r| patch::stats(img, r))
            .map(|p| p.lab.l)
            .collect::<Vec<_>>();
        let eye_darkness = match (skin_lab, eye_l.is_empty()) {
            (Some(s), false) => s.l - eye_l.iter().sum::<f32>() / eye_l.len() as f32,
            _ => 0.0,
        };

        // Hair over the brows: the forehead just above and between the brows should be skin
        // (a fringe covers it first; the outer brow ends meet the hair at the temples anyway).
        let brow_cover = skin_lab.map_or(0.0, |s| {
            let inner = lm.mean(&[idx::BROW_L[2], idx::BROW_R[0]]);
            let brow_y = lm.mean(&idx::BROW_L).y.min(lm.mean(&idx::BROW_R).y);
            let r = Rect {
                x: inner.x - fw * 0.2,
                y: brow_y - fw * 0.12,
                w: fw * 0.4,
                h: fw * 0.1,
            };
            patch::share(img, &r, |p| {
                let lab = Lab::from_u8(p);
                lab.l < s.l - 25.0 && lab.de76(&s) > 28.0
            })
            .unwrap_or(0.0)
        });

        // The face from brows to mouth, between the cheeks.
        let face_core = Rect {
            x: self.cheeks[0].x.min(self.cheeks[1].x) + fw * 0.1,
            y: self.eye_line_y() - fw * 0.25,
            w: fw * 0.8,
            h: fw * 0.75,
        };
        let clipped = patch::share(img, &face_core, |p| {
            p.iter().all(|&v| v >= 250) || p.iter().all(|&v| v <= 5)
        })
        .unwrap_or(0.0);

        FaceMeasures {
            bbox: self.bbox,
            eyes: self.eyes,
            eye_line_y: self.eye_line_y(),
            hair_top_y,
            hair_cut_off,
            chin_y: self.chin.y,
            face_width: self.face_width,
            centre_x: self.centre_x,
            edge_margin: self.edge_margin,
            roll_deg: self.roll,
            yaw_deg: yaw.asin().to_degrees(),
            pitch_ratio: pitch,
            eye_open,
            mouth_open,
            glare_pct: glare * 100.0,
            eye_darkness,
            brow_cover_pct: brow_cover * 100.0,
            sharpness: sharpness(img, &face_core),
            skin_l: skin_lab.map_or(0.0, |s| s.l),
            clipped_pct: clipped * 100.0,
            skin_hue: skin_lab.map_or(0.0, |s| s.hue()),
            top,
        }
    }
}

fn mean_lab(it: impl Iterator<Item = Lab>) -> Option<Lab> {
    let (mut acc, mut n) = (Lab::default(), 0);
    for l in it {
        acc.l += l.l;
        acc.a += l.a;
        acc.b += l.b;
        n += 1;
    }
    (n > 0).then(|| Lab {
        l: acc.l / n as f32,
        a: acc.a / n as f32,
        b: acc.b / n as f32,
    })
}

/// Mean absolute Laplacian of the region's lightness resampled to 128 px wide, so the figure
/// does not depend on how large the face is in the frame.
fn sharpness(img: &RgbImage, r: &Rect) -> f32 {
    const N: usize = 128;
    let rows = ((N as f32 * r.h / r.w.max(1.0)).round() as usize).clamp(8, 256);
    let step = r.w / N as f32;
    let mut g = vec![0f32; N * rows];
    for j in 0..rows {
        for i in 0..N {
            let p = crate::sample::area_mean(
                img,
                r.x + (i as f32 + 0.5) * step,
                r.y + (j as f32 + 0.5) * step,
                step,
            );
            g[j * N + i] = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
        }
    }
    let mut sum = 0f32;
    let mut n = 0usize;
    for j in 1..rows - 1 {
        for i in 1..N - 1 {
            let c = g[j * N + i];
            let lap = g[j * N + i - 1] + g[j * N + i + 1] + g[(j - 1) * N + i] + g[(j + 1) * N + i]
                - 4.0 * c;
            sum += lap.abs();
            n += 1;
        }
    }
    if n == 0 { 0.0 } else { sum / n as f32 }
}

/// How open one eye looks in the pixels: the share of the lightness edges around the eye
/// centre that run across the eye (the iris against the white of the eye) rather than along
/// it (lids, lashes, the crease). An open eye shows the round iris, about half and half; a
/// closed one only lines along the lid, well under a third.
///
/// Read off the image because the 468-point mesh hardly moves its lid points when an eye
/// closes (it draws an average eye: 11.6 px open, 10.3 px closed on the fixture). A ratio of
/// edges depends little on skin tone, exposure or focus.
fn eye_opening(img: &RgbImage, centre: Point, eye_width: f32, roll_deg: f32) -> f32 {
    const COLS: usize = 25;
    const ROWS: usize = 13;
    let (bw, bh) = (eye_width * 0.8, eye_width * 0.45);
    let step = bw / (COLS - 1) as f32;
    let (sin, cos) = roll_deg.to_radians().sin_cos();
    let mut l = [[0f32; COLS]; ROWS];
    for (j, row) in l.iter_mut().enumerate() {
        for (i, v) in row.iter_mut().enumerate() {
            let (u, w) = (
                -bw / 2.0 + step * i as f32,
                -bh / 2.0 + bh * j as f32 / (ROWS - 1) as f32,
            );
            let (x, y) = (centre.x + u * cos - w * sin, centre.y + u * sin + w * cos);
            *v = Lab::from_rgb(crate::sample::area_mean(img, x, y, step)).l;
        }
    }
    let (mut across, mut along) = (0f32, 0f32);
    for j in 1..ROWS - 1 {
        for i in 1..COLS - 1 {
            across += (l[j][i + 1] - l[j][i - 1]).abs();
            // Per pixel, as the rows are further apart than the columns.
            along += (l[j + 1][i] - l[j - 1][i]).abs() * step * (ROWS - 1) as f32 / bh;
        }
    }
    across / (across + along).max(1e-3)
}
