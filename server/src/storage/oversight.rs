//! The raw figures behind the governors' report and the DSL's incident-log export. Raw counts
//! never leave the server as they are: `http::staff::governors` suppresses small numbers before
//! anything reaches a governor.

use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::Row;

use kite_protocol::report::{Place, WhatHappened};
use kite_protocol::staff::Category;
use kite_protocol::teach_next::{topics_of, Topic};

use super::{flag, Result, Store};
use crate::calendar::nearest_day;
use crate::ids::PupilId;

/// One record of a period (a pupil's report, a parent's or a staff concern), reduced to what the
/// figures need: no content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFacts {
    /// `None` until the DSL has categorised it.
    pub category: Option<String>,
    /// `eyfs` / `ks1` / `ks2`, when the tablet knew its band.
    pub band: Option<String>,
    pub urgent: bool,
    pub status: String,
    /// `Outcome::as_str`, once the record is closed.
    pub outcome: Option<String>,
    /// How a staff concern came to light (`reports.came_to_light`); `None` for the others.
    pub came_to_light: Option<String>,
    pub received_at_ms: i64,
    /// When the first thing was done about it (opened, triaged, an action), if anything has been.
    pub first_response_ms: Option<i64>,
    /// When a DSL first read it (the earliest of the DSLs' reads), if one has.
    pub first_read_ms: Option<i64>,
    /// What it was about, for what to teach next: from a pupil's answers and the DSL's category.
    pub topics: Vec<Topic>,
    /// The key stage it is about: a pupil's report's band, or else the band of the class of the
    /// first child linked to it.
    pub key_stage: Option<String>,
}

/// The AUP register as a whole school, now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AupFigures {
    /// Pupils on roll (not marked as left).
    pub pupils: u32,
    pub pupils_signed_current: u32,
    pub parents_cosigned_current: u32,
    /// (photo use as stored, pupils whose newest answer for it is "given").
    pub photo_consent_given: Vec<(String, u32)>,
}

/// One record as the incident log export gives it. `payload` is the record's JSON as written:
/// the export decides which of its fields to include.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub id: String,
    pub received_at_ms: i64,
    pub urgent: bool,
    pub status: String,
    pub category: Option<String>,
    pub outcome: Option<String>,
    pub updated_at_ms: Option<i64>,
    /// `pupil` (payload is a `Report`), `parent` (a `ParentConcern`) or `staff` (a staff
    /// concern).
    pub source: String,
    pub payload: String,
    /// Action types recorded, in order.
    pub actions: Vec<String>,
    /// When the writer of a staff concern says it happened.
    pub happened_at_ms: Option<i64>,
    pub came_to_light: Option<String>,
    /// The writer of a staff concern: their role and name.
    pub written_by: Option<(String, String)>,
    pub outcome_reason: Option<String>,
    pub not_referred_reason: Option<String>,
    /// The children the record is about, in the order they were linked.
    pub children: Vec<ExportChild>,
    pub referrals: Vec<ExportReferral>,
    pub parents_informed: Vec<ExportParentsInformed>,
}

/// A child linked to a record, with their part in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportChild {
    pub pupil_id: PupilId,
    pub first_name: String,
    pub last_initial: String,
    pub last_name: Option<String>,
    pub upn: Option<String>,
    /// `affected`, `involved` or `witness`.
    pub involvement: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReferral {
    pub agency: String,
    pub agency_detail: Option<String>,
    pub referred_on: String,
    pub reference: Option<String>,
    pub result: Option<String>,
}

/// That a child's parents were told (who, how, when) or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportParentsInformed {
    pub informed: bool,
    pub who: Option<String>,
    pub how: Option<String>,
    pub informed_on: Option<String>,
    pub why_not: Option<String>,
}

