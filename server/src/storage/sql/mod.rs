//! The one storage implementation, over `sqlx::Any`: the same queries run on SQLite and on
//! PostgreSQL. Queries use `$1, $2…` placeholders (both drivers bind them by number), `lower()`
//! instead of SQLite's `COLLATE NOCASE`, `ON CONFLICT` instead of `INSERT OR …`, and read flags
//! through [`flag`] (SQLite keeps them as integers, PostgreSQL as booleans).

mod connect;
mod group_commit;
mod oversight;
mod parents;
mod pupils;
mod sessions;
mod shared;

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use super::{
    Device, NewReport, ReportSummary, Result, SchoolProfile, Storage, StorageError, Written,
};
// --- lesson records ---
use super::{LessonCoverageRow, LessonRecordRow, NewLessonRecord};
// --- staff, sessions, audit --- (imports)
use super::{
    NewAudit, NewReportEvent, Redeemed, ReportChange, ReportFilter, ReportSource, SessionRecord,
    StaffRecord, StoredReport,
};
use kite_protocol::staff::{
    ActionType, AuditEntry, Category, LocalContact, Outcome, ReportEvent, ReportRow, Role, Status,
};

pub struct SqlStorage {
    pool: AnyPool,
    /// For rate limits only (see [`connect::Pools`]).
    relaxed: AnyPool,
    reports: group_commit::ReportWriter,
}

impl SqlStorage {
    /// Opens (creating if need be) and migrates the database the URL names.
    pub async fn open(url: &str) -> Result<Self> {
        let pools = connect::open(url).await?;
        let reports = group_commit::ReportWriter::start(pools.durable.clone());
        Ok(Self {
            pool: pools.durable,
            relaxed: pools.relaxed,
            reports,
        })
    }
}

/// A yes/no column: SQLite stores it as an integer (which `Any` hands back as a number),
/// PostgreSQL as a boolean. Every flag is read through here.
pub(super) fn flag(row: &AnyRow, column: &str) -> bool {
    match row.try_get::<bool, _>(column) {
        Ok(b) => b,
        Err(_) => row.get::<i64, _>(column) != 0,
    }
}

fn device_from_row(row: &AnyRow) -> Device {
    Device {
        id: row.get("id"),
        name: row.get("name"),
        created_at_ms: row.get("created_at_ms"),
        last_seen_ms: row.get("last_seen_ms"),
        revoked_at_ms: row.get("revoked_at_ms"),
    }
}

