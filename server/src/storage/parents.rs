//! Parents: the per-child codes printed on the school's letters (`parent_codes`), the child a
//! parent's code is for and parents' co-signatures (`parent_signatures`), online or recorded
//! from paper; consent is in [`super::consents`]. Parents' sessions are in [`super::sessions`]; a parent's concern is a
//! report ([`super::reports`]).

use kite_protocol::Band;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::classes::band_from;
use super::{Result, Store};
use crate::ids::{ClassId, PupilId, StaffId};

/// A class, for the letters and the parents' page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassInfo {
    pub id: ClassId,
    pub name: String,
    pub band: Band,
}

/// A child a parent's session is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub pupil_id: PupilId,
    pub first_name: String,
    pub last_initial: String,
    pub class: ClassInfo,
}

/// What a typed code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeLookup {
    /// A live code, for this pupil.
    Active(PupilId),
    /// The school printed a newer letter for this child (or the child has left).
    Replaced,
    /// Printed for a school year that has ended, or the child's leaving day has passed.
    Ended,
    Unknown,
}

/// A co-signature as stored, with the version numbers it signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCoSignature {
    pub pupil_version_id: i64,
    pub home_school_version_id: i64,
    pub pupil_version: u32,
    pub home_school_version: u32,
    pub parent_name: String,
    pub signed_at_ms: i64,
}

impl Store {
    /// Stores new codes (their hashes) for these pupils in one transaction; each pupil's older
    /// codes are revoked and the parents' sessions opened with them end.
    pub async fn replace_parent_codes(
        &self,
        codes: &[(PupilId, Vec<u8>)],
        created_by: StaffId,
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
            // Every session the old code was typed into ends: the one it opened, and a
            // family's session it was added to (which reads its other children only once its
            // parent types their codes again).
            sqlx::query(
                "DELETE FROM parent_sessions WHERE pupil_id = $1 OR id_sha256 IN
                   (SELECT session_sha256 FROM parent_session_children WHERE pupil_id = $2)",
            )
            .bind(pupil_id)
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

    /// What a code is, by its hash (`auth::parent_code::keyed_hash`) on `now_ms`'s day.
    pub async fn lookup_parent_code(&self, code_hash: &[u8], now_ms: i64) -> Result<CodeLookup> {
        let row = sqlx::query(
            "SELECT c.pupil_id, c.revoked_at_ms, c.created_at_ms, p.left_at_ms, p.leaving_on
             FROM parent_codes c JOIN pupils p ON p.id = c.pupil_id WHERE c.code_sha256 = $1",
        )
        .bind(code_hash)
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
            Some(r)
                if !crate::auth::parent_code::still_open(
                    r.get("created_at_ms"),
                    r.get::<Option<String>, _>("leaving_on").as_deref(),
                    now_ms,
                ) =>
            {
                CodeLookup::Ended
            }
            Some(r) => CodeLookup::Active(r.get("pupil_id")),
        })
    }

    /// Stores a code found under its old bare hash under its keyed hash instead.
    pub async fn rekey_parent_code(&self, old_hash: &[u8], keyed_hash: &[u8]) -> Result<()> {
        sqlx::query("UPDATE parent_codes SET code_sha256 = $1 WHERE code_sha256 = $2")
            .bind(keyed_hash)
            .bind(old_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The pupil with their class, unless they have left.
    pub async fn child(&self, pupil_id: PupilId) -> Result<Option<Child>> {
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

    /// The newest version of an agreement kind (`pupil`, `home_school`, …).
    pub async fn latest_cosignature(&self, pupil_id: PupilId) -> Result<Option<StoredCoSignature>> {
        let row = sqlx::query(&format!(
            "{COSIGNATURE_SELECT} WHERE s.pupil_id = $1 ORDER BY s.id DESC LIMIT 1"
        ))
        .bind(pupil_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(cosignature_from_row))
    }

    /// Every co-signature for a pupil, oldest first.
    pub async fn cosignatures(&self, pupil_id: PupilId) -> Result<Vec<StoredCoSignature>> {
        let rows = sqlx::query(&format!(
            "{COSIGNATURE_SELECT} WHERE s.pupil_id = $1 ORDER BY s.id"
        ))
        .bind(pupil_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(cosignature_from_row).collect())
    }

    /// The hashes of the letter codes in use (not replaced), for checking that no code is kept.
    pub async fn active_parent_code_hashes(&self) -> Result<Vec<Vec<u8>>> {
        let rows = sqlx::query(
            "SELECT code_sha256 FROM parent_codes WHERE revoked_at_ms IS NULL ORDER BY pupil_id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// `paper`: who typed it in and the date on the form, when the parent signed on paper.
    pub async fn add_cosignature(
        &self,
        pupil_id: PupilId,
        pupil_version_id: i64,
        home_school_version_id: i64,
        parent_name: &str,
        now_ms: i64,
        paper: Option<(StaffId, i64)>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO parent_signatures
               (pupil_id, pupil_version_id, home_school_version_id, parent_name, signed_at_ms,
                recorded_by, form_date_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(pupil_id)
        .bind(pupil_version_id)
        .bind(home_school_version_id)
        .bind(parent_name)
        .bind(now_ms)
        .bind(paper.map(|(by, _)| by))
        .bind(paper.map(|(_, day)| day))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

const COSIGNATURE_SELECT: &str =
    "SELECT s.pupil_version_id, s.home_school_version_id, s.parent_name, s.signed_at_ms,
            pv.version AS pupil_version, hv.version AS home_school_version
     FROM parent_signatures s
     JOIN agreement_versions pv ON pv.id = s.pupil_version_id
     JOIN agreement_versions hv ON hv.id = s.home_school_version_id";

fn cosignature_from_row(r: &AnyRow) -> StoredCoSignature {
    StoredCoSignature {
        pupil_version_id: r.get("pupil_version_id"),
        home_school_version_id: r.get("home_school_version_id"),
        pupil_version: r.get::<i64, _>("pupil_version") as u32,
        home_school_version: r.get::<i64, _>("home_school_version") as u32,
        parent_name: r.get("parent_name"),
        signed_at_ms: r.get("signed_at_ms"),
    }
}

fn class_from_row(row: &AnyRow) -> Result<ClassInfo> {
    Ok(ClassInfo {
        id: row.get("class_id"),
        name: row.get("class_name"),
        band: band_from(row.get("band"))?,
    })
}
