//! Concerns adults in school log (`reports` rows with source `staff`, and the children each is
//! about in `report_pupils`), and the pupil picker the form searches. Reading a concern back is
//! the DSL's inbox ([`super::reports`]).

use kite_protocol::concern::{Involvement, PupilChoice};
use kite_protocol::staff::Category;
use sqlx::Row;
use uuid::Uuid;

use super::{Result, Store, Written};
use crate::ids::{PupilId, StaffId};

/// Most pupils the picker offers for one query: a few letters narrow it to these.
const PICKER_LIMIT: i64 = 12;

/// A validated concern ready to be written.
#[derive(Debug, Clone)]
pub struct NewStaffConcern<'a> {
    pub id: Uuid,
    pub written_by: StaffId,
    pub received_at_ms: i64,
    pub happened_at_ms: i64,
    pub category: Category,
    /// [`kite_protocol::concern::CameToLight::key`]: what the governors' figures count by.
    pub came_to_light: &'static str,
    pub urgent: bool,
    /// A `StaffConcern`'s JSON.
    pub payload: &'a str,
    pub pupils: &'a [(PupilId, Involvement)],
}

/// A concern already stored under an id: who wrote it and when it arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredConcern {
    pub written_by: StaffId,
    pub received_at_ms: i64,
}

impl Store {
    /// Writes the concern and the children it names in one transaction. The same id again
    /// writes nothing and says so (the device sent it twice).
    pub async fn store_staff_concern(&self, c: &NewStaffConcern<'_>) -> Result<Written> {
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO reports (id, source, device_id, received_at_ms, urgent, what, payload,
                                  category, written_by, happened_at_ms, came_to_light)
             VALUES ($1, 'staff', NULL, $2, $3, 'staff_concern', $4, $5, $6, $7, $8)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(c.id.to_string())
        .bind(c.received_at_ms)
        .bind(c.urgent)
        .bind(c.payload)
        .bind(c.category.as_str())
        .bind(c.written_by)
        .bind(c.happened_at_ms)
        .bind(c.came_to_light)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let written = Written::from_rows_inserted(inserted);
        if written == Written::Stored {
            for (pupil, involvement) in c.pupils {
                sqlx::query(
                    "INSERT INTO report_pupils (report_id, pupil_id, involvement, linked_at_ms, linked_by, reason)
                     VALUES ($1, $2, $3, $4, $5, NULL)",
                )
                .bind(c.id.to_string())
                .bind(pupil)
                .bind(involvement.as_str())
                .bind(c.received_at_ms)
                .bind(c.written_by)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(written)
    }

    /// The staff concern stored under this id, if any (a report of another source is `None`).
    pub async fn staff_concern_stored(&self, id: &Uuid) -> Result<Option<StoredConcern>> {
        let row = sqlx::query(
            "SELECT written_by, received_at_ms FROM reports WHERE id = $1 AND source = 'staff'",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| StoredConcern {
            written_by: r.get("written_by"),
            received_at_ms: r.get("received_at_ms"),
        }))
    }

    /// These pupils, with their classes, if every one is on a class list now (not left);
    /// `None` if any is not.
    pub async fn current_pupils(&self, ids: &[PupilId]) -> Result<Option<Vec<PupilChoice>>> {
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            let row = sqlx::query(&format!(
                "{PUPIL_CHOICE} WHERE p.id = $1 AND p.left_at_ms IS NULL"
            ))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
            match row {
                Some(r) => found.push(choice_from_row(&r)),
                None => return Ok(None),
            }
        }
        Ok(Some(found))
    }

    /// Current pupils of any class whose first or last name starts with the query's first word
    /// (and, if it has a second, whose last name or initial starts with that), by name.
    pub async fn find_pupils(&self, query: &str) -> Result<Vec<PupilChoice>> {
        // The query's own wildcards are dropped: the picker matches the start of a name only.
        let words: Vec<String> = query
            .split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|c| !matches!(c, '%' | '_' | '\\'))
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        let Some(first) = words.first() else {
            return Ok(Vec::new());
        };
        let second = words.get(1).map(|w| format!("{w}%"));
        let rows = sqlx::query(&format!(
            "{PUPIL_CHOICE}
             WHERE p.left_at_ms IS NULL
               AND (lower(p.first_name) LIKE $1 OR lower(COALESCE(p.last_name, '')) LIKE $1)
               AND ($2 IS NULL OR lower(p.last_initial) LIKE $2
                    OR lower(COALESCE(p.last_name, '')) LIKE $2)
             ORDER BY lower(p.first_name), lower(p.last_initial), c.name, p.id
             LIMIT {PICKER_LIMIT}"
        ))
        .bind(format!("{first}%"))
        .bind(second)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(choice_from_row).collect())
    }
}

const PUPIL_CHOICE: &str = "SELECT p.id, p.first_name, p.last_initial, c.name AS class_name
     FROM pupils p JOIN classes c ON c.id = p.class_id";

fn choice_from_row(r: &sqlx::any::AnyRow) -> PupilChoice {
    PupilChoice {
        id: r.get("id"),
        first_name: r.get("first_name"),
        last_initial: r.get("last_initial"),
        class_name: r.get("class_name"),
    }
}
