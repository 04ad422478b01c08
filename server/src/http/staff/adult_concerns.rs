//! Concerns about adults in school (KCSIE part 4). Any adult logs one and gets a receipt; it goes
//! to the head, or to the chair of governors when it is about the head, and nobody else reads it:
//! not the DSL (it never reaches the inbox), not admins or other governors. The head records the
//! LADO consulted (due within one working day), decisions with their reasons, and the outcome;
//! a concern that may have harmed a child closes only once the LADO was consulted or the head
//! said why it did not meet the threshold. Every read is audited; the audit log names the
//! reference, never who it is about.

use axum::extract::Path;
use axum::Json;
use kite_protocol::adult_concern::{
    message, AdultConcernLevel, AdultConcernLine, AdultConcernList, AdultConcernReader,
    AdultConcernReceipt, AdultConcernRecord, AdultConcernStep, AdultPattern, HeadSummary,
    NewAdultConcern, RecordedAdultStep, StoredAdultConcern, MAX_ADULT_SHORT_CHARS,
    MAX_ADULT_TEXT_CHARS,
};
use kite_protocol::concern::ConcernReceipt;
use uuid::Uuid;

use crate::calendar::after_working_ms;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::{HeadOrChair, StaffUser};
use crate::http::School;
use crate::state::AppState;
use crate::storage::adult_concerns::{about_key, AdultConcernRow, NewAdultConcernRow};
use crate::validate::clean_text;

/// The LADO is consulted within one working day of a concern arriving.
const LADO_WITHIN_MS: i64 = 24 * 3_600_000;

