//! Parents' corner: what the child's class has done this half-term, as lesson ids (the app has
//! each lesson's title, take-home note and conversation starter).
//!
//! English half-terms differ by a week or so between local authorities, so Kite uses fixed
//! dates that fall in or next to the usual holidays: autumn from 1 September and from
//! 28 October, spring from 1 January and from 19 February, summer from 1 April (Easter moves)
//! and from 1 June. A half-term's holiday week belongs to the half before it. Dates are UTC,
//! which is within an hour of UK time and only matters at midnight.

use axum::extract::State;
use axum::Json;
use kite_protocol::parents::{Corner, CornerLesson};

use crate::calendar;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::parents::extract::ParentUser;
use crate::state::AppState;

/// (month, day, name) where each half-term starts, in calendar order.
const STARTS: [(u8, u8, &str); 6] = [
    (1, 1, "Spring term, first half"),
    (2, 19, "Spring term, second half"),
    (4, 1, "Summer term, first half"),
    (6, 1, "Summer term, second half"),
    (9, 1, "Autumn term, first half"),
    (10, 28, "Autumn term, second half"),
];

/// The half-term `at_ms` falls in: its name and when it started (ms).
pub fn half_term(at_ms: i64) -> (&'static str, i64) {
    let today = calendar::date(at_ms);
    let (m, d, name) = STARTS
        .iter()
        .rev()
        .find(|(m, d, _)| (u8::from(today.month()), today.day()) >= (*m, *d))
        .copied()
        .unwrap_or(STARTS[0]);
    // Every start in STARTS is a day that every year has, so the fallback is never taken.
    let start = calendar::ymd(today.year(), m, d).unwrap_or(today);
    (name, calendar::start_ms(start))
}

/// `GET /api/v1/parents/corner`: lesson records whose class label matches the child's class
/// name (case aside), taught since this half-term began, most recent first.
#[utoipa::path(
    get,
    path = "/parents/corner",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_corner",
    params(crate::http::parents::extract::ChildChoice),
    responses((status = 200, description = "This half-term's lessons", body = Corner)),
    security(("parent_session" = [])),
)]
pub async fn corner(
    State(state): State<AppState>,
    parent: ParentUser,
) -> Result<Json<Corner>, ApiError> {
    let (name, since_ms) = half_term(now_ms());
    // Coverage is per lesson and band; a lesson shows once, at its latest.
    let mut seen = std::collections::HashSet::new();
    let lessons = state
        .storage
        .class_coverage(&parent.child.class.name)
        .await?
        .into_iter()
        .filter(|row| row.latest_ms >= since_ms && seen.insert(row.lesson_id.clone()))
        .map(|row| CornerLesson {
            lesson_id: row.lesson_id,
            last_taught_ms: row.latest_ms,
        })
        .collect();
    Ok(Json(Corner {
        half_term: name.into(),
        since_ms,
        lessons,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(y: i32, m: u8, d: u8) -> i64 {
        calendar::start_ms(calendar::ymd(y, m, d).unwrap())
    }

    #[test]
    fn half_terms_start_where_english_schools_usually_do() {
        let noon = 12 * 60 * 60 * 1000;
        assert_eq!(
            half_term(ms(2026, 11, 25) + noon),
            ("Autumn term, second half", ms(2026, 10, 28))
        );
        assert_eq!(
            half_term(ms(2026, 10, 27) + noon),
            ("Autumn term, first half", ms(2026, 9, 1))
        );
        assert_eq!(
            half_term(ms(2027, 3, 3)),
            ("Spring term, second half", ms(2027, 2, 19))
        );
        assert_eq!(
            half_term(ms(2027, 8, 10)),
            ("Summer term, second half", ms(2027, 6, 1))
        );
        assert_eq!(
            half_term(ms(2027, 1, 1)),
            ("Spring term, first half", ms(2027, 1, 1))
        );
    }
}
