//! Surveys staff write and the answers to them (`surveys`, `survey_answers`), and who has
//! answered one that is answered once per person or family (`survey_respondents`), kept apart
//! from the answers so that no answer can be matched to whoever gave it.

use kite_protocol::survey::{Audience, Given, Question, Survey, SurveyAnswer, SurveyDraft};
use sqlx::any::AnyRow;
use sqlx::Row;
use uuid::Uuid;

use super::{Result, StorageError, Store, Written};
use crate::ids::StaffId;

/// A pupil's answer from a tablet's outbox, under the item's idempotency key.
#[derive(Debug, Clone)]
pub struct NewSurveyAnswer {
    pub id: Uuid,
    pub answer: SurveyAnswer,
}

/// Whether an answer given once per person was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    Kept,
    /// This person (or a child of this family) has answered already; nothing was written.
    Already,
}

fn survey_from_row(row: &AnyRow) -> Result<Survey> {
    let audience: String = row.get("audience");
    let questions: String = row.get("questions");
    Ok(Survey {
        id: row.get("id"),
        title: row.get("title"),
        audience: Audience::parse(&audience)
            .ok_or_else(|| StorageError::Corrupt(format!("survey audience {audience}")))?,
        opens_on: row.get("opens_on"),
        closes_on: row.get("closes_on"),
        questions: serde_json::from_str::<Vec<Question>>(&questions)
            .map_err(|e| StorageError::Corrupt(format!("survey questions: {e}")))?,
    })
}

const SURVEY_COLUMNS: &str = "id, title, audience, opens_on, closes_on, questions";

impl Store {
    /// Stores a validated draft; returns it with its id.
    pub async fn add_survey(
        &self,
        draft: &SurveyDraft,
        by: StaffId,
        now_ms: i64,
    ) -> Result<Survey> {
        let questions = serde_json::to_string(&draft.questions)
            .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let id: i64 = sqlx::query(
            "INSERT INTO surveys (title, audience, opens_on, closes_on, questions, created_by, created_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(draft.title.trim())
        .bind(draft.audience.as_str())
        .bind(&draft.opens_on)
        .bind(&draft.closes_on)
        .bind(questions)
        .bind(by)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await?
        .get(0);
        self.survey(id)
            .await?
            .ok_or_else(|| StorageError::Corrupt("added survey vanished".into()))
    }

    pub async fn survey(&self, id: i64) -> Result<Option<Survey>> {
        sqlx::query(&format!(
            "SELECT {SURVEY_COLUMNS} FROM surveys WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(survey_from_row)
        .transpose()
    }

    /// Every survey, the newest first, with how many answers each has.
    pub async fn surveys(&self) -> Result<Vec<(Survey, u32)>> {
        let rows = sqlx::query(&format!(
            "SELECT {SURVEY_COLUMNS},
               (SELECT COUNT(*) FROM survey_answers a WHERE a.survey_id = surveys.id) AS answers
             FROM surveys ORDER BY opens_on DESC, id DESC"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    survey_from_row(r)?,
                    r.get::<i64, _>("answers").max(0) as u32,
                ))
            })
            .collect()
    }

    /// The surveys for `audience` open on `today` (`YYYY-MM-DD`), oldest first.
    pub async fn open_surveys(&self, audience: Audience, today: &str) -> Result<Vec<Survey>> {
        let rows = sqlx::query(&format!(
            "SELECT {SURVEY_COLUMNS} FROM surveys
             WHERE audience = $1 AND opens_on <= $2 AND closes_on >= $2 ORDER BY id"
        ))
        .bind(audience.as_str())
        .bind(today)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(survey_from_row).collect()
    }

    /// The open surveys for `audience` that none of `respondents` has answered.
    pub async fn surveys_to_answer(
        &self,
        audience: Audience,
        today: &str,
        respondents: &[String],
    ) -> Result<Vec<Survey>> {
        let mut open = self.open_surveys(audience, today).await?;
        let mut answered = Vec::new();
        for s in &open {
            if self.any_answered(s.id, respondents).await? {
                answered.push(s.id);
            }
        }
        open.retain(|s| !answered.contains(&s.id));
        Ok(open)
    }

    async fn any_answered(&self, survey_id: i64, respondents: &[String]) -> Result<bool> {
        for who in respondents {
            let found = sqlx::query(
                "SELECT 1 FROM survey_respondents WHERE survey_id = $1 AND respondent = $2",
            )
            .bind(survey_id)
            .bind(who)
            .fetch_optional(&self.pool)
            .await?;
            if found.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Pupils' answers from tablets, in one durable transaction: per answer, new or already there.
    pub async fn store_survey_answers(&self, answers: &[NewSurveyAnswer]) -> Result<Vec<Written>> {
        let _turn = self.tablet_writes.turn().await;
        let mut tx = self.pool.begin().await?;
        let mut written = Vec::with_capacity(answers.len());
        for a in answers {
            let json = serde_json::to_string(&a.answer.answers)
                .map_err(|e| StorageError::Corrupt(e.to_string()))?;
            let done = sqlx::query(
                "INSERT INTO survey_answers (id, survey_id, answers) VALUES ($1, $2, $3)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(a.id.to_string())
            .bind(a.answer.survey_id)
            .bind(json)
            .execute(&mut *tx)
            .await?;
            written.push(Written::from_rows_inserted(done.rows_affected()));
        }
        tx.commit().await?;
        Ok(written)
    }

    /// A parent's or a member of staff's answer, taken once: `respondents` are who they answer
    /// as (a family answers as each of its children), marked in the same transaction, and if
    /// any of them has answered already nothing is written.
    pub async fn answer_survey_once(
        &self,
        answer: &SurveyAnswer,
        respondents: &[String],
    ) -> Result<Answered> {
        let mut tx = self.pool.begin().await?;
        for who in respondents {
            let done = sqlx::query(
                "INSERT INTO survey_respondents (survey_id, respondent) VALUES ($1, $2)
                 ON CONFLICT DO NOTHING",
            )
            .bind(answer.survey_id)
            .bind(who)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(Answered::Already);
            }
        }
        let json = serde_json::to_string(&answer.answers)
            .map_err(|e| StorageError::Corrupt(e.to_string()))?;
        sqlx::query("INSERT INTO survey_answers (id, survey_id, answers) VALUES ($1, $2, $3)")
            .bind(Uuid::new_v4().to_string())
            .bind(answer.survey_id)
            .bind(json)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Answered::Kept)
    }

    /// Every answer to one survey, in no particular order.
    pub async fn survey_answers(&self, survey_id: i64) -> Result<Vec<SurveyAnswer>> {
        let rows =
            sqlx::query("SELECT answers FROM survey_answers WHERE survey_id = $1 ORDER BY id")
                .bind(survey_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                let json: String = r.get("answers");
                Ok(SurveyAnswer {
                    survey_id,
                    answers: serde_json::from_str::<Vec<Option<Given>>>(&json)
                        .map_err(|e| StorageError::Corrupt(format!("survey answer: {e}")))?,
                })
            })
            .collect()
    }
}
