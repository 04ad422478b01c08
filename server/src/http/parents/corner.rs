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

use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::parents::extract::ParentUser;
use crate::state::AppState;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// (month, day, name) where each half-term starts, in calendar order.
const STARTS: [(u32, u32, &str); 6] = [
    (1, 1, "Spring term, first half"),
    (2, 19, "Spring term, second half"),
    (4, 1, "Summer term, first half"),
    (6, 1, "Summer term, second half"),
    (9, 1, "Autumn term, first half"),
    (10, 28, "Autumn term, second half"),
];

/// Days since 1970-01-01 for a date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The year, month and day of a day count (`civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The half-term `at_ms` falls in: its name and when it started (ms).
pub fn half_term(at_ms: i64) -> (&'static str, i64) {
    let (year, month, day) = civil_from_days(at_ms.div_euclid(DAY_MS));
    let (m, d, name) = STARTS
        .iter()
        .rev()
        .find(|(m, d, _)| (month, day) >= (*m, *d))
        .copied()
        .unwrap_or(STARTS[0]);
    (name, days_from_civil(year, m, d) * DAY_MS)
}

/// `GET /api/v1/parents/corner`: lesson records whose class label matches the child's class
/// name (case aside), taught since this half-term began, most recent first.
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

    fn ms(y: i64, m: u32, d: u32) -> i64 {
        days_from_civil(y, m, d) * DAY_MS
    }

    #[test]
    fn dates_round_trip() {
        for day in [-1, 0, 1, 10_957, 20_000, 20_517] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
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
