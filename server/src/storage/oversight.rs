//! The raw figures behind the governors' report and the DSL's incident-log export. Raw counts
//! never leave the server as they are: `http::staff::governors` suppresses small numbers before
//! anything reaches a governor.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{flag, Result, Store};

/// One report of a period, reduced to what the figures need: no content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFacts {
    /// `None` until the DSL has categorised it.
    pub category: Option<String>,
    /// `eyfs` / `ks1` / `ks2`, when the tablet knew its band.
    pub band: Option<String>,
    pub urgent: bool,
    pub status: String,
    pub received_at_ms: i64,
    /// When the first thing was done about it (opened, triaged, an action), if anything has been.
    pub first_response_ms: Option<i64>,
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

/// One report as the incident log export gives it. `payload` is the pupil's report JSON: the
/// export decides which of its fields to include.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub id: String,
    pub received_at_ms: i64,
    pub urgent: bool,
    pub status: String,
    pub category: Option<String>,
    pub outcome: Option<String>,
    pub updated_at_ms: Option<i64>,
    /// `pupil` (payload is a `Report`) or `parent` (a `ParentConcern`).
    pub source: String,
    pub payload: String,
    /// Action types recorded, in order.
    pub actions: Vec<String>,
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

    /// Pupils' reports received in `[from_ms, to_ms)` (parents' concerns are counted apart).
    pub async fn report_facts(&self, from_ms: i64, to_ms: i64) -> Result<Vec<ReportFacts>> {
        let rows = self
            .rows_in_period(
                "SELECT r.category, r.payload, r.urgent, r.status,
                    r.received_at_ms,
                    (SELECT MIN(e.at_ms) FROM report_events e WHERE e.report_id = r.id) AS first_ms
             FROM reports r
             WHERE r.source = 'pupil' AND r.received_at_ms >= $1 AND r.received_at_ms < $2",
                from_ms,
                to_ms,
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| ReportFacts {
                category: r.get("category"),
                band: band_of(r.get("payload")),
                urgent: flag(r, "urgent"),
                status: r.get("status"),
                received_at_ms: r.get("received_at_ms"),
                first_response_ms: r.get("first_ms"),
            })
            .collect())
    }

    /// Parents' concerns received in `[from_ms, to_ms)`.
    pub async fn parent_concern_count(&self, from_ms: i64, to_ms: i64) -> Result<u32> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM reports
             WHERE source = 'parent' AND received_at_ms >= $1 AND received_at_ms < $2",
        )
        .bind(from_ms)
        .bind(to_ms)
        .fetch_one(&self.pool)
        .await?;
        Ok(n as u32)
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

    /// Reports received in `[from_ms, to_ms)`, oldest first, for the incident log export.
    pub async fn export_rows(&self, from_ms: i64, to_ms: i64) -> Result<Vec<ExportRow>> {
        let rows = self
            .rows_in_period(
                "SELECT r.id, r.received_at_ms, r.urgent, r.status, r.category, r.outcome,
                    r.updated_at_ms, r.source, r.payload,
                    (SELECT string_agg(e.action_type, ';' ORDER BY e.at_ms) FROM report_events e
                      WHERE e.report_id = r.id AND e.action_type IS NOT NULL) AS actions
             FROM reports r WHERE r.received_at_ms >= $1 AND r.received_at_ms < $2
             ORDER BY r.received_at_ms",
                from_ms,
                to_ms,
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| ExportRow {
                id: r.get("id"),
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
            })
            .collect())
    }
}

/// The key stage a pupil's report was made in (`band` in its JSON), read in Rust so the query
/// needs neither SQLite's `json_extract` nor PostgreSQL's `->>`.
fn band_of(payload: String) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(&payload).ok()?;
    value.get("band")?.as_str().map(str::to_owned)
}
