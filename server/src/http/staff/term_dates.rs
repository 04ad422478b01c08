//! The school's term dates, which the governors' report reads to tell which whole months a
//! half-term or a term covers, and its INSET days, which (with the holidays) are not counted as
//! school days. The DSL or an admin keeps them; a year not set follows the usual England
//! pattern.

use axum::extract::Query;
use axum::Json;
use kite_protocol::oversight::{HalfTermDates, TermDatesForm};
use serde::Deserialize;
use time::Date;

use crate::calendar::{self, parse_iso};
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::AdminOrDsl;
use crate::http::School;
use crate::periods::{span_text, HalfTerm, Month, TermDates};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year the school year starts in (2026 for 2026-27); the current one if left out.
    pub school_year: Option<i32>,
}

fn form(dates: &TermDates, set_by_school: bool) -> TermDatesForm {
    TermDatesForm {
        school_year: dates.school_year,
        set_by_school,
        half_terms: HalfTerm::ALL
            .iter()
            .zip(&dates.half_terms)
            .zip(dates.months_of())
            .map(|((h, (start, end)), months)| HalfTermDates {
                key: h.as_str().into(),
                label: h.label().into(),
                starts_on: start.to_string(),
                ends_on: end.to_string(),
                months: span_text(&months),
            })
            .collect(),
        inset_days: dates.inset_days.iter().map(Date::to_string).collect(),
    }
}

fn checked_year(year: i32) -> Result<i32, ApiError> {
    if (2000..=2200).contains(&year) {
        Ok(year)
    } else {
        Err(ApiError::BadRequest(
            "the school year must start between 2000 and 2200".into(),
        ))
    }
}

/// `GET /api/v1/staff/school/terms[?school_year=2026]`.
#[utoipa::path(
    get,
    path = "/staff/school/terms",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_school_terms_get",
    summary = "The school's term dates for a school year, and the months each half-term covers",
    params(YearQuery),
    responses((status = 200, description = "The year's half-terms", body = TermDatesForm)),
    security(("staff_session" = [])),
)]
pub async fn get_terms(
    School(state): School,
    AdminOrDsl(_user): AdminOrDsl,
    Query(q): Query<YearQuery>,
) -> Result<Json<TermDatesForm>, ApiError> {
    let year = match q.school_year {
        Some(y) => checked_year(y)?,
        None => {
            let today = calendar::date(crate::clock::now_ms());
            Month {
                year: today.year(),
                month: u8::from(today.month()),
            }
            .school_year()
        }
    };
    let (dates, set) = state.storage.term_dates(year).await?;
    Ok(Json(form(&dates, set)))
}

/// `PUT /api/v1/staff/school/terms`.
#[utoipa::path(
    put,
    path = "/staff/school/terms",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_school_terms_put",
    summary = "Set the school's term dates for a school year",
    request_body = TermDatesForm,
    responses(
        (status = 200, description = "The year's half-terms as kept", body = TermDatesForm),
        (status = 400, description = "Dates out of order, outside the year, or leaving a half-term without a month"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn put_terms(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    ApiJson(body): ApiJson<TermDatesForm>,
) -> Result<Json<TermDatesForm>, ApiError> {
    let mut dates = TermDates::england(checked_year(body.school_year)?);
    if body.half_terms.len() != HalfTerm::ALL.len() {
        return Err(ApiError::BadRequest(
            "give all six half-terms, autumn-1 to summer-2".into(),
        ));
    }
    for (i, h) in HalfTerm::ALL.iter().enumerate() {
        let given = body
            .half_terms
            .iter()
            .find(|d| d.key == h.as_str())
            .ok_or_else(|| ApiError::BadRequest(format!("{} is missing", h.label())))?;
        let day = |text: &str| {
            parse_iso(text).ok_or_else(|| {
                ApiError::BadRequest(format!("{}: {text:?} is not a date", h.label()))
            })
        };
        dates.half_terms[i] = (day(&given.starts_on)?, day(&given.ends_on)?);
    }
    for text in &body.inset_days {
        let day = parse_iso(text)
            .ok_or_else(|| ApiError::BadRequest(format!("the INSET day {text:?} is not a date")))?;
        dates.inset_days.push(day);
    }
    dates.inset_days.sort();
    if let Some(problem) = dates.problem() {
        return Err(ApiError::BadRequest(problem));
    }
    state
        .storage
        .set_term_dates(&dates, crate::clock::now_ms())
        .await?;
    user.audit(
        &state,
        "set_term_dates",
        None,
        &crate::periods::school_year_name(dates.school_year),
    )
    .await?;
    Ok(Json(form(&dates, true)))
}
