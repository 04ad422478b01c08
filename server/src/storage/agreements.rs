//! Acceptable Use agreements: their published versions (`agreement_versions`), pupils' signatures
//! from the kiosk (`pupil_signatures`), the register built from them, and staff members'
//! own agreements and signatures (`staff_signatures`). Parents' co-signatures are in
//! [`super::parents`].

use kite_protocol::agreement::{AgreementKind, SignAgain};
use kite_protocol::consent::{OnPaper, UseConsent};
use kite_protocol::register::Signed;
use sqlx::any::AnyRow;
use sqlx::Row;
use uuid::Uuid;

use super::classes::PupilRecord;
use super::insert_new::insert_new;
use super::{Result, StorageError, Store, Written};
use crate::ids::{ClassId, DeviceId, PupilId, StaffId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementVersionRecord {
    pub id: i64,
    pub kind: AgreementKind,
    pub version: u32,
    /// JSON in the shape of `kite_protocol::agreement::AgreementContent`: the text in force,
    /// corrected if it has been.
    pub content: String,
    /// The text as first published; the same as `content` until a correction.
    pub original_content: String,
    pub summary: String,
    pub published_at_ms: i64,
    pub published_by: Option<String>,
}

/// A validated pupil signature from a kiosk, ready to be written.
#[derive(Debug, Clone)]
pub struct NewPupilSignature {
    /// The tablet's idempotency key.
    pub id: Uuid,
    pub pupil_id: PupilId,
    pub version_id: i64,
    pub mark_kind: &'static str,
    pub mark: String,
    pub signed_at_ms: i64,
}

/// One pupil's line in the register, before it is measured against the current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterData {
    pub pupil: PupilRecord,
    /// Latest pupil signature, of any version.
    pub pupil_signed: Option<Signed>,
    /// Latest parent co-signature: the pupil AUP and home-school version numbers signed.
    pub parent_signed: Option<(Signed, u32)>,
    /// Set when that co-signature came on paper.
    pub parent_on_paper: Option<OnPaper>,
    pub consents: Vec<UseConsent>,
}

/// A correction to a version, newest text last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementCorrectionRecord {
    pub content: String,
    pub reason: String,
    pub corrected_at_ms: i64,
    pub corrected_by: Option<String>,
}

// `content` is the text in force: the newest correction's when there is one. The text as first
// published stays in `original_content`.
pub(super) const VERSION_SELECT: &str =
    "SELECT v.id, v.kind, v.version, v.summary, v.published_at_ms, \
     v.content AS original_content, s.name AS published_by_name, \
     (SELECT c.content FROM agreement_corrections c WHERE c.version_id = v.id \
      ORDER BY c.id DESC LIMIT 1) AS corrected_content \
     FROM agreement_versions v LEFT JOIN staff s ON s.id = v.published_by";

impl Store {
    pub async fn current_agreement(
        &self,
        kind: AgreementKind,
    ) -> Result<Option<AgreementVersionRecord>> {
        let row = sqlx::query(&format!(
            "{VERSION_SELECT} WHERE v.kind = $1 ORDER BY v.version DESC LIMIT 1"
        ))
        .bind(kind.key())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(version_from_row).transpose()
    }

