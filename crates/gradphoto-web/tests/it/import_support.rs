//! What the real-file import tests share: a campaign on a test database with the import
//! service pointed at it, a snapshot of everything an import may write, and checks of where a
//! problem is reported.

use chrono::{DateTime, TimeZone, Utc};
use gradphoto_app::roster::{ImportReport, import_roster};
use gradphoto_app::{App, OsRandom};
use gradphoto_domain::FixedClock;
use gradphoto_domain::roster::Problem;
use gradphoto_domain::{CampaignId, NewCampaign, Student};
use gradphoto_store::{Actor, AuditEvent, ClassSummary, College, ImportSummary};

use crate::db::TestDb;

pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 3, 2, 9, 30, 0).unwrap()
}

/// A campaign on a test database, and the import service pointed at it.
pub(crate) struct Roster<'a> {
    pub(crate) db: &'a TestDb,
    pub(crate) campaign: CampaignId,
}

/// Everything an import may write.
#[derive(Debug, PartialEq)]
pub(crate) struct Snapshot {
    pub(crate) students: Vec<Student>,
    pub(crate) colleges: Vec<College>,
    pub(crate) classes: Vec<ClassSummary>,
    pub(crate) audit: Vec<AuditEvent>,
}

impl<'a> Roster<'a> {
    pub(crate) async fn new(db: &'a TestDb) -> Self {
        let new =
            NewCampaign::parse(2023, None, Some(gradphoto_domain::Fen(1500)), Some(8)).unwrap();
        let campaign = db
            .repo()
            .create_campaign(&new, &Actor::system("test"), now())
            .await
            .unwrap();
        Self {
            db,
            campaign: campaign.id,
        }
    }

    pub(crate) async fn run(&self, bytes: &[u8], file_name: &str, dry_run: bool) -> ImportReport {
        let app = App::new(
            self.db.arc(),
            std::sync::Arc::new(FixedClock(now())),
            std::sync::Arc::new(OsRandom),
        );
        import_roster(
            &app,
            self.campaign,
            bytes,
            file_name,
            dry_run,
            &Actor::system("test"),
        )
        .await
        .unwrap()
    }

    /// Imports a file that must be accepted and written.
    pub(crate) async fn import(&self, bytes: &[u8], file_name: &str) -> ImportSummary {
        let before = self.import_events().await;
        let report = self.run(bytes, file_name, false).await;
        assert_eq!(report.problems, vec![], "{file_name} should import");
        let summary = report.applied.expect("an accepted import is written");
        assert_eq!(self.import_events().await, before + 1, "one audit event");
        summary
    }

    /// Imports a file that must be refused, checks that nothing at all changed, and returns
    /// the problems found.
    pub(crate) async fn refused(&self, bytes: &[u8], file_name: &str) -> Vec<Problem> {
        let before = self.snapshot().await;
        let report = self.run(bytes, file_name, false).await;
        assert!(!report.is_ok(), "{file_name} should be refused: {report:?}");
        assert_eq!(report.applied, None, "{file_name}: refused but applied");
        assert_eq!(
            self.snapshot().await,
            before,
            "{file_name}: a refused import changed the database"
        );
        report.problems
    }

    pub(crate) async fn snapshot(&self) -> Snapshot {
        let repo = self.db.repo();
        Snapshot {
            students: repo.students(self.campaign).await.unwrap(),
            colleges: repo.colleges(self.campaign).await.unwrap(),
            classes: repo.classes(self.campaign).await.unwrap(),
            audit: repo.audit_events(10_000).await.unwrap(),
        }
    }

    pub(crate) async fn import_events(&self) -> usize {
        let events = self.db.repo().audit_events(10_000).await.unwrap();
        events
            .iter()
            .filter(|e| e.action == "roster.import")
            .count()
    }

    pub(crate) async fn students(&self) -> Vec<Student> {
        self.db.repo().students(self.campaign).await.unwrap()
    }

    pub(crate) async fn student(&self, student_no: &str) -> Student {
        self.students()
            .await
            .into_iter()
            .find(|s| s.record.student_no.as_str() == student_no)
            .unwrap_or_else(|| panic!("student {student_no} not stored"))
    }
}

/// The only problem of a refused file.
pub(crate) fn only(problems: Vec<Problem>) -> Problem {
    assert_eq!(problems.len(), 1, "exactly one problem: {problems:#?}");
    problems.into_iter().next().unwrap()
}

/// Asserts where a problem is: its row and the column header as the file writes it.
pub(crate) fn assert_at(p: &Problem, row: usize, column: &str) {
    assert_eq!(
        (p.row, p.column.as_deref()),
        (Some(row), Some(column)),
        "{p:?}"
    );
}

/// The ID number with its check character replaced by a wrong one, and the right one.
pub(crate) fn wrong_check(good: &str) -> (String, char) {
    let right = good.chars().last().unwrap();
    let wrong = if right == '0' { '1' } else { '0' };
    (format!("{}{wrong}", &good[..17]), right)
}
