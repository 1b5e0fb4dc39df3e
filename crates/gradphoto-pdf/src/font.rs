//! The CJK font compiled into the binary, and text measurement with its advance widths.
//!
//! A fresh server has no Chinese font, so Noto Sans SC Regular (OFL, see
//! `assets/fonts/README.md`) is embedded with `include_bytes!`. It is parsed once per process
//! (about 10 MB; parsing it per document would dominate the render time) and each PDF embeds
//! only the glyphs it uses: printpdf subsets it on save.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::PdfError;

/// The font file's name, for messages.
pub(crate) const FONT_FILE: &str = "NotoSansSC-Regular.ttf";
/// The family name, for messages.
pub(crate) const FONT_FAMILY: &str = "Noto Sans SC";

static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Regular.ttf");

/// The parsed embedded font with what layout needs from it.
pub(crate) struct Face {
    /// printpdf's parsed font, added to each document.
    pub(crate) parsed: ParsedFont,
    /// Font units per em, to turn advance widths into points.
    units_per_em: f32,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("family", &FONT_FAMILY)
            .field("units_per_em", &self.units_per_em)
            .finish_non_exhaustive()
    }
}

impl Face {
    /// The embedded face, parsed on first use and kept for the life of the process.
    pub(crate) fn embedded() -> Result<&'static Face, PdfError> {
        static FACE: OnceLock<Result<Face, String>> = OnceLock::new();
        FACE.get_or_init(Face::parse)
            .as_ref()
            .map_err(|detail| PdfError::FontUnreadable {
                file: FONT_FILE,
                detail: detail.clone(),
            })
    }

    fn parse() -> Result<Face, String> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(FONT_BYTES, 0, &mut warnings).ok_or_else(|| {
            let said: Vec<String> = warnings.iter().map(|w| format!("{w:?}")).collect();
            format!("the parser gave up ({})", said.join("; "))
        })?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em);
        if units_per_em <= 0.0 {
            return Err("the head table gives 0 units per em".to_owned());
        }
        Ok(Face {
            parsed,
            units_per_em,
        })
    }

    /// The advance width of `ch` in ems, or `None` when the font has no glyph for it.
    pub(crate) fn advance_em(&self, ch: char) -> Option<f32> {
        let glyph = self.parsed.lookup_glyph_index(u32::from(ch))?;
        if glyph == 0 {
            return None;
        }
        Some(f32::from(self.parsed.get_horizontal_advance(glyph)) / self.units_per_em)
    }

    /// Checks that every character of `text` can be drawn; the error names the first one that
    /// cannot. Layout calls this once per text so that measuring afterwards cannot fail.
    pub(crate) fn check(&self, text: &str) -> Result<(), PdfError> {
        match text.chars().find(|&ch| self.advance_em(ch).is_none()) {
            None => Ok(()),
            Some(ch) => Err(PdfError::MissingGlyph {
                ch,
                font: FONT_FAMILY,
                text: text.to_owned(),
            }),
        }
    }

    /// The width of `text` set at `size` points, from the glyphs' advance widths (printpdf
    /// places the glyphs by the same widths, without kerning). Characters without a glyph count
    /// as zero: [`Face::check`] refuses them first.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|ch| self.advance_em(ch).unwrap_or(0.0))
            .sum::<f32>()
            * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_font_draws_the_notice_characters() -> Result<(), PdfError> {
        let face = Face::embedded()?;
        face.check("照相日期 时间 班级 上午9:00—10:00 190111、D217041 → · （与上一版相比）：")?;
        // An ideograph is one em wide; a digit is narrower.
        assert!((face.width("班", 10.0) - 10.0).abs() < 0.01);
        let digit = face.width("1", 10.0);
        assert!(digit > 3.0 && digit < 7.0, "digit width {digit}");
        Ok(())
    }

    #[test]
    fn a_character_outside_the_font_is_named() -> Result<(), PdfError> {
        let face = Face::embedded()?;
        // A private-use code point: no font maps it.
        let err = face.check("班级\u{E000}").err();
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("U+E000"), "{message}");
        Ok(())
    }
}
