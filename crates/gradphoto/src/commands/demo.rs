//! `gradphoto demo`: seed a data directory with the notice's campaign and serve it. A data
//! directory that already holds a campaign is reused as it is.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use gradphoto_app::App;
use gradphoto_app::accounts::{NewAccount, create_account, random_password};
use gradphoto_app::fees::set_deadline;
use gradphoto_app::proofreading::set_window;
use gradphoto_app::roster::import_roster;
use gradphoto_app::timetable::{import_timetable, publish, set_days};
use gradphoto_app::venues::{add_device, add_venue};
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{NewCampaign, Role};
use gradphoto_store::Actor;

use super::open;
use super::serve::serve;
use crate::cli::{DemoArgs, Global, ProcessRole};
use crate::demo::notice::{COHORT, TITLE, VENUE, class_codes, notice_on};
use crate::demo::roster::{college_of, roster_csv};

/// Students generated per class of the timetable.
const PER_CLASS: usize = 30;
const PASSWORDS_FILE: &str = "demo-passwords.txt";
/// Capture stations at the demo venue.
const STATIONS: u32 = 3;

pub async fn run(global: &Global, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let (config, app) = open(global, Path::new("gradphoto-demo")).await?;
    let passwords = config.data_dir.join(PASSWORDS_FILE);
    if app.repo.current_campaign().await?.is_some() {
        println!(
            "gradphoto demo: reusing {} (passwords in {})",
            config.data_dir.display(),
            passwords.display()
        );
    } else {
        let accounts = seed(&app).await?;
        std::fs::write(&passwords, &accounts)
            .with_context(|| format!("cannot write {}", passwords.display()))?;
        println!("gradphoto demo: seeded {}", config.data_dir.display());
        print!("{accounts}");
    }
    if global.json
        && let Ok(text) = std::fs::read_to_string(&passwords)
    {
        println!("{}", serde_json::json!({ "accounts": text }));
    }
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    let listen = SocketAddr::from(([127, 0, 0, 1], args.port));
    serve(
        app,
        &config,
        listen,
        &[ProcessRole::Web, ProcessRole::Capture, ProcessRole::Jobs],
    )
    .await?;
    Ok(ExitCode::SUCCESS)
}

/// Creates the campaign, imports the generated roster through the real import, and creates one
/// user per role. Returns the accounts as lines of `role login password`.
pub async fn seed(app: &App) -> anyhow::Result<String> {
    let actor = Actor::system("demo");
    let new =
        NewCampaign::parse(COHORT, Some(TITLE), None, None).map_err(|m| anyhow::anyhow!("{m}"))?;
    let campaign = app.repo.create_campaign(&new, &actor, app.now()).await?;
    let csv = roster_csv(PER_CLASS, 2023);
    let report = import_roster(
        app,
        campaign.id,
        csv.as_bytes(),
        "demo-roster.csv",
        false,
        &actor,
    )
    .await?;
    if let Some(p) = report.problems.first() {
        bail!("the demo roster did not import: {}", p.describe("en"));
    }
    let classes = class_codes();
    let first_class = classes.first().map_or("190111", String::as_str);
    let college = college_of(first_class).to_owned();
    let first_student = format!("{first_class}01");
    // Role, login, display name, colleges, 学号.
    type Account<'a> = (Role, &'a str, &'a str, Vec<String>, Option<&'a str>);
    let accounts: [Account; 6] = [
        (Role::Admin, "admin", "教务处管理员", vec![], None),
        (
            Role::CollegeLead,
            "lead",
            "学院领队",
            vec![college.clone()],
            None,
        ),
        (
            Role::CollegeSecretary,
            "secretary",
            "学院教务员",
            vec![college],
            None,
        ),
        (Role::Operator, "operator", "采集人员", vec![], None),
        (
            Role::Student,
            "student",
            "毕业生",
            vec![],
            Some(first_student.as_str()),
        ),
        (Role::Display, "display", "现场大屏", vec![], None),
    ];
    let mut lines = String::new();
    for (role, login, name, colleges, student_no) in accounts {
        let password = random_password(app.random.as_ref());
        let account = NewAccount {
            login,
            role,
            name: Some(name),
            password: &password,
            colleges: &colleges,
            student_no,
        };
        create_account(app, &account, &actor).await?;
        lines.push_str(&format!("{:<18} {login:<10} {password}\n", role.code()));
    }
    // The venue of the notice, with three capture stations and a card reader on the desk.
    let venue = add_venue(app, campaign.id, VENUE, STATIONS, &actor).await?;
    let (_, token) = add_device(app, venue.id, "前台读卡器", &actor).await?;
    lines.push_str(&format!("{:<18} {:<10} {token}\n", "device", "前台读卡器"));
    // The notice's timetable through the real import, its two days moved to today and
    // tomorrow so that the desk has classes due now; then published as version 1.
    let (notice, days) = notice_on(shooting_day(app.now()));
    set_days(app, campaign.id, &days, &actor).await?;
    let timetable = import_timetable(
        app,
        campaign.id,
        &venue,
        notice.as_bytes(),
        "notice-2022-10-10.txt",
        false,
        &actor,
    )
    .await?;
    if let Some(p) = timetable.problems.first() {
        bail!("the demo timetable did not import: {}", p.describe("en"));
    }
    publish(app, campaign.id, &actor).await?;
    // Proofreading open from the first shooting day for 40 days, as a university gives its
    // graduates before the registry's own check.
    let first = days
        .first()
        .copied()
        .unwrap_or_else(|| app.now().date_naive());
    set_window(
        app,
        campaign.id,
        Some((first, first + chrono::Duration::days(40))),
        &actor,
    )
    .await?;
    // The fee is handed in per class the day before shooting starts, as the notice asks
    // (10月19日 for shooting from 10月20日).
    let deadline = first - chrono::Duration::days(1);
    set_deadline(app, &campaign, deadline, &actor).await?;
    Ok(lines)
}
