//! The DSL's record around a report, beyond triage: completing an action, corrections (the
//! original words are never edited), referrals and their result, whether the parents were told,
//! the starting text of a letter to them, and the DSL's home (what is overdue, what is unread).
//! Every view and change is audited by id and kind, never with the record's content.

use axum::extract::{Path, Query};
use axum::Json;
use kite_protocol::record::{
    ActionDone, Agency, DslHome, LetterChild, NewCorrection, NewParentsTold, NewReferral,
    ParentLetter, RecordHold, ReferralResult, MAX_SHORT_CHARS,
};
use kite_protocol::staff::MAX_NOTE_CHARS;
use serde::Deserialize;

use super::record_entry::{event, valid_id};
use super::reports::{inbox_page, iso_date_field};
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::Dsl;
use crate::http::School;
use crate::ids::PupilId;
use crate::storage::reports::record::{
    EventLinks, NewParentsToldRow, NewReferralRow, ResultRecorded,
};
use crate::storage::ReportFilter;
use crate::validate::clean_text;

fn recorded(id: i64) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "recorded": true, "id": id }))
}

/// `POST /api/v1/staff/reports/{id}/actions/{event}/done`
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/actions/{event}/done",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_action_done",
    summary = "Mark an action done: a new chronology entry referring to it",
    params(
        ("id" = String, Path, description = "The report id (a UUID)"),
        ("event" = i64, Path, description = "The action's chronology entry"),
    ),
    request_body = ActionDone,
    responses((status = 200, description = "Recorded", body = Object, example = json!({"recorded": true, "id": 12}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn action_done(
    School(state): School,
    Dsl(user): Dsl,
    Path((id, action)): Path<(String, i64)>,
    ApiJson(done): ApiJson<ActionDone>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    let stored = state
        .storage
        .report_event(&id, action)
        .await?
        .ok_or(ApiError::NotFound)?;
    if stored.kind != "action" {
        return Err(ApiError::BadRequest(
            "only an action can be marked done".into(),
        ));
    }
    if stored.done {
        return Err(ApiError::BadRequest(
            "this action is already marked done".into(),
        ));
    }
    let note = clean_text(
        "what came of it",
        done.note.as_deref().unwrap_or(""),
        MAX_NOTE_CHARS,
        false,
    )?;
    let detail = match note {
        Some(n) => format!("Action done: {n}"),
        None => "Action done".to_string(),
    };
    let entry = state
        .storage
        .append_report_event(
            &id,
            &event(&user, "action_done", None, detail),
            &EventLinks {
                refers_to: Some(action),
                ..Default::default()
            },
        )
        .await?
        .ok_or(ApiError::NotFound)?;
    user.audit(
        &state,
        "report_action_done",
        Some(&id),
        &format!("entry {action}"),
    )
    .await?;
    Ok(recorded(entry))
}

/// `POST /api/v1/staff/reports/{id}/corrections`
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/corrections",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_correction",
    summary = "Add a correction note to a record (the original words are never edited)",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    request_body = NewCorrection,
    responses((status = 200, description = "Recorded", body = Object, example = json!({"recorded": true, "id": 12}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn correction(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<String>,
    ApiJson(c): ApiJson<NewCorrection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    let text = clean_text("the correction", &c.text, MAX_NOTE_CHARS, true)?.expect("required");
    if let Some(entry) = c.refers_to {
        if state.storage.report_event(&id, entry).await?.is_none() {
            return Err(ApiError::BadRequest(
                "the entry to correct is not in this record's chronology".into(),
            ));
        }
    }
    let entry = state
        .storage
        .append_report_event(
            &id,
            &event(&user, "correction", None, format!("Correction: {text}")),
            &EventLinks {
                refers_to: c.refers_to,
                ..Default::default()
            },
        )
        .await?
        .ok_or(ApiError::NotFound)?;
    let of = c
        .refers_to
        .map(|e| format!("of entry {e}"))
        .unwrap_or_else(|| "of the original text".into());
    user.audit(&state, "report_correction", Some(&id), &of)
        .await?;
    Ok(recorded(entry))
}

/// `POST /api/v1/staff/reports/{id}/hold`
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/hold",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_hold",
    summary = "Put a record on hold (kept whatever the retention period says) or lift the hold, with the reason",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    request_body = RecordHold,
    responses((status = 200, description = "Recorded", body = Object, example = json!({"recorded": true, "id": 12}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn hold(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<String>,
    ApiJson(h): ApiJson<RecordHold>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    let reason = clean_text("the reason", &h.reason, MAX_NOTE_CHARS, true)?.expect("required");
    if state.storage.report(&id).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    let held = state.storage.report_on_hold(&id).await?;
    if held == h.hold {
        return Err(ApiError::BadRequest(if held {
            "this record is already on hold".into()
        } else {
            "this record is not on hold".into()
        }));
    }
    let (kind, detail) = if h.hold {
        (
            "hold",
            format!("On hold (kept whatever the retention period says): {reason}"),
        )
    } else {
        ("hold_lifted", format!("Hold lifted: {reason}"))
    };
    let entry = state
        .storage
        .append_report_event(
            &id,
            &event(&user, kind, None, detail),
            &EventLinks::default(),
        )
        .await?
        .ok_or(ApiError::NotFound)?;
    user.audit(
        &state,
        if h.hold {
            "report_held"
        } else {
            "report_hold_lifted"
        },
        Some(&id),
        "",
    )
    .await?;
    Ok(recorded(entry))
}

/// `POST /api/v1/staff/reports/{id}/referrals`
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/referrals",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_referral",
    summary = "Record a referral: to whom, when, the reference and (if known) the result",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    request_body = NewReferral,
    responses((status = 200, description = "Recorded", body = Object, example = json!({"recorded": true, "id": 3}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn add_referral(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<NewReferral>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    let agency_detail = clean_text(
        "who it was referred to",
        r.agency_detail.as_deref().unwrap_or(""),
        MAX_SHORT_CHARS,
        r.agency == Agency::Other,
    )?;
    let referred_on = iso_date_field("the date of the referral", Some(&r.referred_on))?
        .ok_or_else(|| ApiError::BadRequest("the date of the referral is empty".into()))?;
    let reference = clean_text(
        "the reference number",
        r.reference.as_deref().unwrap_or(""),
        MAX_SHORT_CHARS,
        false,
    )?;
    let result = clean_text(
        "the result",
        r.result.as_deref().unwrap_or(""),
        MAX_NOTE_CHARS,
        false,
    )?;
    let to = match &agency_detail {
        Some(d) if r.agency == Agency::Other => d.clone(),
        Some(d) => format!("{} ({d})", r.agency.label()),
        None => r.agency.label().to_string(),
    };
    let mut detail = format!("Referred to {to} on {referred_on}");
    if let Some(reference) = &reference {
        detail.push_str(&format!(", reference {reference}"));
    }
    if let Some(result) = &result {
        detail.push_str(&format!(". Result: {result}"));
    }
    let row = NewReferralRow {
        agency: r.agency,
        agency_detail,
        referred_on,
        reference,
        result,
    };
    let referral = state
        .storage
        .add_referral(&id, &row, &event(&user, "referral", None, detail))
        .await?
        .ok_or(ApiError::NotFound)?;
    user.audit(
        &state,
        "report_referral",
        Some(&id),
        &format!("referral {referral} to {}", r.agency.as_str()),
    )
    .await?;
    Ok(recorded(referral))
}

/// `POST /api/v1/staff/reports/{id}/referrals/{referral}/result`
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/referrals/{referral}/result",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_referral_result",
    summary = "Record what came of a referral (once)",
    params(
        ("id" = String, Path, description = "The report id (a UUID)"),
        ("referral" = i64, Path, description = "The referral"),
    ),
    request_body = ReferralResult,
    responses((status = 200, description = "Recorded", body = Object, example = json!({"recorded": true, "id": 3}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn referral_result(
    School(state): School,
    Dsl(user): Dsl,
    Path((id, referral)): Path<(String, i64)>,
    ApiJson(r): ApiJson<ReferralResult>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    let result = clean_text("the result", &r.result, MAX_NOTE_CHARS, true)?.expect("required");
    let detail = format!("Referral result: {result}");
    match state
        .storage
        .set_referral_result(
            &id,
            referral,
            &result,
            &event(&user, "referral", None, detail),
        )
        .await?
    {
        ResultRecorded::Recorded => {}
        ResultRecorded::NoSuchReferral => return Err(ApiError::NotFound),
        ResultRecorded::AlreadyRecorded => return Err(ApiError::BadRequest(
            "this referral's result is already recorded; add a correction to the record instead"
                .into(),
        )),
    }
    user.audit(
        &state,
        "report_referral_result",
        Some(&id),
        &format!("referral {referral}"),
    )
    .await?;
    Ok(recorded(referral))
}

/// `POST /api/v1/staff/reports/{id}/parents`
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/parents",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_parents_told",
    summary = "Record that the parents were told (who, how, when) or why not",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    request_body = NewParentsTold,
    responses((status = 200, description = "Recorded", body = Object, example = json!({"recorded": true, "id": 2}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn parents_told(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<NewParentsTold>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    let short = |field: &str, v: &Option<String>, required: bool| {
        clean_text(field, v.as_deref().unwrap_or(""), MAX_SHORT_CHARS, required)
    };
    let pupil_id = match p.pupil_id {
        None => None,
        Some(pupil) => {
            let children = state.storage.record_children(&id).await?;
            if !children.iter().any(|(c, _)| c.0 == pupil) {
                return Err(ApiError::BadRequest(
                    "that child is not linked to this record".into(),
                ));
            }
            Some(PupilId(pupil))
        }
    };
    let (row, detail) = if p.informed {
        let who = short("who told them", &p.who, true)?;
        let how = short("how they were told", &p.how, true)?;
        let on = iso_date_field("when they were told", p.informed_on.as_deref())?
            .ok_or_else(|| ApiError::BadRequest("when they were told is empty".into()))?;
        let detail = format!(
            "Parents told on {on} by {}, {}",
            who.as_deref().unwrap_or_default(),
            how.as_deref().unwrap_or_default()
        );
        let row = NewParentsToldRow {
            pupil_id,
            informed: true,
            who,
            how,
            informed_on: Some(on),
            why_not: None,
        };
        (row, detail)
    } else {
        let why_not = clean_text(
            "why the parents were not told",
            p.why_not.as_deref().unwrap_or(""),
            MAX_NOTE_CHARS,
            true,
        )?;
        let detail = format!(
            "Parents not told: {}",
            why_not.as_deref().unwrap_or_default()
        );
        let row = NewParentsToldRow {
            pupil_id,
            informed: false,
            who: None,
            how: None,
            informed_on: None,
            why_not,
        };
        (row, detail)
    };
    let informed = row.informed;
    let entry = state
        .storage
        .add_parents_told(&id, &row, &event(&user, "parents", None, detail))
        .await?
        .ok_or(ApiError::NotFound)?;
    user.audit(
        &state,
        "report_parents_told",
        Some(&id),
        if informed { "told" } else { "not told" },
    )
    .await?;
    Ok(recorded(entry))
}

#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LetterQuery {
    /// Which linked child the letter is about (default: the first).
    pub pupil_id: Option<i64>,
}

/// `GET /api/v1/staff/reports/{id}/parent-letter`
#[utoipa::path(
    get,
    path = "/staff/reports/{id}/parent-letter",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_parent_letter",
    summary = "The start of a short letter to a child's parents, for the DSL to edit and print",
    params(("id" = String, Path, description = "The report id (a UUID)"), LetterQuery),
    responses((status = 200, description = "The letter's parts", body = ParentLetter)),
    security(("staff_session" = [])),
)]
pub async fn parent_letter(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<String>,
    Query(q): Query<LetterQuery>,
) -> Result<Json<ParentLetter>, ApiError> {
    valid_id(&id)?;
    state.storage.report(&id).await?.ok_or(ApiError::NotFound)?;
    let children: Vec<LetterChild> = state
        .storage
        .record_children(&id)
        .await?
        .into_iter()
        .map(|(pupil_id, first_name)| LetterChild {
            pupil_id: pupil_id.0,
            first_name,
        })
        .collect();
    let child = match q.pupil_id {
        Some(p) => Some(
            children
                .iter()
                .find(|c| c.pupil_id == p)
                .ok_or_else(|| {
                    ApiError::BadRequest("that child is not linked to this record".into())
                })?
                .clone(),
        ),
        None => children.first().cloned(),
    };
    let school_name = state.storage.school_profile().await?.name;
    let body = letter_body(child.as_ref().map(|c| c.first_name.as_str()));
    user.audit(
        &state,
        "parent_letter",
        Some(&id),
        &child
            .as_ref()
            .map(|c| format!("pupil {}", c.pupil_id))
            .unwrap_or_default(),
    )
    .await?;
    Ok(Json(ParentLetter {
        school_name,
        from: user.staff.name.clone(),
        children,
        pupil_id: child.map(|c| c.pupil_id),
        body,
    }))
}

/// The letter's starting text: plain and kind, and nothing of the record (the DSL adds what
/// they choose to say).
fn letter_body(child: Option<&str>) -> String {
    let (named, them) = match child {
        Some(name) => (name.to_string(), name.to_string()),
        None => ("your child".to_string(), "them".to_string()),
    };
    format!(
        "Dear parent or carer,\n\n\
         I am writing about something that happened online involving {named}. We have talked \
         with {them} in school, and we would like to talk with you too, so that we can support \
         {them} together at home and at school.\n\n\
         Please get in touch with me at school when it suits you: a phone call or a quick word \
         at the door is fine.\n\n\
         Thank you."
    )
}

/// How many unread records the DSL's home lists (the inbox has them all, a tick away).
const HOME_UNREAD: u32 = 5;

/// `GET /api/v1/staff/dsl-home`
#[utoipa::path(
    get,
    path = "/staff/dsl-home",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_dsl_home",
    summary = "What needs the DSL: open actions past their due date, records they haven't read, leavers' files to send and closed records due for review",
    responses((status = 200, description = "Overdue actions and unread records", body = DslHome)),
    security(("staff_session" = [])),
)]
pub async fn dsl_home(School(state): School, Dsl(user): Dsl) -> Result<Json<DslHome>, ApiError> {
    let now = crate::clock::now_ms();
    let today = crate::calendar::iso_date(now);
    let overdue = state.storage.overdue_actions(&today).await?;
    let filter = ReportFilter {
        unread_only: true,
        ..Default::default()
    };
    let (unread, unread_total) = inbox_page(&state, user.staff.id, filter, 1, HOME_UNREAD).await?;
    user.audit(
        &state,
        "dsl_home",
        None,
        &format!("{} overdue, {unread_total} unread", overdue.len()),
    )
    .await?;
    Ok(Json(DslHome {
        overdue,
        unread,
        unread_total,
        filtering_review: super::filtering::review_now(&state.storage).await?,
        policy_review: super::policy::review_now(&state.storage).await?,
        files_to_send: super::file_transfers::files_to_send(
            &state.storage,
            crate::calendar::date(now),
        )
        .await?,
        records_to_review: crate::retention::records_to_review(
            &state.storage,
            crate::calendar::date(now),
        )
        .await?,
        answers_to_check: state.storage.answers_to_check(user.staff.id).await?,
        children_to_talk_to: state.storage.children_to_talk_to().await?,
    }))
}
