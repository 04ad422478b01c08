//! The online-safety policy's reviews: each approval (the day, who approved it, the next review
//! day, and where the policy is read) is added to a history that is never edited. The DSL, an
//! admin and the head keep it; their homes say when the next review is a month away or late, and
//! the governors' report says whether the policy is in date.

use axum::Json;
use kite_protocol::policy::{
    NewPolicyApproval, OnlineSafetyPolicy, PolicyApproval, MAX_APPROVED_BY_CHARS, MAX_NOTES_CHARS,
};
use kite_protocol::review::ReviewStatus;
use time::Date;

use super::filtering::past_day;
use super::training::checked_link;
use crate::calendar::{self, parse_iso};
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::DutiesLead;
use crate::http::School;
use crate::storage::Store;
use crate::training::numbered_documents;
use crate::validate::clean_text;

/// Whether the policy is in date on `today`, from its newest approval.
fn review_status(newest: Option<&PolicyApproval>, today: Date) -> ReviewStatus {
    let Some(due) = newest.and_then(|a| parse_iso(&a.next_review_on)) else {
        return ReviewStatus::default();
    };
    let newest = newest.expect("a due day comes from an approval");
    ReviewStatus::due(
        newest.approved_on.clone(),
        due.to_string(),
        (due - today).whole_days(),
    )
}

/// The policy's review status today, for the homes of those who keep it and the governors.
pub(crate) async fn review_now(storage: &Store) -> Result<ReviewStatus, ApiError> {
    let approvals = storage.policy_approvals().await?;
    Ok(review_status(
        approvals.first(),
        calendar::date(crate::clock::now_ms()),
    ))
}

async fn whole(storage: &Store) -> Result<OnlineSafetyPolicy, ApiError> {
    let rows = storage.policy_approvals().await?;
    let documents = numbered_documents(&storage.reading_documents().await?);
    let review = review_status(rows.first(), calendar::date(crate::clock::now_ms()));
    let approvals = rows
        .into_iter()
        .map(|a| PolicyApproval {
            document: a.document_id.and_then(|id| {
                documents
                    .iter()
                    .find(|(d, _)| d.id == id)
                    .map(|(d, _)| d.clone())
            }),
            ..a
        })
        .collect();
    Ok(OnlineSafetyPolicy { approvals, review })
}

/// `GET /api/v1/staff/policy`
#[utoipa::path(
    get,
    path = "/staff/policy",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_policy",
    summary = "The online-safety policy: every approval, newest first, and whether it is in date",
    responses((status = 200, description = "The approvals and the review status", body = OnlineSafetyPolicy)),
    security(("staff_session" = [])),
)]
pub async fn policy(
    School(state): School,
    DutiesLead(user): DutiesLead,
) -> Result<Json<OnlineSafetyPolicy>, ApiError> {
    user.audit(&state, "policy_read", None, "").await?;
    Ok(Json(whole(&state.storage).await?))
}

/// `GET /api/v1/staff/policy/review`: only whether it is in date, for an admin's home. Not
/// audited: it says nothing about anyone, as the governors' report's line doesn't.
#[utoipa::path(
    get,
    path = "/staff/policy/review",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_policy_review",
    summary = "Whether the online-safety policy is in date, and when its next review is due",
    responses((status = 200, description = "The review status", body = ReviewStatus)),
    security(("staff_session" = [])),
)]
pub async fn review(
    School(state): School,
    DutiesLead(_user): DutiesLead,
) -> Result<Json<ReviewStatus>, ApiError> {
    Ok(Json(review_now(&state.storage).await?))
}

/// `POST /api/v1/staff/policy/approvals`
#[utoipa::path(
    post,
    path = "/staff/policy/approvals",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_policy_approve",
    summary = "Record the online-safety policy's approval: the day, who approved it, the next review day and where it is read",
    request_body = NewPolicyApproval,
    responses(
        (status = 200, description = "The policy with this approval added", body = OnlineSafetyPolicy),
        (status = 400, description = "A field missing or too long, a bad date, a next review more than a year on, or no link or document"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn approve(
    School(state): School,
    DutiesLead(user): DutiesLead,
    ApiJson(body): ApiJson<NewPolicyApproval>,
) -> Result<Json<OnlineSafetyPolicy>, ApiError> {
    let approved_on = past_day("the day it was approved", &body.approved_on)?;
    let approved = parse_iso(&approved_on).expect("checked above");
    let next = parse_iso(&body.next_review_on).ok_or_else(|| {
        ApiError::BadRequest("the next review day should be a date like 2027-09-03".into())
    })?;
    if next <= approved {
        return Err(ApiError::BadRequest(
            "the next review day should be after the day it was approved".into(),
        ));
    }
    // The policy is reviewed at least once a year.
    if next > calendar::add_months(approved, 12) {
        return Err(ApiError::BadRequest(
            "the next review should be within a year of the approval".into(),
        ));
    }
    let (link, document_id) = match body.document_id {
        None if body.link.trim().is_empty() => return Err(ApiError::BadRequest(
            "say where the policy is read: its web address, or a document published in Training"
                .into(),
        )),
        None => (checked_link(&body.link)?, None),
        Some(_) if !body.link.trim().is_empty() => {
            return Err(ApiError::BadRequest(
                "give a web address or a published document, not both".into(),
            ))
        }
        Some(id) => {
            let known = state
                .storage
                .reading_documents()
                .await?
                .iter()
                .any(|d| d.id == id);
            if !known {
                return Err(ApiError::BadRequest(format!(
                    "document {id} isn't one published in Training"
                )));
            }
            (String::new(), Some(id))
        }
    };
    let new = NewPolicyApproval {
        approved_on,
        approved_by: clean_text(
            "who approved it",
            &body.approved_by,
            MAX_APPROVED_BY_CHARS,
            true,
        )?
        .unwrap_or_default(),
        next_review_on: next.to_string(),
        link,
        document_id,
        notes: clean_text("the notes", &body.notes, MAX_NOTES_CHARS, false)?.unwrap_or_default(),
    };
    let id = state
        .storage
        .add_policy_approval(&new, user.staff.id, crate::clock::now_ms())
        .await?;
    user.audit(&state, "policy_approved", None, &format!("approval {id}"))
        .await?;
    Ok(Json(whole(&state.storage).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approval(approved_on: &str, next: &str) -> PolicyApproval {
        PolicyApproval {
            id: 1,
            approved_on: approved_on.into(),
            approved_by: "Governing board".into(),
            next_review_on: next.into(),
            link: String::new(),
            document_id: None,
            document: None,
            notes: String::new(),
            recorded_by: String::new(),
            recorded_at_ms: 0,
        }
    }

    #[test]
    fn in_date_until_the_review_day_and_due_soon_in_its_last_month() {
        let day = |s| parse_iso(s).unwrap();
        let a = approval("2026-03-01", "2027-03-01");
        let early = review_status(Some(&a), day("2026-12-07"));
        assert!(early.up_to_date && !early.due_soon);
        let soon = review_status(Some(&a), day("2027-02-01"));
        assert!(soon.up_to_date && soon.due_soon && soon.needs_attention());
        let late = review_status(Some(&a), day("2027-03-02"));
        assert!(!late.up_to_date && !late.due_soon && late.needs_attention());
        assert!(review_status(None, day("2026-12-07")).needs_attention());
    }
}
