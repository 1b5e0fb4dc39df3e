//! Reading pixels at fractional positions: bilinear for warps, a small box mean for shrinking.

use image::RgbImage;

/// The colour at (x, y) by bilinear interpolation, edges clamped; channels 0-255 as f32.
pub fn bilinear(img: &RgbImage, x: f32, y: f32) -> [f32; 3] {
    let (w, h) = (img.width() as i64, img.height() as i64);
    let (fx, fy) = (x - 0.5, y - 0.5);
    let (x0, y0) = (fx.floor() as i64, fy.floor() as i64);
    let (ax, ay) = (fx - x0 as f32, fy - y0 as f32);
    let px = |x: i64, y: i64| {
        let p = img
            .get_pixel(x.clamp(0, w - 1) as u32, y.clamp(0, h - 1) as u32)
            .0;
        [p[0] as f32, p[1] as f32, p[2] as f32]
    };
    let (a, b, c, d) = (
        px(x0, y0),
        px(x0 + 1, y0),
        px(x0, y0 + 1),
        px(x0 + 1, y0 + 1),
    );
    let mut out = [0f32; 3];
    for i in 0..3 {
        let top = a[i] + (b[i] - a[i]) * ax;
        let bot = c[i] + (d[i] - c[i]) * ax;
        out[i] = top + (bot - top) * ay;
    }
    out
}

/// The mean colour of the square of side `size` centred on (x, y), sampled on a grid of at
/// most 4×4 points so the cost does not grow with the shrink factor.
pub fn area_mean(img: &RgbImage, x: f32, y: f32, size: f32) -> [f32; 3] {
    if size <= 1.5 {
        return bilinear(img, x, y);
    }
    let n = (size.ceil() as usize).min(4);
    let step = size / n as f32;
    let mut acc = [0f32; 3];
    for j in 0..n {
        for i in 0..n {
            let p = bilinear(
                img,
                x - size / 2.0 + (i as f32 + 0.5) * step,
                y - size / 2.0 + (j as f32 + 0.5) * step,
            );
            for c in 0..3 {
                acc[c] += p[c];
            }
        }
    }
    let k = (n * n) as f32;
    [acc[0] / k, acc[1] / k, acc[2] / k]
}
