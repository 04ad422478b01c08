//! Keeping a child's safeguarding records: a closed record linked to a child is kept until that
//! child's 25th birthday (the youngest child's, when it is about several), then offered to the
//! DSL for review, never deleted silently. The DSL keeps it longer with a reason and a date to
//! look again, or deletes it: what it said goes, and the audit log keeps that it was deleted, by
//! whom, when, and which children it was about (by their ids). The school's retention period in
//! months covers every other closed record.

use serde::{Deserialize, Serialize};

/// The most characters of a reason for keeping a record longer.
pub const MAX_KEEP_REASON_CHARS: usize = 1000;

/// The age until which a child's closed records are kept before review.
pub const KEEP_UNTIL_AGE: i32 = 25;

/// A closed record whose children have all reached [`KEEP_UNTIL_AGE`], for the DSL's home.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordToReview {
    pub report_id: String,
    /// What happened, as the record's kind (`saw_something_upsetting`, …).
    pub what: String,
    pub received_at_ms: i64,
    /// The children it is about, as the record names them.
    pub children: Vec<String>,
    /// The day the youngest of them turned 25, `YYYY-MM-DD`.
    pub review_from: String,
    /// The review date the DSL gave when they last kept it longer, if they did.
    pub kept_until: Option<String>,
}

/// `POST /api/v1/staff/reports/{id}/retention`: the DSL's decision on a record due for review.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum RetentionDecision {
    /// Keep it longer: why, and the day to look at it again (`YYYY-MM-DD`).
    Keep { reason: String, review_on: String },
    /// Delete what it says; that it existed and was deleted stays in the audit log.
    Delete,
}
