//! The one error type of this crate: what can stop a notice from becoming a PDF.

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The font compiled into the binary did not parse: a broken build, not bad input.
    #[error("the embedded font {file} could not be read: {detail}")]
    FontUnreadable {
        /// The font file's name under `assets/fonts/`.
        file: &'static str,
        /// What the font parser said.
        detail: String,
    },
    /// A text holds a character the embedded font cannot draw; printing it would show an empty
    /// box, so the document is refused instead.
    #[error("the character “{ch}” (U+{code:04X}) is not in the font {font}, in “{text}”", code = u32::from(*ch))]
    MissingGlyph {
        /// The character.
        ch: char,
        /// The font family.
        font: &'static str,
        /// The whole text it appeared in, so the caller can find it.
        text: String,
    },
    /// printpdf or lopdf failed while writing the document.
    #[error("writing the PDF failed: {0}")]
    Write(String),
}
