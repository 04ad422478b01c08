//! Surveys for parents (technology at home, parental controls): answered once per family, the
//! answer kept with nothing that says which family gave it. A family answers as every child in
//! the sign-in, so a parent who signs in again with a brother's code can't answer twice.

use axum::extract::Path;
use axum::Json;
use kite_protocol::survey::{Audience, Survey, SurveyAnswer};

use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::parents::extract::{ParentUser, QuietParent};
use crate::http::School;
use crate::surveys::{answer_once, today};

fn family(parent: &ParentUser) -> Vec<String> {
    parent
        .family
        .iter()
        .map(|pupil| format!("pupil:{pupil}"))
        .collect()
}

/// `GET /api/v1/parents/surveys`
#[utoipa::path(
    get,
    path = "/parents/surveys",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_surveys",
    params(crate::http::parents::extract::ChildChoice),
    responses((status = 200, description = "The parents' surveys open today that this family hasn't answered", body = Vec<Survey>)),
    security(("parent_session" = [])),
)]
pub async fn to_answer(
    School(state): School,
    parent: ParentUser,
) -> Result<Json<Vec<Survey>>, ApiError> {
    Ok(Json(
        state
            .storage
            .surveys_to_answer(Audience::Parents, &today(), &family(&parent))
            .await?,
    ))
}

/// `POST /api/v1/parents/surveys/{id}/answers`: not audited and doesn't count as the session's
/// use, so no time in the log or on the session sits beside the answer's arrival.
#[utoipa::path(
    post,
    path = "/parents/surveys/{id}/answers",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_survey_answer",
    params(
        ("id" = i64, Path, description = "The survey"),
        crate::http::parents::extract::ChildChoice,
    ),
    request_body = SurveyAnswer,
    responses(
        (status = 200, description = "Kept", body = Object, example = json!({"received": true})),
        (status = 400, description = "An answer that doesn't fit its question"),
        (status = 404, description = "No parents' survey open today with this id"),
        (status = 409, description = "This family has answered it already"),
    ),
    security(("parent_session" = [], "csrf_token" = [])),
)]
pub async fn answer(
    School(state): School,
    QuietParent(parent): QuietParent,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<SurveyAnswer>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if body.survey_id != id {
        return Err(ApiError::BadRequest(
            "survey_id: is not the survey in the address".into(),
        ));
    }
    answer_once(&state.storage, Audience::Parents, &body, &family(&parent)).await?;
    Ok(Json(serde_json::json!({"received": true})))
}