/// `POST /api/v1/staff/adult-concerns`: the same `id` again answers with the first receipt.
#[utoipa::path(
    post,
    path = "/staff/adult-concerns",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_adult_concerns_create",
    summary = "Log a concern about an adult in school, for the head (or the chair of governors when it is about the head); answers with a receipt",
    request_body = NewAdultConcern,
    responses(
        (status = 200, description = "Received (or received before, under the same id)", body = AdultConcernReceipt),
        (status = 400, description = "Something to put right, in plain words"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn create(
    School(state): School,
    user: StaffUser,
    ApiJson(req): ApiJson<NewAdultConcern>,
) -> Result<Json<AdultConcernReceipt>, ApiError> {
    let goes_to = if req.about_head {
        AdultConcernReader::ChairOfGovernors
    } else {
        AdultConcernReader::Head
    };
    let reader_named = state
        .storage
        .reader_flagged(goes_to == AdultConcernReader::ChairOfGovernors)
        .await?;
    let receipt = |received_at_ms| AdultConcernReceipt {
        reference: ConcernReceipt::reference_for(&req.id),
        received_at_ms,
        goes_to,
        reader_named,
    };
    if let Some(stored) = state.storage.adult_concern(&req.id).await? {
        return if stored.written_by == user.staff.id {
            Ok(Json(receipt(stored.received_at_ms)))
        } else {
            Err(ApiError::BadRequest(
                "this form's reference is already used; reload the page and send it again".into(),
            ))
        };
    }
    let now = now_ms();
    let concern = cleaned(req.clone())?;
    concern
        .validate(now)
        .map_err(|e| ApiError::BadRequest(message(&e)))?;
    let happened_at_ms = concern.happened_at_ms.unwrap_or(now).min(now);
    let stored = StoredAdultConcern {
        written_by: format!("{}, {}", user.staff.name, user.staff.role.label()),
        concern,
    };
    let payload = serde_json::to_string(&stored).map_err(ApiError::internal)?;
    state
        .storage
        .store_adult_concern(&NewAdultConcernRow {
            id: stored.concern.id,
            level: stored.concern.level,
            about_head: stored.concern.about_head,
            about_name: &stored.concern.about_name,
            payload: &payload,
            written_by: user.staff.id,
            received_at_ms: now,
            happened_at_ms,
        })
        .await?;
    user.audit(
        &state,
        "adult_concern_logged",
        None,
        &ConcernReceipt::reference_for(&stored.concern.id),
    )
    .await?;
    Ok(Json(receipt(now)))
}

/// The concern with every text trimmed through the server's one text check.
fn cleaned(mut c: NewAdultConcern) -> Result<NewAdultConcern, ApiError> {
    let short = |field: &str, text: &str| {
        Ok::<_, ApiError>(
            clean_text(field, text, MAX_ADULT_SHORT_CHARS, false)?.unwrap_or_default(),
        )
    };
    let optional = |field: &str, text: &Option<String>, max| match text {
        Some(t) => clean_text(field, t, max, false),
        None => Ok(None),
    };
    c.about_name = short("Their name", &c.about_name)?;
    c.about_role = short("What they do in school", &c.about_role)?;
    c.place = optional("Where", &c.place, MAX_ADULT_SHORT_CHARS)?;
    c.what_happened = clean_text(
        "What happened",
        &c.what_happened,
        MAX_ADULT_TEXT_CHARS,
        false,
    )?
    .unwrap_or_default();
    c.told_by = optional("Who told you", &c.told_by, MAX_ADULT_SHORT_CHARS)?;
    c.action_taken = optional("What you did", &c.action_taken, MAX_ADULT_TEXT_CHARS)?;
    Ok(c)
}

fn stored(row: &AdultConcernRow) -> Result<StoredAdultConcern, ApiError> {
    serde_json::from_str(&row.payload).map_err(|e| {
        ApiError::internal(anyhow::anyhow!("stored adult concern does not parse: {e}"))
    })
}

/// A concern's line in the head's list, with the LADO's due time counted from its arrival.
fn line(row: &AdultConcernRow, stored: &StoredAdultConcern, now: i64) -> AdultConcernLine {
    let lado_due_ms = (row.level == AdultConcernLevel::Harm)
        .then(|| after_working_ms(row.received_at_ms, LADO_WITHIN_MS));
    AdultConcernLine {
        id: row.id,
        reference: ConcernReceipt::reference_for(&row.id),
        level: row.level,
        about_name: stored.concern.about_name.clone(),
        about_role: stored.concern.about_role.clone(),
        about_head: row.about_head,
        received_at_ms: row.received_at_ms,
        lado_due_ms,
        lado_consulted: row.lado_consulted,
        lado_overdue: !row.closed
            && !row.lado_consulted
            && lado_due_ms.is_some_and(|due| now > due),
        closed: row.closed,
    }
}

/// The concerns that go to this reader, as lines.
async fn lines_for(
    state: &AppState,
    reader: AdultConcernReader,
) -> Result<Vec<AdultConcernLine>, ApiError> {
    let now = now_ms();
    let rows = state
        .storage
        .adult_concerns(reader == AdultConcernReader::ChairOfGovernors)
        .await?;
    rows.iter()
        .map(|r| -> Result<AdultConcernLine, ApiError> { Ok(line(r, &stored(r)?, now)) })
        .collect()
}

/// Adults with more than one concern, most first: a pattern of low-level concerns is what the
/// head is asked to notice.
fn patterns(lines: &[AdultConcernLine]) -> Vec<AdultPattern> {
    let mut by_adult: Vec<(String, AdultPattern)> = Vec::new();
    // Lines come newest first, so the first name met for an adult is the latest typed.
    for l in lines {
        let key = about_key(&l.about_name);
        let i = match by_adult.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                by_adult.push((
                    key,
                    AdultPattern {
                        about_name: l.about_name.clone(),
                        low_level: 0,
                        harm: 0,
                        first_ms: l.received_at_ms,
                        last_ms: l.received_at_ms,
                    },
                ));
                by_adult.len() - 1
            }
        };
        let p = &mut by_adult[i].1;
        match l.level {
            AdultConcernLevel::LowLevel => p.low_level += 1,
            AdultConcernLevel::Harm => p.harm += 1,
        }
        p.first_ms = p.first_ms.min(l.received_at_ms);
        p.last_ms = p.last_ms.max(l.received_at_ms);
    }
    let mut out: Vec<AdultPattern> = by_adult
        .into_iter()
        .map(|(_, p)| p)
        .filter(|p| p.low_level + p.harm > 1)
        .collect();
    out.sort_by_key(|a| std::cmp::Reverse(a.low_level + a.harm));
    out
}