#[async_trait]
impl Storage for SqlStorage {
    async fn health(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_device(&self, name: &str, token_sha256: &[u8], now_ms: i64) -> Result<i64> {
        let id = sqlx::query(
            "INSERT INTO devices (name, token_sha256, created_at_ms) VALUES ($1, $2, $3) RETURNING id",
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
            sqlx::query("SELECT * FROM devices WHERE token_sha256 = $1 AND revoked_at_ms IS NULL")
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
            "UPDATE devices SET revoked_at_ms = $1 WHERE id = $2 AND revoked_at_ms IS NULL",
        )
        .bind(now_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn touch_device(&self, id: i64, now_ms: i64) -> Result<()> {
        sqlx::query("UPDATE devices SET last_seen_ms = $1 WHERE id = $2")
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
        self.reports.write(device_id, received_at_ms, reports).await
    }

    async fn report_summaries(&self) -> Result<Vec<ReportSummary>> {
        let rows = sqlx::query(
            "SELECT id, COALESCE(device_id, 0) AS device_id, received_at_ms, urgent, status FROM reports
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
                urgent: flag(r, "urgent"),
                status: r.get("status"),
            })
            .collect())
    }

    // --- lesson records ---
    async fn store_lesson_records(
        &self,
        device_id: i64,
        received_at_ms: i64,
        records: &[NewLessonRecord],
    ) -> Result<Vec<Written>> {
        let mut tx = self.pool.begin().await?;
        let mut written = Vec::with_capacity(records.len());
        for r in records {
            let done = sqlx::query(
                "INSERT INTO lesson_records
                   (id, device_id, lesson_id, band, class_label, \"by\", completed_at_ms, received_at_ms)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
            )
            .bind(r.id.to_string())
            .bind(device_id)
            .bind(&r.lesson_id)
            .bind(&r.band)
            .bind(&r.class_label)
            .bind(&r.by)
            .bind(r.completed_at_ms)
            .bind(received_at_ms)
            .execute(&mut *tx)
            .await?;
            written.push(Written::from_rows_inserted(done.rows_affected()));
        }
        tx.commit().await?;
        Ok(written)
    }

    async fn lesson_records(&self) -> Result<Vec<LessonRecordRow>> {
        let rows = sqlx::query(
            "SELECT id, device_id, lesson_id, band, class_label, \"by\", completed_at_ms, received_at_ms
             FROM lesson_records ORDER BY received_at_ms DESC, completed_at_ms DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| LessonRecordRow {
                id: r.get("id"),
                device_id: r.get("device_id"),
                lesson_id: r.get("lesson_id"),
                band: r.get("band"),
                class_label: r.get("class_label"),
                by: r.get("by"),
                completed_at_ms: r.get("completed_at_ms"),
                received_at_ms: r.get("received_at_ms"),
            })
            .collect())
    }

    async fn class_coverage(&self, class_label: &str) -> Result<Vec<LessonCoverageRow>> {
        let rows = sqlx::query(
            "SELECT lesson_id, band, COUNT(*) AS times,
                    MAX(CASE WHEN \"by\" = 'teacher' THEN 1 ELSE 0 END) AS by_teacher,
                    MAX(completed_at_ms) AS latest_ms
             FROM lesson_records WHERE lower(class_label) = lower($1)
             GROUP BY lesson_id, band ORDER BY latest_ms DESC, lesson_id",
        )
        .bind(class_label.trim())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| LessonCoverageRow {
                lesson_id: r.get("lesson_id"),
                band: r.get("band"),
                times: r.get::<i64, _>("times").clamp(0, u32::MAX as i64) as u32,
                taught_by_teacher: r.get::<i64, _>("by_teacher") != 0,
                latest_ms: r.get("latest_ms"),
            })
            .collect())
    }
    // --- end lesson records ---

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
            "UPDATE school_profile SET name = $1, idle_timeout_secs = $2, trusted_adults = $3 WHERE id = 1",
        )
        .bind(&profile.name)
        .bind(profile.idle_timeout_secs as i64)
        .bind(adults)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    // --- staff, sessions, audit ---
    async fn create_staff(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
        now_ms: i64,
    ) -> Result<Option<i64>> {
        let row = sqlx::query(
            "INSERT INTO staff (email, name, role, password_hash, created_at_ms) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(email)
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn staff_by_email(&self, email: &str) -> Result<Option<StaffRecord>> {
        let row = sqlx::query("SELECT * FROM staff WHERE lower(email) = lower($1)")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(staff_from_row).transpose()
    }

    async fn staff_by_id(&self, id: i64) -> Result<Option<StaffRecord>> {
        let row = sqlx::query("SELECT * FROM staff WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(staff_from_row).transpose()
    }

    async fn list_staff(&self) -> Result<Vec<StaffRecord>> {
        let rows = sqlx::query("SELECT * FROM staff ORDER BY disabled_at_ms IS NOT NULL, name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(staff_from_row).collect()
    }

    async fn record_login_failure(
        &self,
        id: i64,
        now_ms: i64,
        max_failures: i64,
        lock_ms: i64,
    ) -> Result<Option<i64>> {
        let row = sqlx::query(
            "UPDATE staff SET
                locked_until_ms = CASE WHEN failed_logins + 1 >= $1 THEN $2 + $3 ELSE locked_until_ms END,
                failed_logins = CASE WHEN failed_logins + 1 >= $1 THEN 0 ELSE failed_logins + 1 END
             WHERE id = $4 RETURNING locked_until_ms",
        )
        .bind(max_failures)
        .bind(now_ms)
        .bind(lock_ms)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .and_then(|r| r.get::<Option<i64>, _>(0))
            .filter(|t| *t > now_ms))
    }

    async fn record_login_success(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE staff SET failed_logins = 0, locked_until_ms = NULL WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn set_password(&self, id: i64, password_hash: &str) -> Result<()> {
        sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn set_staff_disabled(&self, id: i64, disabled: bool, now_ms: i64) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE staff SET disabled_at_ms = $1 WHERE id = $2")
            .bind(disabled.then_some(now_ms))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if disabled {
            sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    async fn create_session(
        &self,
        id_sha256: &[u8],
        staff_id: i64,
        csrf_token: &str,
        now_ms: i64,
    ) -> Result<()> {
        sessions::STAFF
            .create(&self.pool, id_sha256, staff_id, csrf_token, now_ms)
            .await
    }

    async fn session(&self, id_sha256: &[u8]) -> Result<Option<SessionRecord>> {
        let row = sqlx::query(
            "SELECT staff.*, s.csrf_token, s.created_at_ms AS s_created, s.last_seen_ms AS s_seen
             FROM staff_sessions s JOIN staff ON staff.id = s.staff_id
             WHERE s.id_sha256 = $1 AND staff.disabled_at_ms IS NULL",
        )
        .bind(id_sha256)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(SessionRecord {
                staff: staff_from_row(&r)?,
                csrf_token: r.get("csrf_token"),
                created_at_ms: r.get("s_created"),
                last_seen_ms: r.get("s_seen"),
            })
        })
        .transpose()
    }

    async fn touch_session(&self, id_sha256: &[u8], now_ms: i64) -> Result<()> {
        sessions::STAFF.touch(&self.pool, id_sha256, now_ms).await
    }

    async fn delete_session(&self, id_sha256: &[u8]) -> Result<()> {
        sessions::STAFF.delete(&self.pool, id_sha256).await
    }

    async fn delete_sessions_of(&self, staff_id: i64, except: Option<&[u8]>) -> Result<()> {
        sqlx::query(
            "DELETE FROM staff_sessions WHERE staff_id = $1 AND id_sha256 IS DISTINCT FROM $2",
        )
        .bind(staff_id)
        .bind(except)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn delete_expired_sessions(
        &self,
        idle_before_ms: i64,
        started_before_ms: i64,
    ) -> Result<u64> {
        sessions::STAFF
            .delete_expired(&self.pool, idle_before_ms, started_before_ms)
            .await
    }

    async fn append_audit(&self, entry: NewAudit<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at_ms, staff_id, staff_email, action, report_id, detail)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(entry.at_ms)
        .bind(entry.staff_id)
        .bind(entry.staff_email)
        .bind(entry.action)
        .bind(entry.report_id)
        .bind(entry.detail)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn list_audit(&self, limit: i64, before_id: Option<i64>) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query("SELECT * FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2")
            .bind(before_id.unwrap_or(i64::MAX))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| AuditEntry {
                id: r.get("id"),
                at_ms: r.get("at_ms"),
                staff_email: r.get("staff_email"),
                action: r.get("action"),
                report_id: r.get("report_id"),
                detail: r.get("detail"),
            })
            .collect())
    }

    async fn list_reports(&self, filter: &ReportFilter) -> Result<Vec<ReportRow>> {
        let rows = sqlx::query(
            "SELECT r.id, r.received_at_ms, r.urgent, r.what, r.status, r.category, r.source, d.name AS device_name
             FROM reports r LEFT JOIN devices d ON d.id = r.device_id
             WHERE ($1 IS NULL OR r.status = $1)
               AND ($1 IS NOT NULL OR $2 OR r.status <> 'closed')
               AND ($3 IS NULL OR r.urgent = $3)
               AND ($4 IS NULL OR r.category = $4)
               AND ($5 IS NULL OR r.received_at_ms >= $5)
               AND ($6 IS NULL OR r.received_at_ms < $6)
             ORDER BY r.urgent DESC, r.received_at_ms DESC
             LIMIT 500",
        )
        .bind(filter.status.map(Status::as_str))
        .bind(filter.include_closed)
        .bind(filter.urgent)
        .bind(filter.category.map(Category::as_str))
        .bind(filter.from_ms)
        .bind(filter.to_ms)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(report_row_from_row).collect()
    }

    async fn count_new_reports(&self) -> Result<(i64, i64)> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n,
                    CAST(COALESCE(SUM(CASE WHEN urgent THEN 1 ELSE 0 END), 0) AS BIGINT) AS u
             FROM reports WHERE status = 'new'",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((row.get("n"), row.get("u")))
    }

    async fn report(&self, id: &str) -> Result<Option<StoredReport>> {
        let row = sqlx::query(
            "SELECT r.*, d.name AS device_name FROM reports r LEFT JOIN devices d ON d.id = r.device_id
             WHERE r.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            let outcome: Option<String> = r.get("outcome");
            Ok(StoredReport {
                row: report_row_from_row(&r)?,
                outcome: outcome.as_deref().and_then(Outcome::parse),
                source: match r.get::<String, _>("source").as_str() {
                    "parent" => ReportSource::Parent,
                    _ => ReportSource::Pupil,
                },
                payload: r.get("payload"),
            })
        })
        .transpose()
    }

    async fn report_events(&self, id: &str) -> Result<Vec<ReportEvent>> {
        let rows =
            sqlx::query("SELECT * FROM report_events WHERE report_id = $1 ORDER BY at_ms, id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let action_type: Option<String> = r.get("action_type");
                ReportEvent {
                    at_ms: r.get("at_ms"),
                    by: r.get("staff_name"),
                    kind: r.get("kind"),
                    action_type: action_type.as_deref().and_then(ActionType::parse),
                    detail: r.get("detail"),
                }
            })
            .collect())
    }

    async fn change_report(
        &self,
        id: &str,
        change: &ReportChange,
        events: &[NewReportEvent],
        now_ms: i64,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE reports SET status = COALESCE($1, status), category = COALESCE($2, category),
                 outcome = COALESCE($3, outcome), updated_at_ms = $4 WHERE id = $5",
        )
        .bind(change.status.map(Status::as_str))
        .bind(change.category.map(Category::as_str))
        .bind(change.outcome.map(Outcome::as_str))
        .bind(now_ms)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        for e in events {
            sqlx::query(
                "INSERT INTO report_events (report_id, at_ms, staff_id, staff_name, kind, action_type, detail)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(e.at_ms)
            .bind(e.staff_id)
            .bind(&e.staff_name)
            .bind(&e.kind)
            .bind(e.action_type.map(ActionType::as_str))
            .bind(&e.detail)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn create_enrolment_code(
        &self,
        code_sha256: &[u8],
        created_by: i64,
        now_ms: i64,
        expires_at_ms: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO enrolment_codes (code_sha256, created_by, created_at_ms, expires_at_ms)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(code_sha256)
        .bind(created_by)
        .bind(now_ms)
        .bind(expires_at_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn redeem_enrolment_code(
        &self,
        code_sha256: &[u8],
        device_name: &str,
        token_sha256: &[u8],
        now_ms: i64,
    ) -> Result<Redeemed> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "SELECT expires_at_ms, used_at_ms FROM enrolment_codes WHERE code_sha256 = $1",
        )
        .bind(code_sha256)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(Redeemed::Unknown);
        };
        if row.get::<Option<i64>, _>("used_at_ms").is_some() {
            return Ok(Redeemed::Used);
        }
        if row.get::<i64, _>("expires_at_ms") <= now_ms {
            return Ok(Redeemed::Expired);
        }
        let device_id: i64 = sqlx::query(
            "INSERT INTO devices (name, token_sha256, created_at_ms) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(device_name)
        .bind(token_sha256)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?
        .get(0);
        let spent = sqlx::query(
            "UPDATE enrolment_codes SET used_at_ms = $1, device_id = $2
             WHERE code_sha256 = $3 AND used_at_ms IS NULL",
        )
        .bind(now_ms)
        .bind(device_id)
        .bind(code_sha256)
        .execute(&mut *tx)
        .await?;
        if spent.rows_affected() != 1 {
            return Ok(Redeemed::Used);
        }
        tx.commit().await?;
        Ok(Redeemed::Enrolled(device_id))
    }

    async fn set_totp_secret(&self, id: i64, secret: Option<&str>) -> Result<()> {
        sqlx::query(
            "UPDATE staff SET totp_secret = $1, totp_enabled_at_ms = NULL, totp_last_step = NULL WHERE id = $2",
        )
        .bind(secret)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn enable_totp(&self, id: i64, now_ms: i64) -> Result<()> {
        sqlx::query(
            "UPDATE staff SET totp_enabled_at_ms = $1 WHERE id = $2 AND totp_secret IS NOT NULL",
        )
        .bind(now_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn use_totp_step(&self, id: i64, step: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE staff SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn claim_urgent_alerts(&self, now_ms: i64) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "UPDATE reports SET alerted_at_ms = $1 WHERE urgent AND alerted_at_ms IS NULL RETURNING id",
        )
        .bind(now_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    async fn release_urgent_alerts(&self, ids: &[String]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for id in ids {
            sqlx::query("UPDATE reports SET alerted_at_ms = NULL WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn purge_closed_reports(
        &self,
        closed_before_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin().await?;
        let ids: Vec<String> = sqlx::query(
            "SELECT id FROM reports WHERE status = 'closed' AND COALESCE(updated_at_ms, received_at_ms) < $1",
        )
        .bind(closed_before_ms)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
        for id in &ids {
            sqlx::query("INSERT INTO retention_purges (report_id, purged_at_ms) VALUES ($1, $2)")
                .bind(id)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM report_events WHERE report_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM reports WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(ids)
    }

    async fn add_photo(&self, content_type: &str, bytes: &[u8], now_ms: i64) -> Result<i64> {
        let id = sqlx::query(
            "INSERT INTO photos (content_type, bytes, created_at_ms) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(content_type)
        .bind(bytes)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await?
        .get(0);
        Ok(id)
    }

    async fn photo(&self, id: i64) -> Result<Option<(String, Vec<u8>)>> {
        let row = sqlx::query("SELECT content_type, bytes FROM photos WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (r.get("content_type"), r.get("bytes"))))
    }

    async fn school_settings(&self) -> Result<(Vec<LocalContact>, u32)> {
        let row = sqlx::query(
            "SELECT local_contacts, retention_months FROM school_settings WHERE id = 1",
        )
        .fetch_one(&self.pool)
        .await?;
        let contacts: String = row.get("local_contacts");
        Ok((
            serde_json::from_str(&contacts)
                .map_err(|e| StorageError::Corrupt(format!("local_contacts: {e}")))?,
            row.get::<i64, _>("retention_months").clamp(0, 1200) as u32,
        ))
    }

    async fn require_dsl_two_step(&self) -> Result<bool> {
        let row = sqlx::query("SELECT require_dsl_two_step FROM school_settings WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(flag(&row, "require_dsl_two_step"))
    }

    async fn set_require_dsl_two_step(&self, required: bool) -> Result<()> {
        sqlx::query("UPDATE school_settings SET require_dsl_two_step = $1 WHERE id = 1")
            .bind(required)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn set_school_settings(
        &self,
        contacts: &[LocalContact],
        retention_months: u32,
    ) -> Result<()> {
        let contacts =
            serde_json::to_string(contacts).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        sqlx::query(
            "UPDATE school_settings SET local_contacts = $1, retention_months = $2 WHERE id = 1",
        )
        .bind(contacts)
        .bind(retention_months as i64)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn take_rate_token(
        &self,
        key: &str,
        rate_per_sec: f64,
        burst: f64,
        now_ms: i64,
    ) -> Result<Option<std::time::Duration>> {
        self.take_token(key, rate_per_sec, burst, now_ms).await
    }

    async fn server_secret_key(
        &self,
        candidate: &[u8],
        origin: &str,
        now_ms: i64,
    ) -> Result<Vec<u8>> {
        self.secret_key(candidate, origin, now_ms).await
    }
}

// --- staff, sessions, audit --- (row mapping)

fn staff_from_row(row: &AnyRow) -> Result<StaffRecord> {
    let role: String = row.get("role");
    Ok(StaffRecord {
        id: row.get("id"),
        email: row.get("email"),
        name: row.get("name"),
        role: Role::parse(&role).ok_or_else(|| StorageError::Corrupt(format!("role {role:?}")))?,
        password_hash: row.get("password_hash"),
        failed_logins: row.get("failed_logins"),
        locked_until_ms: row.get("locked_until_ms"),
        disabled: row.get::<Option<i64>, _>("disabled_at_ms").is_some(),
        totp_secret: row.get("totp_secret"),
        totp_enabled: row.get::<Option<i64>, _>("totp_enabled_at_ms").is_some(),
        totp_last_step: row.get("totp_last_step"),
    })
}

/// Where a report came from, as the inbox shows it: the tablet's name, or the parents' page for
/// a parent's concern (which comes from no tablet).
fn device_name(row: &AnyRow) -> String {
    match row.get::<Option<String>, _>("device_name") {
        Some(name) => name,
        None if row.get::<String, _>("source") == "parent" => PARENT_SOURCE_NAME.to_string(),
        None => "a tablet no longer listed".to_string(),
    }
}

/// Shown where a pupil report shows its tablet's name.
pub const PARENT_SOURCE_NAME: &str = "A parent or carer (parents' page)";

fn report_row_from_row(row: &AnyRow) -> Result<ReportRow> {
    let status: String = row.get("status");
    let category: Option<String> = row.get("category");
    Ok(ReportRow {
        id: row.get("id"),
        received_at_ms: row.get("received_at_ms"),
        urgent: flag(row, "urgent"),
        what: row.get("what"),
        status: Status::parse(&status)
            .ok_or_else(|| StorageError::Corrupt(format!("status {status:?}")))?,
        category: category.as_deref().and_then(Category::parse),
        device_name: device_name(row),
    })
}
