//! The audit trail, for the DSL: newest first, a page at a time, found by person, record, dates
//! and words. Reading it is itself audited.

use axum::extract::Query;
use axum::Json;
use kite_protocol::audit::ACTIONS;
use kite_protocol::staff::AuditPage;
use serde::Deserialize;

use crate::error::ApiError;
use crate::http::staff::extract::Dsl;
use crate::http::School;
use crate::storage::AuditFilter;

/// A page holds this many entries unless asked for fewer (or more, up to `MAX_PAGE`).
const DEFAULT_PAGE: i64 = 50;
const MAX_PAGE: i64 = 200;

/// A text filter as given, or nothing when it is blank.
fn text(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Entries older than this id (the last one of the previous page).
    pub before: Option<i64>,
    /// How many entries a page holds: 1 to 200 (50 if not given).
    pub limit: Option<i64>,
    /// Only this person's entries: the name the log shows in its "who" column (an email).
    pub who: Option<String>,
    /// Only entries about this report or record (its id).
    pub report: Option<String>,
    /// Only entries at or after this time (unix ms).
    pub from_ms: Option<i64>,
    /// Only entries before this time (unix ms).
    pub to_ms: Option<i64>,
    /// Only entries whose person, detail, record or action (its code or its name in words)
    /// contains these words, in any case.
    pub q: Option<String>,
}

/// `GET /api/v1/staff/audit`: newest first, a page at a time.
#[utoipa::path(
    get,
    path = "/staff/audit",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_audit",
    summary = "The audit log, newest first, a page at a time, by person, record, dates and words",
    params(AuditQuery),
    responses((status = 200, description = "One page of the log", body = AuditPage)),
    security(("staff_session" = [])),
)]
pub async fn list(
    School(state): School,
    Dsl(user): Dsl,
    Query(q): Query<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::BadRequest(format!(
            "a page holds from 1 to {MAX_PAGE} entries"
        )));
    }
    if let (Some(from), Some(to)) = (q.from_ms, q.to_ms) {
        if from > to {
            return Err(ApiError::BadRequest(
                "the date range ends before it starts".into(),
            ));
        }
    }
    let words = text(&q.q).map(str::to_lowercase);
    // Words match an action by its name as well as its code, as the page shows names.
    let named: Vec<&str> = match &words {
        Some(w) => ACTIONS
            .iter()
            .filter(|(_, label)| label.to_lowercase().contains(w.as_str()))
            .map(|(code, _)| *code)
            .collect(),
        None => Vec::new(),
    };
    let filter = AuditFilter {
        before_id: q.before,
        who: text(&q.who),
        report_id: text(&q.report),
        from_ms: q.from_ms,
        to_ms: q.to_ms,
        words: words.as_deref(),
        actions_named: &named,
    };
    user.audit(&state, "view_audit", None, "").await?;
    let entries = state.storage.find_audit(limit, &filter).await?;
    Ok(Json(AuditPage { entries }))
}
