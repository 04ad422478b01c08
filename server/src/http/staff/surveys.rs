//! Surveys: the DSL, an admin or the head write them (from a ready-made one) and read their
//! results, which are counts with small numbers hidden, every read audited; any member of staff
//! answers the staff surveys once, the answer kept with nothing that says who gave it.

use axum::extract::Path;
use axum::Json;
use kite_protocol::survey::{
    results, shown_total, Audience, Survey, SurveyAnswer, SurveyDraft, SurveyResults, SurveySummary,
};

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::{DutiesLead, StaffUser};
use crate::http::School;
use crate::surveys::{answer_once, today};

/// `GET /api/v1/staff/surveys`
#[utoipa::path(
    get,
    path = "/staff/surveys",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_surveys",
    summary = "Every survey, newest first, with how many have answered (fewer than 5 hidden)",
    responses((status = 200, description = "The surveys", body = Vec<SurveySummary>)),
    security(("staff_session" = [])),
)]
pub async fn list(
    School(state): School,
    DutiesLead(user): DutiesLead,
) -> Result<Json<Vec<SurveySummary>>, ApiError> {
    user.audit(&state, "surveys_read", None, "").await?;
    Ok(Json(
        state
            .storage
            .surveys()
            .await?
            .into_iter()
            .map(|(s, answers)| SurveySummary {
                id: s.id,
                title: s.title,
                audience: s.audience,
                opens_on: s.opens_on,
                closes_on: s.closes_on,
                answers: shown_total(answers),
            })
            .collect(),
    ))
}

/// `POST /api/v1/staff/surveys`
#[utoipa::path(
    post,
    path = "/staff/surveys",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_add_survey",
    summary = "Write a survey for pupils of a band, parents or staff",
    request_body = SurveyDraft,
    responses(
        (status = 200, description = "The survey as stored", body = Survey),
        (status = 400, description = "A field missing or too long, a question of the wrong shape (2–6 options, 3 or 5 faces, no typing for EYFS), or a bad date"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn add(
    School(state): School,
    DutiesLead(user): DutiesLead,
    ApiJson(draft): ApiJson<SurveyDraft>,
) -> Result<Json<Survey>, ApiError> {
    draft
        .validate()
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let survey = state
        .storage
        .add_survey(&draft, user.staff.id, now_ms())
        .await?;
    user.audit(
        &state,
        "survey_added",
        None,
        &format!("survey {} for {}", survey.id, survey.audience.as_str()),
    )
    .await?;
    Ok(Json(survey))
}

/// `GET /api/v1/staff/surveys/{id}/results`
#[utoipa::path(
    get,
    path = "/staff/surveys/{id}/results",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_survey_results",
    summary = "A survey's results: counts per option with fewer than 5 hidden, short answers from 5 answers on",
    params(("id" = i64, Path, description = "The survey")),
    responses(
        (status = 200, description = "The results", body = SurveyResults),
        (status = 404, description = "No such survey"),
    ),
    security(("staff_session" = [])),
)]
pub async fn read_results(
    School(state): School,
    DutiesLead(user): DutiesLead,
    Path(id): Path<i64>,
) -> Result<Json<SurveyResults>, ApiError> {
    let survey = state.storage.survey(id).await?.ok_or(ApiError::NotFound)?;
    user.audit(&state, "survey_results_read", None, &format!("survey {id}"))
        .await?;
    let answers = state.storage.survey_answers(id).await?;
    Ok(Json(results(&survey, &answers)))
}

/// `GET /api/v1/staff/surveys/to-answer`
#[utoipa::path(
    get,
    path = "/staff/surveys/to-answer",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_surveys_to_answer",
    summary = "The staff surveys open today that you haven't answered",
    responses((status = 200, description = "The surveys", body = Vec<Survey>)),
    security(("staff_session" = [])),
)]
pub async fn to_answer(
    School(state): School,
    user: StaffUser,
) -> Result<Json<Vec<Survey>>, ApiError> {
    Ok(Json(
        state
            .storage
            .surveys_to_answer(Audience::Staff, &today(), &[respondent(&user)])
            .await?,
    ))
}

/// `POST /api/v1/staff/surveys/{id}/answers`
#[utoipa::path(
    post,
    path = "/staff/surveys/{id}/answers",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_survey_answer",
    summary = "Answer a staff survey, once; the answer is kept without your name",
    params(("id" = i64, Path, description = "The survey")),
    request_body = SurveyAnswer,
    responses(
        (status = 200, description = "Kept", body = Object, example = json!({"received": true})),
        (status = 400, description = "An answer that doesn't fit its question"),
        (status = 404, description = "No staff survey open today with this id"),
        (status = 409, description = "You have answered it already"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn answer(
    School(state): School,
    user: StaffUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<SurveyAnswer>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if body.survey_id != id {
        return Err(ApiError::BadRequest(
            "survey_id: is not the survey in the address".into(),
        ));
    }
    // Not audited: a line saying who answered when would sit beside the answer's arrival.
    answer_once(&state.storage, Audience::Staff, &body, &[respondent(&user)]).await?;
    Ok(Json(serde_json::json!({"received": true})))
}

fn respondent(user: &StaffUser) -> String {
    format!("staff:{}", user.staff.id)
}
