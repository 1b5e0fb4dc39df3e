//! Tickets: issuing sequence numbers at check-in, and the stations' moves through the queue.
//! The moves are decided by the domain's rules ([`gradphoto_domain::queue`]: which ticket, from
//! which states to which, the audit event, the refusals); here they are stored, each as a
//! compare-and-set in one transaction with its audit event. [`QueueRepo`] over SQL is here;
//! resolving credentials (`credentials.rs`), writing check-ins in groups on SQLite
//! (`ticket_batch.rs`) and the board (`board.rs`) are beside it.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gradphoto_domain::queue::{Move, Refusal, Stamp, StationDay, Target, decide};
use gradphoto_domain::venue::shooting_day;
use gradphoto_domain::{
    CampaignId, ChsiCode, Credential, CredentialKind, StationId, StudentId, Ticket, TicketId,
    TicketState, VenueId,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{SqlRepo, audit, board, credentials, from_millis, millis};
use crate::error::{Result, StoreError};
use crate::queue::{BoardSnapshot, IssueOutcome, IssueRequest, StationAction, TicketView};
use crate::repo::{Actor, QueueRepo, RosterRepo, StudentView};

pub(super) const TICKET_COLUMNS: &str = "t.id, t.venue_id, t.day, t.seq, t.student_id, \
     t.credential, t.state, t.station_id, t.priority, t.issued_at, t.called_at, t.finished_at";

pub(super) fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("ticket {what} {value:?}"))
}

pub(super) fn ticket_from_row(r: &AnyRow) -> Result<Ticket> {
    let day: String = r.try_get("day")?;
    let credential: String = r.try_get("credential")?;
    let state: String = r.try_get("state")?;
    let opt_time = |col: &str| -> Result<Option<DateTime<Utc>>> {
        r.try_get::<Option<i64>, _>(col)?
            .map(from_millis)
            .transpose()
    };
    Ok(Ticket {
        id: TicketId(r.try_get("id")?),
        venue_id: VenueId(r.try_get("venue_id")?),
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| corrupt("day", &day))?,
        seq: r.try_get("seq")?,
        student_id: StudentId(r.try_get("student_id")?),
        credential: CredentialKind::from_code(&credential)
            .ok_or_else(|| corrupt("credential", &credential))?,
        state: TicketState::from_code(&state).ok_or_else(|| corrupt("state", &state))?,
        station_id: r.try_get::<Option<i64>, _>("station_id")?.map(StationId),
        priority: r.try_get::<i64, _>("priority")? != 0,
        issued_at: from_millis(r.try_get("issued_at")?)?,
        called_at: opt_time("called_at")?,
        finished_at: opt_time("finished_at")?,
    })
}

pub(super) async fn ticket_in(conn: &mut AnyConnection, id: TicketId) -> Result<Option<Ticket>> {
    sqlx::query(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.id = $1"
    ))
    .bind(id.0)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(ticket_from_row)
    .transpose()
}

/// The ticket a station has called now, if any: a station has at most one.
pub(super) async fn called_in(
    conn: &mut AnyConnection,
    station: StationId,
) -> Result<Option<Ticket>> {
    sqlx::query(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.station_id = $1 AND t.state = 'called'"
    ))
    .bind(station.0)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(ticket_from_row)
    .transpose()
}

pub(super) async fn live_in(
    conn: &mut AnyConnection,
    student: StudentId,
    day: NaiveDate,
) -> Result<Option<Ticket>> {
    sqlx::query(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets t \
         WHERE t.student_id = $1 AND t.day = $2 AND t.state <> 'void'"
    ))
    .bind(student.0)
    .bind(day_text(day))
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(ticket_from_row)
    .transpose()
}

pub(super) fn is_unique_violation(e: &StoreError) -> bool {
    matches!(e, StoreError::Database(sqlx::Error::Database(db)) if db.is_unique_violation())
}

