//! A child's reply to the answer the DSL wrote them (`child_replies`): an entry in the record's
//! chronology, and the outbox item's id beside it so a resent batch is stored once. Finding the
//! record from the reply's ticket is left to the caller, which holds the key (`crate::ingest`).

use kite_protocol::child_reply::{ChildWantsToTalk, REPLIED_KIND, WANTS_TO_TALK_KIND};
use sqlx::Row;
use uuid::Uuid;

use super::child_answers::visible_to_the_child;
use super::record::{insert_event, EventLinks};
use crate::ids::StaffId;
use crate::storage::{NewReportEvent, Result, Store, Written};

/// A record whose newest answer is still in date, with the stored hash of its picture code.
#[derive(Debug, Clone)]
pub struct AnsweredCode {
    pub report_id: String,
    pub code_hash: String,
    /// Who wrote that answer: the reply is written to them.
    pub answered_by: StaffId,
}

/// The chronology words of a reply, made by the caller.
#[derive(Debug, Clone)]
pub struct NewChildReply {
    pub id: Uuid,
    pub report_id: String,
    pub answered_by: StaffId,
    /// `kite_protocol::child_reply::REPLIED_KIND` or `WANTS_TO_TALK_KIND`.
    pub kind: &'static str,
    pub detail: String,
}

/// Who a reply's entry names as its author: the child, who is nobody the school can name.
pub const CHILD_REPLY_BY: &str = "The child (on a tablet)";

impl Store {
    /// Every code with an answer the child can see (in date, and checked if it needed that),
    /// newest answer first: the records a reply's ticket may belong to.
    pub async fn answered_codes(&self, now_ms: i64) -> Result<Vec<AnsweredCode>> {
        let rows = sqlx::query(&format!(
            "SELECT c.report_id, c.code_hash, e.staff_id FROM answer_codes c
                 JOIN child_answers a ON a.report_id = c.report_id
                 JOIN report_events e ON e.id = a.event_id
                 WHERE {}
                 ORDER BY a.written_at_ms DESC, a.id DESC",
            visible_to_the_child(1)
        ))
        .bind(now_ms)
        .bind(false)
        .bind(true)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| AnsweredCode {
                report_id: r.get("report_id"),
                code_hash: r.get("code_hash"),
                answered_by: r.get("staff_id"),
            })
            .collect())
    }

    /// Writes each reply once, as a chronology entry on its record. The chronology has no place
    /// for an author who isn't staff, so the entry is filed under the DSL whose answer it
    /// replies to, with the child named as its author.
    pub async fn store_child_replies(
        &self,
        received_at_ms: i64,
        replies: &[NewChildReply],
    ) -> Result<Vec<Written>> {
        let _turn = self.tablet_writes.turn().await;
        let mut tx = self.pool.begin().await?;
        let mut written = Vec::with_capacity(replies.len());
        for reply in replies {
            let id = reply.id.to_string();
            let seen = sqlx::query("SELECT 1 FROM child_replies WHERE id = $1")
                .bind(&id)
                .fetch_optional(&mut *tx)
                .await?;
            if seen.is_some() {
                written.push(Written::Duplicate);
                continue;
            }
            let event = NewReportEvent {
                at_ms: received_at_ms,
                staff_id: reply.answered_by,
                staff_name: CHILD_REPLY_BY.into(),
                kind: reply.kind.into(),
                action_type: None,
                detail: reply.detail.clone(),
            };
            let Some(event_id) =
                insert_event(&mut tx, &reply.report_id, &event, &EventLinks::default()).await?
            else {
                // The record went (retention) between finding it and writing: kept nowhere.
                written.push(Written::Duplicate);
                continue;
            };
            sqlx::query(
                "INSERT INTO child_replies (id, report_id, event_id, received_at_ms)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&id)
            .bind(&reply.report_id)
            .bind(event_id)
            .bind(received_at_ms)
            .execute(&mut *tx)
            .await?;
            written.push(Written::Stored);
        }
        tx.commit().await?;
        Ok(written)
    }
}

impl Store {
    /// Records whose child asked to talk to a grown-up with nothing written by staff since,
    /// newest wish first. Opening the record or changing its status (`status` entries) is not
    /// acting on the wish; any entry a person writes (an action, a note, a correction) is.
    pub async fn children_to_talk_to(&self) -> Result<Vec<ChildWantsToTalk>> {
        let rows = sqlx::query(
            "SELECT e.report_id, r.what, MAX(e.at_ms) AS at_ms
             FROM report_events e JOIN reports r ON r.id = e.report_id
             WHERE e.kind = $1
               AND NOT EXISTS (SELECT 1 FROM report_events l
                               WHERE l.report_id = e.report_id AND l.id > e.id
                                 AND l.kind NOT IN ($1, $2, 'status'))
             GROUP BY e.report_id, r.what
             ORDER BY at_ms DESC, e.report_id",
        )
        .bind(WANTS_TO_TALK_KIND)
        .bind(REPLIED_KIND)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ChildWantsToTalk {
                report_id: r.get("report_id"),
                what: r.get("what"),
                at_ms: r.get("at_ms"),
            })
            .collect())
    }
}
