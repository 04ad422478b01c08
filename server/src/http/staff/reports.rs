//! The DSL's incident inbox: list (a page at a time, with the total), count of new, a record's
//! page (recording each DSL's first read), triage and closing with its reasons, and actions with
//! an owner and a due date. Every view and change is audited; the audit entry names the report,
//! never its content.

use axum::extract::{Path, Query};
use axum::Json;
use kite_protocol::parents::ParentConcern;
use kite_protocol::record::{RecordSource, DEFAULT_PER_PAGE, MAX_PER_PAGE};
use kite_protocol::report::{Report, TalkTo};
use kite_protocol::staff::{
    Category, NewAction, NewCount, ReportDetail, ReportList, Status, Triage, MAX_NOTE_CHARS,
};
use serde::Deserialize;

use super::record_entry::{event, valid_id};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::Dsl;
use crate::http::School;
use crate::ids::StaffId;
use crate::state::AppState;
use crate::storage::reports::record::EventLinks;
use crate::storage::{NewReportEvent, ReportChange, ReportFilter, ReportSource};
use crate::validate::clean_text;

#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// new | seen | in_progress | closed | all (default: everything but closed)
    pub status: Option<String>,
    /// urgent | not_urgent
    pub urgency: Option<String>,
    pub category: Option<String>,
    /// Received on or after (unix ms).
    pub from_ms: Option<i64>,
    /// Received before (unix ms).
    pub to_ms: Option<i64>,
    /// pupil | parent | staff (default: every source)
    pub source: Option<String>,
    /// `true`: only records the signed-in DSL hasn't opened.
    pub unread: Option<bool>,
    /// The page, from 1 (default 1).
    pub page: Option<u32>,
    /// Records a page (default 50, at most 200).
    pub per_page: Option<u32>,
}

/// `GET /api/v1/staff/reports`: urgent first, then newest.
#[utoipa::path(
    get,
    path = "/staff/reports",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_reports_list",
    summary = "Records, urgent first, then newest: one page, with how many match in all",
    params(ListQuery),
    responses((status = 200, description = "The reports matching the filter", body = ReportList)),
    security(("staff_session" = [])),
)]
pub async fn list(
    School(state): School,
    Dsl(user): Dsl,
    Query(q): Query<ListQuery>,
) -> Result<Json<ReportList>, ApiError> {
    let mut filter = ReportFilter::default();
    match q.status.as_deref().filter(|s| !s.is_empty()) {
        None | Some("open") => {}
        Some("all") => filter.include_closed = true,
        Some(s) => {
            filter.status = Some(Status::parse(s).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "status {s:?} is not one of new, seen, in_progress, closed, open, all"
                ))
            })?)
        }
    }
    filter.urgent = match q.urgency.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some("urgent") => Some(true),
        Some("not_urgent") => Some(false),
        Some(u) => {
            return Err(ApiError::BadRequest(format!(
                "urgency {u:?} is not urgent or not_urgent"
            )))
        }
    };
    if let Some(c) = q.category.as_deref().filter(|s| !s.is_empty()) {
        filter.category = Some(
            Category::parse(c)
                .ok_or_else(|| ApiError::BadRequest(format!("category {c:?} is not known")))?,
        );
    }
    if let Some(src) = q.source.as_deref().filter(|s| !s.is_empty()) {
        filter.source = Some(RecordSource::parse(src).ok_or_else(|| {
            ApiError::BadRequest(format!("source {src:?} is not one of pupil, parent, staff"))
        })?);
    }
    filter.from_ms = q.from_ms;
    filter.to_ms = q.to_ms;
    filter.unread_only = q.unread.unwrap_or(false);
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(DEFAULT_PER_PAGE);
    if page == 0 || per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(ApiError::BadRequest(format!(
            "page starts at 1, and per_page is from 1 to {MAX_PER_PAGE}"
        )));
    }
    let (reports, total) = inbox_page(&state, user.staff.id, filter, page, per_page).await?;
    let detail = format!(
        "status={} urgency={} category={} source={} unread={} from={} to={} page={page} ({} of {total} shown)",
        q.status.as_deref().unwrap_or("open"),
        q.urgency.as_deref().unwrap_or("any"),
        q.category.as_deref().unwrap_or("any"),
        q.source.as_deref().unwrap_or("any"),
        filter_flag(q.unread),
        q.from_ms.map(|t| t.to_string()).unwrap_or_default(),
        q.to_ms.map(|t| t.to_string()).unwrap_or_default(),
        reports.len()
    );
    user.audit(&state, "list_reports", None, &detail).await?;
    Ok(Json(ReportList {
        reports,
        total,
        page,
        per_page,
    }))
}

