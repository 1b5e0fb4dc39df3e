//! What the venue's browser tests share: a venue with an operator, seeded through the store as
//! the CLI seeds it, and waiting for what a live page shows.

use std::time::{Duration, Instant};

use chrono::{NaiveTime, Utc};
use fantoccini::{Client, Locator};
use gradphoto_app::OsRandom;
use gradphoto_app::accounts::hash_password;
use gradphoto_app::roster::import_roster;
use gradphoto_app::timetable::publish;
use gradphoto_domain::timetable::SlotTime;
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{Role, VenueId};
use gradphoto_store::{Actor, ClassSummary, NewSlot, NewUser, Repo};

use crate::files::small_roster_xlsx;

pub const PASSWORD: &str = "operator-password";
pub const ENTER: &str = "\u{e007}";
/// How long the browser may take to show something; a test waits this long only when failing.
/// Judging a photo on a busy 2-core machine is the slowest step.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub struct Place {
    pub venue: i64,
    /// The last of the stations made.
    pub station: i64,
}

/// A campaign with the small roster, the venue 大学生事务中心 with `stations`, and the operator
/// (`operator` / [`PASSWORD`]).
pub async fn prepare(
    repo: &std::sync::Arc<dyn Repo>,
    dir: &std::path::Path,
    stations: &[&str],
) -> Place {
    let actor = Actor::system("test");
    let now = Utc::now();
    let new = gradphoto_domain::NewCampaign::parse(2023, None, None, None).unwrap();
    let campaign = repo.create_campaign(&new, &actor, now).await.unwrap();
    let bytes = std::fs::read(small_roster_xlsx(dir)).unwrap();
    let app = gradphoto_app::App::new(
        repo.clone(),
        std::sync::Arc::new(gradphoto_domain::SystemClock),
        std::sync::Arc::new(OsRandom),
    );
    let report = import_roster(&app, campaign.id, &bytes, "roster.xlsx", false, &actor)
        .await
        .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let venue = repo
        .create_venue(campaign.id, "大学生事务中心", &actor, now)
        .await
        .unwrap();
    let mut station = None;
    for name in stations {
        station = Some(
            repo.create_station(venue.id, name, &actor, now)
                .await
                .unwrap(),
        );
    }
    let operator = NewUser {
        login: "operator".into(),
        display_name: "采集老师".into(),
        password_hash: hash_password(&OsRandom, PASSWORD).unwrap(),
        role: Role::Operator,
        colleges: vec![],
        student_id: None,
    };
    repo.create_user(&operator, &actor, now).await.unwrap();
    Place {
        venue: venue.id.0,
        station: station.expect("at least one station").id.0,
    }
}

/// A SQLite database and a disk blob store in `dir`, [`prepare`]d with one station (1号机位),
/// and the application over them with capture on, as `gradphoto serve` runs it.
pub async fn capture_venue(
    dir: &std::path::Path,
) -> (std::sync::Arc<dyn Repo>, Place, gradphoto_app::App) {
    let url = format!("sqlite://{}", dir.join("e2e.db").display());
    let repo = gradphoto_store::connect(&url).await.unwrap();
    let place = prepare(&repo, dir, &["1号机位"]).await;
    let blobs = gradphoto_store::DiskBlobStore::open(dir.join("blobs"))
        .await
        .unwrap();
    let capture = gradphoto_app::Capture::new(std::sync::Arc::new(blobs), dir.join("hot-folders"));
    let app = gradphoto_app::App::new(
        repo.clone(),
        std::sync::Arc::new(gradphoto_domain::SystemClock),
        std::sync::Arc::new(OsRandom),
    )
    .with_capture(capture);
    (repo, place, app)
}

/// Today, all day, as the one slot of the published timetable: class 190111 (张三, 李四 of
/// 航空制造工程学院) is due whenever the test runs. Returns the class and the slot's time.
pub async fn publish_all_day(
    repo: &std::sync::Arc<dyn Repo>,
    app: &gradphoto_app::App,
    place: &Place,
) -> (ClassSummary, SlotTime) {
    let actor = Actor::system("test");
    let campaign = repo.current_campaign().await.unwrap().unwrap().id;
    let today = shooting_day(Utc::now());
    repo.set_campaign_days(campaign, &[today], &actor, Utc::now())
        .await
        .unwrap();
    let class = repo
        .classes(campaign)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.code == "190111")
        .unwrap();
    let time = SlotTime::new(
        today,
        NaiveTime::from_hms_opt(0, 0, 0).unwrap(),
        NaiveTime::from_hms_opt(23, 59, 0).unwrap(),
    )
    .unwrap();
    let slot = NewSlot {
        time,
        classes: vec![(class.id, false)],
    };
    repo.replace_slots(VenueId(place.venue), &[slot], &actor, Utc::now())
        .await
        .unwrap();
    publish(app, campaign, &actor).await.unwrap();
    (class, time)
}

/// Waits until the element's text satisfies `ok`; returns that text.
pub async fn text_until(
    client: &Client,
    css: &str,
    what: &str,
    ok: impl Fn(&str) -> bool,
) -> Result<String, fantoccini::error::CmdError> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        // The live pages replace elements as events arrive: an element found a moment ago may
        // be gone (stale) by the time it is read, which is "not yet", like a missing one.
        let text = match client.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if ok(text.trim()) {
            return Ok(text.trim().to_owned());
        }
        assert!(
            Instant::now() < deadline,
            "{css} shows {text:?}, not {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the element's text is `want`.
pub async fn text_becomes(
    client: &Client,
    css: &str,
    want: &str,
) -> Result<(), fantoccini::error::CmdError> {
    text_until(client, css, &format!("{want:?}"), |t| t == want)
        .await
        .map(drop)
}

/// Waits until the script `js` returns true.
pub async fn until_true(client: &Client, js: &str) -> Result<(), fantoccini::error::CmdError> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if client.execute(js, vec![]).await?.as_bool() == Some(true) {
            return Ok(());
        }
        assert!(Instant::now() < deadline, "never true: {js}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The station calls the next student, takes `photo` of them and accepts it, as an operator
/// at the station would.
pub async fn shoot_next(
    app: &gradphoto_app::App,
    station: gradphoto_domain::StationId,
    photo: Vec<u8>,
) {
    use gradphoto_app::capture::frames::decide;
    use gradphoto_app::capture::{Arrival, ingest};
    let actor = Actor::system("station");
    let called = app
        .repo
        .station_action(
            station,
            &gradphoto_domain::StationAction::CallNext,
            &actor,
            app.now(),
        )
        .await
        .unwrap()
        .unwrap();
    let arrival = Arrival {
        station,
        source: gradphoto_domain::FrameSource::Upload,
        name: None,
        bytes: hyper::body::Bytes::from(photo),
        key: None,
        arrived_at: app.now(),
        expected_ticket: Some(called.id),
    };
    let frame = ingest(app, arrival, &actor).await.unwrap().frame().clone();
    let accept = gradphoto_store::FrameDecision::Accept { reason: None };
    decide(app, &frame, &accept, false, &actor).await.unwrap();
}
