//! Setting up a fresh application per test: its own SQLite file in a temp dir, a campaign,
//! users of every role, a roster written as a real .xlsx workbook.

use std::sync::Arc;

use axum::Router;
use axum::http::{Method, StatusCode};
use chrono::{TimeZone, Utc};
use gradphoto_app::accounts::hash_password;
use gradphoto_app::roster::import_roster;
use gradphoto_app::{App, OsRandom};
use gradphoto_domain::id_number::check_char;
use gradphoto_domain::{
    Campaign, CampaignId, CollegeId, FixedClock, NewCampaign, Role, StudentId, User,
};
use gradphoto_store::{Actor, NewUser, Repo};
use gradphoto_web::{AppState, WebConfig, router};
use tempfile::TempDir;

pub use crate::client::{BOUNDARY, Client, FilePart, Resp, hidden_value, multipart_body};

pub const PASSWORD: &str = "correct-horse-42";
pub const COLLEGE_A: &str = "信息工程学院";
pub const COLLEGE_B: &str = "材料科学与工程学院";

pub struct TestApp {
    pub state: AppState,
    pub campaign: Campaign,
    _dir: TempDir,
}

impl TestApp {
    pub fn repo(&self) -> &Arc<dyn Repo> {
        &self.state.app.repo
    }

    pub fn app(&self) -> &App {
        &self.state.app
    }

    pub fn router(&self) -> Router {
        router(self.state.clone())
    }

    pub fn client(&self) -> Client {
        Client::new(self.router())
    }

    /// A client signed in through the real login form.
    pub async fn login(&self, login: &str) -> Client {
        let mut c = self.client();
        let r = c.login(login, PASSWORD).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "login {login}: {}", r.body);
        c
    }

    pub async fn add_user(
        &self,
        login: &str,
        role: Role,
        colleges: Vec<CollegeId>,
        student_id: Option<StudentId>,
    ) -> User {
        let hash = hash_password(&OsRandom, PASSWORD).unwrap();
        self.repo()
            .create_user(
                &NewUser {
                    login: login.into(),
                    display_name: format!("{login} 老师"),
                    password_hash: hash,
                    role,
                    colleges,
                    student_id,
                },
                &Actor::system("test"),
                Utc::now(),
            )
            .await
            .unwrap()
    }

    pub async fn college_id(&self, name: &str) -> CollegeId {
        self.repo()
            .colleges(self.campaign.id)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("college {name} not imported"))
            .id
    }

    pub async fn student_id(&self, student_no: &str) -> StudentId {
        self.repo()
            .students(self.campaign.id)
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.record.student_no.as_str() == student_no)
            .unwrap_or_else(|| panic!("student {student_no} not imported"))
            .id
    }

    pub async fn student_count(&self) -> usize {
        self.repo().students(self.campaign.id).await.unwrap().len()
    }
}

/// A fresh database with a campaign and an admin (`admin`) and an operator (`operator`).
pub async fn spawn() -> TestApp {
    spawn_with(WebConfig::default()).await
}

pub async fn spawn_with(config: WebConfig) -> TestApp {
    spawn_inner(config, true).await
}

/// A fresh database with users but no campaign yet. The returned app's `campaign` is a
/// placeholder that no table holds.
pub async fn spawn_without_campaign() -> TestApp {
    spawn_inner(WebConfig::default(), false).await
}

async fn spawn_inner(config: WebConfig, with_campaign: bool) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("gradphoto.db").display());
    let repo = gradphoto_store::connect(&url).await.unwrap();
    let now = Utc.with_ymd_and_hms(2023, 3, 1, 8, 0, 0).unwrap();
    let new = NewCampaign::parse(2023, None, Some(gradphoto_domain::Fen(1500)), Some(8)).unwrap();
    let campaign = if with_campaign {
        repo.create_campaign(&new, &Actor::system("test"), now)
            .await
            .unwrap()
    } else {
        Campaign {
            id: CampaignId(0),
            cohort: new.cohort,
            title: new.title,
            fee_fen: new.fee_fen,
            prints_per_student: new.prints_per_student,
            created_at: now,
        }
    };
    let app = App::new(repo, Arc::new(FixedClock(now)), Arc::new(OsRandom));
    let state = AppState::new(app, config);
    let app = TestApp {
        state,
        campaign,
        _dir: dir,
    };
    app.add_user("admin", Role::Admin, vec![], None).await;
    app.add_user("operator", Role::Operator, vec![], None).await;
    app
}

/// [`spawn`] plus the roster of [`roster_rows`] imported, a college lead and a secretary of
/// college A (`lead`, `secretary`) and a student account (`student`) linked to 2019001.
pub async fn spawn_with_roster() -> TestApp {
    let app = spawn().await;
    let bytes = xlsx(&roster_rows());
    let report = import_roster(
        app.app(),
        app.campaign.id,
        &bytes,
        "roster.xlsx",
        false,
        &Actor::system("test"),
    )
    .await
    .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(app.student_count().await, 3, "{report:?}");
    let a = app.college_id(COLLEGE_A).await;
    app.add_user("lead", Role::CollegeLead, vec![a], None).await;
    app.add_user("secretary", Role::CollegeSecretary, vec![a], None)
        .await;
    let me = app.student_id("2019001").await;
    app.add_user("student", Role::Student, vec![], Some(me))
        .await;
    app
}

/// A valid resident ID number from its first 17 digits.
pub fn id_number(first17: &str) -> String {
    format!("{first17}{}", check_char(first17).unwrap())
}

pub const HEADER: [&str; 6] = ["学号", "姓名", "性别", "班级", "学院", "身份证号"];

/// Three students: two in college A (class 190111), one in college B (class 190211).
pub fn roster_rows() -> Vec<Vec<String>> {
    let mut rows = vec![HEADER.iter().map(|s| s.to_string()).collect()];
    for (no, name, sex, class, college, id17) in [
        (
            "2019001",
            "李明",
            "男",
            "190111",
            COLLEGE_A,
            "11010520000101001",
        ),
        (
            "2019002",
            "王芳",
            "女",
            "190111",
            COLLEGE_A,
            "11010520000202002",
        ),
        (
            "2019101",
            "赵强",
            "男",
            "190211",
            COLLEGE_B,
            "44052420000303003",
        ),
    ] {
        rows.push(vec![
            no.into(),
            name.into(),
            sex.into(),
            class.into(),
            college.into(),
            id_number(id17),
        ]);
    }
    rows
}

/// An .xlsx workbook with every cell written as text.
pub fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Signs in through the API and returns the bearer token.
pub async fn api_token(app: &TestApp, login: &str) -> String {
    let mut c = app.client();
    let r = c
        .api(
            Method::POST,
            "/api/v1/session",
            None,
            Some(serde_json::json!({"login": login, "password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["token"].as_str().unwrap().to_owned()
}
