use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use super::{
    Device, NewReport, ReportSummary, Result, SchoolProfile, Storage, StorageError, Written,
};

pub struct SqliteStorage {
    pool: SqlitePool,
}

impl SqliteStorage {
    pub async fn open(url: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            // WAL lets the DSL read while tablets write; FULL makes a commit survive a power cut,
            // which is what lets the server acknowledge a report as stored.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }
}

fn device_from_row(row: &sqlx::sqlite::SqliteRow) -> Device {
    Device {
        id: row.get("id"),
        name: row.get("name"),
        created_at_ms: row.get("created_at_ms"),
        last_seen_ms: row.get("last_seen_ms"),
        revoked_at_ms: row.get("revoked_at_ms"),
    }
}

#[async_trait]
impl Storage for SqliteStorage {
    async fn health(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_device(&self, name: &str, token_sha256: &[u8], now_ms: i64) -> Result<i64> {
        let id = sqlx::query(
            "INSERT INTO devices (name, token_sha256, created_at_ms) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(name)
        .bind(token_sha256)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await?
        .get(0);
        Ok(id)
    }

    async fn active_device_by_token(&self, token_sha256: &[u8]) -> Result<Option<Device>> {
        let row =
            sqlx::query("SELECT * FROM devices WHERE token_sha256 = ? AND revoked_at_ms IS NULL")
                .bind(token_sha256)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.as_ref().map(device_from_row))
    }

    async fn list_devices(&self) -> Result<Vec<Device>> {
        let rows = sqlx::query("SELECT * FROM devices ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(device_from_row).collect())
    }

    async fn revoke_device(&self, id: i64, now_ms: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE devices SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL",
        )
        .bind(now_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn touch_device(&self, id: i64, now_ms: i64) -> Result<()> {
        sqlx::query("UPDATE devices SET last_seen_ms = ? WHERE id = ?")
            .bind(now_ms)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn store_reports(
        &self,
        device_id: i64,
        received_at_ms: i64,
        reports: &[NewReport],
    ) -> Result<Vec<Written>> {
        let mut tx = self.pool.begin().await?;
        let mut written = Vec::with_capacity(reports.len());
        for report in reports {
            let done = sqlx::query(
                "INSERT INTO reports (id, device_id, received_at_ms, urgent, what, payload)
                 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            )
            .bind(report.id.to_string())
            .bind(device_id)
            .bind(received_at_ms)
            .bind(report.urgent)
            .bind(&report.what)
            .bind(&report.payload)
            .execute(&mut *tx)
            .await?;
            written.push(if done.rows_affected() == 1 {
                Written::Stored
            } else {
                Written::Duplicate
            });
        }
        tx.commit().await?;
        Ok(written)
    }

    async fn report_summaries(&self) -> Result<Vec<ReportSummary>> {
        let rows = sqlx::query(
            "SELECT id, device_id, received_at_ms, urgent, status FROM reports
             ORDER BY urgent DESC, received_at_ms DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ReportSummary {
                id: r.get("id"),
                device_id: r.get("device_id"),
                received_at_ms: r.get("received_at_ms"),
                urgent: r.get("urgent"),
                status: r.get("status"),
            })
            .collect())
    }

    async fn school_profile(&self) -> Result<SchoolProfile> {
        let row = sqlx::query(
            "SELECT name, idle_timeout_secs, trusted_adults FROM school_profile WHERE id = 1",
        )
        .fetch_one(&self.pool)
        .await?;
        let adults: String = row.get("trusted_adults");
        Ok(SchoolProfile {
            name: row.get("name"),
            idle_timeout_secs: row.get::<i64, _>("idle_timeout_secs").clamp(15, 3600) as u32,
            trusted_adults: serde_json::from_str(&adults)
                .map_err(|e| StorageError::Corrupt(format!("trusted_adults: {e}")))?,
        })
    }

    async fn set_school_profile(&self, profile: &SchoolProfile) -> Result<()> {
        let adults = serde_json::to_string(&profile.trusted_adults)
            .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        sqlx::query(
            "UPDATE school_profile SET name = ?, idle_timeout_secs = ?, trusted_adults = ? WHERE id = 1",
        )
        .bind(&profile.name)
        .bind(profile.idle_timeout_secs as i64)
        .bind(adults)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
