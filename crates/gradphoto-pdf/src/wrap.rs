//! Line breaking for Chinese text measured with the embedded font.
//!
//! Chinese may break between any two characters, with two exceptions that matter for the
//! timetable: a run of Latin letters, digits and time punctuation (`190111`, `D217041`,
//! `9:00`) never breaks, and closing punctuation (`、`, `，`, `）`, …) stays with what it
//! closes, so a class list breaks after a `、` like 附件一 does, never before one.

use crate::font::Face;

/// Characters that may not begin a line: they stay on the line of the unit before them.
const NO_LINE_START: &str = "、，。：；！？）」』】》〉’”,.;:!?)]}%·";
/// Characters that may not end a line: they move to the line of the unit after them.
const NO_LINE_END: &str = "（「『【《〈‘“([{";

/// Splits `text` into lines no wider than `width` points at `size` points. A unit wider than
/// the whole line (which only a very long code could be) is split between characters rather
/// than overflowing the column. An empty text gives no lines.
pub(crate) fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    for unit in units(text) {
        let unit_width = face.width(&unit, size);
        if line.is_empty() && unit.trim().is_empty() {
            continue; // no line starts with a space
        }
        if line_width + unit_width <= width {
            line.push_str(&unit);
            line_width += unit_width;
            continue;
        }
        if !line.is_empty() {
            lines.push(line.trim_end().to_owned());
            line.clear();
            line_width = 0.0;
            if unit.trim().is_empty() {
                continue;
            }
        }
        if unit_width <= width {
            line.push_str(&unit);
            line_width = unit_width;
            continue;
        }
        for ch in unit.chars() {
            let ch_width = face.width(ch.encode_utf8(&mut [0; 4]), size);
            if !line.is_empty() && line_width + ch_width > width {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            line.push(ch);
            line_width += ch_width;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// The unbreakable pieces of `text`, in order; joined they give `text` back.
fn units(text: &str) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    let mut glue_next = false;
    let mut in_word = false;
    for ch in text.chars() {
        let word_char = ch.is_ascii_alphanumeric() || (in_word && ":.-/".contains(ch));
        let extend = glue_next || (in_word && word_char) || NO_LINE_START.contains(ch);
        match units.last_mut() {
            Some(last) if extend => last.push(ch),
            _ => units.push(ch.to_string()),
        }
        glue_next = NO_LINE_END.contains(ch);
        in_word = word_char;
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PdfError;

    #[test]
    fn codes_and_times_stay_whole_and_closing_marks_stay_behind() {
        assert_eq!(
            units("190111、D217041（续）9:00—10:00"),
            ["190111、", "D217041", "（续）", "9:00", "—", "10:00"]
        );
    }

    #[test]
    fn a_class_list_breaks_after_the_comma_and_fits_the_width() -> Result<(), PdfError> {
        let face = Face::embedded()?;
        let list = ["190111", "190112", "190121", "190122", "190123", "D217041"].join("、");
        let one = face.width("190111、", 10.0);
        let lines = wrap(face, &list, 10.0, one * 2.5);
        assert_eq!(
            lines,
            ["190111、190112、", "190121、190122、", "190123、D217041"]
        );
        for line in &lines {
            assert!(face.width(line, 10.0) <= one * 2.5);
        }
        Ok(())
    }

    #[test]
    fn spaces_do_not_start_or_end_a_line() -> Result<(), PdfError> {
        let face = Face::embedded()?;
        let lines = wrap(
            face,
            "班级 190111：10月20日 9:00 → 10月21日 9:00",
            10.0,
            80.0,
        );
        assert!(lines.len() > 1, "{lines:?}");
        for line in &lines {
            assert_eq!(line.trim(), line);
        }
        assert_eq!(
            lines.concat().replace(' ', ""),
            "班级190111：10月20日9:00→10月21日9:00"
        );
        Ok(())
    }

    #[test]
    fn a_unit_wider_than_the_line_is_split_rather_than_overflowing() -> Result<(), PdfError> {
        let face = Face::embedded()?;
        let lines = wrap(face, "12345678901234567890", 10.0, 30.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.concat(), "12345678901234567890");
        for line in &lines {
            assert!(face.width(line, 10.0) <= 30.0);
        }
        Ok(())
    }
}