pub(super) async fn issue(
    repo: &SqlRepo,
    req: &IssueRequest,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<IssueOutcome> {
    // On PostgreSQL two desks may check the same student in at the same moment: one of them
    // meets the unique index on live tickets, rolls back (its number with it) and, on the
    // next try, finds the other's ticket.
    let mut attempt = 0;
    loop {
        match issue_once(repo, req, actor, now).await {
            Err(e) if is_unique_violation(&e) && attempt < 3 => attempt += 1,
            other => return other,
        }
    }
}

async fn issue_once(
    repo: &SqlRepo,
    req: &IssueRequest,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<IssueOutcome> {
    let mut tx = repo.write_tx().await?;
    let day = day_text(req.day);
    // Without a re-issue the student's live ticket is not looked for first: the unique index
    // on live tickets finds it, on the rare repeat, and the whole transaction (its number
    // with it) rolls back. One statement less in the one-writer-at-a-time section of SQLite
    // is what a rush of check-ins waits on.
    if let Some(reason) = &req.reissue_reason
        && let Some(live) = live_in(&mut tx.tx, req.student_id, req.day).await?
    {
        sqlx::query(
            "UPDATE tickets SET state = 'void', void_reason = $1, finished_at = $2 WHERE id = $3",
        )
        .bind(reason)
        .bind(millis(now))
        .bind(live.id.0)
        .execute(&mut *tx.tx)
        .await?;
        let before = serde_json::json!({ "state": live.state.code(), "seq": live.seq });
        let after = serde_json::json!({ "state": "void", "reason": reason });
        let subject = format!("ticket:{}", live.id);
        audit::append(
            &mut tx.tx,
            actor,
            "ticket.void",
            &subject,
            Some(&before),
            Some(&after),
            now,
        )
        .await?;
    }
    let seq: i64 = sqlx::query(
        "INSERT INTO ticket_counters (venue_id, day, last_seq) VALUES ($1, $2, 1) \
         ON CONFLICT (venue_id, day) DO UPDATE SET last_seq = ticket_counters.last_seq + 1 \
         RETURNING last_seq",
    )
    .bind(req.venue_id.0)
    .bind(&day)
    .fetch_one(&mut *tx.tx)
    .await?
    .try_get("last_seq")?;
    let inserted = insert_ticket(&mut tx.tx, req, seq, now).await;
    let ticket = match inserted {
        Err(e) if is_unique_violation(&e) => {
            // The student holds a live ticket today: give that one back, number untouched.
            tx.rollback().await?;
            return match repo.live_ticket(req.student_id, req.day).await? {
                Some(ticket) => Ok(IssueOutcome {
                    ticket,
                    existing: true,
                }),
                // Voided in between by a re-issue elsewhere: the caller tries again.
                None => Err(e),
            };
        }
        other => other?,
    };
    record_issue(&mut tx.tx, req, &ticket, actor, now).await?;
    tx.commit().await?;
    Ok(IssueOutcome {
        ticket,
        existing: false,
    })
}

/// Inserts the ticket numbered `seq`; a unique violation means the student already holds a
/// live ticket today. A student with a retake waiting gets a priority ticket: the head of the
/// queue ([`record_issue`] marks the request fulfilled).
pub(super) async fn insert_ticket(
    conn: &mut AnyConnection,
    req: &IssueRequest,
    seq: i64,
    now: DateTime<Utc>,
) -> Result<Ticket> {
    let row = sqlx::query(&format!(
        "INSERT INTO tickets (venue_id, day, seq, student_id, credential, state, priority, \
         proof_hash, issued_at) VALUES ($1, $2, $3, $4, $5, 'waiting', \
         CASE WHEN EXISTS (SELECT 1 FROM retake_requests r WHERE r.student_id = $4 \
         AND r.ticket_id IS NULL) THEN 1 ELSE 0 END, $6, $7) \
         RETURNING {}",
        TICKET_COLUMNS.replace("t.", "")
    ))
    .bind(req.venue_id.0)
    .bind(day_text(req.day))
    .bind(seq)
    .bind(req.student_id.0)
    .bind(req.credential.code())
    .bind(&req.proof_hash)
    .bind(millis(now))
    .fetch_one(conn)
    .await?;
    ticket_from_row(&row)
}

/// Keeps the chip photo with a new ticket, marks the retake a priority ticket fulfils, and
/// appends its audit events: the issue, and the operator's acknowledgement of a name that
/// differs from the roster's when there was one.
pub(super) async fn record_issue(
    conn: &mut AnyConnection,
    req: &IssueRequest,
    ticket: &Ticket,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    if let Some((mime, image)) = &req.chip_photo {
        sqlx::query("INSERT INTO chip_photos (ticket_id, mime, image) VALUES ($1, $2, $3)")
            .bind(ticket.id.0)
            .bind(mime)
            .bind(image.clone())
            .execute(&mut *conn)
            .await?;
    }
    if ticket.priority {
        let fulfilled = sqlx::query(
            "UPDATE retake_requests SET ticket_id = $1 WHERE student_id = $2 AND ticket_id IS NULL",
        )
        .bind(ticket.id.0)
        .bind(req.student_id.0)
        .execute(&mut *conn)
        .await?;
        if fulfilled.rows_affected() > 0 {
            audit::append(
                &mut *conn,
                actor,
                "retake.ticket",
                &format!("student:{}", req.student_id),
                None,
                Some(&serde_json::json!({ "ticket_id": ticket.id, "seq": ticket.seq })),
                now,
            )
            .await?;
        }
    }
    let after = serde_json::json!({
        "venue_id": req.venue_id, "day": day_text(req.day), "seq": ticket.seq,
        "student_id": req.student_id, "credential": req.credential.code(),
        "reissue_reason": req.reissue_reason,
    });
    let subject = format!("ticket:{}", ticket.id);
    audit::append(
        &mut *conn,
        actor,
        "ticket.issue",
        &subject,
        None,
        Some(&after),
        now,
    )
    .await?;
    if let Some(names) = &req.name_mismatch {
        let after = serde_json::json!({
            "card_name": names.card_name, "roster_name": names.roster_name,
        });
        audit::append(
            conn,
            actor,
            "checkin.name_mismatch_acknowledged",
            &subject,
            None,
            Some(&after),
            now,
        )
        .await?;
    }
    if let Some(note) = &req.outside_slot {
        let after = serde_json::json!({
            "due": note.due, "slot": note.slot, "reason": note.override_reason,
        });
        let action = if note.override_reason.is_some() {
            "checkin.outside_slot_overridden"
        } else {
            "checkin.outside_slot"
        };
        audit::append(conn, actor, action, &subject, None, Some(&after), now).await?;
    }
    Ok(())
}

/// What the store answers when the queue's rules refuse an action.
fn refused(refusal: Refusal) -> StoreError {
    match refusal {
        Refusal::NoSuchTicket(_) => StoreError::NotFound("ticket".to_owned()),
        other => StoreError::Rejected(other.message()),
    }
}

/// `'waiting', 'called'`: states for an `IN (…)` list, from the enum's own codes.
fn state_list(states: &[TicketState]) -> String {
    let codes: Vec<String> = states.iter().map(|s| format!("'{}'", s.code())).collect();
    codes.join(", ")
}

/// The first of the venue's tickets of the day in one of `states`, in the domain's call order
/// ([`gradphoto_domain::queue::call_order`]: retakes first, then the lowest number).
async fn next_in_line(
    conn: &mut AnyConnection,
    at: &StationDay,
    states: &[TicketState],
) -> Result<Option<Ticket>> {
    sqlx::query(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.venue_id = $1 AND t.day = $2 \
         AND t.state IN ({}) ORDER BY t.priority DESC, t.seq ASC LIMIT 1",
        state_list(states)
    ))
    .bind(at.venue_id.0)
    .bind(day_text(at.day))
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(ticket_from_row)
    .transpose()
}

/// Carries out a move the rules decided on `ticket`, if it is still in one of the move's
/// `from` states: false when another station moved it first.
async fn transition(
    conn: &mut AnyConnection,
    ticket: TicketId,
    mv: &Move,
    now: DateTime<Utc>,
) -> Result<bool> {
    let mut sets = vec![
        "state = $1".to_owned(),
        "station_id = $2".to_owned(),
        format!("priority = {}", i32::from(mv.priority)),
    ];
    // PostgreSQL refuses a parameter the statement does not use, so the time is bound only
    // where it is written.
    let mut with_time = false;
    for (column, stamp) in [("called_at", mv.called_at), ("finished_at", mv.finished_at)] {
        match stamp {
            Stamp::Now => {
                sets.push(format!("{column} = $3"));
                with_time = true;
            }
            Stamp::Clear => sets.push(format!("{column} = NULL")),
            Stamp::Keep => {}
        }
    }
    let id_at = if with_time { 4 } else { 3 };
    let sql = format!(
        "UPDATE tickets SET {} WHERE id = ${id_at} AND state IN ({})",
        sets.join(", "),
        state_list(mv.from)
    );
    let mut query = sqlx::query(&sql)
        .bind(mv.to.code())
        .bind(mv.station.map(|s| s.0));
    if with_time {
        query = query.bind(millis(now));
    }
    let done = query.bind(ticket.0).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

#[async_trait]
impl QueueRepo for SqlRepo {
    async fn resolve_credential(
        &self,
        campaign: CampaignId,
        credential: &Credential,
    ) -> Result<Option<StudentView>> {
        credentials::resolve(self, campaign, credential).await
    }

    async fn link_chsi_code(
        &self,
        campaign: CampaignId,
        code: &ChsiCode,
        student: StudentId,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<()> {
        credentials::link_chsi_code(self, campaign, code, student, actor, now).await
    }

    async fn issue_ticket(
        &self,
        request: &IssueRequest,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<IssueOutcome> {
        // SQLite writes check-ins in groups (see `ticket_batch`); a re-issue, which voids a
        // live ticket first, goes alone.
        match &self.issues {
            Some(queue) if request.reissue_reason.is_none() => {
                queue.issue(request, actor, now).await
            }
            _ => issue(self, request, actor, now).await,
        }
    }

    async fn ticket(&self, id: TicketId) -> Result<Option<TicketView>> {
        let mut conn = self.pool.acquire().await?;
        let Some(ticket) = ticket_in(&mut conn, id).await? else {
            return Ok(None);
        };
        drop(conn);
        let student = self
            .student(ticket.student_id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("ticket {id} has no student")))?;
        let has_chip_photo = sqlx::query("SELECT ticket_id FROM chip_photos WHERE ticket_id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .is_some();
        Ok(Some(TicketView {
            ticket,
            student,
            has_chip_photo,
        }))
    }

    async fn live_ticket(&self, student: StudentId, day: NaiveDate) -> Result<Option<Ticket>> {
        let mut conn = self.pool.acquire().await?;
        live_in(&mut conn, student, day).await
    }

    async fn chip_photo(&self, id: TicketId) -> Result<Option<(String, Vec<u8>)>> {
        let row = sqlx::query("SELECT mime, image FROM chip_photos WHERE ticket_id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get("mime")?, r.try_get("image")?)))
            .transpose()
    }

    async fn called_ticket(&self, station: StationId) -> Result<Option<Ticket>> {
        let mut conn = self.pool.acquire().await?;
        called_in(&mut conn, station).await
    }

    async fn station_action(
        &self,
        station: StationId,
        action: &StationAction,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Option<Ticket>> {
        let mut tx = self.write_tx().await?;
        let venue: i64 = sqlx::query("SELECT venue_id FROM stations WHERE id = $1")
            .bind(station.0)
            .fetch_optional(&mut *tx.tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("station {station}")))?
            .try_get("venue_id")?;
        let at = StationDay {
            station,
            venue_id: VenueId(venue),
            day: shooting_day(now),
        };
        // The domain's rules decide; here the decision is carried out. When another station
        // moves the ticket first (PostgreSQL), the rules decide again on what is there now:
        // the next ticket in line, or a refusal.
        for _ in 0..8 {
            let called = called_in(&mut tx.tx, station).await?;
            let named = match action.named_ticket() {
                Some(id) => ticket_in(&mut tx.tx, id).await?,
                None => None,
            };
            let mv = decide(action, &at, called.as_ref(), named.as_ref()).map_err(refused)?;
            let ticket = match &mv.target {
                Target::Ticket(t) => t.clone(),
                Target::NextInLine => match next_in_line(&mut tx.tx, &at, mv.from).await? {
                    Some(t) => t,
                    None => break,
                },
            };
            if !transition(&mut tx.tx, ticket.id, &mv, now).await? {
                continue;
            }
            let before = serde_json::json!({
                "state": ticket.state.code(), "station_id": ticket.station_id,
            });
            // The station that acted (a retake's ticket itself is at none afterwards).
            let after = serde_json::json!({
                "state": mv.to.code(), "station_id": station, "reason": mv.reason,
            });
            let subject = format!("ticket:{}", ticket.id);
            audit::append(
                &mut tx.tx,
                actor,
                mv.event,
                &subject,
                Some(&before),
                Some(&after),
                now,
            )
            .await?;
            let called = called_in(&mut tx.tx, station).await?;
            tx.commit().await?;
            return Ok(called);
        }
        // Nobody waiting (or, on PostgreSQL, every ticket tried taken by others): nothing moved.
        let called = called_in(&mut tx.tx, station).await?;
        tx.commit().await?;
        Ok(called)
    }

    async fn board(&self, venue: VenueId, day: NaiveDate) -> Result<BoardSnapshot> {
        board::snapshot(self, venue, day).await
    }

    async fn mean_service_seconds(&self, venue: VenueId, day: NaiveDate) -> Result<Option<f64>> {
        board::mean_service_seconds(self, venue, day).await
    }

    async fn day_tickets(&self, venue: VenueId, day: NaiveDate) -> Result<Vec<Ticket>> {
        let rows = sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets t WHERE t.venue_id = $1 AND t.day = $2 \
             AND t.state <> $3 ORDER BY t.seq"
        ))
        .bind(venue.0)
        .bind(day_text(day))
        .bind(TicketState::Void.code())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ticket_from_row).collect()
    }

    async fn waiting_ahead(&self, ticket: &Ticket) -> Result<i64> {
        // The call order of `call_order` as the calling query's own ORDER BY writes it.
        let priority = i64::from(ticket.priority);
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM tickets WHERE venue_id = $1 AND day = $2 \
             AND state = $3 AND (priority > $4 OR (priority = $4 AND seq < $5))",
        )
        .bind(ticket.venue_id.0)
        .bind(day_text(ticket.day))
        .bind(TicketState::Waiting.code())
        .bind(priority)
        .bind(ticket.seq)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }
}