    pub async fn agreement_version(&self, id: i64) -> Result<Option<AgreementVersionRecord>> {
        let row = sqlx::query(&format!("{VERSION_SELECT} WHERE v.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(version_from_row).transpose()
    }

    /// Newest first.
    pub async fn agreement_versions(
        &self,
        kind: AgreementKind,
    ) -> Result<Vec<AgreementVersionRecord>> {
        let rows = sqlx::query(&format!(
            "{VERSION_SELECT} WHERE v.kind = $1 ORDER BY v.version DESC"
        ))
        .bind(kind.key())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(version_from_row).collect()
    }

    /// Publishes the next version number of `kind` and returns it.
    pub async fn publish_agreement(
        &self,
        kind: AgreementKind,
        content_json: &str,
        summary: &str,
        published_by: Option<StaffId>,
        now_ms: i64,
    ) -> Result<AgreementVersionRecord> {
        // One statement picks the next number and inserts it, so two admins publishing at once
        // can't both make "version 3" (the UNIQUE (kind, version) would refuse the second).
        let id: i64 = sqlx::query(
            "INSERT INTO agreement_versions (kind, version, content, summary, published_at_ms, published_by) \
             SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5 FROM agreement_versions WHERE kind = $6 \
             RETURNING id",
        )
        .bind(kind.key())
        .bind(content_json)
        .bind(summary)
        .bind(now_ms)
        .bind(published_by)
        .bind(kind.key())
        .fetch_one(&self.pool)
        .await?
        .get(0);
        self.agreement_version(id)
            .await?
            .ok_or_else(|| StorageError::Corrupt("published version vanished".into()))
    }

    /// Records a correction to a version; the version's own text is never rewritten.
    pub async fn correct_agreement(
        &self,
        version_id: i64,
        content_json: &str,
        reason: &str,
        corrected_by: StaffId,
        now_ms: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO agreement_corrections (version_id, content, reason, corrected_at_ms, corrected_by) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(version_id)
        .bind(content_json)
        .bind(reason)
        .bind(now_ms)
        .bind(corrected_by)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A version's corrections, oldest first.
    pub async fn agreement_corrections(
        &self,
        version_id: i64,
    ) -> Result<Vec<AgreementCorrectionRecord>> {
        let rows = sqlx::query(
            "SELECT c.content, c.reason, c.corrected_at_ms, s.name FROM agreement_corrections c \
             LEFT JOIN staff s ON s.id = c.corrected_by WHERE c.version_id = $1 ORDER BY c.id",
        )
        .bind(version_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| AgreementCorrectionRecord {
                content: r.get(0),
                reason: r.get(1),
                corrected_at_ms: r.get(2),
                corrected_by: r.get(3),
            })
            .collect())
    }

    /// Who has signed this version and would be asked to sign again by a new one: pupils still
    /// at the school, parents whose newest co-signature names it (one per child), and staff
    /// whose accounts are open and sign this kind.
    pub async fn signed_by(&self, version: &AgreementVersionRecord) -> Result<SignAgain> {
        let count = |sql: &'static str| async move {
            let n: i64 = sqlx::query(sql)
                .bind(version.id)
                .fetch_one(&self.pool)
                .await?
                .get(0);
            Ok::<u32, StorageError>(n as u32)
        };
        // A child's newest co-signature is the one that counts (as in the register).
        macro_rules! parents_on {
            ($column:literal) => {
                concat!(
                    "SELECT COUNT(*) FROM parent_signatures ps JOIN pupils p ON p.id = ps.pupil_id \
                     WHERE p.left_at_ms IS NULL AND ps.",
                    $column,
                    " = $1 AND ps.id = (SELECT MAX(id) FROM parent_signatures WHERE pupil_id = ps.pupil_id)"
                )
            };
        }
        Ok(match version.kind {
            AgreementKind::Pupil => SignAgain {
                pupils: count(
                    "SELECT COUNT(DISTINCT s.pupil_id) FROM pupil_signatures s \
                     JOIN pupils p ON p.id = s.pupil_id WHERE p.left_at_ms IS NULL AND s.version_id = $1",
                )
                .await?,
                parents: count(parents_on!("pupil_version_id")).await?,
                staff: 0,
            },
            AgreementKind::HomeSchool => SignAgain {
                parents: count(parents_on!("home_school_version_id"))
                    .await?,
                ..SignAgain::default()
            },
            // A visitor signs at every visit, so a new version asks no one to sign again.
            AgreementKind::Visitor => SignAgain::default(),
            // A school's own kind: pupils (perhaps with their parents), parents or other adults
            // sign it; a count is of the children whose parent signed, as for the pupil AUP.
            AgreementKind::Custom(_) => {
                let staff: i64 = sqlx::query(
                    "SELECT COUNT(*) FROM staff_signatures ss JOIN staff st ON st.id = ss.staff_id \
                     WHERE ss.version_id = $1 AND st.disabled_at_ms IS NULL",
                )
                .bind(version.id)
                .fetch_one(&self.pool)
                .await?
                .get(0);
                SignAgain {
                    pupils: count(
                        "SELECT COUNT(DISTINCT s.pupil_id) FROM pupil_signatures s \
                         JOIN pupils p ON p.id = s.pupil_id WHERE p.left_at_ms IS NULL AND s.version_id = $1",
                    )
                    .await?,
                    parents: count(
                        "SELECT COUNT(DISTINCT s.pupil_id) FROM parent_agreement_signatures s \
                         JOIN pupils p ON p.id = s.pupil_id WHERE p.left_at_ms IS NULL AND s.version_id = $1",
                    )
                    .await?,
                    staff: staff as u32,
                }
            }
            AgreementKind::Staff | AgreementKind::Volunteer | AgreementKind::Governor => {
                let n: i64 = sqlx::query(
                    "SELECT COUNT(*) FROM staff_signatures ss JOIN staff st ON st.id = ss.staff_id \
                     WHERE ss.version_id = $1 AND st.disabled_at_ms IS NULL AND st.agreement = $2",
                )
                .bind(version.id)
                .bind(version.kind.key())
                .fetch_one(&self.pool)
                .await?
                .get(0);
                SignAgain {
                    staff: n as u32,
                    ..SignAgain::default()
                }
            }
        })
    }

    /// Writes pupil signatures in one durable transaction; per signature, new or already there.
    pub async fn store_pupil_signatures(
        &self,
        device_id: DeviceId,
        received_at_ms: i64,
        signatures: &[NewPupilSignature],
    ) -> Result<Vec<Written>> {
        let _turn = self.tablet_writes.turn().await;
        let mut tx = self.pool.begin().await?;
        let columns = [
            "id",
            "pupil_id",
            "version_id",
            "mark_kind",
            "mark",
            "signed_at_ms",
            "device_id",
            "received_at_ms",
        ];
        let out = insert_new(
            &mut tx,
            "pupil_signatures",
            &columns,
            signatures,
            |s| s.id.to_string(),
            |query, s| {
                query
                    .bind(s.id.to_string())
                    .bind(s.pupil_id)
                    .bind(s.version_id)
                    .bind(s.mark_kind)
                    .bind(&s.mark)
                    .bind(s.signed_at_ms)
                    .bind(device_id)
                    .bind(received_at_ms)
            },
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Pupils of a class (not left) with the ids of the agreement versions each has signed (the
    /// pupil AUP's and the school's own pupil agreements').
    pub async fn signed_version_ids(&self, class_id: ClassId) -> Result<Vec<(PupilId, Vec<i64>)>> {
        let pupils = self.class_pupils(class_id).await?;
        let rows = sqlx::query(
            "SELECT DISTINCT s.pupil_id, s.version_id FROM pupil_signatures s \
             JOIN pupils p ON p.id = s.pupil_id WHERE p.class_id = $1 AND p.left_at_ms IS NULL",
        )
        .bind(class_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(pupils
            .into_iter()
            .map(|p| {
                let versions = rows
                    .iter()
                    .filter(|r| r.get::<PupilId, _>(0) == p.id)
                    .map(|r| r.get::<i64, _>(1))
                    .collect();
                (p.id, versions)
            })
            .collect())
    }

    /// A pupil's newest signature of an agreement kind: by version, then by when it was signed.
    pub async fn latest_pupil_signature(
        &self,
        pupil_id: PupilId,
        kind: AgreementKind,
    ) -> Result<Option<Signed>> {
        Ok(sqlx::query(
            "SELECT v.version, s.signed_at_ms FROM pupil_signatures s \
             JOIN agreement_versions v ON v.id = s.version_id \
             WHERE s.pupil_id = $1 AND v.kind = $2 \
             ORDER BY v.version DESC, s.signed_at_ms DESC LIMIT 1",
        )
        .bind(pupil_id)
        .bind(kind.key())
        .fetch_optional(&self.pool)
        .await?
        .map(|r| Signed {
            version: r.get::<i64, _>(0) as u32,
            at_ms: r.get(1),
        }))
    }

    /// The register's raw lines for a class's current pupils.
    pub async fn register_data(&self, class_id: ClassId) -> Result<Vec<RegisterData>> {
        let pupils = self.class_pupils(class_id).await?;
        let mut out = Vec::with_capacity(pupils.len());
        for pupil in pupils {
            let pupil_signed = self
                .latest_pupil_signature(pupil.id, AgreementKind::Pupil)
                .await?;
            let parent = sqlx::query(
                "SELECT pv.version, ps.signed_at_ms, hv.version, ps.form_date_ms, st.name \
                 FROM parent_signatures ps \
                 JOIN agreement_versions pv ON pv.id = ps.pupil_version_id \
                 JOIN agreement_versions hv ON hv.id = ps.home_school_version_id \
                 LEFT JOIN staff st ON st.id = ps.recorded_by \
                 WHERE ps.pupil_id = $1 ORDER BY ps.id DESC LIMIT 1",
            )
            .bind(pupil.id)
            .fetch_optional(&self.pool)
            .await?;
            let parent_signed = parent.as_ref().map(|r| {
                (
                    Signed {
                        version: r.get::<i64, _>(0) as u32,
                        at_ms: r.get(1),
                    },
                    r.get::<i64, _>(2) as u32,
                )
            });
            let parent_on_paper = parent.as_ref().and_then(|r| {
                r.get::<Option<i64>, _>(3).map(|form_date_ms| OnPaper {
                    recorded_by: r.get::<Option<String>, _>(4).unwrap_or_default(),
                    form_date_ms,
                })
            });
            let consents = self.consents(pupil.id).await?;
            out.push(RegisterData {
                pupil,
                pupil_signed,
                parent_signed,
                parent_on_paper,
                consents,
            });
        }
        Ok(out)
    }
}

impl Store {
    pub async fn staff_agreement_kind(&self, staff_id: StaffId) -> Result<AgreementKind> {
        let kind: Option<String> = sqlx::query("SELECT agreement FROM staff WHERE id = $1")
            .bind(staff_id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.get(0));
        Ok(kind
            .as_deref()
            .and_then(AgreementKind::parse)
            .unwrap_or(AgreementKind::Staff))
    }

    pub async fn set_staff_agreement_kind(
        &self,
        staff_id: StaffId,
        kind: AgreementKind,
    ) -> Result<()> {
        sqlx::query("UPDATE staff SET agreement = $1 WHERE id = $2")
            .bind(kind.key())
            .bind(staff_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// When this person signed this version, if they have.
    pub async fn staff_signed_at(&self, staff_id: StaffId, version_id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query(
            "SELECT signed_at_ms FROM staff_signatures WHERE staff_id = $1 AND version_id = $2",
        )
        .bind(staff_id)
        .bind(version_id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| r.get(0)))
    }

    /// False when they had already signed it.
    pub async fn sign_staff_agreement(
        &self,
        staff_id: StaffId,
        version_id: i64,
        signed_name: &str,
        now_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO staff_signatures (staff_id, version_id, signed_name, signed_at_ms) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (staff_id, version_id) DO NOTHING",
        )
        .bind(staff_id)
        .bind(version_id)
        .bind(signed_name)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

pub(super) fn version_from_row(row: &AnyRow) -> Result<AgreementVersionRecord> {
    let kind: String = row.get("kind");
    Ok(AgreementVersionRecord {
        id: row.get("id"),
        kind: AgreementKind::parse(&kind)
            .ok_or_else(|| StorageError::Corrupt(format!("agreement kind {kind:?}")))?,
        version: row.get::<i64, _>("version") as u32,
        content: row
            .get::<Option<String>, _>("corrected_content")
            .unwrap_or_else(|| row.get("original_content")),
        original_content: row.get("original_content"),
        summary: row.get("summary"),
        published_at_ms: row.get("published_at_ms"),
        published_by: row.get("published_by_name"),
    })
}
