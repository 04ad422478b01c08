//! Consent per use: the school's list of uses (`consent_uses`) and each pupil's answers as a
//! history (`photo_consents`, named when photos were all it held), given online by a parent or
//! typed in by staff from a paper form. The newest answer for a pupil and use is the one that
//! holds; nothing written is changed (the database refuses an UPDATE).

use kite_protocol::consent::{ConsentState, ConsentUse, OnPaper, UseConsent};
use sqlx::Row;

use super::{flag, Result, Store};
use crate::ids::{PupilId, StaffId};

/// One answer to be added to the history.
#[derive(Debug, Clone)]
pub struct NewConsent<'a> {
    pub pupil_id: PupilId,
    pub use_key: &'a str,
    pub granted: bool,
    /// Who answered, as the history shows it.
    pub given_by: &'a str,
    pub at_ms: i64,
    /// Who typed it in and the date on the form, when it came on paper.
    pub paper: Option<(StaffId, i64)>,
}

impl Store {
    /// Every use, retired ones too, in the school's order.
    pub async fn consent_uses(&self) -> Result<Vec<ConsentUse>> {
        let rows = sqlx::query(
            "SELECT key, name, explanation, retired_at_ms FROM consent_uses ORDER BY position, key",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ConsentUse {
                key: r.get("key"),
                name: r.get("name"),
                explanation: r.get("explanation"),
                retired: r.get::<Option<i64>, _>("retired_at_ms").is_some(),
            })
            .collect())
    }

    /// Adds a use at the end of the list (`WHERE true` tells SQLite the ON CONFLICT belongs to
    /// the INSERT, not a join); false when its key is taken (by a retired use too, so
    /// old answers never come to mean something new).
    pub async fn add_consent_use(
        &self,
        key: &str,
        name: &str,
        explanation: &str,
        by: StaffId,
        now_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO consent_uses (key, name, explanation, position, added_at_ms, added_by) \
             SELECT $1, $2, $3, COALESCE(MAX(position), 0) + 1, $4, $5 FROM consent_uses \
             WHERE true ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(name)
        .bind(explanation)
        .bind(now_ms)
        .bind(by)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Stops asking about a use; false when there is no such use still asked.
    pub async fn retire_consent_use(&self, key: &str, by: StaffId, now_ms: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE consent_uses SET retired_at_ms = $1, retired_by = $2 \
             WHERE key = $3 AND retired_at_ms IS NULL",
        )
        .bind(now_ms)
        .bind(by)
        .bind(key)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A pupil's consent for each use still asked about, with the newest answer for each.
    pub async fn consents(&self, pupil_id: PupilId) -> Result<Vec<UseConsent>> {
        let rows = sqlx::query(
            "SELECT u.key, u.name, u.explanation, c.granted, c.at_ms, c.form_date_ms, \
                    s.name AS recorded_by \
             FROM consent_uses u \
             LEFT JOIN photo_consents c ON c.id = (SELECT MAX(id) FROM photo_consents \
                                                   WHERE pupil_id = $1 AND photo_use = u.key) \
             LEFT JOIN staff s ON s.id = c.recorded_by \
             WHERE u.retired_at_ms IS NULL ORDER BY u.position, u.key",
        )
        .bind(pupil_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let state = match r.get::<Option<i64>, _>("at_ms") {
                    None => ConsentState::NotAsked,
                    Some(at_ms) if flag(r, "granted") => ConsentState::Given { at_ms },
                    Some(at_ms) => ConsentState::Withdrawn { at_ms },
                };
                let on_paper =
                    r.get::<Option<i64>, _>("form_date_ms")
                        .map(|form_date_ms| OnPaper {
                            recorded_by: r
                                .get::<Option<String>, _>("recorded_by")
                                .unwrap_or_default(),
                            form_date_ms,
                        });
                UseConsent {
                    key: r.get("key"),
                    name: r.get("name"),
                    explanation: r.get("explanation"),
                    state,
                    on_paper,
                }
            })
            .collect())
    }

    pub async fn add_consent(&self, c: &NewConsent<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO photo_consents \
               (pupil_id, photo_use, granted, given_by, at_ms, recorded_by, form_date_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(c.pupil_id)
        .bind(c.use_key)
        .bind(c.granted)
        .bind(c.given_by)
        .bind(c.at_ms)
        .bind(c.paper.map(|(by, _)| by))
        .bind(c.paper.map(|(_, day)| day))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
