//! The command line: campaign, import (dry run, bad file, JSON), users, the demo (its timetable
//! simulated and planned), and failures that exit non-zero with a message.

use std::path::Path;
use std::process::{Command, Output};

use crate::files::{STUDENTS, bad_roster_csv, small_roster_xlsx};

fn gradphoto(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradphoto"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("GRADPHOTO_DATABASE_URL")
        .env_remove("GRADPHOTO_CONFIG")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn import_needs_a_campaign_then_imports_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let roster = small_roster_xlsx(dir.path());
    let roster = roster.to_str().unwrap();

    let no_campaign = gradphoto(&data, &["import", "roster", roster]);
    assert!(!no_campaign.status.success());
    assert!(String::from_utf8_lossy(&no_campaign.stderr).contains("campaign create"));

    assert!(
        gradphoto(
            &data,
            &["campaign", "create", "--cohort", "2023", "--fee-yuan", "20"]
        )
        .status
        .success()
    );
    let list = gradphoto(&data, &["--json", "campaign", "list"]);
    let campaigns: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(campaigns[0]["fee_fen"], 2000);
    assert_eq!(campaigns[0]["title"], "2023届毕业生图像信息采集");

    let dry = gradphoto(&data, &["--json", "import", "roster", "--dry-run", roster]);
    assert!(dry.status.success(), "{}", stdout(&dry));
    let report: serde_json::Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(report["creates"], 3);
    assert!(report["applied"].is_null());

    let bad = bad_roster_csv(dir.path());
    let refused = gradphoto(&data, &["import", "roster", bad.to_str().unwrap()]);
    assert!(!refused.status.success());
    let text = stdout(&refused);
    assert!(text.contains("第 3 行"), "{text}");
    assert!(text.contains("身份证号"), "{text}");
    assert!(text.contains("未写入"), "{text}");

    let real = gradphoto(&data, &["--lang", "en", "import", "roster", roster]);
    assert!(real.status.success(), "{}", stdout(&real));
    assert!(stdout(&real).contains("3 new"), "{}", stdout(&real));
    // The refused file and the dry run wrote nothing: a second real import changes nothing.
    let again = gradphoto(&data, &["--json", "import", "roster", roster]);
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        (report["creates"].as_i64(), report["unchanged"].as_i64()),
        (Some(0), Some(3))
    );
}

#[test]
fn users_are_checked_against_the_roster() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let roster = small_roster_xlsx(dir.path());
    gradphoto(&data, &["campaign", "create", "--cohort", "2023"]);
    gradphoto(&data, &["import", "roster", roster.to_str().unwrap()]);

    let admin = gradphoto(
        &data,
        &[
            "--json", "user", "add", "--login", "admin", "--role", "admin",
        ],
    );
    assert!(admin.status.success());
    let out: serde_json::Value = serde_json::from_slice(&admin.stdout).unwrap();
    assert_eq!(out["password"].as_str().unwrap().len(), 12);

    let lead = gradphoto(
        &data,
        &[
            "user",
            "add",
            "--login",
            "lead",
            "--role",
            "college_lead",
            "--password",
            "longenough",
            "--college",
            "火星学院",
        ],
    );
    assert!(!lead.status.success());
    assert!(String::from_utf8_lossy(&lead.stderr).contains("火星学院"));
    let lead = gradphoto(
        &data,
        &[
            "user",
            "add",
            "--login",
            "lead",
            "--role",
            "college_lead",
            "--password",
            "longenough",
            "--college",
            STUDENTS[0][3],
        ],
    );
    assert!(lead.status.success());

    let student = gradphoto(
        &data,
        &[
            "user",
            "add",
            "--login",
            "s1",
            "--role",
            "student",
            "--password",
            "longenough",
            "--student-no",
            STUDENTS[0][0],
        ],
    );
    assert!(student.status.success());
    let dup = gradphoto(
        &data,
        &[
            "user",
            "add",
            "--login",
            "s1",
            "--role",
            "operator",
            "--password",
            "longenough",
        ],
    );
    assert!(!dup.status.success());
    assert!(String::from_utf8_lossy(&dup.stderr).contains("已被使用"));
    let short = gradphoto(
        &data,
        &[
            "user",
            "add",
            "--login",
            "op",
            "--role",
            "operator",
            "--password",
            "short",
        ],
    );
    assert!(!short.status.success());

    let list = gradphoto(&data, &["--json", "user", "list"]);
    let users: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(users.as_array().unwrap().len(), 3);
}

