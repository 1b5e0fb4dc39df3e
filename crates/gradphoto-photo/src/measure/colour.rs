//! sRGB → CIELAB (D65) and the CIEDE2000 colour difference, for background and clothing colour.

use serde::Serialize;

/// A colour in CIELAB.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Lab {
    pub l: f32,
    pub a: f32,
    pub b: f32,
}

fn linear(c: f32) -> f32 {
    let c = c / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

impl Lab {
    pub fn from_rgb(rgb: [f32; 3]) -> Lab {
        let (r, g, b) = (linear(rgb[0]), linear(rgb[1]), linear(rgb[2]));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f32| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        Lab {
            l: 116.0 * fy - 16.0,
            a: 500.0 * (fx - fy),
            b: 200.0 * (fy - fz),
        }
    }

    pub fn from_u8(rgb: [u8; 3]) -> Lab {
        Lab::from_rgb([rgb[0] as f32, rgb[1] as f32, rgb[2] as f32])
    }

    /// Chroma.
    pub fn chroma(&self) -> f32 {
        self.a.hypot(self.b)
    }

    /// Hue angle in degrees, 0-360.
    pub fn hue(&self) -> f32 {
        self.b.atan2(self.a).to_degrees().rem_euclid(360.0)
    }

    /// The plain Euclidean difference (ΔE 1976): cheap, for per-pixel tests.
    pub fn de76(&self, o: &Lab) -> f32 {
        ((self.l - o.l).powi(2) + (self.a - o.a).powi(2) + (self.b - o.b).powi(2)).sqrt()
    }

    /// CIEDE2000 (Sharma, Wu and Dalal's formulation).
    pub fn de2000(&self, o: &Lab) -> f32 {
        let (l1, a1, b1) = (self.l as f64, self.a as f64, self.b as f64);
        let (l2, a2, b2) = (o.l as f64, o.a as f64, o.b as f64);
        let c1 = a1.hypot(b1);
        let c2 = a2.hypot(b2);
        let cm = (c1 + c2) / 2.0;
        let g = 0.5 * (1.0 - (cm.powi(7) / (cm.powi(7) + 25f64.powi(7))).sqrt());
        let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
        let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
        let hp = |b: f64, a: f64| {
            if a == 0.0 && b == 0.0 {
                0.0
            } else {
                b.atan2(a).to_degrees().rem_euclid(360.0)
            }
        };
        let (h1p, h2p) = (hp(b1, a1p), hp(b2, a2p));
        let dl = l2 - l1;
        let dc = c2p - c1p;
        let dh = if c1p * c2p == 0.0 {
            0.0
        } else if (h2p - h1p).abs() <= 180.0 {
            h2p - h1p
        } else if h2p - h1p > 180.0 {
            h2p - h1p - 360.0
        } else {
            h2p - h1p + 360.0
        };
        let dhh = 2.0 * (c1p * c2p).sqrt() * (dh.to_radians() / 2.0).sin();
        let lm = (l1 + l2) / 2.0;
        let cmp = (c1p + c2p) / 2.0;
        let hm = if c1p * c2p == 0.0 {
            h1p + h2p
        } else if (h1p - h2p).abs() <= 180.0 {
            (h1p + h2p) / 2.0
        } else if h1p + h2p < 360.0 {
            (h1p + h2p + 360.0) / 2.0
        } else {
            (h1p + h2p - 360.0) / 2.0
        };
        let t = 1.0 - 0.17 * (hm - 30.0).to_radians().cos()
            + 0.24 * (2.0 * hm).to_radians().cos()
            + 0.32 * (3.0 * hm + 6.0).to_radians().cos()
            - 0.20 * (4.0 * hm - 63.0).to_radians().cos();
        let d_theta = 30.0 * (-((hm - 275.0) / 25.0).powi(2)).exp();
        let rc = 2.0 * (cmp.powi(7) / (cmp.powi(7) + 25f64.powi(7))).sqrt();
        let sl = 1.0 + 0.015 * (lm - 50.0).powi(2) / (20.0 + (lm - 50.0).powi(2)).sqrt();
        let sc = 1.0 + 0.045 * cmp;
        let sh = 1.0 + 0.015 * cmp * t;
        let rt = -(2.0 * d_theta).to_radians().sin() * rc;
        let v = (dl / sl).powi(2)
            + (dc / sc).powi(2)
            + (dhh / sh).powi(2)
            + rt * (dc / sc) * (dhh / sh);
        v.max(0.0).sqrt() as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs from Sharma, Wu and Dalal's CIEDE2000 test data.
    #[test]
    fn de2000_matches_the_published_test_pairs() {
        let cases = [
            ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
            ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
            ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
            (
                (60.2574, -34.0099, 36.2677),
                (60.4626, -34.1751, 39.4387),
                1.2644,
            ),
            (
                (22.7233, 20.0904, -46.694),
                (23.0331, 14.973, -42.5619),
                2.0373,
            ),
        ];
        for ((l1, a1, b1), (l2, a2, b2), want) in cases {
            let d = Lab {
                l: l1,
                a: a1,
                b: b1,
            }
            .de2000(&Lab {
                l: l2,
                a: a2,
                b: b2,
            });
            assert!((d - want).abs() < 1e-3, "{d} vs {want}");
        }
    }

    #[test]
    fn white_is_l_100() {
        let w = Lab::from_u8([255, 255, 255]);
        assert!(
            (w.l - 100.0).abs() < 0.1 && w.a.abs() < 0.1 && w.b.abs() < 0.1,
            "{w:?}"
        );
    }
}
