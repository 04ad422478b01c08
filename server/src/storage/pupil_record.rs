//! A pupil's safeguarding details (the `pupils` columns the kiosk never reads: `last_name`,
//! `date_of_birth`, `year_group`, `upn`, `admitted_on`, `leaving_on`, `leaving_to`), finding a pupil by name
//! for the DSL, and the children a record is about (`report_pupils`).

use kite_protocol::classes::PupilName;
use kite_protocol::pupil_record::{Involvement, LinkedPupil, PupilDetails, PupilHit, YearGroup};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{Result, StorageError, Store};
use crate::ids::{ClassId, PupilId, StaffId};

/// How [`Store::set_pupil_details`] treats a field left empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailsWrite {
    /// The edit form: what was sent is the record, an empty box clears its field.
    Replace,
    /// An import: a column the file didn't fill leaves what Kite already had.
    Fill,
}

/// The pupil's name as a record shows it to the DSL: the full name when Kite has it.
pub fn record_name(first_name: &str, last_initial: &str, last_name: Option<&str>) -> String {
    match last_name {
        Some(last) => format!("{first_name} {last}"),
        None => format!("{first_name} {last_initial}."),
    }
}

impl Store {
    pub async fn pupil_details(&self, id: PupilId) -> Result<Option<PupilDetails>> {
        let row = sqlx::query(
            "SELECT last_name, date_of_birth, year_group, upn, admitted_on, leaving_on, leaving_to \
             FROM pupils WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(details_from_row).transpose()
    }

    /// Writes one pupil's details, checked by `kite_protocol::pupil_record::check_details`.
    pub async fn set_pupil_details(
        &self,
        id: PupilId,
        details: &PupilDetails,
        write: DetailsWrite,
    ) -> Result<bool> {
        let set = |column: &str, n: usize| match write {
            DetailsWrite::Replace => format!("{column} = ${n}"),
            DetailsWrite::Fill => format!("{column} = COALESCE(${n}, {column})"),
        };
        let sql = format!(
            "UPDATE pupils SET {}, {}, {}, {}, {}, {}, {} WHERE id = $8",
            set("last_name", 1),
            set("date_of_birth", 2),
            set("year_group", 3),
            set("upn", 4),
            set("admitted_on", 5),
            set("leaving_on", 6),
            set("leaving_to", 7),
        );
        let done = sqlx::query(&sql)
            .bind(&details.last_name)
            .bind(&details.date_of_birth)
            .bind(details.year_group.map(YearGroup::as_str))
            .bind(&details.upn)
            .bind(&details.admitted_on)
            .bind(&details.leaving_on)
            .bind(&details.leaving_to)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The pupil of that name on a class list now, if any (as [`Store::add_pupils`] matches).
    pub async fn current_pupil_by_name(
        &self,
        class_id: ClassId,
        name: &PupilName,
    ) -> Result<Option<PupilId>> {
        let row = sqlx::query(
            "SELECT id FROM pupils WHERE class_id = $1 AND left_at_ms IS NULL \
             AND lower(first_name) = lower($2) AND lower(last_initial) = lower($3)",
        )
        .bind(class_id)
        .bind(&name.first_name)
        .bind(&name.last_initial)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Pupils whose first or last name starts with `query` (ignoring case), those still on a
    /// class list first, at most `limit`.
    pub async fn find_pupil_records(&self, query: &str, limit: i64) -> Result<Vec<PupilHit>> {
        let escaped = query
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("{escaped}%");
        let rows = sqlx::query(
            "SELECT p.id, p.first_name, p.last_initial, p.last_name, p.year_group, p.left_at_ms, \
                    c.name AS class_name \
             FROM pupils p JOIN classes c ON c.id = p.class_id \
             WHERE lower(p.first_name) LIKE $1 ESCAPE '\\' \
                OR lower(COALESCE(p.last_name, '')) LIKE $1 ESCAPE '\\' \
                OR lower(p.first_name || ' ' || COALESCE(p.last_name, '')) LIKE $1 ESCAPE '\\' \
             ORDER BY CASE WHEN p.left_at_ms IS NULL THEN 0 ELSE 1 END, lower(p.first_name), \
                      lower(COALESCE(p.last_name, p.last_initial)), p.id \
             LIMIT $2",
        )
        .bind(pattern)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let year: Option<String> = r.get("year_group");
                Ok(PupilHit {
                    id: r.get("id"),
                    name: record_name(
                        &r.get::<String, _>("first_name"),
                        &r.get::<String, _>("last_initial"),
                        r.get::<Option<String>, _>("last_name").as_deref(),
                    ),
                    class_name: r.get("class_name"),
                    year_group: year.as_deref().map(year_from).transpose()?,
                    left: r.get::<Option<i64>, _>("left_at_ms").is_some(),
                })
            })
            .collect()
    }

    /// Links a record to a child. False (and nothing changes) when it already is.
    pub async fn link_report_pupil(
        &self,
        report_id: &str,
        pupil_id: PupilId,
        involvement: Involvement,
        linked_by: StaffId,
        reason: Option<&str>,
        now_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO report_pupils (report_id, pupil_id, involvement, linked_at_ms, linked_by, reason) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(report_id)
        .bind(pupil_id)
        .bind(involvement.as_str())
        .bind(now_ms)
        .bind(linked_by)
        .bind(reason)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The children a record is about, in the order they were linked.
    pub async fn linked_pupils(&self, report_id: &str) -> Result<Vec<LinkedPupil>> {
        let rows = sqlx::query(
            "SELECT rp.pupil_id, rp.involvement, rp.linked_at_ms, rp.reason, s.name AS linked_by, \
                    p.first_name, p.last_initial, p.last_name, c.name AS class_name \
             FROM report_pupils rp \
             JOIN pupils p ON p.id = rp.pupil_id \
             JOIN classes c ON c.id = p.class_id \
             JOIN staff s ON s.id = rp.linked_by \
             WHERE rp.report_id = $1 ORDER BY rp.linked_at_ms, rp.pupil_id",
        )
        .bind(report_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LinkedPupil {
                    pupil_id: r.get("pupil_id"),
                    name: record_name(
                        &r.get::<String, _>("first_name"),
                        &r.get::<String, _>("last_initial"),
                        r.get::<Option<String>, _>("last_name").as_deref(),
                    ),
                    class_name: r.get("class_name"),
                    involvement: involvement_from(&r.get::<String, _>("involvement"))?,
                    linked_at_ms: r.get("linked_at_ms"),
                    linked_by: r.get("linked_by"),
                    reason: r.get("reason"),
                })
            })
            .collect()
    }
}

fn details_from_row(row: &AnyRow) -> Result<PupilDetails> {
    let year: Option<String> = row.get("year_group");
    Ok(PupilDetails {
        last_name: row.get("last_name"),
        date_of_birth: row.get("date_of_birth"),
        year_group: year.as_deref().map(year_from).transpose()?,
        upn: row.get("upn"),
        admitted_on: row.get("admitted_on"),
        leaving_on: row.get("leaving_on"),
        leaving_to: row.get("leaving_to"),
    })
}

fn year_from(text: &str) -> Result<YearGroup> {
    YearGroup::ALL
        .into_iter()
        .find(|y| y.as_str() == text)
        .ok_or_else(|| StorageError::Corrupt(format!("year group {text:?}")))
}

pub(super) fn involvement_from(text: &str) -> Result<Involvement> {
    Involvement::parse(text).ok_or_else(|| StorageError::Corrupt(format!("involvement {text:?}")))
}