/// `GET /api/v1/staff/adult-concerns`
#[utoipa::path(
    get,
    path = "/staff/adult-concerns",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_adult_concerns_list",
    summary = "The concerns about adults that go to the head (or to the chair, those about the head), newest first, with each adult's pattern",
    responses((status = 200, description = "The reader's concerns", body = AdultConcernList)),
    security(("staff_session" = [])),
)]
pub async fn list(
    School(state): School,
    HeadOrChair(user, reader): HeadOrChair,
) -> Result<Json<AdultConcernList>, ApiError> {
    let concerns = lines_for(&state, reader).await?;
    user.audit(
        &state,
        "adult_concerns_listed",
        None,
        &format!("{} concern(s)", concerns.len()),
    )
    .await?;
    Ok(Json(AdultConcernList {
        reader,
        patterns: patterns(&concerns),
        concerns,
    }))
}

/// `GET /api/v1/staff/adult-concerns/summary`
#[utoipa::path(
    get,
    path = "/staff/adult-concerns/summary",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_adult_concerns_summary",
    summary = "For the head's (or chair's) home: open concerns about adults, LADO consultations overdue, and the filtering review",
    responses((status = 200, description = "Counts only", body = HeadSummary)),
    security(("staff_session" = [])),
)]
pub async fn summary(
    School(state): School,
    HeadOrChair(_user, reader): HeadOrChair,
) -> Result<Json<HeadSummary>, ApiError> {
    let lines = lines_for(&state, reader).await?;
    let filtering_review = match reader {
        AdultConcernReader::Head => Some(super::filtering::review_now(&state.storage).await?),
        AdultConcernReader::ChairOfGovernors => None,
    };
    Ok(Json(HeadSummary {
        reader,
        open: lines.iter().filter(|l| !l.closed).count() as u32,
        lado_overdue: lines.iter().filter(|l| l.lado_overdue).count() as u32,
        filtering_review,
    }))
}

/// A concern's id from its path: anything but a UUID names no concern.
fn concern_id(id: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id).map_err(|_| ApiError::NotFound)
}

/// The concern, if this reader may read it. One that goes to the other reader (a concern about
/// the head, asked for by the head) is refused and the refusal audited.
async fn readable(
    state: &AppState,
    user: &StaffUser,
    reader: AdultConcernReader,
    id: &Uuid,
    doing: &str,
) -> Result<AdultConcernRow, ApiError> {
    let row = state
        .storage
        .adult_concern(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let goes_to = if row.about_head {
        AdultConcernReader::ChairOfGovernors
    } else {
        AdultConcernReader::Head
    };
    if goes_to != reader {
        user.audit(state, "access_denied", None, doing).await?;
        return Err(ApiError::Forbidden(
            "a concern about the head goes to the chair of governors only",
        ));
    }
    Ok(row)
}

/// `GET /api/v1/staff/adult-concerns/{id}`
#[utoipa::path(
    get,
    path = "/staff/adult-concerns/{id}",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_adult_concerns_detail",
    summary = "One concern about an adult, with everything recorded on it",
    params(("id" = String, Path, description = "The concern (a UUID)")),
    responses((status = 200, description = "The record", body = AdultConcernRecord)),
    security(("staff_session" = [])),
)]
pub async fn detail(
    School(state): School,
    HeadOrChair(user, reader): HeadOrChair,
    Path(id): Path<String>,
) -> Result<Json<AdultConcernRecord>, ApiError> {
    let doing = format!("GET /staff/adult-concerns/{id}");
    let id = concern_id(&id)?;
    let row = readable(&state, &user, reader, &id, &doing).await?;
    Ok(Json(record(&state, &user, &row).await?))
}

