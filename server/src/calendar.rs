//! Civil dates in UTC for the whole server: which day a moment falls on, when a day starts, and
//! dates written the ISO way (`2026-11-25`, `2026-11-25 09:30`) as staff exports show them. The
//! calendar rules (leap years, month lengths) come from the `time` crate rather than arithmetic of
//! our own, and every date computation in the server goes through here.
//!
//! Moments are unix milliseconds, as everywhere in Kite. `time` covers the years -9999 to 9999;
//! a moment outside that range (which no real report, signature or consent can have) reads as
//! the nearest end of the range, so one absurd timestamp from a tablet cannot fail an export.

use time::{Date, Month, SignedDuration, Time, UtcDateTime};

use crate::bank_holidays::is_working_day;

/// The UTC date and time of a moment.
pub fn at(ms: i64) -> UtcDateTime {
    UtcDateTime::UNIX_EPOCH
        .checked_add(SignedDuration::milliseconds(ms))
        .unwrap_or(if ms < 0 {
            UtcDateTime::MIN
        } else {
            UtcDateTime::MAX
        })
}

/// The UTC day a moment falls on.
pub fn date(ms: i64) -> Date {
    at(ms).date()
}

/// A calendar day, or `None` when there is no such day (30 February, month 13).
pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// The same day `months` calendar months later, or the month's last day when it is shorter
/// (31 January and a month is 28 or 29 February).
pub fn add_months(day: Date, months: u32) -> Date {
    let index = day.year() as i64 * 12 + i64::from(u8::from(day.month())) - 1 + i64::from(months);
    let (year, month) = (
        index.div_euclid(12) as i32,
        (index.rem_euclid(12) + 1) as u8,
    );
    (1..=day.day())
        .rev()
        .find_map(|d| ymd(year, month, d))
        .unwrap_or(Date::MAX)
}

