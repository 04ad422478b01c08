//! The school's list of agreement kinds (`agreement_kinds`): the six Kite ships with and the
//! school's own, each with who signs it. A kind is never deleted; retiring one stops it being
//! asked and keeps its versions and signatures.

use kite_protocol::agreement::{AgreementKind, AgreementKindInfo, NewAgreementKind, Signers};
use kite_protocol::Band;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{flag, Result, StorageError, Store};
use crate::ids::StaffId;

pub(super) const KIND_SELECT: &str = "SELECT key, name, signers, band, parents_cosign, built_in, \
     retired_at_ms FROM agreement_kinds";

/// What adding a kind came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KindAdded {
    Added(AgreementKindInfo),
    /// Another kind (perhaps retired, or built in) already has that name.
    NameTaken,
}

impl Store {
    /// Every kind, built-ins first, then the school's own in the order they were made.
    pub async fn agreement_kinds(&self) -> Result<Vec<AgreementKindInfo>> {
        let rows = sqlx::query(&format!("{KIND_SELECT} ORDER BY id"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(kind_from_row).collect()
    }

    pub async fn agreement_kind(&self, kind: AgreementKind) -> Result<Option<AgreementKindInfo>> {
        let row = sqlx::query(&format!("{KIND_SELECT} WHERE key = $1"))
            .bind(kind.key())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(kind_from_row).transpose()
    }

    /// Adds a school's own kind, keyed `custom-<id>`. The id and key are chosen in the one
    /// statement that inserts them; a name another kind has (whatever its capitals) is refused,
    /// by the look first and by the unique name (the database's) if it is taken meanwhile.
    pub async fn add_agreement_kind(
        &self,
        new: &NewAgreementKind,
        by: StaffId,
        now_ms: i64,
    ) -> Result<KindAdded> {
        // Two admins adding at once may pick the same number: the second finds nothing
        // inserted, looks again, and tries the next number (a name taken meanwhile ends it).
        let mut key = None;
        for _ in 0..3 {
            if self.agreement_kind_named(&new.name).await? {
                return Ok(KindAdded::NameTaken);
            }
            // `WHERE true`: SQLite needs it to read an INSERT … SELECT with ON CONFLICT.
            key = sqlx::query(
                "INSERT INTO agreement_kinds \
                   (id, key, name, signers, band, parents_cosign, created_by, created_at_ms) \
                 SELECT COALESCE(MAX(id), 0) + 1, 'custom-' || CAST(COALESCE(MAX(id), 0) + 1 AS TEXT), \
                   $1, $2, $3, $4, $5, $6 FROM agreement_kinds WHERE true \
                 ON CONFLICT DO NOTHING RETURNING key",
            )
            .bind(&new.name)
            .bind(new.signers.as_str())
            .bind(new.band.map(Band::as_str))
            .bind(new.parents_cosign)
            .bind(by)
            .bind(now_ms)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.get::<String, _>(0));
            if key.is_some() {
                break;
            }
        }
        let Some(key) = key else {
            return Ok(KindAdded::NameTaken);
        };
        let kind = AgreementKind::parse(&key)
            .ok_or_else(|| StorageError::Corrupt(format!("agreement kind {key:?}")))?;
        self.agreement_kind(kind)
            .await?
            .map(KindAdded::Added)
            .ok_or_else(|| StorageError::Corrupt("added agreement kind vanished".into()))
    }

    /// Whether a kind (built in, the school's own, retired or not) has this name, whatever its
    /// capitals.
    async fn agreement_kind_named(&self, name: &str) -> Result<bool> {
        Ok(
            sqlx::query("SELECT id FROM agreement_kinds WHERE lower(name) = lower($1)")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?
                .is_some(),
        )
    }

    /// False when it is built in, not on the list, or retired already.
    pub async fn retire_agreement_kind(
        &self,
        kind: AgreementKind,
        by: StaffId,
        now_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE agreement_kinds SET retired_at_ms = $1, retired_by = $2 \
             WHERE key = $3 AND retired_at_ms IS NULL AND NOT built_in",
        )
        .bind(now_ms)
        .bind(by)
        .bind(kind.key())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The school's own kinds the pupils of `band` are asked to sign now (not retired).
    pub async fn pupil_kinds_for_band(&self, band: Band) -> Result<Vec<AgreementKindInfo>> {
        let rows = sqlx::query(&format!(
            "{KIND_SELECT} WHERE signers = 'pupils' AND band = $1 AND retired_at_ms IS NULL \
             AND NOT built_in ORDER BY id"
        ))
        .bind(band.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(kind_from_row).collect()
    }
}

impl Store {
    /// The school's own kinds a class's register and its parents see: its band's pupils' kinds
    /// and the parents' kinds, asked now (not retired), oldest first.
    pub async fn own_kinds_for_class(&self, band: Band) -> Result<Vec<AgreementKindInfo>> {
        let rows = sqlx::query(&format!(
            "{KIND_SELECT} WHERE ((signers = 'pupils' AND band = $1) OR signers = 'parents') \
             AND retired_at_ms IS NULL AND NOT built_in ORDER BY id"
        ))
        .bind(band.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(kind_from_row).collect()
    }

    /// The school's own kinds these adults are asked to sign now (not retired), oldest first.
    pub async fn adult_kinds_for(&self, signers: Signers) -> Result<Vec<AgreementKindInfo>> {
        let rows = sqlx::query(&format!(
            "{KIND_SELECT} WHERE signers = $1 AND retired_at_ms IS NULL AND NOT built_in ORDER BY id"
        ))
        .bind(signers.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(kind_from_row).collect()
    }
}

pub(super) fn kind_from_row(row: &AnyRow) -> Result<AgreementKindInfo> {
    let key: String = row.get("key");
    let signers: String = row.get("signers");
    let band: Option<String> = row.get("band");
    let corrupt = |what: &str| StorageError::Corrupt(format!("agreement kind {key:?}: {what}"));
    Ok(AgreementKindInfo {
        kind: AgreementKind::parse(&key).ok_or_else(|| corrupt("key"))?,
        name: row.get("name"),
        signers: Signers::parse(&signers).ok_or_else(|| corrupt("signers"))?,
        band: match band {
            Some(b) => Some(Band::parse(&b).ok_or_else(|| corrupt("band"))?),
            None => None,
        },
        parents_cosign: flag(row, "parents_cosign"),
        built_in: flag(row, "built_in"),
        retired_at_ms: row.get("retired_at_ms"),
    })
}
