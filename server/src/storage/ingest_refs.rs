//! What a tablet's sync batch names (pupils, agreement versions and kinds, classes), looked up
//! together for the whole batch.
//!
//! A batch of 25 items used to cost a lookup or two an item (a signature: its pupil, its version,
//! perhaps its kind and the pupil's class; a lesson record: its class and the class's teachers),
//! each a round trip to PostgreSQL and each a wait for one of the connections every school of the
//! process shares. Here a batch costs one transaction on one connection and a statement for each
//! kind of thing named, whatever the number of items: what lets a morning of many schools'
//! tablets drain.

use std::collections::HashMap;

use kite_protocol::agreement::{AgreementKind, AgreementKindInfo};
use kite_protocol::Band;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::agreement_kinds::{kind_from_row, KIND_SELECT};
use super::agreements::{version_from_row, AgreementVersionRecord, VERSION_SELECT};
use super::classes::{band_from, pupil_from_row, PupilRecord};
use super::{Result, Store};
use crate::ids::{ClassId, PupilId};

/// The ids a batch's items name, to be looked up once.
#[derive(Debug, Default)]
pub struct Wanted {
    pub pupils: Vec<PupilId>,
    pub versions: Vec<i64>,
    /// The classes lesson records and class checks were set up with. The classes of the pupils
    /// found are added here by the lookup (a school's own agreement is signed by one band).
    pub classes: Vec<ClassId>,
}

/// A class as ingest needs it: the name records are kept under, and its band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRef {
    pub name: String,
    pub band: Band,
}

/// What was found of what was wanted: an id missing from a map is not on this server.
#[derive(Debug, Default)]
pub struct IngestRefs {
    pub pupils: HashMap<PupilId, PupilRecord>,
    pub versions: HashMap<i64, AgreementVersionRecord>,
    /// The kinds of the versions found, but the pupil AUP (signed by every pupil: nothing to look
    /// up).
    pub kinds: HashMap<AgreementKind, AgreementKindInfo>,
    pub classes: HashMap<ClassId, ClassRef>,
}

impl Store {
    /// Looks up everything `wanted` names in one transaction (one connection, one snapshot).
    pub async fn ingest_refs(&self, mut wanted: Wanted) -> Result<IngestRefs> {
        let mut refs = IngestRefs::default();
        if wanted.pupils.is_empty() && wanted.versions.is_empty() && wanted.classes.is_empty() {
            return Ok(refs);
        }
        let mut tx = self.pool.begin_read().await?;
        for row in rows_with_ids(&mut tx, "SELECT * FROM pupils WHERE id", &wanted.pupils).await? {
            let pupil = pupil_from_row(&row);
            wanted.classes.push(pupil.class_id);
            refs.pupils.insert(pupil.id, pupil);
        }
        let versions = format!("{VERSION_SELECT} WHERE v.id");
        for row in rows_with_ids(&mut tx, &versions, &wanted.versions).await? {
            let version = version_from_row(&row)?;
            refs.versions.insert(version.id, version);
        }
        let mut kinds: Vec<String> = refs
            .versions
            .values()
            .filter(|v| v.kind != AgreementKind::Pupil)
            .map(|v| v.kind.key())
            .collect();
        dedupe(&mut kinds);
        let kinds_sql = format!("{KIND_SELECT} WHERE key");
        for row in rows_with_ids(&mut tx, &kinds_sql, &kinds).await? {
            let kind = kind_from_row(&row)?;
            refs.kinds.insert(kind.kind, kind);
        }
        let classes = "SELECT id, name, band FROM classes WHERE id";
        for row in rows_with_ids(&mut tx, classes, &wanted.classes).await? {
            let class = ClassRef {
                name: row.get("name"),
                band: band_from(row.get("band"))?,
            };
            refs.classes.insert(row.get("id"), class);
        }
        // Only read: the commit ends the transaction and gives the connection back.
        tx.commit().await?;
        Ok(refs)
    }
}

/// The rows of `select` (ending in the column to match, `… WHERE id`) whose column is one of
/// `ids`; none asked for is no statement at all.
async fn rows_with_ids<T>(conn: &mut AnyConnection, select: &str, ids: &[T]) -> Result<Vec<AnyRow>>
where
    T: Clone + Ord + for<'q> sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any> + Send + Sync,
{
    let mut ids = ids.to_vec();
    dedupe(&mut ids);
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // A batch is at most a few dozen items: far below either engine's limit on parameters.
    let params: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!("{select} IN ({})", params.join(", "));
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(id);
    }
    Ok(query.fetch_all(conn).await?)
}

fn dedupe<T: Ord>(list: &mut Vec<T>) {
    list.sort();
    list.dedup();
}
