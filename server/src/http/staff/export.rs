//! The incident log as CSV, for the school's own safeguarding system (CPOMS, MyConcern): pupils'
//! reports and parents' concerns. Without `identifying=true` it holds no identifying field: not
//! the pupil's or parent's words, names, class, child, contact or the web address given. With it, the DSL has chosen to include them, and the audit log
//! says so.

use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use kite_protocol::parents::ParentConcern;
use kite_protocol::report::{Report, Reporter, TalkTo};
use serde::Deserialize;

use super::governors::PeriodQuery;
use crate::csv::{date_time, Csv};
use crate::error::ApiError;
use crate::http::staff::extract::Dsl;
use crate::state::AppState;

/// The period fields are spelled out rather than `#[serde(flatten)]`ed: flattening makes
/// `serde_urlencoded` hand every value over as text, and numbers then fail to parse.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Received on or after (unix ms).
    pub from_ms: i64,
    /// Received before (unix ms).
    pub to_ms: i64,
    /// Add the identifying columns (the pupil's words, names given, class or child, contact, web
    /// address).
    #[serde(default)]
    pub identifying: bool,
}

/// The columns added when the DSL chooses to include identifying fields.
const IDENTIFYING: [&str; 5] = [
    "words",
    "name_given",
    "class_or_child",
    "contact",
    "web_address",
];

/// What a row says (what happened, where, feeling, key stage, who to talk to) and its identifying
/// fields, for a pupil's report.
fn pupil_cells(payload: &str) -> Result<(Vec<String>, Vec<String>), ApiError> {
    let report: Report = serde_json::from_str(payload)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("stored report does not parse: {e}")))?;
    let (first_name, class) = match &report.reporter {
        Reporter::Named { first_name, class } => (first_name.clone(), class.clone()),
        Reporter::Anonymous => (String::new(), String::new()),
    };
    Ok((
        vec![
            name(&report.what),
            report.place.as_ref().map(name).unwrap_or_default(),
            report.feeling.as_ref().map(name).unwrap_or_default(),
            report
                .band
                .map(|b| b.as_str().to_string())
                .unwrap_or_default(),
            match &report.talk_to {
                TalkTo::AnyGrownUp => "any_grown_up".to_string(),
                TalkTo::TrustedAdult { id } => format!("trusted_adult:{id}"),
            },
        ],
        vec![
            report.words.unwrap_or_default(),
            first_name,
            class,
            String::new(),
            report.web_address.unwrap_or_default(),
        ],
    ))
}

/// The same for a parent's concern: "parent_concern" and nothing a pupil's report would say.
fn parent_cells(payload: &str) -> Result<(Vec<String>, Vec<String>), ApiError> {
    let concern: ParentConcern = serde_json::from_str(payload)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("stored concern does not parse: {e}")))?;
    Ok((
        vec![
            "parent_concern".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ],
        vec![
            concern.text,
            concern.parent_name.unwrap_or_default(),
            concern.child.unwrap_or_default(),
            concern.contact.unwrap_or_default(),
            String::new(),
        ],
    ))
}

/// A wire enum's snake_case name (`someone_was_unkind`), the form other systems can map.
fn name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `GET /api/v1/staff/reports/export.csv?from_ms&to_ms[&identifying=true]`: DSL only.
#[utoipa::path(
    get,
    path = "/staff/reports/export.csv",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_reports_export",
    summary = "The incident log for a period, as CSV",
    params(ExportQuery),
    responses((status = 200, description = "The incident log, one report a row", body = String, content_type = "text/csv")),
    security(("staff_session" = [])),
)]
pub async fn incident_log(
    State(state): State<AppState>,
    Dsl(user): Dsl,
    Query(q): Query<ExportQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let (period, _) = PeriodQuery {
        from_ms: q.from_ms,
        to_ms: q.to_ms,
        previous_from_ms: None,
        previous_to_ms: None,
    }
    .periods()?;
    let rows = state
        .storage
        .export_rows(period.from_ms, period.to_ms)
        .await?;
    let mut csv = Csv::default();
    let mut header = vec![
        "report_id",
        "source",
        "received_utc",
        "urgent",
        "status",
        "category",
        "outcome",
        "last_changed_utc",
        "what_happened",
        "where",
        "feeling",
        "key_stage",
        "wants_to_talk_to",
        "actions",
    ];
    if q.identifying {
        header.extend(IDENTIFYING);
    }
    csv.row(header);
    for row in &rows {
        let mut cells = vec![
            row.id.clone(),
            row.source.clone(),
            date_time(row.received_at_ms),
            if row.urgent { "yes" } else { "no" }.to_string(),
            row.status.clone(),
            row.category.clone().unwrap_or_default(),
            row.outcome.clone().unwrap_or_default(),
            row.updated_at_ms.map(date_time).unwrap_or_default(),
        ];
        let (described, identifying) = if row.source == "parent" {
            parent_cells(&row.payload)?
        } else {
            pupil_cells(&row.payload)?
        };
        cells.extend(described);
        cells.push(row.actions.join(";"));
        if q.identifying {
            cells.extend(identifying);
        }
        csv.row(cells);
    }
    user.audit(
        &state,
        "export_incident_log",
        None,
        &format!(
            "{}..{} ({} reports, {})",
            period.from_ms,
            period.to_ms,
            rows.len(),
            if q.identifying {
                "with identifying fields"
            } else {
                "no identifying fields"
            }
        ),
    )
    .await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"kite-incident-log.csv\"",
            ),
        ],
        csv.finish(),
    ))
}
