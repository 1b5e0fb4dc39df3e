//! Statistics of small image regions: mean colour, lightness spread, and pixel tests.

use image::RgbImage;

use super::colour::Lab;
use crate::face::Rect;

/// The mean colour of a region and the spread of its lightness.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Patch {
    pub lab: Lab,
    pub rgb: [f32; 3],
    /// Standard deviation of L* over the region's pixels.
    pub l_std: f32,
    pub pixels: usize,
}

/// The pixels of `r` inside the image, as integer bounds (x0, y0, x1, y1); `None` when the
/// region lies outside or is empty.
pub fn clip(img: &RgbImage, r: &Rect) -> Option<(u32, u32, u32, u32)> {
    let x0 = r.x.max(0.0).floor() as u32;
    let y0 = r.y.max(0.0).floor() as u32;
    let x1 = (r.right().min(img.width() as f32)).ceil().max(0.0) as u32;
    let y1 = (r.bottom().min(img.height() as f32)).ceil().max(0.0) as u32;
    (x1 > x0 && y1 > y0).then_some((x0, y0, x1.min(img.width()), y1.min(img.height())))
}

/// Mean and spread of the region (stepping so at most ~4,000 pixels are read).
pub fn stats(img: &RgbImage, r: &Rect) -> Option<Patch> {
    let (x0, y0, x1, y1) = clip(img, r)?;
    let area = (x1 - x0) as f32 * (y1 - y0) as f32;
    let step = ((area / 4000.0).sqrt().floor() as u32).max(1);
    let mut sum = [0f64; 3];
    let (mut sl, mut sl2, mut n) = (0f64, 0f64, 0usize);
    for y in (y0..y1).step_by(step as usize) {
        for x in (x0..x1).step_by(step as usize) {
            let p = img.get_pixel(x, y).0;
            for c in 0..3 {
                sum[c] += p[c] as f64;
            }
            let l = Lab::from_u8(p).l as f64;
            sl += l;
            sl2 += l * l;
            n += 1;
        }
    }
    if n == 0 {
        return None;
    }
    let k = n as f64;
    let rgb = [
        (sum[0] / k) as f32,
        (sum[1] / k) as f32,
        (sum[2] / k) as f32,
    ];
    let var = (sl2 / k - (sl / k).powi(2)).max(0.0);
    Some(Patch {
        lab: Lab::from_rgb(rgb),
        rgb,
        l_std: var.sqrt() as f32,
        pixels: n,
    })
}

/// The share of the region's pixels for which `test` holds.
pub fn share(img: &RgbImage, r: &Rect, test: impl Fn([u8; 3]) -> bool) -> Option<f32> {
    let (x0, y0, x1, y1) = clip(img, r)?;
    let (mut hit, mut n) = (0usize, 0usize);
    for y in y0..y1 {
        for x in x0..x1 {
            n += 1;
            if test(img.get_pixel(x, y).0) {
                hit += 1;
            }
        }
    }
    (n > 0).then(|| hit as f32 / n as f32)
}

/// A square region of side `side` centred on (x, y).
pub fn square(x: f32, y: f32, side: f32) -> Rect {
    Rect {
        x: x - side / 2.0,
        y: y - side / 2.0,
        w: side,
        h: side,
    }
}
