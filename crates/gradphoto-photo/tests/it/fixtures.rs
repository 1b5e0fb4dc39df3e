//! The labelled fixture set: every labelled rule of every fixture agrees with its label, and
//! every rule has both passing and flagged fixtures.

use std::collections::{BTreeMap, HashSet};

use gradphoto_photo::fixtures::{self, Expect};
use gradphoto_photo::{ModeChoice, RulePack, Status};

#[test]
fn every_fixture_gets_its_labelled_verdict_per_rule() {
    let pack = RulePack::built_in("chsi-2017").unwrap_or_else(|e| panic!("{e}"));
    let set = fixtures::build(&super::astronaut(), &pack);
    let mut wrong = Vec::new();
    let mut seen: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    for f in &set {
        let mode = if f.final_file {
            ModeChoice::Final
        } else {
            ModeChoice::Original
        };
        let v = super::judge(mode)
            .judge_bytes(&f.bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", f.name));
        for (id, expect) in &f.labels {
            let Some(r) = v.result(id) else {
                wrong.push(format!("{}: no result for {id}", f.name));
                continue;
            };
            let flagged = matches!(r.status, Status::Warn | Status::Fail);
            let entry = seen.entry(id.clone()).or_default();
            match expect {
                Expect::Pass => entry.0 = true,
                Expect::Flag => entry.1 = true,
            }
            if flagged != (*expect == Expect::Flag) {
                wrong.push(format!(
                    "{}: {id} is {:?} ({}), expected {expect:?}",
                    f.name, r.status, r.shown
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let ids: HashSet<&str> = pack.rule.iter().map(|r| r.id.as_str()).collect();
    let mut missing: Vec<&str> = ids
        .into_iter()
        .filter(|id| {
            let (pass, flag) = seen.get(*id).copied().unwrap_or_default();
            assert!(pass, "rule {id} needs a passing fixture");
            !flag
        })
        .collect();
    missing.sort();
    assert!(
        missing.is_empty(),
        "rules without a flagged fixture: {missing:?}"
    );
}

#[test]
fn the_good_photo_passes_and_says_so_in_chinese() {
    let pack = RulePack::built_in("chsi-2017").unwrap_or_else(|e| panic!("{e}"));
    let set = fixtures::build(&super::astronaut(), &pack);
    let good = set
        .iter()
        .find(|f| f.name == "good-blue")
        .unwrap_or_else(|| panic!("no good-blue"));
    let v = super::judge(ModeChoice::Auto)
        .judge_bytes(&good.bytes)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v.overall, Status::Pass, "{:#?}", v.results);
    assert_eq!(v.reason.zh, "合格");
    let crop = v.crop.as_ref().unwrap_or_else(|| panic!("no crop"));
    assert!(crop.possible, "{:?}", crop.problems);
}
