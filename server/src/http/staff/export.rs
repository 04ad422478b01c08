//! The incident log as CSV, for the school's own safeguarding system (CPOMS, MyConcern): pupils'
//! reports, parents' concerns and staff concerns, each with the children it is about, referrals
//! made and whether the parents were told. Without `identifying=true` it holds no identifying
//! field: not anyone's words, names, class, child, contact, place or web address, no referral
//! reference and no reason written by the DSL. A child linked to a record appears only as a
//! pseudonymous key (the same child, the same key, in every export from this school, and no way
//! back to the child without the server's key), so repeated concerns about one child still show.
//! With it, the DSL has chosen to include them (the children's names and UPNs too), and the audit
//! log says so.

use axum::extract::Query;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use hmac::{Hmac, Mac};
use kite_protocol::concern::{CameToLight, StaffConcern};
use kite_protocol::parents::ParentConcern;
use kite_protocol::report::{Report, Reporter, TalkTo};
use serde::Deserialize;
use sha2::Sha256;

use crate::csv::{date_time, Csv};
use crate::error::ApiError;
use crate::http::staff::extract::Dsl;
use crate::http::School;
use crate::ids::PupilId;
use crate::storage::{ExportChild, ExportParentsInformed, ExportReferral, ExportRow};
use kite_protocol::oversight::Period;

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

/// The columns every export has, in order. A school's import mapping keeps working as columns
/// are only ever added at the end of each group.
const HEADER: [&str; 22] = [
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
    "happened_utc",
    "came_to_light",
    "monitoring_tool",
    "told_dsl_in_person",
    "written_by_role",
    "children",
    "referrals",
    "parents_informed",
];

/// The columns added when the DSL chooses to include identifying fields.
const IDENTIFYING: [&str; 14] = [
    "words",
    "name_given",
    "class_or_child",
    "contact",
    "web_address",
    "children_named",
    "child_words",
    "place",
    "action_taken",
    "came_to_light_detail",
    "referral_details",
    "parents_informed_details",
    "outcome_reason",
    "not_referred_reason",
];

/// What a row says and its identifying fields, from the record's own words (its payload).
struct Cells {
    described: [String; 5],
    identifying: [String; 5],
    /// A staff concern's own columns: (monitoring tool, told a DSL in person) and (the child's
    /// words, place, what the writer did, how it came to light in detail).
    staff: [String; 2],
    staff_identifying: [String; 4],
}

/// What a row says (what happened, where, feeling, key stage, who to talk to) and its identifying
/// fields, for a pupil's report.
fn pupil_cells(payload: &str) -> Result<Cells, ApiError> {
    let report: Report = serde_json::from_str(payload)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("stored report does not parse: {e}")))?;
    let (first_name, class) = match &report.reporter {
        Reporter::Named { first_name, class } => (first_name.clone(), class.clone()),
        Reporter::Anonymous => (String::new(), String::new()),
    };
    Ok(Cells {
        described: [
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
        identifying: [
            report.words.unwrap_or_default(),
            first_name,
            class,
            String::new(),
            report.web_address.unwrap_or_default(),
        ],
        staff: Default::default(),
        staff_identifying: Default::default(),
    })
}

/// The described columns of a record that isn't a pupil's report: what it is, nothing else.
fn only_what(what: &str) -> [String; 5] {
    [
        what.into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ]
}

/// The same for a parent's concern: "parent_concern" and nothing a pupil's report would say.
fn parent_cells(payload: &str) -> Result<Cells, ApiError> {
    let concern: ParentConcern = serde_json::from_str(payload)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("stored concern does not parse: {e}")))?;
    Ok(Cells {
        described: only_what("parent_concern"),
        identifying: [
            concern.text,
            concern.parent_name.unwrap_or_default(),
            concern.child.unwrap_or_default(),
            concern.contact.unwrap_or_default(),
            String::new(),
        ],
        staff: Default::default(),
        staff_identifying: Default::default(),
    })
}

/// The same for a staff concern: "staff_concern", with its own columns. The writer's name is
/// identifying; their role is not.
fn staff_cells(payload: &str) -> Result<Cells, ApiError> {
    let stored: StaffConcern = serde_json::from_str(payload)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("stored concern does not parse: {e}")))?;
    let c = stored.concern;
    let (tool, web_address, detail) = match c.came_to_light {
        CameToLight::MonitoringAlert {
            tool,
            tool_name,
            flagged,
            ..
        } => {
            // The tool's own name (for "another tool") and what it flagged, both when given.
            let detail = match (tool_name, flagged) {
                (Some(name), Some(what)) => Some(format!("{name}: {what}")),
                (name, what) => name.or(what),
            };
            (tool.as_str().to_string(), String::new(), detail)
        }
        CameToLight::FilteringBreach { web_address } => (String::new(), web_address, None),
        CameToLight::AnotherAgency { agency } => (String::new(), String::new(), agency),
        CameToLight::Other { detail } => (String::new(), String::new(), Some(detail)),
        CameToLight::SeenByMe | CameToLight::ChildToldMe | CameToLight::Parent => {
            Default::default()
        }
    };
    Ok(Cells {
        described: only_what("staff_concern"),
        identifying: [
            c.what_happened,
            stored.written_by,
            String::new(),
            String::new(),
            web_address,
        ],
        staff: [tool, if c.told_dsl { "yes" } else { "no" }.to_string()],
        staff_identifying: [
            c.child_words.unwrap_or_default(),
            c.place.unwrap_or_default(),
            c.action_taken.unwrap_or_default(),
            detail.unwrap_or_default(),
        ],
    })
}

