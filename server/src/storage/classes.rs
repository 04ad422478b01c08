//! Classes (`classes`, with their teachers in `class_teachers`) and the pupils on their lists
//! (`pupils`): what the Acceptable Use register and the parents' letters are made of.

use kite_protocol::class_years::class_years_band;
use kite_protocol::classes::{next_symbol, PupilName};
use kite_protocol::pupil_record::YearGroup;
use kite_protocol::Band;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{Result, StorageError, Store};
use crate::ids::{ClassId, PupilId, StaffId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRecord {
    pub id: ClassId,
    pub name: String,
    pub band: Band,
    /// Youngest first; empty for a class whose year isn't known yet.
    pub years: Vec<YearGroup>,
    /// (staff id, name)
    pub teachers: Vec<(StaffId, String)>,
    /// Pupils who haven't left.
    pub pupils: u32,
}

impl ClassRecord {
    pub fn taught_by(&self, staff_id: StaffId) -> bool {
        self.teachers.iter().any(|(id, _)| *id == staff_id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PupilRecord {
    pub id: PupilId,
    pub class_id: ClassId,
    pub first_name: String,
    pub last_initial: String,
    pub symbol: String,
    pub left_at_ms: Option<i64>,
}

/// Which classes [`Store::classes_where`] reads. Bound with its own type: PostgreSQL won't
/// compare an id with text.
enum ClassKey<'a> {
    All,
    Id(ClassId),
    Name(&'a str),
}

impl Store {
    async fn classes_where(&self, key: ClassKey<'_>) -> Result<Vec<ClassRecord>> {
        let filter = match key {
            ClassKey::All => "",
            ClassKey::Id(_) => "WHERE c.id = $1",
            ClassKey::Name(_) => "WHERE lower(c.name) = lower($1)",
        };
        let sql = format!(
            "SELECT c.id, c.name, c.band, c.year_group, c.second_year_group, \
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
            let id: ClassId = row.get("id");
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
            let years = ["year_group", "second_year_group"]
                .into_iter()
                .filter_map(|column| row.get::<Option<String>, _>(column))
                .map(|text| year_from(&text))
                .collect::<Result<_>>()?;
            out.push(ClassRecord {
                id,
                name: row.get("name"),
                band: band_from(row.get("band"))?,
                years,
                teachers,
                pupils: row.get::<i64, _>("pupils") as u32,
            });
        }
        Ok(out)
    }

    /// A class whose year isn't known: see [`Store::create_class_of_years`].
    pub async fn create_class(
        &self,
        name: &str,
        band: Band,
        now_ms: i64,
    ) -> Result<Option<ClassId>> {
        self.create_class_of_years(name, band, &[], now_ms).await
    }

    /// `None` when a class of that name (ignoring case) already exists. `years` are checked
    /// (`check_class_years`); with any, the band is the youngest year's, whatever `band` says.
    pub async fn create_class_of_years(
        &self,
        name: &str,
        band: Band,
        years: &[YearGroup],
        now_ms: i64,
    ) -> Result<Option<ClassId>> {
        let (first, second) = year_columns(years);
        let row = sqlx::query(
            "INSERT INTO classes (name, band, year_group, second_year_group, created_at_ms) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(name)
        .bind(band_str(class_years_band(years).unwrap_or(band)))
        .bind(first)
        .bind(second)
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Sets a class's year group(s) (checked, youngest first) and the band that follows from
    /// them. Empty leaves the band as it is and the year "not known". Lessons and reports
    /// already recorded keep the band they were recorded with.
    pub async fn set_class_years(&self, id: ClassId, years: &[YearGroup]) -> Result<()> {
        let (first, second) = year_columns(years);
        sqlx::query(
            "UPDATE classes SET year_group = $1, second_year_group = $2, \
             band = COALESCE($3, band) WHERE id = $4",
        )
        .bind(first)
        .bind(second)
        .bind(class_years_band(years).map(band_str))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn list_classes(&self) -> Result<Vec<ClassRecord>> {
        self.classes_where(ClassKey::All).await
    }

    pub async fn class(&self, id: ClassId) -> Result<Option<ClassRecord>> {
        Ok(self.classes_where(ClassKey::Id(id)).await?.pop())
    }

    /// Found without regard to case.
    pub async fn class_by_name(&self, name: &str) -> Result<Option<ClassRecord>> {
        Ok(self.classes_where(ClassKey::Name(name)).await?.pop())
    }

    pub async fn set_class_teachers(&self, class_id: ClassId, staff_ids: &[StaffId]) -> Result<()> {
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

    pub async fn add_class_teacher(&self, class_id: ClassId, staff_id: StaffId) -> Result<()> {
        sqlx::query("INSERT INTO class_teachers (class_id, staff_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(class_id)
            .bind(staff_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Adds pupils to a class in one transaction, giving each a symbol that differs from their
    /// classmates'. Per name in order: the new id, or `None` when that pupil is already on the list.
    pub async fn add_pupils(
        &self,
        class_id: ClassId,
        names: &[PupilName],
        now_ms: i64,
    ) -> Result<Vec<Option<PupilId>>> {
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
            let id: PupilId = sqlx::query(
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

    /// Pupils on the class list now, by first name.
    pub async fn class_pupils(&self, class_id: ClassId) -> Result<Vec<PupilRecord>> {
        let rows = sqlx::query(
            "SELECT * FROM pupils WHERE class_id = $1 AND left_at_ms IS NULL \
             ORDER BY lower(first_name), last_initial",
        )
        .bind(class_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(pupil_from_row).collect())
    }

    pub async fn pupil(&self, id: PupilId) -> Result<Option<PupilRecord>> {
        let row = sqlx::query("SELECT * FROM pupils WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(pupil_from_row))
    }

    /// The pupil with this UPN (as stored: upper case), on a class list now or, failing that,
    /// the one who left most recently.
    pub async fn pupil_by_upn(&self, upn: &str) -> Result<Option<PupilRecord>> {
        let row = sqlx::query(
            "SELECT * FROM pupils WHERE upn = $1 \
             ORDER BY CASE WHEN left_at_ms IS NULL THEN 0 ELSE 1 END, left_at_ms DESC, id DESC",
        )
        .bind(upn)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(pupil_from_row))
    }

    /// Whether a pupil of this name has left this class (a leaver a class list names again).
    pub async fn has_left_pupil_named(&self, class_id: ClassId, name: &PupilName) -> Result<bool> {
        Ok(sqlx::query(
            "SELECT id FROM pupils WHERE class_id = $1 AND left_at_ms IS NOT NULL \
             AND lower(first_name) = lower($2) AND lower(last_initial) = lower($3)",
        )
        .bind(class_id)
        .bind(&name.first_name)
        .bind(&name.last_initial)
        .fetch_optional(&self.pool)
        .await?
        .is_some())
    }

    /// Moves a pupil to another class, keeping their symbol unless a new classmate has it.
    /// False when someone of the same name is on that class list already.
    pub async fn move_pupil(&self, id: PupilId, to: ClassId) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let Some(pupil) = sqlx::query("SELECT * FROM pupils WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .as_ref()
            .map(pupil_from_row)
        else {
            return Ok(false);
        };
        let classmates = sqlx::query(
            "SELECT first_name, last_initial, symbol FROM pupils \
             WHERE class_id = $1 AND left_at_ms IS NULL AND id <> $2",
        )
        .bind(to)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let same_name = classmates.iter().any(|r| {
            r.get::<String, _>(0).to_lowercase() == pupil.first_name.to_lowercase()
                && r.get::<String, _>(1).to_lowercase() == pupil.last_initial.to_lowercase()
        });
        if same_name {
            return Ok(false);
        }
        let symbols: Vec<String> = classmates.iter().map(|r| r.get(2)).collect();
        let symbol = if symbols.contains(&pupil.symbol) {
            next_symbol(symbols.iter().map(String::as_str))
        } else {
            pupil.symbol
        };
        sqlx::query("UPDATE pupils SET class_id = $1, symbol = $2 WHERE id = $3")
            .bind(to)
            .bind(&symbol)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// True when the pupil was on a class list and now isn't.
    pub async fn mark_pupil_left(&self, id: PupilId, now_ms: i64) -> Result<bool> {
        let done =
            sqlx::query("UPDATE pupils SET left_at_ms = $1 WHERE id = $2 AND left_at_ms IS NULL")
                .bind(now_ms)
                .bind(id)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }
}

pub(super) fn band_from(text: &str) -> Result<Band> {
    serde_json::from_value(serde_json::Value::String(text.into()))
        .map_err(|_| StorageError::Corrupt(format!("band {text:?}")))
}

fn year_from(text: &str) -> Result<YearGroup> {
    YearGroup::ALL
        .into_iter()
        .find(|y| y.as_str() == text)
        .ok_or_else(|| StorageError::Corrupt(format!("year group {text:?}")))
}

fn year_columns(years: &[YearGroup]) -> (Option<&'static str>, Option<&'static str>) {
    let column = |i: usize| years.get(i).map(|y| y.as_str());
    (column(0), column(1))
}

fn band_str(band: Band) -> &'static str {
    match band {
        Band::Eyfs => "eyfs",
        Band::Ks1 => "ks1",
        Band::Ks2 => "ks2",
    }
}

pub(super) fn pupil_from_row(row: &AnyRow) -> PupilRecord {
    PupilRecord {
        id: row.get("id"),
        class_id: row.get("class_id"),
        first_name: row.get("first_name"),
        last_initial: row.get("last_initial"),
        symbol: row.get("symbol"),
        left_at_ms: row.get("left_at_ms"),
    }
}
