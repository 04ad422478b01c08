//! Tablets: the devices enrolled with the school server (`devices`) and the one-use enrolment
//! codes an admin makes for them (`enrolment_codes`). A device's token is kept only as its
//! SHA-256.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{Result, Store};
use crate::ids::{DeviceId, StaffId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: DeviceId,
    pub name: String,
    pub created_at_ms: i64,
    pub last_seen_ms: Option<i64>,
    pub revoked_at_ms: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redeemed {
    Enrolled(DeviceId),
    Unknown,
    Used,
    Expired,
}

impl Store {
    pub async fn create_device(
        &self,
        name: &str,
        token_sha256: &[u8],
        now_ms: i64,
    ) -> Result<DeviceId> {
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

    /// Enrolled and not revoked.
    pub async fn active_device_by_token(&self, token_sha256: &[u8]) -> Result<Option<Device>> {
        let row =
            sqlx::query("SELECT * FROM devices WHERE token_sha256 = $1 AND revoked_at_ms IS NULL")
                .bind(token_sha256)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.as_ref().map(device_from_row))
    }

    pub async fn list_devices(&self) -> Result<Vec<Device>> {
        let rows = sqlx::query("SELECT * FROM devices ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(device_from_row).collect())
    }

    /// True when a device was revoked by this call.
    pub async fn revoke_device(&self, id: DeviceId, now_ms: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE devices SET revoked_at_ms = $1 WHERE id = $2 AND revoked_at_ms IS NULL",
        )
        .bind(now_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn touch_device(&self, id: DeviceId, now_ms: i64) -> Result<()> {
        let _turn = self.tablet_writes.turn().await;
        sqlx::query("UPDATE devices SET last_seen_ms = $1 WHERE id = $2")
            .bind(now_ms)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn create_enrolment_code(
        &self,
        code_sha256: &[u8],
        created_by: StaffId,
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

    /// Checks the code and, if good, creates the device and spends the code in one transaction.
    pub async fn redeem_enrolment_code(
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
        let device_id: DeviceId = sqlx::query(
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
