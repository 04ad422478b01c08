//! The school's own term dates (`term_dates`), one row per half-term of a school year. A year
//! the school hasn't set reads as the usual England pattern.

use sqlx::Row;

use super::{Result, StorageError, Store};
use crate::calendar::parse_iso;
use crate::periods::{HalfTerm, TermDates};

impl Store {
    /// The school year's dates, and whether the school set them (rather than the usual pattern).
    pub async fn term_dates(&self, school_year: i32) -> Result<(TermDates, bool)> {
        let rows = sqlx::query(
            "SELECT half_term, starts_on, ends_on FROM term_dates WHERE school_year = $1",
        )
        .bind(school_year as i64)
        .fetch_all(&self.pool)
        .await?;
        let mut dates = TermDates::england(school_year);
        let inset = sqlx::query("SELECT day FROM inset_days WHERE school_year = $1 ORDER BY day")
            .bind(school_year as i64)
            .fetch_all(&self.pool)
            .await?;
        for r in &inset {
            let text: String = r.get("day");
            dates.inset_days.push(
                parse_iso(&text)
                    .ok_or_else(|| StorageError::Corrupt(format!("inset_days: {text}")))?,
            );
        }
        if rows.len() != HalfTerm::ALL.len() {
            return Ok((dates, false));
        }
        for r in &rows {
            let day = |column: &str| {
                let text: String = r.get(column);
                parse_iso(&text).ok_or_else(|| StorageError::Corrupt(format!("term_dates: {text}")))
            };
            let half: String = r.get("half_term");
            let i = HalfTerm::ALL
                .iter()
                .position(|h| h.as_str() == half)
                .ok_or_else(|| StorageError::Corrupt(format!("term_dates: {half}")))?;
            dates.half_terms[i] = (day("starts_on")?, day("ends_on")?);
        }
        Ok((dates, true))
    }

    /// Keeps a school year's dates and INSET days (checked by the caller), replacing any it had.
    pub async fn set_term_dates(&self, dates: &TermDates, now_ms: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM term_dates WHERE school_year = $1")
            .bind(dates.school_year as i64)
            .execute(&mut *tx)
            .await?;
        for (h, (start, end)) in HalfTerm::ALL.iter().zip(&dates.half_terms) {
            sqlx::query(
                "INSERT INTO term_dates (school_year, half_term, starts_on, ends_on, set_at_ms)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(dates.school_year as i64)
            .bind(h.as_str())
            .bind(start.to_string())
            .bind(end.to_string())
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM inset_days WHERE school_year = $1")
            .bind(dates.school_year as i64)
            .execute(&mut *tx)
            .await?;
        for day in &dates.inset_days {
            sqlx::query("INSERT INTO inset_days (school_year, day, set_at_ms) VALUES ($1, $2, $3)")
                .bind(dates.school_year as i64)
                .bind(day.to_string())
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
