//! The DSL's review of a child's closed records after their 25th birthday: keep a record longer
//! (the reason and the day to look again go into its chronology) or delete it (its content goes;
//! the audit log keeps who deleted which record about which children, and when — never what it
//! said). Only a record due for review can be decided on here.

use axum::extract::Path;
use axum::Json;
use kite_protocol::pupil_record::parse_date;
use kite_protocol::retention::{RetentionDecision, MAX_KEEP_REASON_CHARS};

use super::record_entry::{event, valid_id};
use crate::calendar::{date, iso_date};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::Dsl;
use crate::http::School;
use crate::retention::records_to_review;
use crate::storage::reports::record::EventLinks;
use crate::validate::clean_text;

/// `POST /api/v1/staff/reports/{id}/retention`
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/retention",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_retention",
    summary = "Decide on a closed record past the children's 25th birthday: keep it longer (with the reason and a review date) or delete it (logged, not its content) (DSL)",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    request_body = RetentionDecision,
    responses((status = 200, description = "Decided", body = Object, example = json!({"decided": "keep"}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn decide(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<String>,
    ApiJson(decision): ApiJson<RetentionDecision>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    let now = now_ms();
    let today = date(now);
    if state.storage.report(&id).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    let due = records_to_review(&state.storage, today).await?;
    if !due.iter().any(|r| r.report_id == id) {
        return Err(ApiError::BadRequest(
            "this record isn't due for review: a closed record about a child is kept until their 25th birthday, or the date it was kept until".into(),
        ));
    }
    match decision {
        RetentionDecision::Keep { reason, review_on } => {
            let reason =
                clean_text("the reason", &reason, MAX_KEEP_REASON_CHARS, true)?.expect("required");
            let review_on = parse_date(&review_on)
                .filter(|d| *d > iso_date(now))
                .ok_or_else(|| {
                    ApiError::BadRequest(
                        "give a date after today to look at the record again, as dd/mm/yyyy".into(),
                    )
                })?;
            let links = EventLinks {
                due_on: Some(review_on.clone()),
                ..Default::default()
            };
            state
                .storage
                .append_report_event(
                    &id,
                    &event(
                        &user,
                        "hold",
                        None,
                        format!("Kept after the 25th-birthday review, to look at again on {review_on}: {reason}"),
                    ),
                    &links,
                )
                .await?
                .ok_or(ApiError::NotFound)?;
            user.audit(
                &state,
                "record_kept",
                Some(&id),
                &format!("until {review_on}"),
            )
            .await?;
            Ok(Json(serde_json::json!({ "decided": "keep" })))
        }
        RetentionDecision::Delete => {
            let children = state
                .storage
                .delete_reviewed_report(&id, now)
                .await?
                .ok_or(ApiError::NotFound)?;
            let ids: Vec<String> = children.iter().map(|p| p.to_string()).collect();
            user.audit(
                &state,
                "record_deleted",
                Some(&id),
                &format!(
                    "after the 25th-birthday review; about pupil {}",
                    ids.join(", pupil ")
                ),
            )
            .await?;
            Ok(Json(serde_json::json!({ "decided": "delete" })))
        }
    }
}
