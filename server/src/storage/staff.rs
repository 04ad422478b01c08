//! Staff accounts (`staff`): who they are, their role, password hash, lock-out after failed
//! sign-ins and two-step (TOTP) state. Their sessions are in [`super::sessions`].

use kite_protocol::staff::Role;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{Result, StorageError, Store};
use crate::ids::StaffId;

/// A staff account as stored. The password hash never leaves the server.
#[derive(Debug, Clone)]
pub struct StaffRecord {
    pub id: StaffId,
    pub email: String,
    pub name: String,
    pub role: kite_protocol::staff::Role,
    pub password_hash: String,
    pub failed_logins: i64,
    pub locked_until_ms: Option<i64>,
    pub disabled: bool,
    /// Two-step sign-in: the secret, sealed (pending until enabled; see
    /// `auth::two_step_keys`), whether it is on, the last step used.
    pub totp_secret_sealed: Option<Vec<u8>>,
    pub totp_enabled: bool,
    pub totp_last_step: Option<i64>,
    /// The head teacher (or a co-head): authorises changes to the filter.
    pub is_head: bool,
    /// The chair of governors (a governor's account): reads concerns about the head.
    pub is_chair: bool,
}

impl Store {
    /// `None` when the email is already taken.
    pub async fn create_staff(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
        now_ms: i64,
    ) -> Result<Option<StaffId>> {
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

    pub async fn staff_by_email(&self, email: &str) -> Result<Option<StaffRecord>> {
        let row = sqlx::query("SELECT * FROM staff WHERE lower(email) = lower($1)")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(staff_from_row).transpose()
    }

    pub async fn staff_by_id(&self, id: StaffId) -> Result<Option<StaffRecord>> {
        let row = sqlx::query("SELECT * FROM staff WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(staff_from_row).transpose()
    }

    pub async fn list_staff(&self) -> Result<Vec<StaffRecord>> {
        let rows = sqlx::query("SELECT * FROM staff ORDER BY disabled_at_ms IS NOT NULL, name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(staff_from_row).collect()
    }

    /// Counts a failed login; at `max_failures` locks the account until `now + lock_ms` and
    /// starts counting again. Returns the lock's end, if locked.
    pub async fn record_login_failure(
        &self,
        id: StaffId,
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

    pub async fn record_login_success(&self, id: StaffId) -> Result<()> {
        sqlx::query("UPDATE staff SET failed_logins = 0, locked_until_ms = NULL WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn set_password(&self, id: StaffId, password_hash: &str) -> Result<()> {
        sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Flags an account as the head's (from now) or takes the flag away.
    pub async fn set_staff_head(&self, id: StaffId, head: bool, now_ms: i64) -> Result<()> {
        sqlx::query(
            "UPDATE staff SET head_since_ms = CASE WHEN $1 = 1 THEN COALESCE(head_since_ms, $2) END WHERE id = $3",
        )
        .bind(i64::from(head))
        .bind(now_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Flags a governor's account as the chair's (from now) or takes the flag away.
    pub async fn set_staff_chair(&self, id: StaffId, chair: bool, now_ms: i64) -> Result<()> {
        sqlx::query(
            "UPDATE staff SET chair_since_ms = CASE WHEN $1 = 1 THEN COALESCE(chair_since_ms, $2) END WHERE id = $3",
        )
        .bind(i64::from(chair))
        .bind(now_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Whether an account that can sign in is flagged as the head's (or, with `chair`, as the
    /// chair of governors'): someone who can read a concern about an adult.
    pub async fn reader_flagged(&self, chair: bool) -> Result<bool> {
        let column = if chair {
            "chair_since_ms"
        } else {
            "head_since_ms"
        };
        let row = sqlx::query(&format!(
            "SELECT COUNT(*) FROM staff WHERE {column} IS NOT NULL AND disabled_at_ms IS NULL"
        ))
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get::<i64, _>(0) > 0)
    }

    /// Disabling also ends the account's sessions.
    pub async fn set_staff_disabled(
        &self,
        id: StaffId,
        disabled: bool,
        now_ms: i64,
    ) -> Result<bool> {
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

    /// Sets (pending, not yet on) or clears the sealed two-step secret; either way two-step is
    /// off, and the account's recovery codes are gone (a new set comes when it is turned on).
    pub async fn set_totp_secret(&self, id: StaffId, sealed: Option<&[u8]>) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE staff SET totp_secret_sealed = $1, totp_secret = NULL, totp_enabled_at_ms = NULL, totp_last_step = NULL WHERE id = $2",
        )
        .bind(sealed)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM staff_recovery_codes WHERE staff_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Secrets still stored in plaintext by earlier versions, to be sealed.
    pub async fn plaintext_totp_secrets(&self) -> Result<Vec<(StaffId, String)>> {
        let rows = sqlx::query("SELECT id, totp_secret FROM staff WHERE totp_secret IS NOT NULL")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Replaces a plaintext secret by its sealed form (unless it changed meanwhile), keeping
    /// two-step on or pending as it was.
    pub async fn seal_plaintext_totp_secret(
        &self,
        id: StaffId,
        plaintext: &str,
        sealed: &[u8],
    ) -> Result<()> {
        sqlx::query(
            "UPDATE staff SET totp_secret_sealed = $1, totp_secret = NULL WHERE id = $2 AND totp_secret = $3",
        )
        .bind(sealed)
        .bind(id)
        .bind(plaintext)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A new set of recovery codes (their keyed hashes) in place of the old.
    pub async fn replace_recovery_codes(
        &self,
        id: StaffId,
        hashes: &[Vec<u8>],
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM staff_recovery_codes WHERE staff_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for hash in hashes {
            sqlx::query(
                "INSERT INTO staff_recovery_codes (code_hash, staff_id, created_at_ms) VALUES ($1, $2, $3)",
            )
            .bind(hash.as_slice())
            .bind(id)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Uses one recovery code, once: the number of unused codes left, or `None` if the code is
    /// not one of the account's or was used already.
    pub async fn use_recovery_code(
        &self,
        id: StaffId,
        hash: &[u8],
        now_ms: i64,
    ) -> Result<Option<i64>> {
        let done = sqlx::query(
            "UPDATE staff_recovery_codes SET used_at_ms = $1 WHERE code_hash = $2 AND staff_id = $3 AND used_at_ms IS NULL",
        )
        .bind(now_ms)
        .bind(hash)
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(None);
        }
        let left: i64 = sqlx::query(
            "SELECT COUNT(*) FROM staff_recovery_codes WHERE staff_id = $1 AND used_at_ms IS NULL",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?
        .get(0);
        Ok(Some(left))
    }

    pub async fn enable_totp(&self, id: StaffId, now_ms: i64) -> Result<()> {
        sqlx::query(
            "UPDATE staff SET totp_enabled_at_ms = $1 WHERE id = $2 AND totp_secret_sealed IS NOT NULL",
        )
        .bind(now_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records the step a code was accepted for; false if that step (or a later one) was used.
    pub async fn use_totp_step(&self, id: StaffId, step: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE staff SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

pub(super) fn staff_from_row(row: &AnyRow) -> Result<StaffRecord> {
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
        totp_secret_sealed: row.get("totp_secret_sealed"),
        totp_enabled: row.get::<Option<i64>, _>("totp_enabled_at_ms").is_some(),
        totp_last_step: row.get("totp_last_step"),
        is_head: row.get::<Option<i64>, _>("head_since_ms").is_some(),
        is_chair: row.get::<Option<i64>, _>("chair_since_ms").is_some(),
    })
}
