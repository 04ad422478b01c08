//! `GET /api/v1/device/coverage?class=LABEL`: which lessons were recorded for one class, and the
//! class's latest "I can" answer to each outcome it was asked, for the teacher's presenter (what
//! has been taught, what was understood, what to teach again). Device-token auth, like
//! `/device/config`: it says which lessons a class did and when, never anything about a pupil.
//! The server doesn't hold the curriculum; the app groups the answer by strand with its own copy.

use axum::extract::Query;
use axum::Json;
use kite_protocol::class_check::{ClassAnswer, LatestCheck};
use kite_protocol::lesson_record::{ClassCoverage, LessonCoverage};
use kite_protocol::limits::MAX_CLASS_LABEL_CHARS;
use kite_protocol::Band;
use serde::Deserialize;

use crate::error::ApiError;
use crate::http::device_auth::AuthenticatedDevice;
use crate::http::School;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// The class's name, as set on the device.
    class: Option<String>,
}

#[utoipa::path(
    get,
    path = "/device/coverage",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "device_coverage",
    summary = "Lesson coverage for the tablet's class",
    description = "Who may call it: tablet (device token).",
    params(CoverageQuery),
    responses((status = 200, description = "The class's lesson coverage and latest \"I can\" answers", body = ClassCoverage)),
    security(("device_token" = [])),
)]
pub async fn coverage(
    School(state): School,
    AuthenticatedDevice(_device): AuthenticatedDevice,
    Query(query): Query<CoverageQuery>,
) -> Result<Json<ClassCoverage>, ApiError> {
    let class = query.class.as_deref().map(str::trim).unwrap_or("");
    if class.is_empty() {
        return Err(ApiError::BadRequest(
            "say which class: ?class=the class's name, as set on the device".into(),
        ));
    }
    if class.chars().count() > MAX_CLASS_LABEL_CHARS {
        return Err(ApiError::BadRequest(format!(
            "class: the most is {MAX_CLASS_LABEL_CHARS} characters"
        )));
    }
    let rows = state.storage.class_coverage(class).await?;
    let lessons = rows
        .into_iter()
        .filter_map(|r| {
            // Bands were validated on the way in; a row that doesn't parse is skipped, not fatal.
            let band: Band = serde_json::from_value(r.band.clone().into()).ok()?;
            Some(LessonCoverage {
                lesson_id: r.lesson_id,
                band,
                times: r.times,
                taught_by_teacher: r.taught_by_teacher,
                latest_ms: r.latest_ms,
            })
        })
        .collect();
    let checks = state
        .storage
        .latest_class_checks(class)
        .await?
        .into_iter()
        .filter_map(|c| {
            Some(LatestCheck {
                answer: ClassAnswer::parse(&c.answer)?,
                lesson_id: c.lesson_id,
                outcome: c.outcome,
                answered_at_ms: c.answered_at_ms,
            })
        })
        .collect();
    Ok(Json(ClassCoverage {
        class_label: class.to_string(),
        lessons,
        checks,
    }))
}
