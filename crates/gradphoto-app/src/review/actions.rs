//! What staff do about a problem, each audited with who and why: ask for a retake (the
//! student's next check-in gets a priority ticket), reply to the student, correct a roster
//! field (checked exactly as an import checks it, before → after in the audit log), rebind a
//! frame to the student it really shows, and override a frame's verdict.

use gradphoto_domain::review::check_text;
use gradphoto_domain::roster::{
    Cell, Column, FieldChange, SourceRow, Table, field_text, parse_roster, plan_import,
};
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{Frame, FrameId, Msg, StudentId, StudentNo};
use gradphoto_store::{Actor, FrameDecision, Reply, RetakeRequest, StudentView, VerdictOverride};

use crate::App;
use crate::capture::frames::decide;
use crate::error::{AppError, Result};

const REASON: (&str, &str) = ("原因", "reason");

async fn student(app: &App, id: StudentId) -> Result<StudentView> {
    app.repo.student(id).await?.ok_or_else(|| {
        AppError::NotFound(Msg::new(
            format!("花名册中没有编号为 {id} 的学生"),
            format!("no student {id} on the roster"),
        ))
    })
}

async fn frame(app: &App, id: FrameId) -> Result<Frame> {
    app.repo.frame(id).await?.ok_or_else(|| {
        AppError::NotFound(Msg::new(
            format!("没有编号为 {id} 的照片"),
            format!("no frame {id}"),
        ))
    })
}

/// Asks for a retake: the student's next check-in gets a ticket at the head of the queue, and
/// their page says so.
pub async fn request_retake(
    app: &App,
    id: StudentId,
    reason: &str,
    actor: &Actor,
) -> Result<RetakeRequest> {
    let reason = check_text(reason, REASON).map_err(|m| AppError::invalid("reason", m))?;
    student(app, id).await?;
    Ok(app
        .repo
        .request_retake(id, &reason, actor, app.now())
        .await?)
}

/// Sends the student a reply, shown on their page.
pub async fn reply(app: &App, id: StudentId, body: &str, actor: &Actor) -> Result<Reply> {
    let body = check_text(body, ("回复", "reply")).map_err(|m| AppError::invalid("body", m))?;
    student(app, id).await?;
    Ok(app.repo.reply(id, &body, actor, app.now()).await?)
}

/// Corrects one field of a student's roster entry. The value goes through the roster import's
/// own checks (an ID number's check digit, a date, a sex, uniqueness against every other
/// student), as a one-row import of that column, so a correction can never store what an
/// import would refuse. Returns the change (empty when the value was already the stored one).
pub async fn correct_field(
    app: &App,
    id: StudentId,
    field: &str,
    value: &str,
    actor: &Actor,
) -> Result<Vec<FieldChange>> {
    let column = Column::ALL
        .into_iter()
        .find(|c| c.field_name() == field && *c != Column::StudentNo)
        .ok_or_else(|| {
            AppError::invalid(
                "field",
                Msg::new("请选择要更正的信息项", "choose the field to correct"),
            )
        })?;
    let view = student(app, id).await?;
    let record = &view.student.record;
    let mut columns = vec![Column::StudentNo, Column::Name, Column::ClassCode];
    if !columns.contains(&column) {
        columns.push(column);
    }
    let cells = columns
        .iter()
        .map(|c| {
            if *c == column {
                Cell::Text(value.to_owned())
            } else {
                Cell::Text(field_text(record, *c).unwrap_or_default())
            }
        })
        .collect();
    let header = columns
        .iter()
        .map(|c| Cell::Text(c.header_zh().to_owned()))
        .collect();
    let table = Table {
        rows: vec![
            SourceRow {
                line: 1,
                cells: header,
            },
            SourceRow { line: 2, cells },
        ],
    };
    let parsed = parse_roster(&table);
    if let Some(p) = parsed.problems.first() {
        return Err(AppError::invalid("value", p.message.clone()));
    }
    let existing = app.repo.students(view.student.campaign_id).await?;
    let plan = plan_import(&parsed, &existing);
    if let Some(p) = plan.problems.first() {
        return Err(AppError::invalid("value", p.message.clone()));
    }
    let changes = plan
        .updates
        .first()
        .map(|(_, _, c)| c.clone())
        .unwrap_or_default();
    if !changes.is_empty() {
        app.repo
            .apply_import(view.student.campaign_id, &plan, actor, app.now())
            .await?;
    }
    Ok(changes)
}

/// Rebinds a frame to the student it really shows, by their 学号: to that student's ticket of
/// the day the frame was shot. An accepted frame stops being the photo of the student it was
/// accepted for (who then needs a retake).
pub async fn rebind(
    app: &App,
    id: FrameId,
    student_no: &str,
    reason: &str,
    actor: &Actor,
) -> Result<Frame> {
    let reason = check_text(reason, REASON).map_err(|m| AppError::invalid("reason", m))?;
    let frame = frame(app, id).await?;
    let station = app.repo.station(frame.station_id).await?.ok_or_else(|| {
        AppError::NotFound(Msg::new(
            "照片的机位已不存在",
            "the frame's station is gone",
        ))
    })?;
    let gone = || AppError::NotFound(Msg::new("照片的场地已不存在", "the frame's venue is gone"));
    let campaign = app.repo.current_campaign().await?.ok_or_else(gone)?;
    let venue = app
        .repo
        .venues(campaign.id)
        .await?
        .into_iter()
        .find(|v| v.id == station.venue_id)
        .ok_or_else(gone)?;
    let not_found = || {
        AppError::invalid(
            "student_no",
            Msg::new(
                format!("花名册中没有学号“{}”", student_no.trim()),
                format!("no student number \"{}\" on the roster", student_no.trim()),
            ),
        )
    };
    let no = StudentNo::parse(student_no).map_err(|_| not_found())?;
    let target = app
        .repo
        .student_by_no(venue.campaign_id, &no)
        .await?
        .ok_or_else(not_found)?;
    let day = match frame.ticket_id {
        Some(t) => app.repo.ticket(t).await?.map(|v| v.ticket.day),
        None => None,
    }
    .unwrap_or_else(|| shooting_day(frame.arrived_at));
    let ticket = app
        .repo
        .live_ticket(target.student.id, day)
        .await?
        .filter(|t| t.venue_id == venue.id)
        .ok_or_else(|| {
            AppError::invalid(
                "student_no",
                Msg::new(
                    format!(
                        "{} {} 在 {day} 没有在{}签到取号，无法换绑",
                        no, target.student.record.name, venue.name
                    ),
                    format!(
                        "{no} {} had no ticket at {} on {day}: the frame cannot be bound to them",
                        target.student.record.name, venue.name
                    ),
                ),
            )
        })?;
    let decision = FrameDecision::Bind {
        ticket: ticket.id,
        reason,
    };
    decide(app, &frame, &decision, false, actor).await
}

/// Overrides a frame's verdict: the verdict stays as the engine gave it, the override stands
/// beside it with who and why, and the frame leaves the review queue.
pub async fn override_verdict(
    app: &App,
    id: FrameId,
    reason: &str,
    actor: &Actor,
) -> Result<VerdictOverride> {
    let reason = check_text(reason, REASON).map_err(|m| AppError::invalid("reason", m))?;
    frame(app, id).await?;
    Ok(app
        .repo
        .override_verdict(id, &reason, actor, app.now())
        .await?)
}
