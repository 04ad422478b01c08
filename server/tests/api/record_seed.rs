//! Staff concerns and what a DSL records about a record (reads, referrals, parents told), seeded
//! in SQL for the oversight tests: the figures and the export read these tables whatever wrote
//! them. The rows are shaped as the product writes them (a staff concern's payload is its
//! `StaffConcern` JSON).

use kite_server::ids::{PupilId, StaffId};
use sqlx::AnyPool;
use uuid::Uuid;

/// A staff concern as the oversight figures and the export see it.
pub struct Concern<'a> {
    pub at_ms: i64,
    /// `reports.came_to_light`.
    pub came_to_light: &'a str,
    pub category: &'a str,
    /// `Some` closes it with this outcome.
    pub outcome: Option<&'a str>,
    pub what_happened: &'a str,
    pub writer: StaffId,
    /// The children it is about, with their part in it.
    pub pupils: &'a [(PupilId, &'a str)],
}

impl<'a> Concern<'a> {
    pub fn new(at_ms: i64, came_to_light: &'a str, writer: StaffId) -> Self {
        Self {
            at_ms,
            came_to_light,
            category: "contact",
            outcome: None,
            what_happened: "Saw a stranger's message asking for a photo",
            writer,
            pupils: &[],
        }
    }
}

/// Stores the concern and links its children; returns its id.
pub async fn concern(db: &AnyPool, c: &Concern<'_>) -> String {
    let id = Uuid::new_v4().to_string();
    let came_to_light = match c.came_to_light {
        "monitoring_alert" => serde_json::json!({ "kind": "monitoring_alert", "tool": "impero" }),
        "filtering_breach" => serde_json::json!({
            "kind": "filtering_breach",
            "web_address": "https://games.example/chat"
        }),
        "other_agency" => serde_json::json!({ "kind": "another_agency", "agency": "Police" }),
        kind => serde_json::json!({ "kind": kind }),
    };
    let payload = serde_json::json!({
        "concern": {
            "id": id,
            "pupils": c.pupils.iter().map(|(p, i)| serde_json::json!({
                "pupil_id": p.0, "involvement": i
            })).collect::<Vec<_>>(),
            "happened_at_ms": c.at_ms - 3_600_000,
            "place": "The ICT suite",
            "what_happened": c.what_happened,
            "child_words": "=he said keep it secret",
            "category": c.category,
            "came_to_light": came_to_light,
            "action_taken": "Closed the laptop",
            "told_dsl": true,
            "urgent": false
        },
        "written_by": "Ms Patel (teaching assistant)",
        "pupils": [],
        "happened_at_ms": c.at_ms - 3_600_000
    });
    sqlx::query(
        "INSERT INTO reports (id, source, device_id, received_at_ms, urgent, what, payload,
                              category, written_by, happened_at_ms, came_to_light, status,
                              outcome, outcome_reason, not_referred_reason)
         VALUES ($1, 'staff', NULL, $2, $3, 'staff_concern', $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&id)
    .bind(c.at_ms)
    .bind(false)
    .bind(payload.to_string())
    .bind(c.category)
    .bind(c.writer.0)
    .bind(c.at_ms - 3_600_000)
    .bind(c.came_to_light)
    .bind(if c.outcome.is_some() { "closed" } else { "new" })
    .bind(c.outcome)
    .bind(c.outcome.map(|_| "Spoke with both families"))
    .bind(c.outcome.map(|_| "Below the threshold for social care"))
    .execute(db)
    .await
    .unwrap();
    for (pupil, involvement) in c.pupils {
        sqlx::query(
            "INSERT INTO report_pupils (report_id, pupil_id, involvement, linked_at_ms, linked_by)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(pupil.0)
        .bind(*involvement)
        .bind(c.at_ms)
        .bind(c.writer.0)
        .execute(db)
        .await
        .unwrap();
    }
    id
}

/// A DSL's first read of a record.
pub async fn read(db: &AnyPool, report_id: &str, dsl: StaffId, at_ms: i64) {
    sqlx::query(
        "INSERT INTO report_reads (report_id, staff_id, first_read_at_ms) VALUES ($1, $2, $3)",
    )
    .bind(report_id)
    .bind(dsl.0)
    .bind(at_ms)
    .execute(db)
    .await
    .unwrap();
}

/// A referral made on `referred_on` (`YYYY-MM-DD`).
pub async fn referral(db: &AnyPool, report_id: &str, agency: &str, referred_on: &str, by: StaffId) {
    sqlx::query(
        "INSERT INTO referrals (report_id, agency, referred_on, reference, result, recorded_by,
                                recorded_at_ms)
         VALUES ($1, $2, $3, 'REF-7731', 'Accepted for assessment', $4, 0)",
    )
    .bind(report_id)
    .bind(agency)
    .bind(referred_on)
    .bind(by.0)
    .execute(db)
    .await
    .unwrap();
}

/// The parents of a record's child were told (by phone, on `on`), or not and why.
pub async fn parents_told(db: &AnyPool, report_id: &str, told: Option<&str>, by: StaffId) {
    sqlx::query(
        "INSERT INTO parents_informed (report_id, informed, who, how, informed_on, why_not,
                                       recorded_by, recorded_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0)",
    )
    .bind(report_id)
    .bind(told.is_some())
    .bind(told.map(|_| "Mrs Smith (mother)"))
    .bind(told.map(|_| "phone"))
    .bind(told)
    .bind(
        told.is_none()
            .then_some("Telling them would put the child at risk"),
    )
    .bind(by.0)
    .execute(db)
    .await
    .unwrap();
}