fn filter_flag(f: Option<bool>) -> &'static str {
    if f.unwrap_or(false) {
        "yes"
    } else {
        "any"
    }
}

/// One page of the inbox for `reader` (whose reads say what is unread), and how many match.
pub(super) async fn inbox_page(
    state: &AppState,
    reader: StaffId,
    mut filter: ReportFilter,
    page: u32,
    per_page: u32,
) -> Result<(Vec<kite_protocol::staff::ReportRow>, i64), ApiError> {
    filter.reader = Some(reader);
    filter.offset = i64::from(page - 1) * i64::from(per_page);
    filter.limit = Some(i64::from(per_page));
    let reports = state.storage.list_reports(&filter).await?;
    let total = state.storage.count_reports(&filter).await?;
    Ok((reports, total))
}

/// `GET /api/v1/staff/reports/count`: polled by the DSL's screen. Counts only, so not audited
/// (it would bury the log in three entries a minute).
#[utoipa::path(
    get,
    path = "/staff/reports/count",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_reports_count",
    summary = "How many new (and new urgent) reports there are",
    responses((status = 200, description = "The counts", body = NewCount)),
    security(("staff_session" = [])),
)]
pub async fn count(School(state): School, Dsl(_user): Dsl) -> Result<Json<NewCount>, ApiError> {
    let (new, urgent_new) = state.storage.count_new_reports().await?;
    Ok(Json(NewCount { new, urgent_new }))
}

/// `GET /api/v1/staff/reports/{id}`: everything the pupil gave, the device and when it arrived,
/// and the chronology. Opening a new report marks it seen; the first time each DSL opens it is
/// recorded as their read.
#[utoipa::path(
    get,
    path = "/staff/reports/{id}",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_detail",
    summary = "One report in full, with its chronology (opening a new one marks it seen)",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    responses((status = 200, description = "The report", body = ReportDetail)),
    security(("staff_session" = [])),
)]
pub async fn detail(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<String>,
) -> Result<Json<ReportDetail>, ApiError> {
    valid_id(&id)?;
    let mut stored = state.storage.report(&id).await?.ok_or(ApiError::NotFound)?;
    // Every opening is logged once per sitting; reloading the record after a save isn't another.
    if !state
        .storage
        .opened_this_sitting(user.staff.id, &id, now_ms())
        .await?
    {
        user.audit(&state, "view_report", Some(&id), "").await?;
    }
    if state
        .storage
        .mark_read(&id, user.staff.id, now_ms())
        .await?
    {
        user.audit(&state, "report_first_read", Some(&id), "")
            .await?;
    }
    if stored.row.status == Status::New {
        let now = now_ms();
        state
            .storage
            .change_report(
                &id,
                &ReportChange {
                    status: Some(Status::Seen),
                    ..Default::default()
                },
                &[NewReportEvent {
                    at_ms: now,
                    staff_id: user.staff.id,
                    staff_name: user.staff.name.clone(),
                    kind: "status".into(),
                    action_type: None,
                    detail: "Opened: marked seen".into(),
                }],
                now,
            )
            .await?;
        user.audit(&state, "report_status", Some(&id), "new -> seen (opened)")
            .await?;
        stored.row.status = Status::Seen;
    }
    let chronology = state.storage.report_events(&id).await?;
    let corrupt = |e: serde_json::Error| {
        ApiError::internal(anyhow::anyhow!("stored report does not parse: {e}"))
    };
    let staff_concern = match stored.source {
        ReportSource::Staff => Some(super::concerns::stored(&stored.payload)?),
        _ => None,
    };
    let (report, parent_concern, talk_to) = match stored.source {
        ReportSource::Pupil => {
            let report: Report = serde_json::from_str(&stored.payload).map_err(corrupt)?;
            let talk_to = talk_to_name(&state, &report.talk_to).await?;
            (Some(report), None, talk_to)
        }
        ReportSource::Parent => {
            let concern: ParentConcern = serde_json::from_str(&stored.payload).map_err(corrupt)?;
            let talk_to = match &concern.contact {
                Some(contact) => format!("The parent, at {contact}"),
                None => "The parent left no contact details".to_string(),
            };
            (None, Some(concern), talk_to)
        }
        ReportSource::Staff => (None, None, super::concerns::talk_to(&staff_concern)),
    };
    Ok(Json(ReportDetail {
        id: stored.row.id,
        received_at_ms: stored.row.received_at_ms,
        urgent: stored.row.urgent,
        status: stored.row.status,
        category: stored.row.category,
        outcome: stored.outcome,
        device_name: stored.row.device_name,
        talk_to,
        report,
        parent_concern,
        staff_concern,
        chronology,
        local_contacts: state.storage.school_settings().await?.0,
        source: stored.row.source,
        reads: state.storage.report_reads(&id).await?,
        referrals: state.storage.referrals(&id).await?,
        parents_told: state.storage.parents_told(&id).await?,
        outcome_reason: stored.outcome_reason,
        not_referred_reason: stored.not_referred_reason,
        action_owners: state.storage.action_owners().await?,
        linked_pupils: state.storage.linked_pupils(&id).await?,
        on_hold: state.storage.report_on_hold(&id).await?,
        wants_answer: state.storage.report_wants_answer(&id).await?,
        answers: state.storage.child_answers(&id, user.staff.id).await?,
    }))
}

