//! The annotated preview: the photo with the face box, the eye line, the hair top, the
//! bands of the rules and the proposed crop drawn on it, in green where a rule passed and red
//! where it failed. Text stays out of the image (the page or report next to it carries it),
//! so no font is needed.

use std::io::Cursor;

use image::{Rgb, RgbImage};

use crate::PhotoError;
use crate::face::Rect;
use crate::geometry::Geometry;
use crate::verdict::{Mode, Status, Verdict};

const GREEN: Rgb<u8> = Rgb([40, 200, 60]);
const RED: Rgb<u8> = Rgb([230, 30, 30]);
const AMBER: Rgb<u8> = Rgb([250, 170, 0]);
const CYAN: Rgb<u8> = Rgb([0, 220, 230]);
const WHITE: Rgb<u8> = Rgb([255, 255, 255]);

fn colour(v: &Verdict, id: &str) -> Rgb<u8> {
    match v.result(id).map(|r| r.status) {
        Some(Status::Fail) => RED,
        Some(Status::Warn) => AMBER,
        _ => GREEN,
    }
}

/// Draws the annotations on a copy of the working image the verdict was measured on.
pub fn preview(img: &RgbImage, v: &Verdict) -> RgbImage {
    let mut out = img.clone();
    let t = ((img.width().max(img.height()) as f32 / 480.0).round() as i32).max(1);
    for (i, b) in v.measures.faces.iter().enumerate() {
        let c = if i == 0 { colour(v, "face.count") } else { RED };
        rect(&mut out, b, c, t);
    }
    let view: Option<&Geometry> = match v.mode {
        Mode::Final => v.as_shot.as_ref(),
        Mode::Original => v.crop.as_ref().map(|c| &c.geometry),
    };
    if let (Some(g), Some(f)) = (view, v.measures.face.as_ref()) {
        let r = g.region;
        if v.mode == Mode::Original {
            let c = if v.crop.as_ref().is_some_and(|c| c.possible) {
                CYAN
            } else {
                RED
            };
            rect(&mut out, &r, c, t * 2);
        }
        // Bands: where the hair top and the eye line may be, as thin dashed lines.
        let to_y = |view_y: f32| r.y + view_y / g.scale;
        let bands = [("head.top", 50.0, 110.0), ("eyes.line", 200.0, 300.0)];
        for (id, lo, hi) in bands {
            let (lo, hi) = v
                .result(id)
                .and_then(|res| parse_range(&res.range))
                .unwrap_or((lo, hi));
            for y in [to_y(lo), to_y(hi)] {
                dashed(&mut out, r.x, r.right(), y, WHITE, t);
            }
        }
        hline(
            &mut out,
            r.x,
            r.right(),
            f.hair_top_y,
            colour(v, "head.top"),
            t,
        );
        hline(
            &mut out,
            f.centre_x - f.face_width,
            f.centre_x + f.face_width,
            f.eye_line_y,
            colour(v, "eyes.line"),
            t,
        );
        // Face width: a bar between the cheeks at eye level, below the eyes.
        let y = f.eye_line_y + f.face_width * 0.15;
        hline(
            &mut out,
            f.centre_x - f.face_width / 2.0,
            f.centre_x + f.face_width / 2.0,
            y,
            colour(v, "face.width"),
            t,
        );
        // The frame's centre line against the face centre.
        let cx = r.x + r.w / 2.0;
        vline(&mut out, cx, r.y, r.bottom(), WHITE, 1);
        vline(
            &mut out,
            f.centre_x,
            f.hair_top_y,
            f.chin_y,
            colour(v, "face.centred"),
            t,
        );
    }
    out
}

fn parse_range(s: &str) -> Option<(f32, f32)> {
    let s = s.trim_end_matches(" px");
    let (a, b) = s.split_once('–')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// The preview as a JPEG of the given quality.
pub fn encode_jpeg(img: &RgbImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let mut buf = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, quality)
        .encode_image(img)
        .map_err(|e| PhotoError::Encode(e.to_string()))?;
    Ok(buf.into_inner())
}

fn put(img: &mut RgbImage, x: i64, y: i64, c: Rgb<u8>) {
    if x >= 0 && y >= 0 && (x as u32) < img.width() && (y as u32) < img.height() {
        img.put_pixel(x as u32, y as u32, c);
    }
}

fn hline(img: &mut RgbImage, x0: f32, x1: f32, y: f32, c: Rgb<u8>, t: i32) {
    let y = y.round() as i64;
    for x in x0.round() as i64..=x1.round() as i64 {
        for k in 0..t as i64 {
            put(img, x, y + k - t as i64 / 2, c);
        }
    }
}

fn dashed(img: &mut RgbImage, x0: f32, x1: f32, y: f32, c: Rgb<u8>, t: i32) {
    let y = y.round() as i64;
    let dash = 6 * t as i64;
    for x in x0.round() as i64..=x1.round() as i64 {
        if (x / dash) % 2 == 0 {
            for k in 0..t as i64 {
                put(img, x, y + k, c);
            }
        }
    }
}

fn vline(img: &mut RgbImage, x: f32, y0: f32, y1: f32, c: Rgb<u8>, t: i32) {
    let x = x.round() as i64;
    for y in y0.round() as i64..=y1.round() as i64 {
        for k in 0..t as i64 {
            put(img, x + k - t as i64 / 2, y, c);
        }
    }
}

fn rect(img: &mut RgbImage, r: &Rect, c: Rgb<u8>, t: i32) {
    hline(img, r.x, r.right(), r.y, c, t);
    hline(img, r.x, r.right(), r.bottom(), c, t);
    vline(img, r.x, r.y, r.bottom(), c, t);
    vline(img, r.right(), r.y, r.bottom(), c, t);
}
