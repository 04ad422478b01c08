//! Parents' corner: what the child's class has done this half-term, as lesson ids (the app has
//! each lesson's title, take-home note and conversation starter).
//!
//! "This half-term" is the school's own: its term dates (or the usual England pattern for a year
//! it hasn't set). A holiday belongs to the half-term before it. Days are UTC, which is within an
//! hour of UK time and only matters at midnight.

use axum::Json;
use kite_protocol::parents::{Corner, CornerLesson};

use time::Date;

use crate::calendar;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::parents::extract::ParentUser;
use crate::http::School;
use crate::periods::{HalfTerm, TermDates};
use crate::school_days::school_year_of;

/// How parents' corner names a half-term.
fn name(h: HalfTerm) -> &'static str {
    match h {
        HalfTerm::Autumn1 => "Autumn term, first half",
        HalfTerm::Autumn2 => "Autumn term, second half",
        HalfTerm::Spring1 => "Spring term, first half",
        HalfTerm::Spring2 => "Spring term, second half",
        HalfTerm::Summer1 => "Summer term, first half",
        HalfTerm::Summer2 => "Summer term, second half",
    }
}

/// The half-term `today` falls in (or the holiday after it), from the term dates of the school
/// year before and this one: its name and its first day.
pub fn half_term(
    today: Date,
    last_year: &TermDates,
    this_year: &TermDates,
) -> (&'static str, Date) {
    let starts = || {
        [last_year, this_year]
            .into_iter()
            .flat_map(|t| HalfTerm::ALL.iter().zip(&t.half_terms))
            .map(|(h, (first, _))| (name(*h), *first))
    };
    starts()
        .rfind(|(_, first)| *first <= today)
        .or_else(|| starts().next())
        .expect("a school year has half-terms")
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
pub async fn corner(School(state): School, parent: ParentUser) -> Result<Json<Corner>, ApiError> {
    let today = calendar::date(now_ms());
    let year = school_year_of(today);
    let (last_year, _) = state.storage.term_dates(year - 1).await?;
    let (this_year, _) = state.storage.term_dates(year).await?;
    let (name, first_day) = half_term(today, &last_year, &this_year);
    let since_ms = calendar::start_ms(first_day);
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

    fn d(y: i32, m: u8, day: u8) -> Date {
        calendar::ymd(y, m, day).unwrap()
    }

    #[test]
    fn this_half_term_is_the_school_s_own_with_the_holiday_after_it() {
        let (y25, mut y26) = (TermDates::england(2025), TermDates::england(2026));
        let at = |day| half_term(day, &y25, &y26);
        assert_eq!(
            at(d(2026, 11, 25)),
            ("Autumn term, second half", d(2026, 11, 2))
        );
        // Half-term week belongs to the half before it.
        assert_eq!(
            at(d(2026, 10, 27)),
            ("Autumn term, first half", d(2026, 9, 3))
        );
        assert_eq!(
            at(d(2027, 3, 3)),
            ("Spring term, second half", d(2027, 2, 22))
        );
        assert_eq!(
            at(d(2027, 8, 10)),
            ("Summer term, second half", d(2027, 6, 1))
        );
        // Before the autumn term starts: still last year's summer.
        assert_eq!(
            at(d(2026, 9, 1)),
            ("Summer term, second half", d(2026, 6, 1))
        );
        // A school whose autumn half-term comes early.
        y26.half_terms[1] = (d(2026, 10, 19), d(2026, 12, 18));
        assert_eq!(
            half_term(d(2026, 10, 20), &y25, &y26),
            ("Autumn term, second half", d(2026, 10, 19))
        );
    }
}
