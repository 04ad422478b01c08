//! A child's child protection file moving school, for the DSL: what they record about it (sent,
//! how and where; the receipt; a file received for a new pupil), and the leavers whose file still
//! needs them, each with the day it is due: five school days after the leaving date (KCSIE).
//! Every write is audited by pupil id, never with what was typed.

use axum::extract::Path;
use axum::Json;
use kite_protocol::file_transfer::{check_transfer, FileToSend, NewTransfer};
use time::Date;

use crate::calendar::parse_iso;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::Dsl;
use crate::http::School;
use crate::ids::PupilId;
use crate::periods::TermDates;
use crate::school_days::{school_days_after, school_year_of};
use crate::storage::Store;

/// School days the DSL has to send a leaver's file (KCSIE).
const SEND_WITHIN_SCHOOL_DAYS: u32 = 5;

/// `POST /api/v1/staff/pupils/{id}/transfers`
#[utoipa::path(
    post,
    path = "/staff/pupils/{id}/transfers",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_pupil_file_transfer",
    summary = "Record the child protection file sent to a leaver's new school (when, how, where), its receipt, or a file received for a new pupil (DSL)",
    params(("id" = i64, Path, description = "The pupil")),
    request_body = NewTransfer,
    responses((status = 200, description = "Recorded", body = Object, example = json!({"recorded": true, "id": 3}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn add(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<PupilId>,
    ApiJson(t): ApiJson<NewTransfer>,
) -> Result<Json<serde_json::Value>, ApiError> {
    state.storage.pupil(id).await?.ok_or(ApiError::NotFound)?;
    let t = check_transfer(&t).map_err(ApiError::BadRequest)?;
    let row = state
        .storage
        .add_file_transfer(id, &t, user.staff.id, now_ms())
        .await?;
    user.audit(
        &state,
        "pupil_file_transfer",
        None,
        &format!("pupil {id}: {}", t.kind.as_str()),
    )
    .await?;
    Ok(Json(serde_json::json!({ "recorded": true, "id": row })))
}

/// The school years a leaving date's five school days can fall in: its own and the next (a
/// summer leaver's are in September).
async fn terms_around(store: &Store, day: Date) -> Result<Vec<TermDates>, ApiError> {
    let year = school_year_of(day);
    Ok(vec![
        store.term_dates(year).await?.0,
        store.term_dates(year + 1).await?.0,
    ])
}

/// Leavers with a safeguarding record whose file is still to send or awaits its receipt, for
/// the DSL's home.
pub async fn files_to_send(store: &Store, today: Date) -> Result<Vec<FileToSend>, ApiError> {
    let mut out = Vec::new();
    for l in store.leavers_with_files().await? {
        let Some(leaving) = parse_iso(&l.leaving_on) else {
            continue;
        };
        let send_by = school_days_after(
            leaving,
            SEND_WITHIN_SCHOOL_DAYS,
            &terms_around(store, leaving).await?,
        );
        out.push(FileToSend {
            pupil_id: l.pupil_id.into(),
            name: l.name,
            leaving_on: l.leaving_on,
            leaving_to: l.leaving_to,
            send_by: send_by.to_string(),
            overdue: l.sent_on.is_none() && send_by < today,
            sent_on: l.sent_on,
        });
    }
    Ok(out)
}