/// Who the pupil would like to talk to, as a name (the trusted adult's, from the profile).
async fn talk_to_name(state: &AppState, talk_to: &TalkTo) -> Result<String, ApiError> {
    Ok(match talk_to {
        TalkTo::AnyGrownUp => "Any grown-up".to_string(),
        TalkTo::TrustedAdult { id } => {
            let profile = state.storage.school_profile().await?;
            profile
                .trusted_adults
                .iter()
                .find(|a| &a.id == id)
                .map(|a| {
                    if a.role.is_empty() {
                        a.name.clone()
                    } else {
                        format!("{} ({})", a.name, a.role)
                    }
                })
                .unwrap_or_else(|| format!("a trusted adult no longer listed (id {id})"))
        }
    })
}

/// `PATCH /api/v1/staff/reports/{id}`: status, category, and (to close) an outcome.
#[utoipa::path(
    patch,
    path = "/staff/reports/{id}",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_triage",
    summary = "Change a report's status, category or (to close it) outcome",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    request_body = Triage,
    responses((status = 200, description = "Whether anything changed", body = Object, example = json!({"changed": true}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn triage(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<String>,
    ApiJson(t): ApiJson<Triage>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    let current = state.storage.report(&id).await?.ok_or(ApiError::NotFound)?;
    let note = clean_text(
        "note",
        t.note.as_deref().unwrap_or(""),
        MAX_NOTE_CHARS,
        false,
    )?;
    if t.status.is_none() && t.category.is_none() {
        return Err(ApiError::BadRequest(
            "send a status, a category, or both".into(),
        ));
    }
    let outcome_reason = clean_text(
        "the reason for the decision",
        t.outcome_reason.as_deref().unwrap_or(""),
        MAX_NOTE_CHARS,
        false,
    )?;
    let not_referred_reason = clean_text(
        "why it was not referred",
        t.not_referred_reason.as_deref().unwrap_or(""),
        MAX_NOTE_CHARS,
        false,
    )?;
    let closing = t.status == Some(Status::Closed) && current.row.status != Status::Closed;
    if closing {
        let referred = !state.storage.referrals(&id).await?.is_empty();
        let mut missing = Vec::new();
        if t.outcome.is_none() {
            missing.push("an outcome (e.g. resolved, no further action, mistaken or not genuine)");
        }
        if outcome_reason.is_none() {
            missing.push("the reason for that decision (outcome_reason)");
        }
        if !referred && not_referred_reason.is_none() {
            missing.push(
                "why it was not referred to another agency (not_referred_reason), as no referral is recorded",
            );
        }
        if !missing.is_empty() {
            return Err(ApiError::BadRequest(format!(
                "closing a record needs {}",
                missing.join("; ")
            )));
        }
        if let Some(why) = super::procedures::blocks_closing(&state, &id).await? {
            return Err(ApiError::Conflict(why));
        }
    }
    if t.outcome.is_some() && t.status != Some(Status::Closed) {
        return Err(ApiError::BadRequest(
            "an outcome is given when closing: send status \"closed\" with it".into(),
        ));
    }
    let now = now_ms();
    let event = |kind: &str, detail: String| NewReportEvent {
        at_ms: now,
        staff_id: user.staff.id,
        staff_name: user.staff.name.clone(),
        kind: kind.into(),
        action_type: None,
        detail,
    };
    let mut events = Vec::new();
    let mut audit = Vec::new();
    if let Some(status) = t.status.filter(|s| *s != current.row.status) {
        if status == Status::Closed {
            let outcome = t.outcome.expect("checked above");
            let mut detail = format!("Closed: {}", outcome.label());
            for said in [&outcome_reason, &not_referred_reason, &note]
                .into_iter()
                .flatten()
            {
                detail.push_str(&format!(". {said}"));
            }
            events.push(event("closed", detail));
            audit.push(format!("closed, outcome {}", outcome.as_str()));
        } else {
            events.push(event(
                "status",
                format!("{} \u{2192} {}", current.row.status.label(), status.label()),
            ));
            audit.push(format!(
                "status {} -> {}",
                current.row.status.as_str(),
                status.as_str()
            ));
        }
    }
    if let Some(category) = t.category.filter(|c| Some(*c) != current.row.category) {
        events.push(event("category", format!("Category: {}", category.label())));
        audit.push(format!("category {}", category.as_str()));
    }
    if events.is_empty() {
        return Ok(Json(serde_json::json!({ "changed": false })));
    }
    state
        .storage
        .change_report(
            &id,
            &ReportChange {
                status: t.status,
                category: t.category,
                outcome: t.outcome,
                outcome_reason: outcome_reason.filter(|_| closing),
                not_referred_reason: not_referred_reason.filter(|_| closing),
            },
            &events,
            now,
        )
        .await?;
    user.audit(&state, "triage_report", Some(&id), &audit.join("; "))
        .await?;
    Ok(Json(serde_json::json!({ "changed": true })))
}

/// `POST /api/v1/staff/reports/{id}/actions`: an action or decision, what and why; who owns it
/// (the DSL recording it unless another member of staff is named) and, optionally, when it is
/// due.
#[utoipa::path(
    post,
    path = "/staff/reports/{id}/actions",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_report_add_action",
    summary = "Record an action or decision on a report: what and why, its owner and due date",
    params(("id" = String, Path, description = "The report id (a UUID)")),
    request_body = NewAction,
    responses((status = 200, description = "Recorded", body = Object, example = json!({"recorded": true}))),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn add_action(
    School(state): School,
    Dsl(user): Dsl,
    Path(id): Path<String>,
    ApiJson(a): ApiJson<NewAction>,
) -> Result<Json<serde_json::Value>, ApiError> {
    valid_id(&id)?;
    let detail =
        clean_text("what was done and why", &a.detail, MAX_NOTE_CHARS, true)?.expect("required");
    let owner = match a.owner_id {
        None => user.staff.id,
        Some(owner) => {
            let owners = state.storage.action_owners().await?;
            if !owners.iter().any(|o| o.id == owner) {
                return Err(ApiError::BadRequest(
                    "the owner must be a member of staff who can sign in".into(),
                ));
            }
            StaffId(owner)
        }
    };
    let due_on = iso_date_field("the due date", a.due_on.as_deref())?;
    let event_id = state
        .storage
        .append_report_event(
            &id,
            &event(&user, "action", Some(a.action_type), detail),
            &EventLinks {
                owner_id: Some(owner),
                due_on: due_on.clone(),
                refers_to: None,
            },
        )
        .await?
        .ok_or(ApiError::NotFound)?;
    user.audit(
        &state,
        "report_action",
        Some(&id),
        &format!(
            "action {} owner {owner} due {}",
            a.action_type.as_str(),
            due_on.as_deref().unwrap_or("-")
        ),
    )
    .await?;
    Ok(Json(
        serde_json::json!({ "recorded": true, "event_id": event_id }),
    ))
}

/// An optional `YYYY-MM-DD` field: `None` when empty, a 400 naming `field` when not a real day.
pub(super) fn iso_date_field(field: &str, value: Option<&str>) -> Result<Option<String>, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => match crate::calendar::parse_iso(v) {
            Some(_) => Ok(Some(v.to_string())),
            None => Err(ApiError::BadRequest(format!(
                "{field} should be a date like 2026-11-25"
            ))),
        },
    }
}
