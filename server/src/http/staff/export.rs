//! The incident log as CSV, for the school's own safeguarding system (CPOMS, MyConcern). Without
//! `identifying=true` it holds no pupil-identifying field: not the pupil's words, name, class or
//! the web address they gave. With it, the DSL has chosen to include them, and the audit log
//! says so.

use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use kite_protocol::report::{Report, Reporter, TalkTo};
use serde::Deserialize;

use super::governors::PeriodQuery;
use crate::auth::staff::Dsl;
use crate::csv::{date_time, Csv};
use crate::error::ApiError;
use crate::state::AppState;

/// The period fields are spelled out rather than `#[serde(flatten)]`ed: flattening makes
/// `serde_urlencoded` hand every value over as text, and numbers then fail to parse.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    pub from_ms: i64,
    pub to_ms: i64,
    #[serde(default)]
    pub identifying: bool,
}

/// A wire enum's snake_case name (`someone_was_unkind`), the form other systems can map.
fn name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `GET /api/v1/staff/reports/export.csv?from_ms&to_ms[&identifying=true]`: DSL only.
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
        header.extend(["pupil_words", "pupil_name", "pupil_class", "web_address"]);
    }
    csv.row(header);
    for row in &rows {
        let report: Report = serde_json::from_str(&row.payload).map_err(|e| {
            ApiError::internal(anyhow::anyhow!("stored report does not parse: {e}"))
        })?;
        let mut cells = vec![
            row.id.clone(),
            date_time(row.received_at_ms),
            if row.urgent { "yes" } else { "no" }.to_string(),
            row.status.clone(),
            row.category.clone().unwrap_or_default(),
            row.outcome.clone().unwrap_or_default(),
            row.updated_at_ms.map(date_time).unwrap_or_default(),
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
            row.actions.join(";"),
        ];
        if q.identifying {
            let (first_name, class) = match &report.reporter {
                Reporter::Named { first_name, class } => (first_name.clone(), class.clone()),
                Reporter::Anonymous => (String::new(), String::new()),
            };
            cells.extend([
                report.words.clone().unwrap_or_default(),
                first_name,
                class,
                report.web_address.clone().unwrap_or_default(),
            ]);
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
