//! The school's retention period: closed reports older than it (counted from when they were
//! last changed, i.e. closed) are deleted with their chronology, hourly. Open reports are never
//! deleted, nor are records a DSL put on hold, nor records linked to a child. The period is at
//! least a year (`MIN_RETENTION_MONTHS`; a shorter stored one is read as that). The audit log
//! keeps that they existed and were purged — never their content.
//!
//! A closed record linked to a child is part of their child protection file: it is kept until
//! the child's 25th birthday (the youngest's, for a record about several) and then offered to the
//! DSL for review ([`records_to_review`]); nothing deletes it but the DSL's decision. A record
//! about a child whose date of birth isn't recorded is kept: its review date can't be known.

use kite_protocol::retention::{RecordToReview, KEEP_UNTIL_AGE};
use time::Date;

use crate::calendar::{add_months, parse_iso};
use crate::state::AppState;
use crate::storage::retention_review::ClosedChildRecord;
use crate::storage::{Actor, NewAudit, Store, SystemTask};

/// Average month, for "keep for N months".
const MONTH_MS: i64 = 2_629_746_000;

/// The day a child born on `date_of_birth` turns 25 (28 February for a 29 February birthday,
/// outside leap years).
pub fn review_from(date_of_birth: Date) -> Date {
    add_months(date_of_birth, KEEP_UNTIL_AGE as u32 * 12)
}

/// Whether a record is due for review `today`, and from when: every child's date of birth
/// known and the youngest 25, and not kept by the DSL beyond today (a hold without a review
/// date keeps it until the hold is lifted).
fn due(record: &ClosedChildRecord, today: Date) -> Option<Date> {
    let mut youngest: Option<Date> = None;
    for (_, dob) in &record.children {
        let dob = parse_iso(dob.as_deref()?)?;
        youngest = Some(youngest.map_or(dob, |y| y.max(dob)));
    }
    let from = review_from(youngest?);
    let kept = match &record.held {
        None => false,
        Some(None) => true,
        Some(Some(until)) => parse_iso(until).is_none_or(|u| u > today),
    };
    (from <= today && !kept).then_some(from)
}

/// The closed records about children that are due for the DSL's review `today`, oldest first.
pub async fn records_to_review(
    store: &Store,
    today: Date,
) -> crate::storage::Result<Vec<RecordToReview>> {
    Ok(store
        .closed_child_records()
        .await?
        .into_iter()
        .filter_map(|r| {
            let from = due(&r, today)?;
            Some(RecordToReview {
                review_from: from.to_string(),
                kept_until: r.held.clone().flatten(),
                children: r.children.into_iter().map(|(name, _)| name).collect(),
                report_id: r.report_id,
                what: r.what,
                received_at_ms: r.received_at_ms,
            })
        })
        .collect())
}

/// One pass; returns how many reports were deleted. Visitors' signatures past the period go too.
pub async fn purge_once(state: &AppState, now: i64) -> anyhow::Result<usize> {
    let (_, months) = state.storage.school_settings().await?;
    if months == 0 {
        return Ok(0);
    }
    let ids = state
        .storage
        .purge_closed_reports(now - months as i64 * MONTH_MS, now)
        .await?;
    for id in &ids {
        state
            .storage
            .append_audit(NewAudit {
                at_ms: now,
                actor: Actor::System(SystemTask::Retention),
                action: "report_purged",
                report_id: Some(id),
                detail: &format!("closed more than {months} months ago"),
            })
            .await?;
    }
    // Visitors' signatures are kept for the same period, counted from the visit.
    let visitors = state
        .storage
        .purge_visitor_signatures(now - months as i64 * MONTH_MS)
        .await?;
    if visitors > 0 {
        state
            .storage
            .append_audit(NewAudit {
                at_ms: now,
                actor: Actor::System(SystemTask::Retention),
                action: "visitor_signatures_purged",
                report_id: None,
                detail: &format!("{visitors} signed more than {months} months ago"),
            })
            .await?;
    }
    Ok(ids.len())
}

/// Ended staff and parents' sessions are also swept away here (they are refused anyway; this
/// keeps the tables small).
pub async fn sweep_sessions(state: &AppState, now: i64) -> anyhow::Result<u64> {
    use crate::auth::{parent_session, staff};
    let staff = state
        .storage
        .delete_expired_sessions(now - staff::IDLE_MS, now - staff::ABSOLUTE_MS)
        .await?;
    let parents = state
        .storage
        .delete_expired_parent_sessions(
            now - parent_session::IDLE_MS,
            now - parent_session::ABSOLUTE_MS,
        )
        .await?;
    Ok(staff + parents)
}

/// The hourly pass the scheduler runs for each school: ended sessions swept, then closed
/// records past the school's period deleted. Each is logged, and one failing doesn't stop the
/// other.
pub async fn hourly(state: &AppState, now: i64) {
    if let Err(e) = sweep_sessions(state, now).await {
        tracing::warn!(error = %e, "sweeping ended sessions");
    }
    match purge_once(state, now).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            purged = n,
            "retention: deleted closed reports past the school's period"
        ),
        Err(e) => tracing::warn!(error = %e, "retention"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::ymd;

    fn record(dobs: &[Option<&str>], held: Option<Option<&str>>) -> ClosedChildRecord {
        ClosedChildRecord {
            report_id: "r".into(),
            what: "other".into(),
            received_at_ms: 0,
            children: dobs
                .iter()
                .map(|d| ("A child".to_string(), d.map(str::to_string)))
                .collect(),
            held: held.map(|h| h.map(str::to_string)),
        }
    }

    #[test]
    fn a_record_is_due_from_the_youngest_childs_25th_birthday() {
        let today = ymd(2026, 12, 6).unwrap();
        assert_eq!(
            due(&record(&[Some("2001-12-06")], None), today),
            ymd(2026, 12, 6)
        );
        assert_eq!(due(&record(&[Some("2001-12-07")], None), today), None);
        assert_eq!(
            due(
                &record(&[Some("1990-01-01"), Some("2001-12-07")], None),
                today
            ),
            None,
            "the younger child isn't 25 yet"
        );
        assert_eq!(
            due(&record(&[Some("1990-01-01"), None], None), today),
            None,
            "a child with no date of birth keeps the record"
        );
        assert_eq!(
            review_from(ymd(2000, 2, 29).unwrap()),
            ymd(2025, 2, 28).unwrap()
        );
    }

    #[test]
    fn a_record_kept_longer_comes_back_on_its_review_date() {
        let today = ymd(2026, 12, 6).unwrap();
        let old = [Some("1990-01-01")];
        assert_eq!(due(&record(&old, Some(None)), today), None);
        assert_eq!(due(&record(&old, Some(Some("2026-12-07"))), today), None);
        assert!(due(&record(&old, Some(Some("2026-12-06"))), today).is_some());
    }
}
