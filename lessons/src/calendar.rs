//! The dates in the school year that lessons are taught for. Plain arithmetic on calendar dates
//! (no clock, no time zone): the app asks with the tablet's own date.

/// Lessons written for Safer Internet Day have ids starting with this; the presenter offers
/// them in the days before it.
pub const SAFER_INTERNET_DAY_PREFIX: &str = "safer-internet-day";

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// 0 for Sunday … 6 for Saturday.
fn weekday(days: i64) -> i64 {
    (days + 4).rem_euclid(7)
}

/// The day in February of Safer Internet Day: the Tuesday of February's second week, counting
/// a week as February's when its Thursday is (the rule every year from 2020 to 2026 follows:
/// 11, 9, 8, 7, 6, 11 and 10 February).
pub fn safer_internet_day(year: i32) -> u32 {
    const THURSDAY: i64 = 4;
    let first = weekday(days_from_civil(year, 2, 1));
    let first_thursday = 1 + (THURSDAY - first).rem_euclid(7) as u32;
    first_thursday + 5
}

/// Whether `year-month-day` falls in the time a teacher would plan for Safer Internet Day: from
/// the Monday of the week before to the Friday of its own week.
pub fn near_safer_internet_day(year: i32, month: u32, day: u32) -> bool {
    let sid = days_from_civil(year, 2, safer_internet_day(year));
    let today = days_from_civil(year, month, day);
    (sid - 8..=sid + 3).contains(&today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safer_internet_day_falls_where_it_did() {
        let known = [
            (2020, 11),
            (2021, 9),
            (2022, 8),
            (2023, 7),
            (2024, 6),
            (2025, 11),
            (2026, 10),
        ];
        for (year, day) in known {
            assert_eq!(safer_internet_day(year), day, "{year}");
        }
    }

    #[test]
    fn the_presenter_offers_it_from_the_week_before_to_its_friday() {
        // 2027: Tuesday 9 February.
        assert_eq!(safer_internet_day(2027), 9);
        assert!(!near_safer_internet_day(2027, 1, 31));
        assert!(near_safer_internet_day(2027, 2, 1));
        assert!(near_safer_internet_day(2027, 2, 9));
        assert!(near_safer_internet_day(2027, 2, 12));
        assert!(!near_safer_internet_day(2027, 2, 13));
        assert!(!near_safer_internet_day(2027, 6, 9));
    }
}