/// A child's key in the export without identifying fields: stable for the same child in every
/// export from this school, and meaningless without the server's key (HMAC-SHA256 of the
/// pupil's id), so the file can travel without saying who the child is.
fn pseudonym(key: &[u8], pupil: PupilId) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(format!("kite pupil pseudonym:{pupil}").as_bytes());
    let digest = mac.finalize().into_bytes();
    let hex: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    format!("pupil-{hex}")
}

/// "pupil-3fa9…:affected;pupil-81bd…:witness".
fn children_keys(key: &[u8], children: &[ExportChild]) -> String {
    children
        .iter()
        .map(|c| format!("{}:{}", pseudonym(key, c.pupil_id), c.involvement))
        .collect::<Vec<_>>()
        .join(";")
}

/// "Ava Smith (UPN A123…) affected; Ben C. witness".
fn children_named(children: &[ExportChild]) -> String {
    children
        .iter()
        .map(|c| {
            let name = match &c.last_name {
                Some(last) => format!("{} {last}", c.first_name),
                None => format!("{} {}.", c.first_name, c.last_initial),
            };
            let upn = c
                .upn
                .as_ref()
                .map(|u| format!(" (UPN {u})"))
                .unwrap_or_default();
            format!("{name}{upn} {}", c.involvement)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// "police 2026-09-03;ceop 2026-09-04": the agency and day only.
fn referrals_plain(referrals: &[ExportReferral]) -> String {
    referrals
        .iter()
        .map(|r| format!("{} {}", r.agency, r.referred_on))
        .collect::<Vec<_>>()
        .join(";")
}

/// Each referral's named agency, reference and result.
fn referral_details(referrals: &[ExportReferral]) -> String {
    referrals
        .iter()
        .map(|r| {
            let mut parts = vec![format!("{} {}", r.agency, r.referred_on)];
            parts.extend(r.agency_detail.clone());
            parts.extend(r.reference.as_ref().map(|x| format!("reference {x}")));
            parts.extend(r.result.as_ref().map(|x| format!("result: {x}")));
            parts.join(", ")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// "yes 2026-09-03;no": told (and when) or not.
fn parents_plain(told: &[ExportParentsInformed]) -> String {
    told.iter()
        .map(|p| match (&p.informed, &p.informed_on) {
            (true, Some(on)) => format!("yes {on}"),
            (true, None) => "yes".into(),
            (false, _) => "no".into(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// Who was told and how, or why not.
fn parents_details(told: &[ExportParentsInformed]) -> String {
    told.iter()
        .map(|p| {
            if p.informed {
                format!(
                    "told {} by {} on {}",
                    p.who.as_deref().unwrap_or("a parent"),
                    p.how.as_deref().unwrap_or("an unrecorded way"),
                    p.informed_on.as_deref().unwrap_or("an unrecorded day")
                )
            } else {
                format!("not told: {}", p.why_not.as_deref().unwrap_or_default())
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One record's row: every column, the identifying ones only when asked for.
fn row_cells(row: &ExportRow, key: &[u8], identifying: bool) -> Result<Vec<String>, ApiError> {
    let cells = match row.source.as_str() {
        "parent" => parent_cells(&row.payload)?,
        "staff" => staff_cells(&row.payload)?,
        _ => pupil_cells(&row.payload)?,
    };
    let [tool, told] = cells.staff;
    let mut out = vec![
        row.id.clone(),
        row.source.clone(),
        date_time(row.received_at_ms),
        if row.urgent { "yes" } else { "no" }.to_string(),
        row.status.clone(),
        row.category.clone().unwrap_or_default(),
        row.outcome.clone().unwrap_or_default(),
        row.updated_at_ms.map(date_time).unwrap_or_default(),
    ];
    out.extend(cells.described);
    out.extend([
        row.actions.join(";"),
        row.happened_at_ms.map(date_time).unwrap_or_default(),
        row.came_to_light.clone().unwrap_or_default(),
        tool,
        told,
        row.written_by
            .as_ref()
            .map(|(role, _)| role.clone())
            .unwrap_or_default(),
        children_keys(key, &row.children),
        referrals_plain(&row.referrals),
        parents_plain(&row.parents_informed),
    ]);
    if identifying {
        out.extend(cells.identifying);
        out.push(children_named(&row.children));
        out.extend(cells.staff_identifying);
        out.extend([
            referral_details(&row.referrals),
            parents_details(&row.parents_informed),
            row.outcome_reason.clone().unwrap_or_default(),
            row.not_referred_reason.clone().unwrap_or_default(),
        ]);
    }
    Ok(out)
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
    School(state): School,
    Dsl(user): Dsl,
    Query(q): Query<ExportQuery>,
) -> Result<impl IntoResponse, ApiError> {
    // The DSL reads every record anyway: any dates will do for their export.
    if q.from_ms >= q.to_ms || q.from_ms < 0 {
        return Err(ApiError::BadRequest(
            "the period must start before it ends".into(),
        ));
    }
    let period = Period {
        from_ms: q.from_ms,
        to_ms: q.to_ms,
    };
    let rows = state
        .storage
        .export_rows(period.from_ms, period.to_ms)
        .await?;
    let key = state.secret_key.to_bytes();
    let mut csv = Csv::default();
    let mut header = HEADER.to_vec();
    if q.identifying {
        header.extend(IDENTIFYING);
    }
    csv.row(header);
    for row in &rows {
        csv.row(row_cells(row, &key, q.identifying)?);
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
