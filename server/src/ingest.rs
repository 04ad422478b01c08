//! Turning a tablet's sync batch into stored records: open each sealed item, parse it with the
//! protocol types, validate it, and answer per item. One bad item never blocks the rest.

use kite_protocol::report::Report;
use kite_protocol::sealed::{self, SecretKey};
use kite_protocol::sync::{Ack, AckStatus, ItemKind, SyncBatch, SyncItem};

use crate::storage::{NewReport, Storage, StorageError, Written};

/// What one item became before storage.
enum Checked {
    Report(NewReport),
    Rejected(String),
}

fn check_item(secret_key: &SecretKey, item: &SyncItem) -> Checked {
    if let Err(e) = item.validate_envelope() {
        return Checked::Rejected(e.to_string());
    }
    let plaintext = match sealed::open(secret_key, &item.sealed) {
        Ok(p) => p,
        Err(e) => return Checked::Rejected(e.to_string()),
    };
    match item.kind {
        ItemKind::Report => {
            let report: Report = match serde_json::from_slice(&plaintext) {
                Ok(r) => r,
                // serde's message names the field and the unknown value, never other content.
                Err(e) => return Checked::Rejected(format!("report: {e}")),
            };
            if let Err(e) = report.validate() {
                return Checked::Rejected(format!("report: {e}"));
            }
            let what = serde_json::to_value(report.what)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            Checked::Report(NewReport {
                id: item.id,
                urgent: report.is_urgent(),
                what,
                // Re-serialised from the validated type: only known fields are kept.
                payload: serde_json::to_string(&report).expect("a report always serialises"),
            })
        }
    }
}

/// Acks in the order of the batch's items. Storage errors fail the whole batch (the tablet keeps
/// everything and retries), so an ack is only ever sent for a committed write.
pub async fn ingest(
    storage: &dyn Storage,
    secret_key: &SecretKey,
    device_id: i64,
    received_at_ms: i64,
    batch: &SyncBatch,
) -> Result<Vec<Ack>, StorageError> {
    let checked: Vec<Checked> = batch
        .items
        .iter()
        .map(|item| check_item(secret_key, item))
        .collect();

    // A batch may repeat an id (a confused client): store the first, call the rest duplicates.
    let mut seen = std::collections::HashSet::new();
    let reports: Vec<NewReport> = checked
        .iter()
        .filter_map(|c| match c {
            Checked::Report(r) if seen.insert(r.id) => Some(r.clone()),
            _ => None,
        })
        .collect();
    let written = if reports.is_empty() {
        Vec::new()
    } else {
        storage
            .store_reports(device_id, received_at_ms, &reports)
            .await?
    };
    let outcome: std::collections::HashMap<_, _> =
        reports.iter().map(|r| r.id).zip(written).collect();

    let mut first_seen = std::collections::HashSet::new();
    Ok(batch
        .items
        .iter()
        .zip(checked)
        .map(|(item, checked)| match checked {
            Checked::Rejected(reason) => Ack {
                id: item.id,
                status: AckStatus::Rejected,
                reason: Some(reason),
            },
            Checked::Report(_) => {
                let status = match outcome.get(&item.id) {
                    Some(Written::Stored) if first_seen.insert(item.id) => AckStatus::Stored,
                    _ => AckStatus::Duplicate,
                };
                Ack {
                    id: item.id,
                    status,
                    reason: None,
                }
            }
        })
        .collect())
}
