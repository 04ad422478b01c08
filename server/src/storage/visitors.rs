//! Visitors: the key in the office poster's link (`visitor_keys`, the newest one works) and
//! visitors' signatures of the visitor agreement (`visitor_signatures`), kept for the school's
//! retention period.

use kite_protocol::visitor::{SignedOn, VisitorRow, VisitorSignature};
use sqlx::Row;

use super::{Result, StorageError, Store};
use crate::ids::{DeviceId, StaffId};

/// The key that works now, who made it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitorKeyRecord {
    pub key: String,
    pub made_at_ms: i64,
    pub made_by: Option<String>,
}

/// A checked signature, ready to be written.
pub struct NewVisitorSignature<'a> {
    pub signature: &'a VisitorSignature,
    /// `YYYY-MM-DD`, the server's day.
    pub visit_date: &'a str,
    pub signed_at_ms: i64,
    pub signed_on: SignedOn,
    pub device_id: Option<DeviceId>,
}

impl Store {
    /// The poster's key in force, if the office has made one.
    pub async fn visitor_key(&self) -> Result<Option<VisitorKeyRecord>> {
        Ok(sqlx::query(
            "SELECT k.visitor_key, k.made_at_ms, s.name FROM visitor_keys k \
             LEFT JOIN staff s ON s.id = k.made_by ORDER BY k.id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?
        .map(|r| VisitorKeyRecord {
            key: r.get(0),
            made_at_ms: r.get(1),
            made_by: r.get(2),
        }))
    }

    /// Adds a key; from now on only it works.
    pub async fn add_visitor_key(&self, key: &str, made_by: StaffId, now_ms: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO visitor_keys (visitor_key, made_by, made_at_ms) VALUES ($1, $2, $3)",
        )
        .bind(key)
        .bind(made_by)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn add_visitor_signature(&self, s: NewVisitorSignature<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO visitor_signatures (version_id, name, organisation, visiting, signed_name, \
             visit_date, signed_at_ms, signed_on, device_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(s.signature.version_id)
        .bind(&s.signature.name)
        .bind(&s.signature.organisation)
        .bind(&s.signature.visiting)
        .bind(&s.signature.signed_name)
        .bind(s.visit_date)
        .bind(s.signed_at_ms)
        .bind(s.signed_on.as_str())
        .bind(s.device_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// One day's visitors, first to sign first.
    pub async fn visitors_on(&self, visit_date: &str) -> Result<Vec<VisitorRow>> {
        let rows = sqlx::query(
            "SELECT s.name, s.organisation, s.visiting, s.signed_name, s.signed_at_ms, v.version, \
             s.signed_on FROM visitor_signatures s JOIN agreement_versions v ON v.id = s.version_id \
             WHERE s.visit_date = $1 ORDER BY s.signed_at_ms, s.id",
        )
        .bind(visit_date)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let on: String = r.get(6);
                Ok(VisitorRow {
                    name: r.get(0),
                    organisation: r.get(1),
                    visiting: r.get(2),
                    signed_name: r.get(3),
                    signed_at_ms: r.get(4),
                    version: r.get::<i64, _>(5) as u32,
                    signed_on: SignedOn::parse(&on)
                        .ok_or_else(|| StorageError::Corrupt(format!("signed on {on:?}")))?,
                })
            })
            .collect()
    }

    /// Deletes visitors' signatures made before `before_ms` (the retention period); returns how
    /// many.
    pub async fn purge_visitor_signatures(&self, before_ms: i64) -> Result<u64> {
        Ok(
            sqlx::query("DELETE FROM visitor_signatures WHERE signed_at_ms < $1")
                .bind(before_ms)
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }
}
