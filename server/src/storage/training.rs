//! The training register's rows: adults without a Kite sign-in (`training_people`), training
//! done (`training_records`, only ever added to), documents to read (`reading_documents`) and
//! who confirmed reading which version (`reading_confirmations`), and the files kept with them
//! (`training_files`: a document's PDF, a training certificate). What is due is worked out from
//! these by [`crate::training`].

use sqlx::Row;

use super::{Result, Store};
use crate::ids::StaffId;

/// An adult on the register without a Kite sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingPerson {
    pub id: i64,
    pub name: String,
    pub role: String,
}

/// One row of training done. Exactly one of `staff_id` and `person_id` is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingRecordRow {
    pub id: i64,
    pub staff_id: Option<i64>,
    pub person_id: Option<i64>,
    pub kind: String,
    pub completed_on: String,
    pub provider: String,
    pub notes: String,
    pub replaces: Option<i64>,
    pub recorded_at_ms: i64,
    pub certificate_file: Option<i64>,
}

/// A row to add.
#[derive(Debug, Clone)]
pub struct NewTrainingRow<'a> {
    pub staff_id: Option<i64>,
    pub person_id: Option<i64>,
    pub kind: &'a str,
    pub completed_on: &'a str,
    pub provider: &'a str,
    pub notes: &'a str,
    pub replaces: Option<i64>,
    pub certificate_file: Option<i64>,
}

/// One published version of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: i64,
    pub title: String,
    pub link: String,
    pub replaces: Option<i64>,
    pub counts_as: Option<String>,
    pub published_at_ms: i64,
    /// The PDF, when it was uploaded rather than linked (`link` is then empty).
    pub file_id: Option<i64>,
}

/// A document version to publish: a link or an uploaded PDF.
#[derive(Debug, Clone)]
pub struct NewDocumentRow<'a> {
    pub title: &'a str,
    pub link: &'a str,
    pub file_id: Option<i64>,
    pub replaces: Option<i64>,
    pub counts_as: Option<&'a str>,
}

/// Someone's "I have read" for one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirmation {
    pub document_id: i64,
    pub staff_id: i64,
    pub confirmed_at_ms: i64,
}

impl Store {
    pub async fn training_people(&self) -> Result<Vec<TrainingPerson>> {
        let rows = sqlx::query("SELECT id, name, role FROM training_people ORDER BY name, id")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| TrainingPerson {
                id: r.get("id"),
                name: r.get("name"),
                role: r.get("role"),
            })
            .collect())
    }

    pub async fn add_training_person(
        &self,
        name: &str,
        role: &str,
        by: StaffId,
        now_ms: i64,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO training_people (name, role, added_at_ms, added_by)
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(name)
        .bind(role)
        .bind(now_ms)
        .bind(by)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get("id"))
    }

    /// Every training row, oldest first.
    pub async fn training_records(&self) -> Result<Vec<TrainingRecordRow>> {
        let rows = sqlx::query(
            "SELECT id, staff_id, person_id, kind, completed_on, provider, notes, replaces,
                    recorded_at_ms, certificate_file
             FROM training_records ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| TrainingRecordRow {
                id: r.get("id"),
                staff_id: r.get("staff_id"),
                person_id: r.get("person_id"),
                kind: r.get("kind"),
                completed_on: r.get("completed_on"),
                provider: r.get("provider"),
                notes: r.get("notes"),
                replaces: r.get("replaces"),
                recorded_at_ms: r.get("recorded_at_ms"),
                certificate_file: r.get("certificate_file"),
            })
            .collect())
    }

    /// Adds a row (checked by the caller). `None` when the record it replaces was already
    /// replaced (two people correcting it at once).
    pub async fn add_training_record(
        &self,
        new: &NewTrainingRow<'_>,
        by: StaffId,
        now_ms: i64,
    ) -> Result<Option<i64>> {
        let row = sqlx::query(
            "INSERT INTO training_records (staff_id, person_id, kind, completed_on, provider,
                 notes, replaces, recorded_at_ms, recorded_by, certificate_file)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (replaces) DO NOTHING RETURNING id",
        )
        .bind(new.staff_id)
        .bind(new.person_id)
        .bind(new.kind)
        .bind(new.completed_on)
        .bind(new.provider)
        .bind(new.notes)
        .bind(new.replaces)
        .bind(now_ms)
        .bind(by)
        .bind(new.certificate_file)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.get("id")))
    }

    /// Every version of every document, oldest first.
    pub async fn reading_documents(&self) -> Result<Vec<DocumentRow>> {
        let rows = sqlx::query(
            "SELECT id, title, link, replaces, counts_as, published_at_ms, file_id
             FROM reading_documents ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| DocumentRow {
                id: r.get("id"),
                title: r.get("title"),
                link: r.get("link"),
                replaces: r.get("replaces"),
                counts_as: r.get("counts_as"),
                published_at_ms: r.get("published_at_ms"),
                file_id: r.get("file_id"),
            })
            .collect())
    }

    /// Publishes a document or a new version of one. `None` when the version it replaces was
    /// already replaced.
    pub async fn add_reading_document(
        &self,
        new: &NewDocumentRow<'_>,
        by: StaffId,
        now_ms: i64,
    ) -> Result<Option<i64>> {
        let row = sqlx::query(
            "INSERT INTO reading_documents (title, link, replaces, counts_as, published_at_ms,
                 published_by, file_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (replaces) DO NOTHING RETURNING id",
        )
        .bind(new.title)
        .bind(new.link)
        .bind(new.replaces)
        .bind(new.counts_as)
        .bind(now_ms)
        .bind(by)
        .bind(new.file_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.get("id")))
    }

    pub async fn reading_confirmations(&self) -> Result<Vec<Confirmation>> {
        let rows =
            sqlx::query("SELECT document_id, staff_id, confirmed_at_ms FROM reading_confirmations")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .iter()
            .map(|r| Confirmation {
                document_id: r.get("document_id"),
                staff_id: r.get("staff_id"),
                confirmed_at_ms: r.get("confirmed_at_ms"),
            })
            .collect())
    }

    /// Records "I have read"; false if they had already confirmed this version.
    pub async fn confirm_reading(
        &self,
        document_id: i64,
        staff: StaffId,
        now_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO reading_confirmations (document_id, staff_id, confirmed_at_ms)
             VALUES ($1, $2, $3) ON CONFLICT (document_id, staff_id) DO NOTHING",
        )
        .bind(document_id)
        .bind(staff)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