/// A `YYYY-MM-DD` date as people type it, or `None` when it isn't one or names no real day.
pub fn parse_iso(s: &str) -> Option<Date> {
    let mut parts = s.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The moment (unix ms) a day starts: 00:00 UTC.
pub fn start_ms(day: Date) -> i64 {
    UtcDateTime::new(day, Time::MIDNIGHT).unix_timestamp() * 1000
}

/// `2026-11-25` (UTC) from unix milliseconds.
pub fn iso_date(ms: i64) -> String {
    let day = date(ms);
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// `2026-11-25 09:30` (UTC) from unix milliseconds.
pub fn iso_date_time(ms: i64) -> String {
    let t = at(ms);
    format!("{} {:02}:{:02}", iso_date(ms), t.hour(), t.minute())
}

/// The day a period's edge stands for. The app sends the school's local midnight, which in the
/// UK is within an hour of midnight UTC either way: the nearest UTC midnight is that day.
pub fn nearest_day(ms: i64) -> String {
    iso_date(ms.saturating_add(12 * 3_600_000))
}

/// How much of `[from_ms, to_ms)` falls on a working day (Monday to Friday, UTC, not a bank
/// holiday in England and Wales; school holidays count as working days, as they do for the
/// LADO and children's social care).
pub fn working_ms_between(from_ms: i64, to_ms: i64) -> i64 {
    let mut total = 0;
    let mut day = date(from_ms);
    while start_ms(day) < to_ms {
        let start = start_ms(day).max(from_ms);
        let Some(next) = day.next_day() else { break };
        let end = start_ms(next).min(to_ms);
        if is_working_day(day) {
            total += (end - start).max(0);
        }
        day = next;
    }
    total
}

/// The moment `working_ms` of working time (as [`working_ms_between`] counts it) after `from_ms`:
/// one working day after Friday 15:00 is Monday 15:00, and after Saturday noon is Tuesday 00:00.
pub fn after_working_ms(from_ms: i64, working_ms: i64) -> i64 {
    let mut left = working_ms;
    let mut day = date(from_ms);
    let mut at = from_ms;
    loop {
        let Some(next) = day.next_day() else {
            return at;
        };
        let end = start_ms(next);
        if is_working_day(day) {
            if end - at >= left {
                return at + left;
            }
            left -= end - at;
        }
        day = next;
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_added_on_the_calendar_keeping_the_day_where_it_exists() {
        let d = |y, m, d| ymd(y, m, d).unwrap();
        assert_eq!(add_months(d(2025, 1, 31), 1), d(2025, 2, 28));
        assert_eq!(add_months(d(2024, 1, 31), 1), d(2024, 2, 29));
        assert_eq!(add_months(d(2026, 11, 15), 12), d(2027, 11, 15));
        assert_eq!(add_months(d(2026, 12, 1), 1), d(2027, 1, 1));
        assert_eq!(add_months(d(2024, 2, 29), 24), d(2026, 2, 28));
    }

    #[test]
    fn weekends_are_not_working_time() {
        const HOUR: i64 = 3_600_000;
        // Friday 4 September 2026, 15:00 UTC, to Monday 7 September, 14:00: 9 + 14 hours.
        let friday = ms(2026, 9, 4) + 15 * HOUR;
        let monday = ms(2026, 9, 7) + 14 * HOUR;
        assert_eq!(working_ms_between(friday, monday), 23 * HOUR);
        // Saturday to Sunday: none; within a Tuesday: all of it; backwards: none.
        assert_eq!(working_ms_between(ms(2026, 9, 5), ms(2026, 9, 7)), 0);
        assert_eq!(
            working_ms_between(ms(2026, 9, 8) + HOUR, ms(2026, 9, 8) + 3 * HOUR),
            2 * HOUR
        );
        assert_eq!(working_ms_between(monday, friday), 0);
    }

    #[test]
    fn a_working_day_on_skips_the_weekend() {
        const HOUR: i64 = 3_600_000;
        let friday = ms(2026, 9, 4) + 15 * HOUR;
        assert_eq!(after_working_ms(friday, DAY_MS), ms(2026, 9, 7) + 15 * HOUR);
        let saturday = ms(2026, 9, 5) + 12 * HOUR;
        assert_eq!(after_working_ms(saturday, DAY_MS), ms(2026, 9, 8));
        let tuesday = ms(2026, 9, 8) + 9 * HOUR;
        assert_eq!(after_working_ms(tuesday, DAY_MS), tuesday + DAY_MS);
        // Good Friday and Easter Monday are bank holidays.
        let before_easter = ms(2026, 4, 2) + 15 * HOUR;
        assert_eq!(
            after_working_ms(before_easter, DAY_MS),
            ms(2026, 4, 7) + 15 * HOUR
        );
        for from in [friday, saturday, tuesday, before_easter] {
            let due = after_working_ms(from, DAY_MS);
            assert_eq!(working_ms_between(from, due), DAY_MS);
        }
    }

    #[test]
    fn a_period_edge_at_local_midnight_is_that_day() {
        let day = ms(2026, 9, 1);
        assert_eq!(nearest_day(day - 3_600_000), "2026-09-01", "BST midnight");
        assert_eq!(nearest_day(day), "2026-09-01");
    }

    const DAY_MS: i64 = 86_400_000;

    fn ms(y: i32, m: u8, d: u8) -> i64 {
        start_ms(ymd(y, m, d).unwrap())
    }

    /// The day-count arithmetic the server used before this module (Howard Hinnant's
    /// `civil_from_days`), kept here only as an independent check that the dates are unchanged.
    fn hinnant(days: i64) -> (i64, i64, i64) {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(month <= 2), month, day)
    }

    #[test]
    fn the_epoch_and_either_side_of_it() {
        assert_eq!(iso_date_time(0), "1970-01-01 00:00");
        assert_eq!(iso_date_time(-1), "1969-12-31 23:59");
        assert_eq!(iso_date_time(DAY_MS - 1), "1970-01-01 23:59");
        assert_eq!(iso_date(DAY_MS), "1970-01-02");
        assert_eq!(start_ms(date(0)), 0);
        assert_eq!(start_ms(date(-1)), -DAY_MS);
    }

    #[test]
    fn days_round_trip() {
        for day in [-1, 0, 1, 10_957, 20_000, 20_517] {
            assert_eq!(start_ms(date(day * DAY_MS)), day * DAY_MS);
            assert_eq!(start_ms(date(day * DAY_MS + DAY_MS - 1)), day * DAY_MS);
        }
        assert_eq!(date(0), ymd(1970, 1, 1).unwrap());
    }

    #[test]
    fn leap_years_follow_the_gregorian_rules() {
        // Divisible by 400: leap. By 100 only: not. By 4: leap.
        assert_eq!(iso_date(ms(2000, 2, 28) + DAY_MS), "2000-02-29");
        assert_eq!(iso_date(ms(1900, 2, 28) + DAY_MS), "1900-03-01");
        assert_eq!(iso_date(ms(2100, 2, 28) + DAY_MS), "2100-03-01");
        assert_eq!(iso_date(ms(2024, 2, 28) + DAY_MS), "2024-02-29");
        assert_eq!(iso_date(ms(2026, 2, 28) + DAY_MS), "2026-03-01");
        assert_eq!(ymd(2026, 2, 29), None);
        assert_eq!(ymd(2026, 13, 1), None);
        assert_eq!(ms(2001, 1, 1) - ms(2000, 1, 1), 366 * DAY_MS);
        assert_eq!(ms(2101, 1, 1) - ms(2100, 1, 1), 365 * DAY_MS);
    }

    #[test]
    fn year_ends_roll_over_at_midnight_utc() {
        let new_year = ms(2026, 1, 1);
        assert_eq!(iso_date_time(new_year - 60_000), "2025-12-31 23:59");
        assert_eq!(iso_date_time(new_year), "2026-01-01 00:00");
        assert_eq!(iso_date(ms(1999, 12, 31) + DAY_MS), "2000-01-01");
    }

    #[test]
    fn out_of_range_moments_saturate_instead_of_failing() {
        assert_eq!(iso_date(i64::MAX), "9999-12-31");
        assert_eq!(iso_date_time(i64::MAX), "9999-12-31 23:59");
        assert_eq!(iso_date(i64::MIN), "-9999-01-01");
    }

    #[test]
    fn typed_dates_name_real_days_only() {
        assert_eq!(parse_iso("2024-02-29"), ymd(2024, 2, 29));
        assert!(parse_iso(" 2026-11-25 ").is_some());
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "next week",
            "",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dates_match_the_previous_day_count_arithmetic() {
        let check = |day: i64| {
            let d = date(day * DAY_MS);
            assert_eq!(
                (
                    i64::from(d.year()),
                    i64::from(u8::from(d.month())),
                    i64::from(d.day())
                ),
                hinnant(day),
                "day {day}"
            );
            assert_eq!(start_ms(d), day * DAY_MS, "day {day}");
        };
        // Every day from 1900 to 2200, and every 97th across the whole range `time` covers.
        (-25_567..84_000).for_each(check);
        (-4_371_587..=2_932_896).step_by(97).for_each(check);
        check(2_932_896);
        for ms in [
            0_i64,
            1,
            -1,
            1_764_063_000_000,
            951_782_400_000,
            253_402_300_799_999,
        ] {
            let (y, m, d) = hinnant(ms.div_euclid(DAY_MS));
            let rem = ms.div_euclid(1000).rem_euclid(86_400);
            assert_eq!(
                iso_date_time(ms),
                format!(
                    "{y:04}-{m:02}-{d:02} {:02}:{:02}",
                    rem / 3600,
                    (rem % 3600) / 60
                )
            );
        }
    }
}
