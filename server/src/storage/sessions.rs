//! Sign-in sessions: staff (`staff_sessions`) and parents (`parent_sessions`). Both are kept the
//! same way (the cookie's SHA-256, a CSRF token, created and last-seen times, whose session it
//! is), in two tables so neither can ever be taken for the other; [`SessionTable`] holds the
//! statements both share.

use sqlx::Row;

use crate::storage::SchoolPool;

use super::staff::{staff_from_row, StaffRecord};
use super::{Result, Store};
use crate::ids::{PupilId, StaffId};

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub staff: StaffRecord,
    pub csrf_token: String,
    pub created_at_ms: i64,
    pub last_seen_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentSession {
    pub pupil_id: PupilId,
    pub csrf_token: String,
    pub created_at_ms: i64,
    pub last_seen_ms: i64,
}

impl Store {
    pub async fn create_session(
        &self,
        id_sha256: &[u8],
        staff_id: StaffId,
        csrf_token: &str,
        now_ms: i64,
    ) -> Result<()> {
        STAFF
            .create(&self.pool, id_sha256, staff_id.into(), csrf_token, now_ms)
            .await
    }

    /// The session and its (enabled) account.
    pub async fn session(&self, id_sha256: &[u8]) -> Result<Option<SessionRecord>> {
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

    pub async fn touch_session(&self, id_sha256: &[u8], now_ms: i64) -> Result<()> {
        STAFF.touch(&self.pool, id_sha256, now_ms).await
    }

    pub async fn delete_session(&self, id_sha256: &[u8]) -> Result<()> {
        STAFF.delete(&self.pool, id_sha256).await
    }

    pub async fn delete_sessions_of(&self, staff_id: StaffId, except: Option<&[u8]>) -> Result<()> {
        sqlx::query(
            "DELETE FROM staff_sessions WHERE staff_id = $1 AND id_sha256 IS DISTINCT FROM $2",
        )
        .bind(staff_id)
        .bind(except)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Removes sessions idle since `idle_before_ms` or started before `started_before_ms`.
    pub async fn delete_expired_sessions(
        &self,
        idle_before_ms: i64,
        started_before_ms: i64,
    ) -> Result<u64> {
        STAFF
            .delete_expired(&self.pool, idle_before_ms, started_before_ms)
            .await
    }
}

impl Store {
    pub async fn create_parent_session(
        &self,
        id_sha256: &[u8],
        pupil_id: PupilId,
        csrf_token: &str,
        now_ms: i64,
    ) -> Result<()> {
        PARENT
            .create(&self.pool, id_sha256, pupil_id.into(), csrf_token, now_ms)
            .await
    }

    pub async fn parent_session(&self, id_sha256: &[u8]) -> Result<Option<ParentSession>> {
        let row = sqlx::query("SELECT * FROM parent_sessions WHERE id_sha256 = $1")
            .bind(id_sha256)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| ParentSession {
            pupil_id: r.get("pupil_id"),
            csrf_token: r.get("csrf_token"),
            created_at_ms: r.get("created_at_ms"),
            last_seen_ms: r.get("last_seen_ms"),
        }))
    }

    /// Adds a child to a family's session (a code typed once signed in); adding one twice
    /// changes nothing.
    pub async fn add_parent_session_child(
        &self,
        id_sha256: &[u8],
        pupil_id: PupilId,
        now_ms: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO parent_session_children (session_sha256, pupil_id, added_at_ms)
             VALUES ($1, $2, $3) ON CONFLICT (session_sha256, pupil_id) DO NOTHING",
        )
        .bind(id_sha256)
        .bind(pupil_id)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The children a session was given codes for, in the order the codes were typed: the one
    /// it was opened for first.
    pub async fn parent_session_children(
        &self,
        id_sha256: &[u8],
        first: PupilId,
    ) -> Result<Vec<PupilId>> {
        let rows = sqlx::query(
            "SELECT pupil_id FROM parent_session_children WHERE session_sha256 = $1
             ORDER BY added_at_ms, pupil_id",
        )
        .bind(id_sha256)
        .fetch_all(&self.pool)
        .await?;
        let mut children = vec![first];
        children.extend(
            rows.iter()
                .map(|r| r.get::<PupilId, _>(0))
                .filter(|id| *id != first),
        );
        Ok(children)
    }

    pub async fn touch_parent_session(&self, id_sha256: &[u8], now_ms: i64) -> Result<()> {
        PARENT.touch(&self.pool, id_sha256, now_ms).await
    }

    pub async fn delete_parent_session(&self, id_sha256: &[u8]) -> Result<()> {
        PARENT.delete(&self.pool, id_sha256).await
    }

    /// Removes sessions idle since `idle_before_ms` or started before `started_before_ms`.
    pub async fn delete_expired_parent_sessions(
        &self,
        idle_before_ms: i64,
        started_before_ms: i64,
    ) -> Result<u64> {
        PARENT
            .delete_expired(&self.pool, idle_before_ms, started_before_ms)
            .await
    }
}

/// A session table and the column naming whose session it is.
#[derive(Clone, Copy)]
struct SessionTable {
    pub table: &'static str,
    pub owner: &'static str,
}

const STAFF: SessionTable = SessionTable {
    table: "staff_sessions",
    owner: "staff_id",
};

const PARENT: SessionTable = SessionTable {
    table: "parent_sessions",
    owner: "pupil_id",
};

impl SessionTable {
    async fn create(
        self,
        pool: &SchoolPool,
        id_sha256: &[u8],
        owner_id: i64,
        csrf_token: &str,
        now_ms: i64,
    ) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO {} (id_sha256, {}, csrf_token, created_at_ms, last_seen_ms)
             VALUES ($1, $2, $3, $4, $5)",
            self.table, self.owner
        ))
        .bind(id_sha256)
        .bind(owner_id)
        .bind(csrf_token)
        .bind(now_ms)
        .bind(now_ms)
        .execute(pool)
        .await?;
        Ok(())
    }

    async fn touch(self, pool: &SchoolPool, id_sha256: &[u8], now_ms: i64) -> Result<()> {
        sqlx::query(&format!(
            "UPDATE {} SET last_seen_ms = $1 WHERE id_sha256 = $2",
            self.table
        ))
        .bind(now_ms)
        .bind(id_sha256)
        .execute(pool)
        .await?;
        Ok(())
    }

    async fn delete(self, pool: &SchoolPool, id_sha256: &[u8]) -> Result<()> {
        sqlx::query(&format!("DELETE FROM {} WHERE id_sha256 = $1", self.table))
            .bind(id_sha256)
            .execute(pool)
            .await?;
        Ok(())
    }

    /// Removes sessions idle since `idle_before_ms` or started before `started_before_ms`.
    async fn delete_expired(
        self,
        pool: &SchoolPool,
        idle_before_ms: i64,
        started_before_ms: i64,
    ) -> Result<u64> {
        let done = sqlx::query(&format!(
            "DELETE FROM {} WHERE last_seen_ms < $1 OR created_at_ms < $2",
            self.table
        ))
        .bind(idle_before_ms)
        .bind(started_before_ms)
        .execute(pool)
        .await?;
        Ok(done.rows_affected())
    }
}
