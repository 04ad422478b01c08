//! A concern any adult in school logs, to the DSL's inbox: a `reports` row with source `staff`,
//! naming the children it is about. The DSL triages it like a pupil's report, and an urgent one
//! alerts the DSLs the same way (the alert says nothing of it). The writer gets a receipt, never
//! the record back; the audit log names the record, never what it says.

use axum::extract::Query;
use axum::Json;
use kite_protocol::concern::{
    CameToLight, ConcernPupilName, ConcernReceipt, NewConcern, PupilChoice, StaffConcern,
    MAX_CONCERN_SHORT_CHARS, MAX_CONCERN_TEXT_CHARS, MIN_PUPIL_QUERY_CHARS,
};
use kite_protocol::limits::MAX_WEB_ADDRESS_CHARS;
use serde::Deserialize;

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::ConcernWriter;
use crate::http::School;
use crate::ids::PupilId;
use crate::storage::concerns::NewStaffConcern;
use crate::validate::clean_text;

/// `POST /api/v1/staff/concerns`: the same `id` again answers with the first receipt.
#[utoipa::path(
    post,
    path = "/staff/concerns",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_concerns_create",
    summary = "Log a concern about one or more pupils; answers with a receipt, not the record",
    request_body = NewConcern,
    responses(
        (status = 200, description = "Received (or received before, under the same id)", body = ConcernReceipt),
        (status = 400, description = "Something to put right, in plain words"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn create(
    School(state): School,
    ConcernWriter(user): ConcernWriter,
    ApiJson(req): ApiJson<NewConcern>,
) -> Result<Json<ConcernReceipt>, ApiError> {
    let receipt = |received_at_ms| ConcernReceipt {
        reference: ConcernReceipt::reference_for(&req.id),
        received_at_ms,
    };
    // Sent again after a lost connection: it is already in, whatever has changed since.
    if let Some(stored) = state.storage.staff_concern_stored(&req.id).await? {
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
        .map_err(|e| ApiError::BadRequest(kite_protocol::concern::message(&e)))?;
    let ids: Vec<PupilId> = concern.pupils.iter().map(|p| PupilId(p.pupil_id)).collect();
    let found = state.storage.current_pupils(&ids).await?.ok_or_else(|| {
        ApiError::BadRequest(
            "one of the children is no longer on a class list; choose them again".into(),
        )
    })?;
    let happened_at_ms = concern.happened_at_ms.unwrap_or(now).min(now);
    let stored = StaffConcern {
        written_by: format!("{}, {}", user.staff.name, user.staff.role.label()),
        pupils: concern
            .pupils
            .iter()
            .zip(&found)
            .map(|(p, f)| ConcernPupilName {
                pupil_id: p.pupil_id,
                name: format!("{} {}. ({})", f.first_name, f.last_initial, f.class_name),
                involvement: p.involvement,
            })
            .collect(),
        happened_at_ms,
        concern,
    };
    let payload = serde_json::to_string(&stored).map_err(ApiError::internal)?;
    let pupils: Vec<_> = stored
        .concern
        .pupils
        .iter()
        .map(|p| (PupilId(p.pupil_id), p.involvement))
        .collect();
    state
        .storage
        .store_staff_concern(&NewStaffConcern {
            id: stored.concern.id,
            written_by: user.staff.id,
            received_at_ms: now,
            happened_at_ms,
            category: stored.concern.category,
            came_to_light: stored.concern.came_to_light.key(),
            urgent: stored.concern.urgent,
            payload: &payload,
            pupils: &pupils,
        })
        .await?;
    let id = stored.concern.id.to_string();
    let detail = format!(
        "{} child(ren){}",
        pupils.len(),
        if stored.concern.urgent {
            ", urgent"
        } else {
            ""
        }
    );
    user.audit(&state, "concern_logged", Some(&id), &detail)
        .await?;
    // Two sends racing past the check above store once; both answer with this receipt's time,
    // which differs from the stored one by the race's width at most.
    Ok(Json(receipt(now)))
}

/// The concern with every text trimmed through the server's one text check; empty optional
/// boxes become `None`.
fn cleaned(mut c: NewConcern) -> Result<NewConcern, ApiError> {
    let optional = |field: &str, text: &Option<String>, max| match text {
        Some(t) => clean_text(field, t, max, false),
        None => Ok(None),
    };
    c.place = optional("Where", &c.place, MAX_CONCERN_SHORT_CHARS)?;
    c.what_happened = clean_text(
        "What happened",
        &c.what_happened,
        MAX_CONCERN_TEXT_CHARS,
        false,
    )?
    .unwrap_or_default();
    c.child_words = optional(
        "The child's own words",
        &c.child_words,
        MAX_CONCERN_TEXT_CHARS,
    )?;
    c.action_taken = optional("What you did", &c.action_taken, MAX_CONCERN_TEXT_CHARS)?;
    c.came_to_light = match c.came_to_light {
        CameToLight::MonitoringAlert {
            tool,
            tool_name,
            flagged_at_ms,
            flagged,
        } => CameToLight::MonitoringAlert {
            tool,
            tool_name: optional("The tool's name", &tool_name, MAX_CONCERN_SHORT_CHARS)?,
            flagged_at_ms,
            flagged: optional("What the tool flagged", &flagged, MAX_CONCERN_SHORT_CHARS)?,
        },
        CameToLight::FilteringBreach { web_address } => CameToLight::FilteringBreach {
            web_address: clean_text(
                "The web address",
                &web_address,
                MAX_WEB_ADDRESS_CHARS,
                false,
            )?
            .unwrap_or_default(),
        },
        CameToLight::AnotherAgency { agency } => CameToLight::AnotherAgency {
            agency: optional("The agency", &agency, MAX_CONCERN_SHORT_CHARS)?,
        },
        CameToLight::Other { detail } => CameToLight::Other {
            detail: clean_text(
                "How it came to light",
                &detail,
                MAX_CONCERN_SHORT_CHARS,
                false,
            )?
            .unwrap_or_default(),
        },
        other => other,
    };
    Ok(c)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PupilQuery {
    /// The first letters of a pupil's first or last name (a second word narrows by surname).
    pub q: String,
}

/// `GET /api/v1/staff/concerns/pupils?q=`: pupils of any class for the concern form's picker:
/// first name, initial and class, nothing else. Anyone who logs concerns may find any pupil.
#[utoipa::path(
    get,
    path = "/staff/concerns/pupils",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_concerns_pupils",
    summary = "Find current pupils of any class by the first letters of their name",
    params(PupilQuery),
    responses((status = 200, description = "A few matching pupils", body = Vec<PupilChoice>)),
    security(("staff_session" = [])),
)]
pub async fn pupils(
    School(state): School,
    ConcernWriter(_user): ConcernWriter,
    Query(q): Query<PupilQuery>,
) -> Result<Json<Vec<PupilChoice>>, ApiError> {
    if q.q.trim().chars().count() < MIN_PUPIL_QUERY_CHARS {
        return Ok(Json(Vec::new()));
    }
    Ok(Json(state.storage.find_pupils(&q.q).await?))
}

/// A stored concern, for the DSL's report page.
pub(super) fn stored(payload: &str) -> Result<StaffConcern, ApiError> {
    serde_json::from_str(payload)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("stored concern does not parse: {e}")))
}

/// Who the DSL talks to first about a staff concern: the adult who wrote it.
pub(super) fn talk_to(concern: &Option<StaffConcern>) -> String {
    concern
        .as_ref()
        .map(|c| format!("{}, who wrote it", c.written_by))
        .unwrap_or_default()
}
