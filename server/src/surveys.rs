//! Surveys: what staff, parents and the kiosk have in common when a survey is answered. Which
//! surveys are open is decided by the school's day (UTC, as the server dates everything else).

use kite_protocol::survey::{Audience, Survey, SurveyAnswer};

use crate::calendar::iso_date;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::storage::surveys::Answered;
use crate::storage::Store;

/// Today, `YYYY-MM-DD`, for which surveys are open.
pub fn today() -> String {
    iso_date(now_ms())
}

/// Takes one person's (or family's) answer to an open survey for `audience`, once: a survey
/// that isn't theirs or isn't open is not found; a second answer is refused with a 409.
pub async fn answer_once(
    storage: &Store,
    audience: Audience,
    answer: &SurveyAnswer,
    respondents: &[String],
) -> Result<(), ApiError> {
    let survey = open_survey(storage, audience, answer.survey_id).await?;
    answer
        .validate_for(&survey)
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    match storage.answer_survey_once(answer, respondents).await? {
        Answered::Kept => Ok(()),
        Answered::Already => Err(ApiError::Conflict(
            "you have answered this survey already: thank you".into(),
        )),
    }
}

/// The survey `id` when it is for `audience` and open today; otherwise not found.
async fn open_survey(storage: &Store, audience: Audience, id: i64) -> Result<Survey, ApiError> {
    storage
        .survey(id)
        .await?
        .filter(|s| s.audience == audience)
        .filter(|s| {
            let today = today();
            s.opens_on <= today && today <= s.closes_on
        })
        .ok_or(ApiError::NotFound)
}
