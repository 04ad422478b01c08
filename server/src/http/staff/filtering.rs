//! Filtering and monitoring, as the DfE standard asks a school to evidence it: the people named
//! for it, the filter's change log (anyone on the staff asks, only the head authorises or
//! refuses, then the admin or IT provider records the day it was done), the checks log with its
//! certificates, and the yearly review. The DSL, an admin and the head read and keep the logs;
//! nothing in them is ever edited, every read and write is audited.

use axum::extract::Path;
use axum::Json;
use kite_protocol::filtering::{
    FilterChange, FilterCheck, FilterDecision, FilterDone, FilterReview, FilteringLog,
    FilteringRole, FilteringRoles, NewFilterChange, ReviewStatus, MAX_NOTE_CHARS, MAX_SHORT_CHARS,
    REVIEW_QUESTIONS,
};
use time::Date;

use crate::calendar::{self, parse_iso};
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::{DutiesLead, Head, StaffUser};
use crate::http::School;
use crate::ids::StaffId;
use crate::state::AppState;
use crate::storage::filtering::ChangeStep;
use crate::storage::stored_files::FileStore;
use crate::storage::Store;
use crate::validate::clean_text;

use super::stored_file;

/// The largest certificate or results file.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// Where this log's files are kept.
const FILES: FileStore = FileStore::Filtering;

/// A day within the last few years and not after today: the day something was done, checked or
/// reviewed. (A review dated ahead would put off the next one.)
pub(super) fn past_day(field: &str, text: &str) -> Result<String, ApiError> {
    let day = parse_iso(text)
        .ok_or_else(|| ApiError::BadRequest(format!("{field} should be a date like 2026-11-25")))?;
    let today = calendar::date(crate::clock::now_ms());
    if day > today {
        return Err(ApiError::BadRequest(format!(
            "{field} can't be after today"
        )));
    }
    if today.year() - day.year() > 5 {
        return Err(ApiError::BadRequest(format!(
            "{field} is more than five years ago"
        )));
    }
    Ok(day.to_string())
}

fn short(field: &str, text: &str, required: bool) -> Result<String, ApiError> {
    Ok(clean_text(field, text, MAX_SHORT_CHARS, required)?.unwrap_or_default())
}

fn note(field: &str, text: &str, required: bool) -> Result<String, ApiError> {
    Ok(clean_text(field, text, MAX_NOTE_CHARS, required)?.unwrap_or_default())
}

/// Whether the yearly review is up to date on `today`, given the last review's day.
pub(crate) fn review_status(last: Option<&str>, today: Date) -> ReviewStatus {
    let Some(last) = last.and_then(parse_iso) else {
        return ReviewStatus::default();
    };
    // 28 February after a review on 29 February.
    let due = calendar::add_months(last, 12);
    ReviewStatus::due(
        last.to_string(),
        due.to_string(),
        (due - today).whole_days(),
    )
}

/// The review's status today, for the DSL's home and the governors' report.
pub(crate) async fn review_now(storage: &Store) -> Result<ReviewStatus, ApiError> {
    let last = storage.last_filter_review_on().await?;
    Ok(review_status(
        last.as_deref(),
        calendar::date(crate::clock::now_ms()),
    ))
}

/// `GET /api/v1/staff/filtering`
#[utoipa::path(
    get,
    path = "/staff/filtering",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_filtering_log",
    summary = "Filtering and monitoring: the named roles, the change log, the checks and the yearly reviews",
    responses((status = 200, description = "The logs, newest first", body = FilteringLog)),
    security(("staff_session" = [])),
)]
pub async fn log(
    School(state): School,
    DutiesLead(user): DutiesLead,
) -> Result<Json<FilteringLog>, ApiError> {
    user.audit(&state, "filtering_log_read", None, "").await?;
    Ok(Json(FilteringLog {
        roles: state.storage.filtering_roles().await?,
        changes: state.storage.filter_changes(None).await?,
        checks: state.storage.filter_checks().await?,
        reviews: state.storage.filter_reviews().await?,
        review: review_now(&state.storage).await?,
    }))
}

