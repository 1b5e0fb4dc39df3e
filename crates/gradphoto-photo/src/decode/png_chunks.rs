//! Reads a PNG's header (size, bit depth, colour type) and its pHYs density chunk.

/// What the chunks before the image data say.
#[derive(Debug, Clone, PartialEq)]
pub struct PngHead {
    pub width: u32,
    pub height: u32,
    pub bit_depth: u8,
    pub colour_type: u8,
    pub dpi: Option<f32>,
}

pub fn read(bytes: &[u8]) -> Option<PngHead> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let mut head: Option<PngHead> = None;
    let mut i = 8;
    while i + 8 <= bytes.len() {
        let len = be(&bytes[i..]) as usize;
        let kind = &bytes[i + 4..i + 8];
        if matches!(kind, b"IDAT" | b"IEND") {
            // The header is complete; whether the data is, is for the caller to see.
            break;
        }
        let data = bytes.get(i + 8..i + 8 + len)?;
        match kind {
            b"IHDR" if len >= 13 => {
                head = Some(PngHead {
                    width: be(data),
                    height: be(&data[4..]),
                    bit_depth: data[8],
                    colour_type: data[9],
                    dpi: None,
                });
            }
            b"pHYs" if len >= 9 => {
                if let Some(h) = head.as_mut() {
                    // Unit 1: pixels per metre.
                    if data[8] == 1 {
                        h.dpi = Some(be(data) as f32 * 0.0254);
                    }
                }
            }
            _ => {}
        }
        i += 12 + len;
    }
    head
}
