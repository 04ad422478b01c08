//! [`OversightStore`] on SQLite and PostgreSQL (one implementation, see `sql`).

use async_trait::async_trait;
use sqlx::Row;

use super::SqlStorage;
use crate::storage::oversight::{AupFigures, ExportRow, OversightStore, ReportFacts};
use crate::storage::Result;

/// The key stage a pupil's report was made in (`band` in its JSON), read in Rust so the query
/// needs neither SQLite's `json_extract` nor PostgreSQL's `->>`.
fn band_of(payload: String) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(&payload).ok()?;
    value.get("band")?.as_str().map(str::to_owned)
}

#[async_trait]
impl OversightStore for SqlStorage {
    async fn report_facts(&self, from_ms: i64, to_ms: i64) -> Result<Vec<ReportFacts>> {
        let rows = sqlx::query(
            "SELECT r.category, r.payload, r.urgent, r.status,
                    r.received_at_ms,
                    (SELECT MIN(e.at_ms) FROM report_events e WHERE e.report_id = r.id) AS first_ms
             FROM reports r
             WHERE r.source = 'pupil' AND r.received_at_ms >= $1 AND r.received_at_ms < $2",
        )
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ReportFacts {
                category: r.get("category"),
                band: band_of(r.get("payload")),
                urgent: super::flag(r, "urgent"),
                status: r.get("status"),
                received_at_ms: r.get("received_at_ms"),
                first_response_ms: r.get("first_ms"),
            })
            .collect())
    }

    async fn parent_concern_count(&self, from_ms: i64, to_ms: i64) -> Result<u32> {
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

    async fn action_counts(&self, from_ms: i64, to_ms: i64) -> Result<Vec<(String, u32)>> {
        let rows = sqlx::query(
            "SELECT action_type, COUNT(*) AS n FROM report_events
             WHERE action_type IS NOT NULL AND at_ms >= $1 AND at_ms < $2
             GROUP BY action_type",
        )
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get("action_type"), r.get::<i64, _>("n") as u32))
            .collect())
    }

    async fn lesson_counts(&self, from_ms: i64, to_ms: i64) -> Result<Vec<(String, String, u32)>> {
        let rows = sqlx::query(
            "SELECT lesson_id, band, COUNT(*) AS n FROM lesson_records
             WHERE completed_at_ms >= $1 AND completed_at_ms < $2
             GROUP BY lesson_id, band ORDER BY band, lesson_id",
        )
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(&self.pool)
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

    async fn aup_figures(&self) -> Result<AupFigures> {
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

    async fn export_rows(&self, from_ms: i64, to_ms: i64) -> Result<Vec<ExportRow>> {
        let rows = sqlx::query(
            "SELECT r.id, r.received_at_ms, r.urgent, r.status, r.category, r.outcome,
                    r.updated_at_ms, r.source, r.payload,
                    (SELECT string_agg(e.action_type, ';' ORDER BY e.at_ms) FROM report_events e
                      WHERE e.report_id = r.id AND e.action_type IS NOT NULL) AS actions
             FROM reports r WHERE r.received_at_ms >= $1 AND r.received_at_ms < $2
             ORDER BY r.received_at_ms",
        )
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ExportRow {
                id: r.get("id"),
                received_at_ms: r.get("received_at_ms"),
                urgent: super::flag(r, "urgent"),
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
