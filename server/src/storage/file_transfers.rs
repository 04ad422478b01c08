//! A child's child protection file moving school (`pupil_file_transfers`, append-only): the file
//! sent to the new school, the receipt that came back, a file received for a new pupil; and the
//! leavers whose file hasn't reached their new school yet.

use kite_protocol::file_transfer::{FileTransfer, NewTransfer, TransferKind, TransferMethod};
use sqlx::Row;

use super::pupil_record::record_name;
use super::{Result, StorageError, Store};
use crate::ids::{PupilId, StaffId};

/// A pupil with a leaving date and a safeguarding record whose file still needs the DSL: not
/// sent, or sent and no receipt recorded since.
#[derive(Debug, Clone)]
pub struct Leaver {
    pub pupil_id: PupilId,
    pub name: String,
    pub leaving_on: String,
    pub leaving_to: Option<String>,
    /// The day the file was last recorded as sent.
    pub sent_on: Option<String>,
}

impl Store {
    /// Records one step of a pupil's file, checked by `check_transfer`. Returns its id.
    pub async fn add_file_transfer(
        &self,
        pupil_id: PupilId,
        t: &NewTransfer,
        by: StaffId,
        now_ms: i64,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO pupil_file_transfers
                 (pupil_id, kind, on_day, method, school, note, recorded_by, recorded_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(pupil_id)
        .bind(t.kind.as_str())
        .bind(&t.on_day)
        .bind(t.method.map(TransferMethod::as_str))
        .bind(&t.school)
        .bind(&t.note)
        .bind(by)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get(0))
    }

    /// What is recorded about a pupil's file, oldest first.
    pub async fn file_transfers(&self, pupil_id: PupilId) -> Result<Vec<FileTransfer>> {
        let rows = sqlx::query(
            "SELECT t.id, t.kind, t.on_day, t.method, t.school, t.note, t.recorded_at_ms,
                    s.name AS recorded_by
             FROM pupil_file_transfers t JOIN staff s ON s.id = t.recorded_by
             WHERE t.pupil_id = $1 ORDER BY t.id",
        )
        .bind(pupil_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.get("kind");
                let method: Option<String> = r.get("method");
                Ok(FileTransfer {
                    id: r.get("id"),
                    kind: TransferKind::parse(&kind)
                        .ok_or_else(|| StorageError::Corrupt(format!("transfer kind {kind:?}")))?,
                    on_day: r.get("on_day"),
                    method: method
                        .as_deref()
                        .map(|m| {
                            TransferMethod::parse(m).ok_or_else(|| {
                                StorageError::Corrupt(format!("transfer method {m:?}"))
                            })
                        })
                        .transpose()?,
                    school: r.get("school"),
                    note: r.get("note"),
                    recorded_by: r.get("recorded_by"),
                    recorded_at_ms: r.get("recorded_at_ms"),
                })
            })
            .collect()
    }

    /// Pupils with a leaving date and at least one safeguarding record linked to them whose file
    /// has no receipt recorded after it was last sent, by leaving date.
    pub async fn leavers_with_files(&self) -> Result<Vec<Leaver>> {
        let rows = sqlx::query(
            "SELECT p.id, p.first_name, p.last_initial, p.last_name, p.leaving_on, p.leaving_to,
                    (SELECT t.on_day FROM pupil_file_transfers t
                      WHERE t.pupil_id = p.id AND t.kind = 'sent'
                      ORDER BY t.id DESC LIMIT 1) AS sent_on
             FROM pupils p
             WHERE p.leaving_on IS NOT NULL
               AND EXISTS (SELECT 1 FROM report_pupils rp WHERE rp.pupil_id = p.id)
               AND NOT EXISTS (
                   SELECT 1 FROM pupil_file_transfers receipt
                   WHERE receipt.pupil_id = p.id AND receipt.kind = 'receipt'
                     AND receipt.id > (SELECT MAX(sent.id) FROM pupil_file_transfers sent
                                       WHERE sent.pupil_id = p.id AND sent.kind = 'sent'))
             ORDER BY p.leaving_on, p.id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| Leaver {
                pupil_id: r.get("id"),
                name: record_name(
                    &r.get::<String, _>("first_name"),
                    &r.get::<String, _>("last_initial"),
                    r.get::<Option<String>, _>("last_name").as_deref(),
                ),
                leaving_on: r.get("leaving_on"),
                leaving_to: r.get("leaving_to"),
                sent_on: r.get("sent_on"),
            })
            .collect())
    }
}
