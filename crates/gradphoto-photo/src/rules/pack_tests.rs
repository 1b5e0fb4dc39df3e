//! Every figure of the chsi-2017 pack against the spec table (spec/national-rules.md §1): a
//! transcription error is a bug. The spec's lines are quoted here verbatim, and when the
//! shared spec is beside the repository the quotes are checked against it too.

use super::pack::RulePack;

/// Lines of spec/national-rules.md §1, verbatim.
const SPEC_LINES: &[&str] = &[
    "| pixels | 480 wide x 640 high (3:4, portrait) |",
    "| top of hair | 50 to 110 px below the top edge |",
    "| eye line | 200 to 300 px below the top edge |",
    "| face width (cheek to cheek) | 180 to 300 px |",
    "| density | 300 dpi written in the file (JFIF density) |",
    "| format | baseline JPEG, `.jpg`, quality >= 60 |",
];

fn numbers(line: &str) -> Vec<f64> {
    line.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect()
}

fn pack() -> RulePack {
    match RulePack::built_in("chsi-2017") {
        Ok(p) => p,
        Err(e) => panic!("the built-in pack does not load: {e}"),
    }
}

fn range(p: &RulePack, id: &str) -> (Option<f64>, Option<f64>) {
    let r = p.rule(id).unwrap_or_else(|| panic!("rule {id} missing"));
    (r.min, r.max)
}

#[test]
fn pack_figures_agree_with_the_spec_table() {
    let p = pack();
    assert_eq!(numbers(SPEC_LINES[0])[..2], [480.0, 640.0]);
    assert_eq!((p.width as f64, p.height as f64), (480.0, 640.0));
    for (line, id) in [(1, "head.top"), (2, "eyes.line"), (3, "face.width")] {
        let n = numbers(SPEC_LINES[line]);
        assert_eq!(
            range(&p, id),
            (Some(n[0]), Some(n[1])),
            "{id} vs spec: {}",
            SPEC_LINES[line]
        );
    }
    assert_eq!(range(&p, "file.density"), (Some(300.0), Some(300.0)));
    assert_eq!(numbers(SPEC_LINES[4])[0], 300.0);
    assert_eq!(
        range(&p, "file.quality").0,
        Some(*numbers(SPEC_LINES[5]).last().unwrap_or(&0.0))
    );
}

#[test]
fn file_size_window_and_backgrounds_agree_with_the_spec() {
    let p = pack();
    // "usually 20 KB to 40 KB" (default window, configurable).
    assert_eq!(range(&p, "file.size"), (Some(20.0), Some(40.0)));
    let rgbs: Vec<[u8; 3]> = p.background.iter().map(|b| b.rgb).collect();
    assert_eq!(
        rgbs,
        vec![[100, 197, 255], [255, 255, 255], [240, 240, 240]]
    );
}

#[test]
fn quoted_lines_are_still_in_the_shared_spec() {
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/spec/national-rules.md"
    );
    let Ok(text) = std::fs::read_to_string(spec) else {
        return; // The spec lives beside the repository; a checkout without it relies on the quotes.
    };
    for line in SPEC_LINES {
        assert!(text.contains(line), "spec no longer says: {line}");
    }
}

#[test]
fn a_pack_with_an_unknown_measure_or_inverted_range_is_refused() {
    let text = include_str!("chsi-2017.toml");
    assert!(
        RulePack::parse(&text.replace("measure = \"hair_top\"", "measure = \"hair_height\""))
            .is_err()
    );
    assert!(RulePack::parse(&text.replace("min = 50\nmax = 110", "min = 110\nmax = 50")).is_err());
    assert!(RulePack::parse("id = 1").is_err());
}