/// `PUT /api/v1/staff/filtering/roles`
#[utoipa::path(
    put,
    path = "/staff/filtering/roles",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_filtering_roles",
    summary = "Name the people responsible for filtering and monitoring (kept beside earlier names)",
    request_body = FilteringRoles,
    responses(
        (status = 200, description = "The roles as now named", body = Vec<FilteringRole>),
        (status = 400, description = "A name missing or too long, or an account that isn't one"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn name_roles(
    School(state): School,
    DutiesLead(user): DutiesLead,
    ApiJson(body): ApiJson<FilteringRoles>,
) -> Result<Json<Vec<FilteringRole>>, ApiError> {
    let mut checked = Vec::new();
    for r in &body.roles {
        let name = short(r.role.label(), &r.name, true)?;
        let staff = match r.staff_id {
            Some(id) => Some(
                state
                    .storage
                    .staff_by_id(StaffId(id))
                    .await?
                    .ok_or_else(|| {
                        ApiError::BadRequest(format!("{}: account {id} isn't one", r.role.label()))
                    })?
                    .id,
            ),
            None => None,
        };
        checked.push((r.role, name, staff));
    }
    let now = crate::clock::now_ms();
    for (role, name, staff) in &checked {
        state
            .storage
            .name_filtering_role(*role, name, *staff, user.staff.id, now)
            .await?;
        user.audit(&state, "filtering_role_named", None, role.as_str())
            .await?;
    }
    Ok(Json(state.storage.filtering_roles().await?))
}

/// `POST /api/v1/staff/filtering/changes`
#[utoipa::path(
    post,
    path = "/staff/filtering/changes",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_filtering_ask",
    summary = "Ask for a site to be blocked or allowed, with why (any member of staff)",
    request_body = NewFilterChange,
    responses(
        (status = 200, description = "The request, waiting for the head", body = FilterChange),
        (status = 400, description = "The site or the reason missing or too long"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn ask(
    School(state): School,
    user: StaffUser,
    ApiJson(body): ApiJson<NewFilterChange>,
) -> Result<Json<FilterChange>, ApiError> {
    let change = NewFilterChange {
        action: body.action,
        site: short("the site", &body.site, true)?,
        reason: note("why", &body.reason, true)?,
    };
    let id = state
        .storage
        .ask_filter_change(&change, user.staff.id, crate::clock::now_ms())
        .await?;
    user.audit(&state, "filter_change_asked", None, &format!("change {id}"))
        .await?;
    changed(&state, id).await
}

async fn changed(state: &AppState, id: i64) -> Result<Json<FilterChange>, ApiError> {
    Ok(Json(
        state
            .storage
            .filter_change(id)
            .await?
            .ok_or(ApiError::NotFound)?,
    ))
}

/// `GET /api/v1/staff/filtering/my-changes`
#[utoipa::path(
    get,
    path = "/staff/filtering/my-changes",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_filtering_mine",
    summary = "The changes to the filter one has asked for, and where each has got to",
    responses((status = 200, description = "One's own requests, newest first", body = Vec<FilterChange>)),
    security(("staff_session" = [])),
)]
pub async fn mine(
    School(state): School,
    user: StaffUser,
) -> Result<Json<Vec<FilterChange>>, ApiError> {
    Ok(Json(
        state.storage.filter_changes(Some(user.staff.id)).await?,
    ))
}

/// `POST /api/v1/staff/filtering/changes/{id}/decision`
#[utoipa::path(
    post,
    path = "/staff/filtering/changes/{id}/decision",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_filtering_decide",
    summary = "Authorise or refuse a change to the filter (the head only), once",
    params(("id" = i64, Path, description = "The change")),
    request_body = FilterDecision,
    responses(
        (status = 200, description = "The change with the decision", body = FilterChange),
        (status = 400, description = "A refusal without a reason"),
        (status = 409, description = "Already decided"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn decide(
    School(state): School,
    Head(user): Head,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<FilterDecision>,
) -> Result<Json<FilterChange>, ApiError> {
    state
        .storage
        .filter_change(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let reason = note("the reason", &body.reason, !body.authorised)?;
    let step = ChangeStep::Decision {
        authorised: body.authorised,
        note: &reason,
    };
    if !state
        .storage
        .add_filter_change_step(id, step, user.staff.id, crate::clock::now_ms())
        .await?
    {
        return Err(ApiError::Conflict(
            "this change has been decided already; ask for a new one to change it".into(),
        ));
    }
    let action = if body.authorised {
        "filter_change_authorised"
    } else {
        "filter_change_refused"
    };
    user.audit(&state, action, None, &format!("change {id}"))
        .await?;
    changed(&state, id).await
}

/// `POST /api/v1/staff/filtering/changes/{id}/done`
#[utoipa::path(
    post,
    path = "/staff/filtering/changes/{id}/done",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_filtering_done",
    summary = "Record the day an authorised change was made to the filter",
    params(("id" = i64, Path, description = "The change")),
    request_body = FilterDone,
    responses(
        (status = 200, description = "The change, done", body = FilterChange),
        (status = 400, description = "Not a date, or a day after today"),
        (status = 409, description = "Not authorised by the head yet, refused, or already done"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn done(
    School(state): School,
    DutiesLead(user): DutiesLead,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<FilterDone>,
) -> Result<Json<FilterChange>, ApiError> {
    let change = state
        .storage
        .filter_change(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    match change.authorised {
        Some(true) => {}
        Some(false) => {
            return Err(ApiError::Conflict(
                "the head refused this change, so it isn't made".into(),
            ))
        }
        None => {
            return Err(ApiError::Conflict(
                "the head hasn't authorised this change yet; it is made only after they do".into(),
            ))
        }
    }
    let done_on = past_day("the day it was done", &body.done_on)?;
    let text = note("the note", &body.note, false)?;
    let step = ChangeStep::Done {
        done_on: &done_on,
        note: &text,
    };
    if !state
        .storage
        .add_filter_change_step(id, step, user.staff.id, crate::clock::now_ms())
        .await?
    {
        return Err(ApiError::Conflict(
            "this change is recorded as done already".into(),
        ));
    }
    user.audit(&state, "filter_change_done", None, &format!("change {id}"))
        .await?;
    changed(&state, id).await
}

/// `POST /api/v1/staff/filtering/files`
#[utoipa::path(
    post,
    path = "/staff/filtering/files",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_filtering_file_upload",
    summary = "Upload a check's certificate or results (the raw bytes as the body)",
    request_body(description = "A PDF, PNG, JPEG or WebP file", content(("application/pdf"), ("image/png"), ("image/jpeg"), ("image/webp"))),
    responses(
        (status = 200, description = "The file's id, to attach to a check", body = Object, example = json!({"id": 1})),
        (status = 400, description = "Not a PDF or an image"),
        (status = 413, description = "Larger than 2 MB"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn upload_file(
    School(state): School,
    DutiesLead(user): DutiesLead,
    body: axum::body::Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let wrong_type = "the certificate must be a PDF or a PNG, JPEG or WebP image";
    stored_file::upload(&state, &user, FILES, &body, MAX_FILE_BYTES, wrong_type).await
}

/// `GET /api/v1/staff/filtering/files/{id}`
#[utoipa::path(
    get,
    path = "/staff/filtering/files/{id}",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_filtering_file",
    summary = "A check's certificate or results file",
    params(("id" = i64, Path, description = "The file")),
    responses(
        (status = 200, description = "The file", content(("application/pdf"), ("image/png"), ("image/jpeg"), ("image/webp"))),
        (status = 404, description = "No such file"),
    ),
    security(("staff_session" = [])),
)]
pub async fn file(
    School(state): School,
    DutiesLead(user): DutiesLead,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    stored_file::serve(&state, &user, FILES, id).await
}

/// `POST /api/v1/staff/filtering/checks`
#[utoipa::path(
    post,
    path = "/staff/filtering/checks",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_filtering_check",
    summary = "Record a check of the filter and monitoring",
    request_body = FilterCheck,
    responses(
        (status = 200, description = "The check as kept", body = FilterCheck),
        (status = 400, description = "A field missing or too long, a bad date, or a file that isn't one"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn add_check(
    School(state): School,
    DutiesLead(user): DutiesLead,
    ApiJson(body): ApiJson<FilterCheck>,
) -> Result<Json<FilterCheck>, ApiError> {
    if let Some(file) = body.certificate_file {
        if state.storage.file_type(FILES, file).await?.is_none() {
            return Err(ApiError::BadRequest(format!(
                "file {file} isn't one: upload the certificate first"
            )));
        }
    }
    let check = FilterCheck {
        id: 0,
        checked_on: past_day("the day of the check", &body.checked_on)?,
        checked_by: short("who checked", &body.checked_by, true)?,
        devices: short("the devices", &body.devices, true)?,
        places: short("the places", &body.places, true)?,
        user_groups: short("the user groups", &body.user_groups, true)?,
        tested: note("what was tested", &body.tested, true)?,
        result: body.result,
        found: note("what was found", &body.found, false)?,
        action_taken: note("what was done", &body.action_taken, false)?,
        certificate_file: body.certificate_file,
        recorded_by: String::new(),
        recorded_at_ms: 0,
    };
    let id = state
        .storage
        .add_filter_check(&check, user.staff.id, crate::clock::now_ms())
        .await?;
    user.audit(
        &state,
        "filter_check_recorded",
        None,
        &format!("check {id}"),
    )
    .await?;
    let kept = state.storage.filter_checks().await?;
    Ok(Json(
        kept.into_iter()
            .find(|c| c.id == id)
            .ok_or(ApiError::NotFound)?,
    ))
}

/// `POST /api/v1/staff/filtering/reviews`
#[utoipa::path(
    post,
    path = "/staff/filtering/reviews",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_filtering_review",
    summary = "Record the yearly filtering and monitoring review: an answer to every question, who took part, the day",
    request_body = FilterReview,
    responses(
        (status = 200, description = "When the next review is due", body = ReviewStatus),
        (status = 400, description = "A question unanswered or not one of the review's, or a bad date"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn add_review(
    School(state): School,
    DutiesLead(user): DutiesLead,
    ApiJson(body): ApiJson<FilterReview>,
) -> Result<Json<ReviewStatus>, ApiError> {
    let mut answers = Vec::new();
    for (key, question) in REVIEW_QUESTIONS {
        let mut given = body.answers.iter().filter(|a| a.question == key);
        let (Some(a), None) = (given.next(), given.next()) else {
            return Err(ApiError::BadRequest(format!(
                "answer each question once: {question:?}"
            )));
        };
        let mut a = a.clone();
        a.note = note("a note", &a.note, false)?;
        answers.push(a);
    }
    if let Some(other) = body
        .answers
        .iter()
        .find(|a| !REVIEW_QUESTIONS.iter().any(|(k, _)| *k == a.question))
    {
        return Err(ApiError::BadRequest(format!(
            "{:?} is not one of the review's questions",
            other.question
        )));
    }
    let review = FilterReview {
        id: 0,
        reviewed_on: past_day("the day of the review", &body.reviewed_on)?,
        participants: note("who took part", &body.participants, true)?,
        answers,
        recorded_by: String::new(),
        recorded_at_ms: 0,
    };
    let id = state
        .storage
        .add_filter_review(&review, user.staff.id, crate::clock::now_ms())
        .await?;
    user.audit(
        &state,
        "filter_review_recorded",
        None,
        &format!("review {id}"),
    )
    .await?;
    Ok(Json(review_now(&state.storage).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_review_is_due_twelve_months_on() {
        let day = |s| parse_iso(s).unwrap();
        let s = review_status(Some("2025-12-10"), day("2026-12-06"));
        assert!(s.up_to_date && s.due_soon);
        assert_eq!(s.next_due_on.as_deref(), Some("2026-12-10"));
        let late = review_status(Some("2025-12-01"), day("2026-12-06"));
        assert!(!late.up_to_date && !late.due_soon);
        let leap = review_status(Some("2024-02-29"), day("2024-03-01"));
        assert_eq!(leap.next_due_on.as_deref(), Some("2025-02-28"));
        assert!(!review_status(None, day("2026-12-06")).up_to_date);
    }
}
