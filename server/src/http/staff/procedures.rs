//! Guided procedures on a record: a DSL starts one (the record's category suggests it), records
//! its steps in order, each with who and when, and the record can't close until every step
//! holds. What each procedure asks, and what makes an answer allowed, is its table in
//! `kite_protocol::procedure`; this file only stores and audits. Every view and change is audited
//! by record and procedure, never with the answers.

use axum::extract::Path;
use axum::Json;
use kite_protocol::procedure::{
    agency_of, procedure, Answers, FieldKind, Procedure, RecordProcedures, RecordStep,
    StartProcedure, StartedProcedure, Step,
};
use kite_protocol::staff::Status;

use super::record_entry::{event, valid_id};
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::Dsl;
use crate::http::School;
use crate::state::AppState;
use crate::storage::reports::procedures::Started;
use crate::storage::reports::record::NewReferralRow;
use crate::validate::clean_text;

fn known(key: &str) -> Result<&'static Procedure, ApiError> {
    procedure(key).ok_or_else(|| ApiError::BadRequest(format!("there is no procedure \"{key}\"")))
}

/// The procedures started on a record, with what each still needs.
async fn started(state: &AppState, id: &str) -> Result<Vec<StartedProcedure>, ApiError> {
    let mut all = state.storage.report_procedures(id).await?;
    for p in &mut all {
        if let Some(table) = procedure(&p.procedure) {
            p.missing = table.missing(&p.latest());
        }
    }
    Ok(all)
}

/// Why a record can't close yet: a started procedure with steps still to record. `None` when
/// nothing stands in the way.
pub(super) async fn blocks_closing(state: &AppState, id: &str) -> Result<Option<String>, ApiError> {
    let unfinished: Vec<String> = started(state, id)
        .await?
        .iter()
        .filter(|p| !p.missing.is_empty())
        .map(|p| {
            let title = procedure(&p.procedure).map_or(p.procedure.as_str(), |t| t.title);
            format!(
                "the {title} procedure still needs: {}",
                p.missing.join("; ")
            )
        })
        .collect();
    Ok((!unfinished.is_empty()).then(|| {
        format!(
            "this record can't close until its procedure is complete: {}",
            unfinished.join(". ")
        )
    }))
}

/// `GET /api/v1/staff/reports/{id}/procedures`
#[utoipa::path(
    get,
    path = "/staff/reports/{id}/procedures",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_procedures",
    summary = "The step-by-step procedures on a record: each recorded step, what is missing, and what its category suggests",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    responses((status = 200, description = "The record's procedures", body = RecordProcedures)),
    security(("staff_session" = [])),
)]
pub async fn list(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<String>,
) -> Result<Json<RecordProcedures>, ApiError> {
    valid_id(&id)?;
    let report = state.storage.report(&id).await?.ok_or(ApiError::NotFound)?;
    let started = started(&state, &id).await?;
    let suggested = Procedure::suggested(report.row.category)
        .into_iter()
        .filter(|p| !started.iter().any(|s| s.procedure == p.key))
        .map(|p| p.key.to_string())
        .collect();
    user.audit(
        &state,
        "view_procedures",
        Some(&id),
        &format!("{} started", started.len()),
    )
    .await?;
    Ok(Json(RecordProcedures {
        started,
        suggested,
        closed: report.row.status == Status::Closed,
    }))
}