#[test]
fn demo_seeds_the_notice_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    let seeded = gradphoto(&data, &["demo", "--no-serve"]);
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    assert!(stdout(&seeded).contains("college_lead"));
    let list = gradphoto(&data, &["--json", "campaign", "list"]);
    let campaigns: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(campaigns.as_array().unwrap().len(), 1);
    assert_eq!(campaigns[0]["cohort"], 2023);
    // A second run reuses the directory instead of seeding again.
    let again = gradphoto(&data, &["demo", "--no-serve"]);
    assert!(stdout(&again).contains("reusing"));
    let users = gradphoto(&data, &["--json", "user", "list"]);
    let users: serde_json::Value = serde_json::from_slice(&users.stdout).unwrap();
    assert_eq!(users.as_array().unwrap().len(), 6);
    let venues = gradphoto(&data, &["--json", "venue", "list"]);
    let venues: serde_json::Value = serde_json::from_slice(&venues.stdout).unwrap();
    assert_eq!(venues[0]["venue"]["name"], "大学生事务中心");
    assert_eq!(venues[0]["stations"].as_array().unwrap().len(), 3);
    assert!(stdout(&seeded).contains("前台读卡器"));

    // The seeded timetable simulated at the venue's 3 stations, and a plan written into it:
    // simulated again with the same seed, the working timetable is the proposal.
    let sim = gradphoto(&data, &["--json", "simulate", "--runs", "3"]);
    assert!(
        sim.status.success(),
        "{}",
        String::from_utf8_lossy(&sim.stderr)
    );
    let sim: serde_json::Value = serde_json::from_slice(&sim.stdout).unwrap();
    assert_eq!(sim["params"]["stations"], 3);
    assert_eq!(sim["report"]["slots"].as_array().unwrap().len(), 9);
    let plan = gradphoto(&data, &["--json", "plan", "--runs", "3", "--apply"]);
    assert!(
        plan.status.success(),
        "{}",
        String::from_utf8_lossy(&plan.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    assert!(
        !plan["moves"].as_array().unwrap().is_empty(),
        "{}",
        plan["moves"]
    );
    let after = plan["after"]["worst_p90_wait_s"].as_f64().unwrap();
    assert!(after < plan["before"]["worst_p90_wait_s"].as_f64().unwrap());
    let again = gradphoto(&data, &["--json", "simulate", "--runs", "3"]);
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["report"]["worst_p90_wait_s"].as_f64().unwrap(), after);
}

#[test]
fn bad_config_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("gradphoto.toml");
    std::fs::write(&config, "databse_url = \"sqlite://x.db\"\n").unwrap();
    let out = gradphoto(
        &dir.path().join("d"),
        &["--config", config.to_str().unwrap(), "campaign", "list"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("databse_url"));
    // A sign-in limit that would let passwords be guessed is refused too.
    std::fs::write(&config, "login_max_failures = 0\n").unwrap();
    let out = gradphoto(
        &dir.path().join("d"),
        &["--config", config.to_str().unwrap(), "campaign", "list"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("login_max_failures must be at least 1"),
        "{err}"
    );
}

#[test]
fn venues_stations_and_devices() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    gradphoto(&data, &["campaign", "create", "--cohort", "2023"]);
    assert!(
        gradphoto(
            &data,
            &["venue", "add", "大学生事务中心", "--stations", "2"]
        )
        .status
        .success()
    );
    let dup = gradphoto(&data, &["venue", "add", "大学生事务中心"]);
    assert!(!dup.status.success());
    assert!(String::from_utf8_lossy(&dup.stderr).contains("已存在"));
    let missing = gradphoto(
        &data,
        &["venue", "add-station", "--venue", "图书馆", "9号机位"],
    );
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("gradphoto venue add"));
    assert!(
        gradphoto(
            &data,
            &[
                "venue",
                "add-station",
                "--venue",
                "大学生事务中心",
                "3号机位"
            ]
        )
        .status
        .success()
    );
    let device = gradphoto(
        &data,
        &[
            "--json",
            "venue",
            "add-device",
            "--venue",
            "大学生事务中心",
            "1号读卡器",
        ],
    );
    let device: serde_json::Value = serde_json::from_slice(&device.stdout).unwrap();
    assert!(device["token"].as_str().unwrap().len() > 20);
    let list = gradphoto(&data, &["--json", "venue", "list"]);
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let names: Vec<&str> = list[0]["stations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["1号机位", "2号机位", "3号机位"]);
}
