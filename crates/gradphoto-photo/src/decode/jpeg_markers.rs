//! Reads what the rules need from a JPEG's markers without decoding it: frame size and
//! components (SOF), baseline or progressive, the quantisation tables (for a quality
//! estimate), JFIF density, the EXIF orientation, Adobe's colour transform, and whether the
//! scan data ends with an end-of-image marker (a cut-off upload does not).

/// What the markers say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JpegMarkers {
    pub width: u32,
    pub height: u32,
    pub components: u8,
    pub precision: u8,
    /// `0xC0` baseline, `0xC1` extended, `0xC2` progressive, ...
    pub sof: u8,
    /// Sum of the first (luminance) quantisation table, 64 entries.
    pub luma_table_sum: Option<u32>,
    /// Density as (units, x, y): units 0 aspect only, 1 dots per inch, 2 dots per cm.
    pub jfif_density: Option<(u8, u16, u16)>,
    /// EXIF orientation 1-8.
    pub orientation: u16,
    /// Adobe APP14 transform byte: 0 none (RGB/CMYK), 1 YCbCr, 2 YCCK.
    pub adobe_transform: Option<u8>,
    /// Bytes from the start of the first scan's data, to look for the end marker.
    pub scan_start: Option<usize>,
}

impl JpegMarkers {
    /// Whether an end-of-image marker follows the scan data. Searched from the end: a whole
    /// file has one within its last bytes (or those of a preview appended after it, which a
    /// cut-off file has lost too), so a 12 MB frame costs microseconds, not a full scan.
    pub fn has_end(&self, bytes: &[u8]) -> bool {
        let start = self.scan_start.unwrap_or(0).min(bytes.len());
        bytes[start..].windows(2).rev().any(|w| w == [0xFF, 0xD9])
    }

    /// The IJG quality (1-100) whose scaled standard luminance table is closest to this file's.
    pub fn quality_estimate(&self) -> Option<u8> {
        let sum = self.luma_table_sum? as i64;
        (1..=100u32)
            .min_by_key(|&q| (ijg_luma_sum(q) as i64 - sum).abs())
            .map(|q| q as u8)
    }
}

/// The standard (Annex K) luminance quantisation table.
const STD_LUMA: [u32; 64] = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
    92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/// The sum of libjpeg's luminance table at quality `q`.
fn ijg_luma_sum(q: u32) -> u32 {
    let q = q.clamp(1, 100);
    let scale = if q < 50 { 5000 / q } else { 200 - 2 * q };
    STD_LUMA
        .iter()
        .map(|&v| ((v * scale + 50) / 100).clamp(1, 255))
        .sum()
}

/// Walks the markers up to the first scan. `None` when the bytes are not a JPEG at all or end
/// before a frame header.
pub fn read(bytes: &[u8]) -> Option<JpegMarkers> {
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return None;
    }
    let mut m = JpegMarkers {
        orientation: 1,
        ..Default::default()
    };
    let mut i = 2;
    let mut have_frame = false;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return have_frame.then_some(m);
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if len < 2 {
            return have_frame.then_some(m);
        }
        let seg = &bytes[(i + 4).min(bytes.len())..(i + 2 + len).min(bytes.len())];
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) && seg.len() >= 6 => {
                m.sof = marker;
                m.precision = seg[0];
                m.height = u16::from_be_bytes([seg[1], seg[2]]) as u32;
                m.width = u16::from_be_bytes([seg[3], seg[4]]) as u32;
                m.components = seg[5];
                have_frame = true;
            }
            0xDB => read_dqt(seg, &mut m),
            0xE0 if seg.starts_with(b"JFIF\0") && seg.len() >= 12 => {
                m.jfif_density = Some((
                    seg[7],
                    u16::from_be_bytes([seg[8], seg[9]]),
                    u16::from_be_bytes([seg[10], seg[11]]),
                ));
            }
            0xE1 if seg.starts_with(b"Exif\0\0") => {
                if let Some(o) = exif_orientation(&seg[6..]) {
                    m.orientation = o;
                }
            }
            0xEE if seg.starts_with(b"Adobe") && seg.len() >= 12 => {
                m.adobe_transform = Some(seg[11]);
            }
            0xDA => {
                m.scan_start = Some(i + 2 + len);
                return have_frame.then_some(m);
            }
            0xD9 => return have_frame.then_some(m),
            _ => {}
        }
        i += 2 + len;
    }
    have_frame.then_some(m)
}

fn read_dqt(mut seg: &[u8], m: &mut JpegMarkers) {
    while let Some((&pq_tq, rest)) = seg.split_first() {
        let (precision16, id) = (pq_tq >> 4 != 0, pq_tq & 0x0F);
        let n = if precision16 { 128 } else { 64 };
        if rest.len() < n {
            return;
        }
        if id == 0 {
            let sum = if precision16 {
                rest[..128]
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]) as u32)
                    .sum()
            } else {
                rest[..64].iter().map(|&v| v as u32).sum()
            };
            m.luma_table_sum = Some(sum);
        }
        seg = &rest[n..];
    }
}

/// The orientation tag (0x0112) of IFD0 in a TIFF-structured EXIF block.
fn exif_orientation(tiff: &[u8]) -> Option<u16> {
    let le = match tiff.get(0..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |o: usize| -> Option<u16> {
        let b = tiff.get(o..o + 2)?;
        Some(if le {
            u16::from_le_bytes([b[0], b[1]])
        } else {
            u16::from_be_bytes([b[0], b[1]])
        })
    };
    let u32_at = |o: usize| -> Option<u32> {
        let b = tiff.get(o..o + 4)?;
        Some(if le {
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        } else {
            u32::from_be_bytes([b[0], b[1], b[2], b[3]])
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    (0..count.min(512)).find_map(|k| {
        let e = ifd + 2 + k * 12;
        (u16_at(e)? == 0x0112)
            .then(|| u16_at(e + 8))
            .flatten()
            .filter(|o| (1..=8).contains(o))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quality_of_standard_tables_is_recovered() {
        for q in [30u32, 50, 60, 75, 90, 95] {
            let m = JpegMarkers {
                luma_table_sum: Some(ijg_luma_sum(q)),
                ..Default::default()
            };
            assert_eq!(m.quality_estimate(), Some(q as u8), "quality {q}");
        }
    }

    #[test]
    fn garbage_is_not_a_jpeg() {
        assert_eq!(read(b"hello world"), None);
        assert_eq!(read(&[0xFF, 0xD8, 0xFF]), None);
        assert_eq!(read(&[0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x01]), None);
    }
}