impl Store {
    /// Rows of a query whose `$1` and `$2` bound a period `[from_ms, to_ms)`.
    async fn rows_in_period(&self, sql: &str, from_ms: i64, to_ms: i64) -> Result<Vec<AnyRow>> {
        Ok(sqlx::query(sql)
            .bind(from_ms)
            .bind(to_ms)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Records from one source (`reports.source`: `pupil`, `parent` or `staff`) received in
    /// `[from_ms, to_ms)`. Only a pupil's report's payload is read, for its key stage.
    pub async fn report_facts(
        &self,
        source: &str,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<ReportFacts>> {
        let rows = sqlx::query(
            "SELECT r.category, r.urgent, r.status, r.outcome, r.came_to_light, r.received_at_ms,
                CASE WHEN r.source = 'pupil' THEN r.payload END AS payload,
                (SELECT MIN(e.at_ms) FROM report_events e WHERE e.report_id = r.id) AS first_ms,
                (SELECT MIN(d.first_read_at_ms) FROM report_reads d
                  WHERE d.report_id = r.id) AS first_read_ms,
                (SELECT c.band FROM report_pupils rp
                   JOIN pupils p ON p.id = rp.pupil_id JOIN classes c ON c.id = p.class_id
                  WHERE rp.report_id = r.id
                  ORDER BY rp.linked_at_ms, rp.pupil_id LIMIT 1) AS linked_band
             FROM reports r
             WHERE r.source = $1 AND r.received_at_ms >= $2 AND r.received_at_ms < $3",
        )
        .bind(source)
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let category: Option<String> = r.get("category");
                let answers = r
                    .get::<Option<String>, _>("payload")
                    .and_then(|p| serde_json::from_str::<PupilAnswers>(&p).ok())
                    .unwrap_or_default();
                let linked_band: Option<String> = r.get("linked_band");
                ReportFacts {
                    topics: topics_of(
                        answers.what,
                        answers.place,
                        category.as_deref().and_then(Category::parse),
                    ),
                    key_stage: answers.band.clone().or(linked_band),
                    category,
                    band: answers.band,
                    urgent: flag(r, "urgent"),
                    status: r.get("status"),
                    outcome: r.get("outcome"),
                    came_to_light: r.get("came_to_light"),
                    received_at_ms: r.get("received_at_ms"),
                    first_response_ms: r.get("first_ms"),
                    first_read_ms: r.get("first_read_ms"),
                }
            })
            .collect())
    }

