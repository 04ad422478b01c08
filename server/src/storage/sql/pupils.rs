//! [`PupilStore`] on SQLite and PostgreSQL (one implementation, see `sql`).

use async_trait::async_trait;
use kite_protocol::agreement::AgreementKind;
use kite_protocol::classes::{next_symbol, PupilName};
use kite_protocol::consent::{ConsentState, PhotoConsent, PhotoUse};
use kite_protocol::register::Signed;
use kite_protocol::Band;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::SqlStorage;
use crate::storage::pupils::{
    AgreementVersionRecord, ClassRecord, NewPupilSignature, PupilRecord, PupilStore, RegisterData,
};
use crate::storage::{Result, StorageError, Written};

fn band_from(text: &str) -> Result<Band> {
    serde_json::from_value(serde_json::Value::String(text.into()))
        .map_err(|_| StorageError::Corrupt(format!("band {text:?}")))
}

fn band_str(band: Band) -> &'static str {
    match band {
        Band::Eyfs => "eyfs",
        Band::Ks1 => "ks1",
        Band::Ks2 => "ks2",
    }
}

fn pupil_from_row(row: &AnyRow) -> PupilRecord {
    PupilRecord {
        id: row.get("id"),
        class_id: row.get("class_id"),
        first_name: row.get("first_name"),
        last_initial: row.get("last_initial"),
        symbol: row.get("symbol"),
        left_at_ms: row.get("left_at_ms"),
    }
}

fn version_from_row(row: &AnyRow) -> Result<AgreementVersionRecord> {
    let kind: String = row.get("kind");
    Ok(AgreementVersionRecord {
        id: row.get("id"),
        kind: AgreementKind::parse(&kind)
            .ok_or_else(|| StorageError::Corrupt(format!("agreement kind {kind:?}")))?,
        version: row.get::<i64, _>("version") as u32,
        content: row.get("content"),
        summary: row.get("summary"),
        published_at_ms: row.get("published_at_ms"),
        published_by: row.get("published_by_name"),
    })
}

const VERSION_SELECT: &str = "SELECT v.*, s.name AS published_by_name FROM agreement_versions v \
     LEFT JOIN staff s ON s.id = v.published_by";

/// Which classes [`SqlStorage::classes_where`] reads. Bound with its own type: PostgreSQL won't
/// compare an id with text.
enum ClassKey<'a> {
    All,
    Id(i64),
    Name(&'a str),
}

impl SqlStorage {
    async fn classes_where(&self, key: ClassKey<'_>) -> Result<Vec<ClassRecord>> {
        let filter = match key {
            ClassKey::All => "",
            ClassKey::Id(_) => "WHERE c.id = $1",
            ClassKey::Name(_) => "WHERE lower(c.name) = lower($1)",
        };
        let sql = format!(
            "SELECT c.id, c.name, c.band, \
               (SELECT COUNT(*) FROM pupils p WHERE p.class_id = c.id AND p.left_at_ms IS NULL) AS pupils \
             FROM classes c {filter} ORDER BY lower(c.name)"
        );
        let q = sqlx::query(&sql);
        let q = match key {
            ClassKey::All => q,
            ClassKey::Id(id) => q.bind(id),
            ClassKey::Name(name) => q.bind(name),
        };
        let rows = q.fetch_all(&self.pool).await?;
        let mut out = Vec::new();
        for row in rows {
            let id: i64 = row.get("id");
            let teachers = sqlx::query(
                "SELECT s.id, s.name FROM class_teachers t JOIN staff s ON s.id = t.staff_id \
                 WHERE t.class_id = $1 ORDER BY s.name",
            )
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
            out.push(ClassRecord {
                id,
                name: row.get("name"),
                band: band_from(row.get("band"))?,
                teachers,
                pupils: row.get::<i64, _>("pupils") as u32,
            });
        }
        Ok(out)
    }
}

