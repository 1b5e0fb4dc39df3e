//! Importing a roster file: read the sheet, validate every row, plan the changes against the
//! stored roster, and write them only when nothing is wrong and it is not a dry run. The page,
//! the API and the CLI all go through [`import_roster`].

use gradphoto_domain::CampaignId;
use gradphoto_domain::roster::{FieldChange, Problem, parse_roster, plan_import};
use gradphoto_sheet::{Limits, read_table};
use gradphoto_store::{Actor, ImportSummary};
use serde::Serialize;

use crate::App;
use crate::error::Result;

/// One student whose stored record the file changes.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateLine {
    pub student_no: String,
    pub name: String,
    pub changes: Vec<FieldChange>,
}

/// What an import found and, unless it was refused or a dry run, what it wrote.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file_name: String,
    pub dry_run: bool,
    /// Valid student rows read from the file.
    pub rows: usize,
    /// Every problem found. When not empty, nothing was written.
    pub problems: Vec<Problem>,
    pub creates: usize,
    pub updates: Vec<UpdateLine>,
    pub unchanged: usize,
    /// Set when the import was written.
    pub applied: Option<ImportSummary>,
}

impl ImportReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Reads, validates and (unless `dry_run` or anything is wrong) applies a roster file, all or
/// nothing.
pub async fn import_roster(
    app: &App,
    campaign: CampaignId,
    bytes: &[u8],
    file_name: &str,
    dry_run: bool,
    actor: &Actor,
) -> Result<ImportReport> {
    let mut report = ImportReport {
        file_name: file_name.to_owned(),
        dry_run,
        rows: 0,
        problems: Vec::new(),
        creates: 0,
        updates: Vec::new(),
        unchanged: 0,
        applied: None,
    };
    let table = match read_table(bytes, file_name, &Limits::default()) {
        Ok(table) => table,
        Err(e) => {
            report.problems.push(Problem {
                row: None,
                column: None,
                value: None,
                message: e.msg(),
            });
            return Ok(report);
        }
    };
    // Validation is CPU work on up to a few hundred thousand cells: keep it off the async
    // threads that serve other requests.
    let parsed = tokio::task::spawn_blocking(move || parse_roster(&table)).await?;
    report.rows = parsed.records.len();
    let existing = app.repo.students(campaign).await?;
    let plan = plan_import(&parsed, &existing);
    report.problems = parsed.problems;
    report.problems.extend(plan.problems.iter().cloned());
    report.creates = plan.creates.len();
    report.unchanged = plan.unchanged;
    report.updates = plan
        .updates
        .iter()
        .map(|(_, r, changes)| UpdateLine {
            student_no: r.student_no.to_string(),
            name: r.name.clone(),
            changes: changes.clone(),
        })
        .collect();
    if report.is_ok() && !dry_run {
        let now = app.clock.now();
        report.applied = Some(app.repo.apply_import(campaign, &plan, actor, now).await?);
    }
    Ok(report)
}
