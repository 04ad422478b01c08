//! The school's own details and settings: its profile for the tablets (`school_profile`: name,
//! idle timeout, trusted adults and their photos in `photos`) and its settings
//! (`school_settings`: local safeguarding contacts, retention, two-step for DSLs, AUP before
//! lessons, how long an answer to a child lasts and whether a second DSL checks it).

use kite_protocol::answer::{MAX_ANSWER_DAYS, MIN_ANSWER_DAYS};
use kite_protocol::device::TrustedAdult;
use kite_protocol::staff::{LocalContact, MIN_RETENTION_MONTHS};
use sqlx::Row;

use super::{flag, Result, StorageError, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolProfile {
    pub name: String,
    pub idle_timeout_secs: u32,
    pub trusted_adults: Vec<TrustedAdult>,
}

impl Store {
    pub async fn school_profile(&self) -> Result<SchoolProfile> {
        let row = sqlx::query(
            "SELECT name, idle_timeout_secs, trusted_adults FROM school_profile WHERE id = 1",
        )
        .fetch_one(&self.pool)
        .await?;
        let adults: String = row.get("trusted_adults");
        Ok(SchoolProfile {
            name: row.get("name"),
            idle_timeout_secs: row.get::<i64, _>("idle_timeout_secs").clamp(15, 3600) as u32,
            trusted_adults: serde_json::from_str(&adults)
                .map_err(|e| StorageError::Corrupt(format!("trusted_adults: {e}")))?,
        })
    }

    pub async fn set_school_profile(&self, profile: &SchoolProfile) -> Result<()> {
        let adults = serde_json::to_string(&profile.trusted_adults)
            .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        sqlx::query(
            "UPDATE school_profile SET name = $1, idle_timeout_secs = $2, trusted_adults = $3 WHERE id = 1",
        )
        .bind(&profile.name)
        .bind(profile.idle_timeout_secs as i64)
        .bind(adults)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Stores an uploaded photo (already checked) and returns its id.
    pub async fn add_photo(&self, content_type: &str, bytes: &[u8], now_ms: i64) -> Result<i64> {
        let id = sqlx::query(
            "INSERT INTO photos (content_type, bytes, created_at_ms) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(content_type)
        .bind(bytes)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await?
        .get(0);
        Ok(id)
    }

    /// (content type, bytes)
    pub async fn photo(&self, id: i64) -> Result<Option<(String, Vec<u8>)>> {
        let row = sqlx::query("SELECT content_type, bytes FROM photos WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (r.get("content_type"), r.get("bytes"))))
    }

    /// The local contacts and the retention period in months (0: until the school decides). A
    /// period stored before the floor existed, shorter than it, is read as the floor.
    pub async fn school_settings(&self) -> Result<(Vec<LocalContact>, u32)> {
        let row = sqlx::query(
            "SELECT local_contacts, retention_months FROM school_settings WHERE id = 1",
        )
        .fetch_one(&self.pool)
        .await?;
        let contacts: String = row.get("local_contacts");
        Ok((
            serde_json::from_str(&contacts)
                .map_err(|e| StorageError::Corrupt(format!("local_contacts: {e}")))?,
            at_least_the_floor(row.get::<i64, _>("retention_months").clamp(0, 1200) as u32),
        ))
    }

    pub async fn set_school_settings(
        &self,
        contacts: &[LocalContact],
        retention_months: u32,
    ) -> Result<()> {
        let contacts =
            serde_json::to_string(contacts).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        sqlx::query(
            "UPDATE school_settings SET local_contacts = $1, retention_months = $2 WHERE id = 1",
        )
        .bind(contacts)
        .bind(retention_months as i64)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Whether teachers and other staff must use two-step sign-in too (DSLs, admins and trust
    /// accounts always must).
    pub async fn require_teacher_two_step(&self) -> Result<bool> {
        let row = sqlx::query("SELECT require_teacher_two_step FROM school_settings WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(flag(&row, "require_teacher_two_step"))
    }

    pub async fn set_require_teacher_two_step(&self, required: bool) -> Result<()> {
        sqlx::query("UPDATE school_settings SET require_teacher_two_step = $1 WHERE id = 1")
            .bind(required)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn aup_before_lessons(&self) -> Result<bool> {
        let row = sqlx::query("SELECT aup_before_lessons FROM school_settings WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(flag(&row, "aup_before_lessons"))
    }

    pub async fn set_aup_before_lessons(&self, on: bool) -> Result<()> {
        sqlx::query("UPDATE school_settings SET aup_before_lessons = $1 WHERE id = 1")
            .bind(on)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// The school's answer settings: how many days an answer to a child can be seen, and whether a
/// second DSL checks each before the child can.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerSettings {
    pub days: u32,
    pub needs_check: bool,
}

impl Store {
    pub async fn answer_settings(&self) -> Result<AnswerSettings> {
        let row =
            sqlx::query("SELECT answer_days, answer_needs_check FROM school_settings WHERE id = 1")
                .fetch_one(&self.pool)
                .await?;
        Ok(AnswerSettings {
            days: row
                .get::<i64, _>("answer_days")
                .clamp(MIN_ANSWER_DAYS.into(), MAX_ANSWER_DAYS.into()) as u32,
            needs_check: flag(&row, "answer_needs_check"),
        })
    }

    pub async fn set_answer_settings(&self, settings: AnswerSettings) -> Result<()> {
        sqlx::query(
            "UPDATE school_settings SET answer_days = $1, answer_needs_check = $2 WHERE id = 1",
        )
        .bind(i64::from(settings.days))
        .bind(settings.needs_check)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// A retention period shorter than [`MIN_RETENTION_MONTHS`] (other than 0, "until the school
/// decides") is read as the floor, so a setting from before the floor never deletes sooner.
fn at_least_the_floor(months: u32) -> u32 {
    if months == 0 {
        0
    } else {
        months.max(MIN_RETENTION_MONTHS)
    }
}