/// `POST /api/v1/staff/reports/{id}/procedures`
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/procedures",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_procedure_start",
    summary = "Start a step-by-step procedure on an open record (e.g. nudes and semi-nudes)",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    request_body = StartProcedure,
    responses(
        (status = 200, description = "Started", body = Object, example = json!({"started": true})),
        (status = 409, description = "Already started, or the record is closed"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn start(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<String>,
    ApiJson(s): ApiJson<StartProcedure>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    let table = known(&s.procedure)?;
    let report = state.storage.report(&id).await?.ok_or(ApiError::NotFound)?;
    if report.row.status == Status::Closed {
        return Err(ApiError::Conflict(
            "this record is closed: reopen it before starting a procedure".into(),
        ));
    }
    let detail = format!("Started the {} procedure", table.title);
    match state
        .storage
        .start_procedure(&id, table.key, &event(&user, "procedure", None, detail))
        .await?
    {
        Started::Started => {}
        Started::NoSuchReport => return Err(ApiError::NotFound),
        Started::AlreadyStarted => {
            return Err(ApiError::Conflict(format!(
                "the {} procedure is already started on this record",
                table.title
            )))
        }
    }
    user.audit(&state, "procedure_started", Some(&id), table.key)
        .await?;
    Ok(Json(serde_json::json!({ "started": true })))
}

/// `POST /api/v1/staff/reports/{id}/procedures/{procedure}/steps`
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/procedures/{procedure}/steps",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_procedure_step",
    summary = "Record one step of a started procedure (recording it again keeps the earlier one; the newest counts)",
    params(
        ("id" = String, Path, description = "The report id (a UUID)"),
        ("procedure" = String, Path, description = "The procedure's key, e.g. nudes"),
    ),
    request_body = RecordStep,
    responses((status = 200, description = "Recorded", body = Object, example = json!({"recorded": true, "id": 4}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn record_step(
    School(state): School,
    Dsl(user): Dsl,
    Path((id, key)): Path<(String, String)>,
    ApiJson(r): ApiJson<RecordStep>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    let table = known(&key)?;
    let step = table.step(&r.step).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "\"{}\" is not a step of the {} procedure",
            r.step, table.title
        ))
    })?;
    let this = started(&state, &id)
        .await?
        .into_iter()
        .find(|p| p.procedure == table.key)
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "start the {} procedure on this record first",
                table.title
            ))
        })?;
    let recorded = this.latest();
    // A referral step recorded again is a correction: the record already has its referral.
    let referred_before = this
        .steps
        .iter()
        .any(|s| s.step == step.key && refers(step, &s.answers));
    // Words go through the server's one text check first (control characters, length).
    let mut answers = Answers::new();
    for (k, v) in &r.answers {
        let label = step
            .fields
            .iter()
            .find(|f| f.key == k)
            .map_or(k.as_str(), |f| f.label);
        answers.insert(
            k.clone(),
            clean_text(label, v, kite_protocol::staff::MAX_NOTE_CHARS, false)?.unwrap_or_default(),
        );
    }
    let answers = table
        .check_step(step, &answers, &recorded)
        .map_err(ApiError::BadRequest)?;
    let refers_now = refers(step, &answers);
    let mut detail = format!(
        "{}, {}: {}",
        table.title,
        step.title,
        in_words(step, &answers)
    );
    if refers_now && referred_before {
        detail.push_str(
            " (a correction: the referral already on the record stands, and is not added again)",
        );
    }
    let entry = state
        .storage
        .record_procedure_step(
            &id,
            table.key,
            step.key,
            &answers,
            &event(&user, "procedure", None, detail),
        )
        .await?
        .ok_or(ApiError::NotFound)?;
    if refers_now && !referred_before {
        add_referral(&state, &user, &id, &answers).await?;
    }
    user.audit(
        &state,
        "procedure_step",
        Some(&id),
        &format!("{} {}", table.key, step.key),
    )
    .await?;
    Ok(Json(serde_json::json!({ "recorded": true, "id": entry })))
}

/// Whether these answers of the step make a referral to another agency.
fn refers(step: &Step, answers: &Answers) -> bool {
    step.makes_referral
        .is_some_and(|(field, value)| answers.get(field).map(String::as_str) == Some(value))
}

/// A step's answers as the chronology reads them: each question and its answer, in order.
fn in_words(step: &Step, answers: &Answers) -> String {
    step.fields
        .iter()
        .filter_map(|f| {
            let value = answers.get(f.key)?;
            let said = match f.kind {
                FieldKind::Choice(choices) => choices
                    .iter()
                    .find(|c| c.key == value)
                    .map_or(value.as_str(), |c| c.label),
                FieldKind::Tick => "confirmed",
                FieldKind::Agency => match agency_of(value) {
                    (agency, None) => agency.label(),
                    (_, Some(_)) => value.as_str(),
                },
                _ => value.as_str(),
            };
            Some(format!("{}: {said}", f.label))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A referral made in a procedure's step goes into the record's referrals too, so the record
/// shows it (and its result, later) like any other referral, and closing knows it was referred.
async fn add_referral(
    state: &AppState,
    user: &crate::http::staff::extract::StaffUser,
    id: &str,
    answers: &Answers,
) -> Result<(), ApiError> {
    let field = |k: &str| answers.get(k).cloned();
    let (Some(to), Some(on)) = (field("to"), field("on")) else {
        return Ok(());
    };
    // Mapped to the referrals' agencies so it reads, and counts, like any other referral.
    let (agency, agency_detail) = agency_of(&to);
    let named = agency_detail.as_deref().unwrap_or(agency.label());
    let mut detail = format!("Referred to {named} on {on}");
    if let Some(reference) = field("reference") {
        detail.push_str(&format!(", reference {reference}"));
    }
    let row = NewReferralRow {
        agency,
        agency_detail,
        referred_on: on,
        reference: field("reference"),
        result: None,
    };
    let referral = state
        .storage
        .add_referral(id, &row, &event(user, "referral", None, detail))
        .await?
        .ok_or(ApiError::NotFound)?;
    user.audit(
        state,
        "report_referral",
        Some(id),
        &format!(
            "referral {referral} to {}, from a procedure",
            agency.as_str()
        ),
    )
    .await?;
    Ok(())
}