#[async_trait]
impl PupilStore for SqlStorage {
    async fn create_class(&self, name: &str, band: Band, now_ms: i64) -> Result<Option<i64>> {
        let row = sqlx::query(
            "INSERT INTO classes (name, band, created_at_ms) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(name)
        .bind(band_str(band))
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn list_classes(&self) -> Result<Vec<ClassRecord>> {
        self.classes_where(ClassKey::All).await
    }

    async fn class(&self, id: i64) -> Result<Option<ClassRecord>> {
        Ok(self.classes_where(ClassKey::Id(id)).await?.pop())
    }

    async fn class_by_name(&self, name: &str) -> Result<Option<ClassRecord>> {
        Ok(self.classes_where(ClassKey::Name(name)).await?.pop())
    }

    async fn set_class_teachers(&self, class_id: i64, staff_ids: &[i64]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM class_teachers WHERE class_id = $1")
            .bind(class_id)
            .execute(&mut *tx)
            .await?;
        for id in staff_ids {
            sqlx::query("INSERT INTO class_teachers (class_id, staff_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(class_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn add_class_teacher(&self, class_id: i64, staff_id: i64) -> Result<()> {
        sqlx::query("INSERT INTO class_teachers (class_id, staff_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(class_id)
            .bind(staff_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn add_pupils(
        &self,
        class_id: i64,
        names: &[PupilName],
        now_ms: i64,
    ) -> Result<Vec<Option<i64>>> {
        let mut tx = self.pool.begin().await?;
        let mut symbols: Vec<String> =
            sqlx::query("SELECT symbol FROM pupils WHERE class_id = $1 AND left_at_ms IS NULL")
                .bind(class_id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
        let mut out = Vec::new();
        for name in names {
            let existing = sqlx::query(
                "SELECT id FROM pupils WHERE class_id = $1 AND left_at_ms IS NULL \
                 AND lower(first_name) = lower($2) AND lower(last_initial) = lower($3)",
            )
            .bind(class_id)
            .bind(&name.first_name)
            .bind(&name.last_initial)
            .fetch_optional(&mut *tx)
            .await?;
            if existing.is_some() {
                out.push(None);
                continue;
            }
            let symbol = next_symbol(symbols.iter().map(String::as_str));
            let id: i64 = sqlx::query(
                "INSERT INTO pupils (class_id, first_name, last_initial, symbol, created_at_ms) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(class_id)
            .bind(&name.first_name)
            .bind(&name.last_initial)
            .bind(&symbol)
            .bind(now_ms)
            .fetch_one(&mut *tx)
            .await?
            .get(0);
            symbols.push(symbol);
            out.push(Some(id));
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn class_pupils(&self, class_id: i64) -> Result<Vec<PupilRecord>> {
        let rows = sqlx::query(
            "SELECT * FROM pupils WHERE class_id = $1 AND left_at_ms IS NULL \
             ORDER BY lower(first_name), last_initial",
        )
        .bind(class_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(pupil_from_row).collect())
    }

    async fn pupil(&self, id: i64) -> Result<Option<PupilRecord>> {
        let row = sqlx::query("SELECT * FROM pupils WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(pupil_from_row))
    }

    async fn mark_pupil_left(&self, id: i64, now_ms: i64) -> Result<bool> {
        let done =
            sqlx::query("UPDATE pupils SET left_at_ms = $1 WHERE id = $2 AND left_at_ms IS NULL")
                .bind(now_ms)
                .bind(id)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn current_agreement(
        &self,
        kind: AgreementKind,
    ) -> Result<Option<AgreementVersionRecord>> {
        let row = sqlx::query(&format!(
            "{VERSION_SELECT} WHERE v.kind = $1 ORDER BY v.version DESC LIMIT 1"
        ))
        .bind(kind.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(version_from_row).transpose()
    }

    async fn agreement_version(&self, id: i64) -> Result<Option<AgreementVersionRecord>> {
        let row = sqlx::query(&format!("{VERSION_SELECT} WHERE v.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(version_from_row).transpose()
    }

    async fn agreement_versions(&self, kind: AgreementKind) -> Result<Vec<AgreementVersionRecord>> {
        let rows = sqlx::query(&format!(
            "{VERSION_SELECT} WHERE v.kind = $1 ORDER BY v.version DESC"
        ))
        .bind(kind.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(version_from_row).collect()
    }

    async fn publish_agreement(
        &self,
        kind: AgreementKind,
        content_json: &str,
        summary: &str,
        published_by: Option<i64>,
        now_ms: i64,
    ) -> Result<AgreementVersionRecord> {
        // One statement picks the next number and inserts it, so two admins publishing at once
        // can't both make "version 3" (the UNIQUE (kind, version) would refuse the second).
        let id: i64 = sqlx::query(
            "INSERT INTO agreement_versions (kind, version, content, summary, published_at_ms, published_by) \
             SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5 FROM agreement_versions WHERE kind = $6 \
             RETURNING id",
        )
        .bind(kind.as_str())
        .bind(content_json)
        .bind(summary)
        .bind(now_ms)
        .bind(published_by)
        .bind(kind.as_str())
        .fetch_one(&self.pool)
        .await?
        .get(0);
        self.agreement_version(id)
            .await?
            .ok_or_else(|| StorageError::Corrupt("published version vanished".into()))
    }

    async fn store_pupil_signatures(
        &self,
        device_id: i64,
        received_at_ms: i64,
        signatures: &[NewPupilSignature],
    ) -> Result<Vec<Written>> {
        let mut tx = self.pool.begin().await?;
        let mut out = Vec::with_capacity(signatures.len());
        for s in signatures {
            let done = sqlx::query(
                "INSERT INTO pupil_signatures (id, pupil_id, version_id, mark_kind, mark, signed_at_ms, device_id, received_at_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
            )
            .bind(s.id.to_string())
            .bind(s.pupil_id)
            .bind(s.version_id)
            .bind(s.mark_kind)
            .bind(&s.mark)
            .bind(s.signed_at_ms)
            .bind(device_id)
            .bind(received_at_ms)
            .execute(&mut *tx)
            .await?;
            out.push(Written::from_rows_inserted(done.rows_affected()));
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn signed_version_ids(&self, class_id: i64) -> Result<Vec<(i64, Vec<i64>)>> {
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
                    .filter(|r| r.get::<i64, _>(0) == p.id)
                    .map(|r| r.get::<i64, _>(1))
                    .collect();
                (p.id, versions)
            })
            .collect())
    }

    async fn register_data(&self, class_id: i64) -> Result<Vec<RegisterData>> {
        let pupils = self.class_pupils(class_id).await?;
        let mut out = Vec::with_capacity(pupils.len());
        for pupil in pupils {
            // The newest signature by version, then by when it was signed.
            let pupil_signed = sqlx::query(
                "SELECT v.version, s.signed_at_ms FROM pupil_signatures s \
                 JOIN agreement_versions v ON v.id = s.version_id WHERE s.pupil_id = $1 \
                 ORDER BY v.version DESC, s.signed_at_ms DESC LIMIT 1",
            )
            .bind(pupil.id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| Signed {
                version: r.get::<i64, _>(0) as u32,
                at_ms: r.get(1),
            });
            let parent_signed = sqlx::query(
                "SELECT pv.version, ps.signed_at_ms, hv.version FROM parent_signatures ps \
                 JOIN agreement_versions pv ON pv.id = ps.pupil_version_id \
                 JOIN agreement_versions hv ON hv.id = ps.home_school_version_id \
                 WHERE ps.pupil_id = $1 ORDER BY ps.id DESC LIMIT 1",
            )
            .bind(pupil.id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| {
                (
                    Signed {
                        version: r.get::<i64, _>(0) as u32,
                        at_ms: r.get(1),
                    },
                    r.get::<i64, _>(2) as u32,
                )
            });
            let mut photo_consent = PhotoConsent::none();
            for use_ in PhotoUse::ALL {
                let latest = sqlx::query(
                    "SELECT granted, at_ms FROM photo_consents WHERE pupil_id = $1 AND photo_use = $2 \
                     ORDER BY id DESC LIMIT 1",
                )
                .bind(pupil.id)
                .bind(use_.as_str())
                .fetch_optional(&self.pool)
                .await?;
                if let Some(r) = latest {
                    let at_ms: i64 = r.get(1);
                    photo_consent.set(
                        use_,
                        if super::flag(&r, "granted") {
                            ConsentState::Given { at_ms }
                        } else {
                            ConsentState::Withdrawn { at_ms }
                        },
                    );
                }
            }
            out.push(RegisterData {
                pupil,
                pupil_signed,
                parent_signed,
                photo_consent,
            });
        }
        Ok(out)
    }

    async fn staff_agreement_kind(&self, staff_id: i64) -> Result<AgreementKind> {
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

    async fn set_staff_agreement_kind(&self, staff_id: i64, kind: AgreementKind) -> Result<()> {
        sqlx::query("UPDATE staff SET agreement = $1 WHERE id = $2")
            .bind(kind.as_str())
            .bind(staff_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn staff_signed_at(&self, staff_id: i64, version_id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query(
            "SELECT signed_at_ms FROM staff_signatures WHERE staff_id = $1 AND version_id = $2",
        )
        .bind(staff_id)
        .bind(version_id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| r.get(0)))
    }

    async fn sign_staff_agreement(
        &self,
        staff_id: i64,
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

    async fn aup_before_lessons(&self) -> Result<bool> {
        let row = sqlx::query("SELECT aup_before_lessons FROM school_settings WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(super::flag(&row, "aup_before_lessons"))
    }

    async fn set_aup_before_lessons(&self, on: bool) -> Result<()> {
        sqlx::query("UPDATE school_settings SET aup_before_lessons = $1 WHERE id = 1")
            .bind(on)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
