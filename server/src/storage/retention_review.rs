//! What retention's review of a child's records reads (reads only): each closed record linked to
//! a child, with the children's dates of birth and whether a DSL is keeping it, and until when.
//! Deciding which are due is `crate::retention`'s; deleting one is `reports`'.

use sqlx::Row;

use super::pupil_record::record_name;
use super::{Result, Store};

/// A closed record about one or more children, as the 25th-birthday review needs it.
#[derive(Debug, Clone)]
pub struct ClosedChildRecord {
    pub report_id: String,
    pub what: String,
    pub received_at_ms: i64,
    /// Each child's name and date of birth (`None` when the school hasn't recorded it).
    pub children: Vec<(String, Option<String>)>,
    /// The DSL's hold, newest: `Some(None)` kept with no review date, `Some(Some(day))` kept
    /// until that day; `None` if not on hold.
    pub held: Option<Option<String>>,
}

impl Store {
    /// Every closed record linked to a child, oldest first.
    pub async fn closed_child_records(&self) -> Result<Vec<ClosedChildRecord>> {
        let rows = sqlx::query(
            "SELECT r.id, r.what, r.received_at_ms, p.first_name, p.last_initial, p.last_name,
                    p.date_of_birth,
                    (SELECT h.kind FROM report_events h
                      WHERE h.report_id = r.id AND h.kind IN ('hold', 'hold_lifted')
                      ORDER BY h.id DESC LIMIT 1) AS hold_kind,
                    (SELECT h.due_on FROM report_events h
                      WHERE h.report_id = r.id AND h.kind IN ('hold', 'hold_lifted')
                      ORDER BY h.id DESC LIMIT 1) AS hold_until
             FROM reports r
             JOIN report_pupils rp ON rp.report_id = r.id
             JOIN pupils p ON p.id = rp.pupil_id
             WHERE r.status = 'closed'
             ORDER BY r.received_at_ms, r.id, rp.pupil_id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<ClosedChildRecord> = Vec::new();
        for r in rows {
            let id: String = r.get("id");
            let child = (
                record_name(
                    &r.get::<String, _>("first_name"),
                    &r.get::<String, _>("last_initial"),
                    r.get::<Option<String>, _>("last_name").as_deref(),
                ),
                r.get::<Option<String>, _>("date_of_birth"),
            );
            match out.last_mut() {
                Some(last) if last.report_id == id => last.children.push(child),
                _ => out.push(ClosedChildRecord {
                    what: r.get("what"),
                    received_at_ms: r.get("received_at_ms"),
                    children: vec![child],
                    held: (r.get::<Option<String>, _>("hold_kind").as_deref() == Some("hold"))
                        .then(|| r.get::<Option<String>, _>("hold_until")),
                    report_id: id,
                }),
            }
        }
        Ok(out)
    }
}