/// The whole record, its read audited.
async fn record(
    state: &AppState,
    user: &StaffUser,
    row: &AdultConcernRow,
) -> Result<AdultConcernRecord, ApiError> {
    let stored = stored(row)?;
    let steps = state
        .storage
        .adult_concern_steps(&row.id)
        .await?
        .into_iter()
        .map(|s| {
            Ok(RecordedAdultStep {
                step: serde_json::from_str(&s.answers).map_err(|e| {
                    ApiError::internal(anyhow::anyhow!("stored step does not parse: {e}"))
                })?,
                by: s.by_name,
                at_ms: s.at_ms,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    user.audit(
        state,
        "adult_concern_read",
        None,
        &ConcernReceipt::reference_for(&row.id),
    )
    .await?;
    Ok(AdultConcernRecord {
        line: line(row, &stored, now_ms()),
        happened_at_ms: row.happened_at_ms,
        stored,
        steps,
    })
}

/// `POST /api/v1/staff/adult-concerns/{id}/steps`
#[utoipa::path(
    post,
    path = "/staff/adult-concerns/{id}/steps",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_adult_concerns_step",
    summary = "Record the LADO consulted, a decision with its reasons, or the outcome that closes the concern",
    params(("id" = String, Path, description = "The concern (a UUID)")),
    request_body = AdultConcernStep,
    responses(
        (status = 200, description = "The record as it now is", body = AdultConcernRecord),
        (status = 400, description = "Something to put right, in plain words"),
        (status = 409, description = "The concern is closed"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn add_step(
    School(state): School,
    HeadOrChair(user, reader): HeadOrChair,
    Path(id): Path<String>,
    ApiJson(step): ApiJson<AdultConcernStep>,
) -> Result<Json<AdultConcernRecord>, ApiError> {
    let doing = format!("POST /staff/adult-concerns/{id}/steps");
    let id = concern_id(&id)?;
    let row = readable(&state, &user, reader, &id, &doing).await?;
    if row.closed {
        return Err(ApiError::Conflict(
            "this concern is closed; if something new happens, log it as a new concern".into(),
        ));
    }
    let step = cleaned_step(step)?;
    step.validate()
        .map_err(|e| ApiError::BadRequest(message(&e)))?;
    if let AdultConcernStep::Closed {
        below_threshold: None,
        ..
    } = &step
    {
        if row.level == AdultConcernLevel::Harm && !row.lado_consulted {
            return Err(ApiError::BadRequest(
                "record the LADO consulted first, or say why it did not meet the threshold for \
                 the LADO"
                    .into(),
            ));
        }
    }
    let answers = serde_json::to_string(&step).map_err(ApiError::internal)?;
    let added = state
        .storage
        .add_adult_concern_step(&id, step.key(), &answers, user.staff.id, now_ms())
        .await?;
    if !added {
        return Err(ApiError::Conflict(
            "this concern was closed a moment ago; reload the page".into(),
        ));
    }
    user.audit(
        &state,
        "adult_concern_step",
        None,
        &format!("{}: {}", ConcernReceipt::reference_for(&id), step.key()),
    )
    .await?;
    let row = state
        .storage
        .adult_concern(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(record(&state, &user, &row).await?))
}

/// The step's texts trimmed; the LADO's day a real day, not after today; an empty "below the
/// threshold" box is no reason.
fn cleaned_step(step: AdultConcernStep) -> Result<AdultConcernStep, ApiError> {
    let text = |field: &str, t: &str, max| {
        Ok::<_, ApiError>(clean_text(field, t, max, false)?.unwrap_or_default())
    };
    Ok(match step {
        AdultConcernStep::Lado {
            consulted_on,
            lado,
            advice,
        } => AdultConcernStep::Lado {
            consulted_on: super::filtering::past_day(
                "The day the LADO was consulted",
                &consulted_on,
            )?,
            lado: text("Who you spoke to", &lado, MAX_ADULT_SHORT_CHARS)?,
            advice: text("Their advice", &advice, MAX_ADULT_TEXT_CHARS)?,
        },
        AdultConcernStep::Decision { decision, reason } => AdultConcernStep::Decision {
            decision: text("The decision", &decision, MAX_ADULT_TEXT_CHARS)?,
            reason: text("Why", &reason, MAX_ADULT_TEXT_CHARS)?,
        },
        AdultConcernStep::Closed {
            outcome,
            below_threshold,
        } => AdultConcernStep::Closed {
            outcome: text("The outcome", &outcome, MAX_ADULT_TEXT_CHARS)?,
            below_threshold: match below_threshold {
                Some(t) => clean_text(
                    "Why it did not need the LADO",
                    &t,
                    MAX_ADULT_TEXT_CHARS,
                    false,
                )?,
                None => None,
            },
        },
    })
}
