//! Parents' signatures of the school's own agreements (`parent_agreement_signatures`): a
//! co-signature of a pupils' kind for one child, or a parents' kind signed once for every child
//! in the parent's session. One row per child and signing, never changed.

use kite_protocol::agreement::AgreementKind;
use kite_protocol::register::Signed;
use sqlx::Row;

use super::{Result, Store};
use crate::ids::PupilId;

/// A parent's newest signature of a kind for one child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentSigned {
    pub signed: Signed,
    pub version_id: i64,
    pub parent_name: String,
}

impl Store {
    /// Signs `version_id` for each child, in one transaction so a family is never half signed.
    pub async fn add_parent_agreement_signature(
        &self,
        pupil_ids: &[PupilId],
        version_id: i64,
        parent_name: &str,
        at_ms: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for pupil_id in pupil_ids {
            sqlx::query(
                "INSERT INTO parent_agreement_signatures (pupil_id, version_id, parent_name, signed_at_ms) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(*pupil_id)
            .bind(version_id)
            .bind(parent_name)
            .bind(at_ms)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The newest signature of `kind` for this child: by version, then the latest signing.
    pub async fn latest_parent_agreement_signature(
        &self,
        pupil_id: PupilId,
        kind: AgreementKind,
    ) -> Result<Option<ParentSigned>> {
        Ok(sqlx::query(
            "SELECT v.id, v.version, s.signed_at_ms, s.parent_name FROM parent_agreement_signatures s \
             JOIN agreement_versions v ON v.id = s.version_id \
             WHERE s.pupil_id = $1 AND v.kind = $2 \
             ORDER BY v.version DESC, s.id DESC LIMIT 1",
        )
        .bind(pupil_id)
        .bind(kind.key())
        .fetch_optional(&self.pool)
        .await?
        .map(|r| ParentSigned {
            version_id: r.get(0),
            signed: Signed {
                version: r.get::<i64, _>(1) as u32,
                at_ms: r.get(2),
            },
            parent_name: r.get(3),
        }))
    }
}
