//! [`ParentStore`] on SQLite and PostgreSQL (one implementation, see `sql`).

use async_trait::async_trait;
use kite_protocol::consent::{ConsentState, PhotoConsent, PhotoUse};
use kite_protocol::Band;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{sessions, SqlStorage};
use crate::storage::parents::{
    Child, ClassInfo, CodeLookup, ParentSession, ParentStore, StoredCoSignature,
};
use crate::storage::{Result, StorageError};

fn band(s: &str) -> Result<Band> {
    match s {
        "eyfs" => Ok(Band::Eyfs),
        "ks1" => Ok(Band::Ks1),
        "ks2" => Ok(Band::Ks2),
        other => Err(StorageError::Corrupt(format!("band {other:?}"))),
    }
}

fn class_from_row(row: &AnyRow) -> Result<ClassInfo> {
    Ok(ClassInfo {
        id: row.get("class_id"),
        name: row.get("class_name"),
        band: band(row.get("band"))?,
    })
}

#[async_trait]
impl ParentStore for SqlStorage {
    async fn replace_parent_codes(
        &self,
        codes: &[(i64, Vec<u8>)],
        created_by: i64,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for (pupil_id, hash) in codes {
            sqlx::query(
                "UPDATE parent_codes SET revoked_at_ms = $1 WHERE pupil_id = $2 AND revoked_at_ms IS NULL",
            )
            .bind(now_ms)
            .bind(pupil_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM parent_sessions WHERE pupil_id = $1")
                .bind(pupil_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO parent_codes (code_sha256, pupil_id, created_by, created_at_ms)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(hash)
            .bind(pupil_id)
            .bind(created_by)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn lookup_parent_code(&self, code_sha256: &[u8]) -> Result<CodeLookup> {
        let row = sqlx::query(
            "SELECT c.pupil_id, c.revoked_at_ms, p.left_at_ms FROM parent_codes c
             JOIN pupils p ON p.id = c.pupil_id WHERE c.code_sha256 = $1",
        )
        .bind(code_sha256)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            None => CodeLookup::Unknown,
            Some(r)
                if r.get::<Option<i64>, _>("revoked_at_ms").is_some()
                    || r.get::<Option<i64>, _>("left_at_ms").is_some() =>
            {
                CodeLookup::Replaced
            }
            Some(r) => CodeLookup::Active(r.get("pupil_id")),
        })
    }

    async fn create_parent_session(
        &self,
        id_sha256: &[u8],
        pupil_id: i64,
        csrf_token: &str,
        now_ms: i64,
    ) -> Result<()> {
        sessions::PARENT
            .create(&self.pool, id_sha256, pupil_id, csrf_token, now_ms)
            .await
    }

    async fn parent_session(&self, id_sha256: &[u8]) -> Result<Option<ParentSession>> {
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

    async fn touch_parent_session(&self, id_sha256: &[u8], now_ms: i64) -> Result<()> {
        sessions::PARENT.touch(&self.pool, id_sha256, now_ms).await
    }

    async fn delete_parent_session(&self, id_sha256: &[u8]) -> Result<()> {
        sessions::PARENT.delete(&self.pool, id_sha256).await
    }

    async fn delete_expired_parent_sessions(
        &self,
        idle_before_ms: i64,
        started_before_ms: i64,
    ) -> Result<u64> {
        sessions::PARENT
            .delete_expired(&self.pool, idle_before_ms, started_before_ms)
            .await
    }

    async fn child(&self, pupil_id: i64) -> Result<Option<Child>> {
        let row = sqlx::query(
            "SELECT p.id, p.first_name, p.last_initial, c.id AS class_id, c.name AS class_name, c.band
             FROM pupils p JOIN classes c ON c.id = p.class_id
             WHERE p.id = $1 AND p.left_at_ms IS NULL",
        )
        .bind(pupil_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Child {
                pupil_id: r.get("id"),
                first_name: r.get("first_name"),
                last_initial: r.get("last_initial"),
                class: class_from_row(&r)?,
            })
        })
        .transpose()
    }

    async fn latest_cosignature(&self, pupil_id: i64) -> Result<Option<StoredCoSignature>> {
        let row = sqlx::query(
            "SELECT s.pupil_version_id, s.home_school_version_id, s.parent_name, s.signed_at_ms,
                    pv.version AS pupil_version, hv.version AS home_school_version
             FROM parent_signatures s
             JOIN agreement_versions pv ON pv.id = s.pupil_version_id
             JOIN agreement_versions hv ON hv.id = s.home_school_version_id
             WHERE s.pupil_id = $1 ORDER BY s.id DESC LIMIT 1",
        )
        .bind(pupil_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| StoredCoSignature {
            pupil_version_id: r.get("pupil_version_id"),
            home_school_version_id: r.get("home_school_version_id"),
            pupil_version: r.get::<i64, _>("pupil_version") as u32,
            home_school_version: r.get::<i64, _>("home_school_version") as u32,
            parent_name: r.get("parent_name"),
            signed_at_ms: r.get("signed_at_ms"),
        }))
    }

    async fn add_cosignature(
        &self,
        pupil_id: i64,
        pupil_version_id: i64,
        home_school_version_id: i64,
        parent_name: &str,
        now_ms: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO parent_signatures
               (pupil_id, pupil_version_id, home_school_version_id, parent_name, signed_at_ms)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(pupil_id)
        .bind(pupil_version_id)
        .bind(home_school_version_id)
        .bind(parent_name)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn photo_consent(&self, pupil_id: i64) -> Result<PhotoConsent> {
        // The newest row per use holds (ids only grow).
        let rows = sqlx::query(
            "SELECT photo_use, granted, at_ms FROM photo_consents
             WHERE id IN (SELECT MAX(id) FROM photo_consents WHERE pupil_id = $1 GROUP BY photo_use)",
        )
        .bind(pupil_id)
        .fetch_all(&self.pool)
        .await?;
        let mut consent = PhotoConsent::none();
        for r in rows {
            let stored: String = r.get("photo_use");
            let use_ = PhotoUse::parse(&stored)
                .ok_or_else(|| StorageError::Corrupt(format!("photo use {stored:?}")))?;
            let at_ms: i64 = r.get("at_ms");
            let state = if super::flag(&r, "granted") {
                ConsentState::Given { at_ms }
            } else {
                ConsentState::Withdrawn { at_ms }
            };
            consent.set(use_, state);
        }
        Ok(consent)
    }

    async fn add_photo_consent(
        &self,
        pupil_id: i64,
        photo_use: PhotoUse,
        granted: bool,
        given_by: &str,
        now_ms: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO photo_consents (pupil_id, photo_use, granted, given_by, at_ms)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(pupil_id)
        .bind(photo_use.as_str())
        .bind(granted)
        .bind(given_by)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn store_parent_concern(
        &self,
        id: uuid::Uuid,
        urgent: bool,
        payload: &str,
        received_at_ms: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO reports (id, source, device_id, received_at_ms, urgent, what, payload)
             VALUES ($1, 'parent', NULL, $2, $3, 'parent_concern', $4)",
        )
        .bind(id.to_string())
        .bind(received_at_ms)
        .bind(urgent)
        .bind(payload)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