    /// Referrals made on a day of `[from_ms, to_ms)` (as the period's edges' nearest days),
    /// counted by agency, whatever the record they were made about.
    pub async fn referral_counts(&self, from_ms: i64, to_ms: i64) -> Result<Vec<(String, u32)>> {
        let rows = sqlx::query(
            "SELECT agency, COUNT(*) AS n FROM referrals
             WHERE referred_on >= $1 AND referred_on < $2
             GROUP BY agency",
        )
        .bind(nearest_day(from_ms))
        .bind(nearest_day(to_ms))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get("agency"), r.get::<i64, _>("n") as u32))
            .collect())
    }

    /// Actions recorded in `[from_ms, to_ms)`, counted by type.
    pub async fn action_counts(&self, from_ms: i64, to_ms: i64) -> Result<Vec<(String, u32)>> {
        let rows = self
            .rows_in_period(
                "SELECT action_type, COUNT(*) AS n FROM report_events
             WHERE action_type IS NOT NULL AND at_ms >= $1 AND at_ms < $2
             GROUP BY action_type",
                from_ms,
                to_ms,
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get("action_type"), r.get::<i64, _>("n") as u32))
            .collect())
    }

    /// Lessons done in `[from_ms, to_ms)`: (lesson id, band, records).
    pub async fn lesson_counts(
        &self,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<(String, String, u32)>> {
        let rows = self
            .rows_in_period(
                "SELECT lesson_id, band, COUNT(*) AS n FROM lesson_records
             WHERE completed_at_ms >= $1 AND completed_at_ms < $2
             GROUP BY lesson_id, band ORDER BY band, lesson_id",
                from_ms,
                to_ms,
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r.get("lesson_id"),
                    r.get("band"),
                    r.get::<i64, _>("n") as u32,
                )
            })
            .collect())
    }

    pub async fn aup_figures(&self) -> Result<AupFigures> {
        // The current version of an agreement is its highest version number.
        let row = sqlx::query(
            "WITH current AS (
                 SELECT id FROM agreement_versions WHERE kind = 'pupil'
                 ORDER BY version DESC LIMIT 1
             ),
             current_home AS (
                 SELECT id FROM agreement_versions WHERE kind = 'home_school'
                 ORDER BY version DESC LIMIT 1
             ),
             on_roll AS (SELECT id FROM pupils WHERE left_at_ms IS NULL)
             SELECT
                 (SELECT COUNT(*) FROM on_roll) AS pupils,
                 (SELECT COUNT(DISTINCT s.pupil_id) FROM pupil_signatures s
                   WHERE s.pupil_id IN (SELECT id FROM on_roll)
                     AND s.version_id = (SELECT id FROM current)) AS signed,
                 (SELECT COUNT(DISTINCT p.pupil_id) FROM parent_signatures p
                   WHERE p.pupil_id IN (SELECT id FROM on_roll)
                     AND p.pupil_version_id = (SELECT id FROM current)
                     AND (p.home_school_version_id = (SELECT id FROM current_home)
                          OR (SELECT id FROM current_home) IS NULL)) AS cosigned",
        )
        .fetch_one(&self.pool)
        .await?;
        let consent = sqlx::query(
            "SELECT c.photo_use, COUNT(*) AS n FROM photo_consents c
             WHERE c.pupil_id IN (SELECT id FROM pupils WHERE left_at_ms IS NULL)
               AND c.id = (SELECT MAX(id) FROM photo_consents l
                           WHERE l.pupil_id = c.pupil_id AND l.photo_use = c.photo_use)
               AND c.granted
             GROUP BY c.photo_use",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(AupFigures {
            pupils: row.get::<i64, _>("pupils") as u32,
            pupils_signed_current: row.get::<i64, _>("signed") as u32,
            parents_cosigned_current: row.get::<i64, _>("cosigned") as u32,
            photo_consent_given: consent
                .iter()
                .map(|r| (r.get("photo_use"), r.get::<i64, _>("n") as u32))
                .collect(),
        })
    }

    /// Records received in `[from_ms, to_ms)`, oldest first, for the incident log export, each
    /// with its children, referrals and what the parents were told.
    pub async fn export_rows(&self, from_ms: i64, to_ms: i64) -> Result<Vec<ExportRow>> {
        let rows = self
            .rows_in_period(
                "SELECT r.id, r.received_at_ms, r.urgent, r.status, r.category, r.outcome,
                    r.updated_at_ms, r.source, r.payload, r.happened_at_ms, r.came_to_light,
                    r.outcome_reason, r.not_referred_reason, w.role AS writer_role,
                    w.name AS writer_name,
                    (SELECT string_agg(e.action_type, ';' ORDER BY e.at_ms) FROM report_events e
                      WHERE e.report_id = r.id AND e.action_type IS NOT NULL) AS actions
             FROM reports r LEFT JOIN staff w ON w.id = r.written_by
             WHERE r.received_at_ms >= $1 AND r.received_at_ms < $2
             ORDER BY r.received_at_ms",
                from_ms,
                to_ms,
            )
            .await?;
        // The records' children, referrals and parents told, each read in one query for the
        // whole period and handed out by report id.
        let in_period = "SELECT id FROM reports WHERE received_at_ms >= $1 AND received_at_ms < $2";
        let mut children = by_report(
            self.rows_in_period(
                &format!(
                    "SELECT l.report_id, l.pupil_id, l.involvement, p.first_name, p.last_initial,
                        p.last_name, p.upn
                     FROM report_pupils l JOIN pupils p ON p.id = l.pupil_id
                     WHERE l.report_id IN ({in_period})
                     ORDER BY l.linked_at_ms, l.pupil_id"
                ),
                from_ms,
                to_ms,
            )
            .await?,
            |r| ExportChild {
                pupil_id: PupilId(r.get("pupil_id")),
                first_name: r.get("first_name"),
                last_initial: r.get("last_initial"),
                last_name: r.get("last_name"),
                upn: r.get("upn"),
                involvement: r.get("involvement"),
            },
        );
        let mut referrals = by_report(
            self.rows_in_period(
                &format!(
                    "SELECT report_id, agency, agency_detail, referred_on, reference, result
                     FROM referrals WHERE report_id IN ({in_period})
                     ORDER BY referred_on, id"
                ),
                from_ms,
                to_ms,
            )
            .await?,
            |r| ExportReferral {
                agency: r.get("agency"),
                agency_detail: r.get("agency_detail"),
                referred_on: r.get("referred_on"),
                reference: r.get("reference"),
                result: r.get("result"),
            },
        );
        let mut parents = by_report(
            self.rows_in_period(
                &format!(
                    "SELECT report_id, informed, who, how, informed_on, why_not
                     FROM parents_informed WHERE report_id IN ({in_period})
                     ORDER BY recorded_at_ms, id"
                ),
                from_ms,
                to_ms,
            )
            .await?,
            |r| ExportParentsInformed {
                informed: flag(r, "informed"),
                who: r.get("who"),
                how: r.get("how"),
                informed_on: r.get("informed_on"),
                why_not: r.get("why_not"),
            },
        );
        Ok(rows
            .iter()
            .map(|r| {
                let id: String = r.get("id");
                let writer: (Option<String>, Option<String>) =
                    (r.get("writer_role"), r.get("writer_name"));
                ExportRow {
                    received_at_ms: r.get("received_at_ms"),
                    urgent: flag(r, "urgent"),
                    status: r.get("status"),
                    category: r.get("category"),
                    outcome: r.get("outcome"),
                    updated_at_ms: r.get("updated_at_ms"),
                    source: r.get("source"),
                    payload: r.get("payload"),
                    actions: r
                        .get::<Option<String>, _>("actions")
                        .map(|a| a.split(';').map(str::to_owned).collect())
                        .unwrap_or_default(),
                    happened_at_ms: r.get("happened_at_ms"),
                    came_to_light: r.get("came_to_light"),
                    written_by: writer.0.zip(writer.1),
                    outcome_reason: r.get("outcome_reason"),
                    not_referred_reason: r.get("not_referred_reason"),
                    children: children.remove(&id).unwrap_or_default(),
                    referrals: referrals.remove(&id).unwrap_or_default(),
                    parents_informed: parents.remove(&id).unwrap_or_default(),
                    id,
                }
            })
            .collect())
    }
}

/// Rows carrying a `report_id`, grouped by it (in their order) and read by `read`.
fn by_report<T>(rows: Vec<AnyRow>, read: impl Fn(&AnyRow) -> T) -> HashMap<String, Vec<T>> {
    let mut out: HashMap<String, Vec<T>> = HashMap::new();
    for r in &rows {
        out.entry(r.get("report_id")).or_default().push(read(r));
    }
    out
}

/// The key stage a pupil's report was made in (`band` in its JSON), read in Rust so the query
/// needs neither SQLite's `json_extract` nor PostgreSQL's `->>`.
/// The few answers of a pupil's report the figures read. Read loosely, field by field: a
/// report from an older app with an answer this server no longer knows still counts.
#[derive(Default, serde::Deserialize)]
struct PupilAnswers {
    #[serde(default, deserialize_with = "lenient")]
    what: Option<WhatHappened>,
    #[serde(default, deserialize_with = "lenient")]
    place: Option<Place>,
    #[serde(default, deserialize_with = "lenient")]
    band: Option<String>,
}

fn lenient<'de, D, T>(d: D) -> std::result::Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
    Ok(serde_json::from_value(value).ok())
}
