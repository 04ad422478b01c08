//! School days, for deadlines counted in them: a weekday, not a bank holiday, inside one of the school's half-terms
//! (its own term dates, or the usual England pattern for a year it hasn't set). KCSIE asks for a
//! leaver's child protection file within five school days, so a pupil leaving at the end of the
//! summer term has theirs due in the first week of the autumn term, not in August.

use time::Date;

use crate::bank_holidays::is_working_day;
use crate::periods::TermDates;

/// The school year (by the year it starts in September) a day falls in.
pub fn school_year_of(day: Date) -> i32 {
    if u8::from(day.month()) >= 9 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// Whether pupils are in school that day, by `terms` (the school years around it): a working
/// day inside a half-term that isn't an INSET day.
pub fn is_school_day(day: Date, terms: &[TermDates]) -> bool {
    is_working_day(day)
        && terms.iter().any(|t| {
            t.half_terms
                .iter()
                .any(|(first, last)| *first <= day && day <= *last)
                && !t.inset_days.contains(&day)
        })
}

/// The `n`th school day after `day` (not counting `day` itself). When `terms` has no school day
/// in the next year (it covers too little), the working days after `day` are counted instead, so a
/// deadline is never lost.
pub fn school_days_after(day: Date, n: u32, terms: &[TermDates]) -> Date {
    let mut counted = 0;
    let mut d = day;
    for _ in 0..366 {
        let Some(next) = d.next_day() else { break };
        d = next;
        if is_school_day(d, terms) {
            counted += 1;
            if counted == n {
                return d;
            }
        }
    }
    let mut d = day;
    let mut counted = 0;
    while counted < n {
        let Some(next) = d.next_day() else { return d };
        d = next;
        if is_working_day(d) {
            counted += 1;
        }
    }
    d
}

/// The day `n` school days back from `day`: the earliest of the last `n` school days up to and
/// including `day`. A span counted in school days covers the same teaching whether or not a
/// holiday falls in it. When `terms` has too few school days in the year before, working days
/// are counted instead.
pub fn school_days_back(day: Date, n: u32, terms: &[TermDates]) -> Date {
    let count_back = |is_day: &dyn Fn(Date) -> bool, limit: u32| {
        let (mut d, mut counted) = (day, 0);
        for _ in 0..limit {
            if is_day(d) {
                counted += 1;
                if counted >= n {
                    return Some(d);
                }
            }
            d = d.previous_day()?;
        }
        None
    };
    count_back(&|d| is_school_day(d, terms), 366)
        .or_else(|| count_back(&is_working_day, 3 * n + 14))
        .unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::ymd;

    fn d(y: i32, m: u8, day: u8) -> Date {
        ymd(y, m, day).unwrap()
    }

    #[test]
    fn five_school_days_skip_the_weekend() {
        let terms = [TermDates::england(2026)];
        // Friday 6 November 2026: the fifth school day after is Friday 13th.
        assert_eq!(
            school_days_after(d(2026, 11, 6), 5, &terms),
            d(2026, 11, 13)
        );
        // Wednesday 11 November: the following Wednesday.
        assert_eq!(
            school_days_after(d(2026, 11, 11), 5, &terms),
            d(2026, 11, 18)
        );
    }

    #[test]
    fn an_inset_day_is_not_a_school_day() {
        let mut year = TermDates::england(2026);
        year.inset_days = vec![d(2026, 11, 9), d(2026, 11, 10)];
        // Friday 6 November: Monday and Tuesday are INSET, so the fifth is Friday 13th's
        // following Tuesday.
        assert!(!is_school_day(d(2026, 11, 9), std::slice::from_ref(&year)));
        assert_eq!(
            school_days_after(d(2026, 11, 6), 5, &[year]),
            d(2026, 11, 17)
        );
    }

    #[test]
    fn a_summer_leavers_file_is_due_in_the_first_week_of_the_autumn_term() {
        let terms = [TermDates::england(2026), TermDates::england(2027)];
        // The usual pattern's summer term ends Wednesday 21 July 2027 and the autumn term
        // starts Friday 3 September 2027: the fifth school day is Thursday 9 September.
        assert_eq!(school_days_after(d(2027, 7, 21), 5, &terms), d(2027, 9, 9));
    }

    #[test]
    fn school_days_back_skip_holidays_and_weekends() {
        let terms = [TermDates::england(2025), TermDates::england(2026)];
        // Friday 13 November 2026: five school days back is Monday 9th.
        assert_eq!(school_days_back(d(2026, 11, 13), 5, &terms), d(2026, 11, 9));
        // Tuesday 3 November: the autumn half-term week (26-30 October) isn't counted, so five
        // school days back is Wednesday 21 October.
        assert_eq!(school_days_back(d(2026, 11, 3), 5, &terms), d(2026, 10, 21));
        // In the summer holiday, thirty school days back reach into June's teaching.
        let back = school_days_back(d(2027, 8, 20), 30, &terms);
        assert_eq!(back, d(2027, 6, 10));
    }

    #[test]
    fn the_school_year_starts_in_september() {
        assert_eq!(school_year_of(d(2027, 7, 21)), 2026);
        assert_eq!(school_year_of(d(2027, 9, 1)), 2027);
    }
}
