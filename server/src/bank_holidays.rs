//! Bank holidays in England and Wales, for deadlines counted in working days: the LADO is
//! consulted within one working day of a concern about an adult, and a bank holiday Monday is
//! no more a working day than a Sunday is; nor is it a school day. The regular ones follow
//! their rules (Easter by `computus`); the one-off days the government has added are listed.

use time::{Date, Month, Weekday};

/// Days the government added, beyond the rules (royal occasions).
const ONE_OFF: [(i32, u8, u8); 5] = [
    (2011, 4, 29),
    (2012, 6, 5),
    (2022, 6, 3),
    (2022, 9, 19),
    (2023, 5, 8),
];

/// A day of the year: (month, day).
type MonthDay = (u8, u8);

/// Years the early May or spring bank holiday moved: (year, the usual day, the day instead).
const MOVED: [(i32, MonthDay, MonthDay); 4] = [
    (2012, (5, 28), (6, 4)),
    (2020, (5, 4), (5, 8)),
    (2022, (5, 30), (6, 2)),
    (2002, (5, 27), (6, 4)),
];

fn day(year: i32, month: u8, d: u8) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(month).ok()?, d).ok()
}

/// The first `weekday` on or after `from`.
fn on_or_after(from: Date, weekday: Weekday) -> Date {
    let mut d = from;
    while d.weekday() != weekday {
        d = d.next_day().unwrap_or(d);
    }
    d
}

/// The last `weekday` on or before `from`.
fn on_or_before(from: Date, weekday: Weekday) -> Date {
    let mut d = from;
    while d.weekday() != weekday {
        d = d.previous_day().unwrap_or(d);
    }
    d
}

/// A fixed-date holiday, or the next weekday not already taken when it falls at a weekend.
fn substitute(d: Date, taken: &[Date]) -> Date {
    let mut s = d;
    while matches!(s.weekday(), Weekday::Saturday | Weekday::Sunday) || taken.contains(&s) {
        s = s.next_day().unwrap_or(s);
    }
    s
}

/// The bank holidays of `year` in England and Wales, as days off (substitute days included).
pub fn bank_holidays(year: i32) -> Vec<Date> {
    let mut days = Vec::new();
    let Some(new_year) = day(year, 1, 1) else {
        return days;
    };
    days.push(substitute(new_year, &[]));
    if let Some(easter) = computus::gregorian(year)
        .ok()
        .and_then(|e| day(year, e.month as u8, e.day as u8))
    {
        days.extend([
            easter - time::Duration::days(2),
            easter + time::Duration::days(1),
        ]);
    }
    let mondays = [
        day(year, 5, 1).map(|d| on_or_after(d, Weekday::Monday)),
        day(year, 5, 31).map(|d| on_or_before(d, Weekday::Monday)),
        day(year, 8, 31).map(|d| on_or_before(d, Weekday::Monday)),
    ];
    for usual in mondays.into_iter().flatten() {
        let moved = MOVED.iter().find(|(y, (m, d), _)| {
            *y == year && u8::from(usual.month()) == *m && usual.day() == *d
        });
        days.extend(match moved {
            Some((y, _, (m, d))) => day(*y, *m, *d),
            None => Some(usual),
        });
    }
    for (m, d) in [(12, 25), (12, 26)] {
        if let Some(fixed) = day(year, m, d) {
            let taken = days.clone();
            days.push(substitute(fixed, &taken));
        }
    }
    days.extend(
        ONE_OFF
            .iter()
            .filter(|(y, _, _)| *y == year)
            .filter_map(|(y, m, d)| day(*y, *m, *d)),
    );
    days
}

/// Whether `d` is a bank holiday (or a bank holiday's substitute day) in England and Wales.
pub fn is_bank_holiday(d: Date) -> bool {
    bank_holidays(d.year()).contains(&d)
}

/// Monday to Friday and not a bank holiday.
pub fn is_working_day(d: Date) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !is_bank_holiday(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(days: Vec<Date>) -> Vec<String> {
        let mut v: Vec<String> = days.iter().map(|d| d.to_string()).collect();
        v.sort();
        v
    }

    // The years below as GOV.UK lists them.
    #[test]
    fn the_years_match_the_published_lists() {
        assert_eq!(
            iso(bank_holidays(2026)),
            [
                "2026-01-01",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-05-25",
                "2026-08-31",
                "2026-12-25",
                "2026-12-28",
            ]
        );
        assert_eq!(
            iso(bank_holidays(2022)),
            [
                "2022-01-03",
                "2022-04-15",
                "2022-04-18",
                "2022-05-02",
                "2022-06-02",
                "2022-06-03",
                "2022-08-29",
                "2022-09-19",
                "2022-12-26",
                "2022-12-27",
            ]
        );
        assert_eq!(
            iso(bank_holidays(2027)),
            [
                "2027-01-01",
                "2027-03-26",
                "2027-03-29",
                "2027-05-03",
                "2027-05-31",
                "2027-08-30",
                "2027-12-27",
                "2027-12-28",
            ]
        );
        assert_eq!(
            iso(bank_holidays(2020)),
            [
                "2020-01-01",
                "2020-04-10",
                "2020-04-13",
                "2020-05-08",
                "2020-05-25",
                "2020-08-31",
                "2020-12-25",
                "2020-12-28",
            ]
        );
    }

    #[test]
    fn a_bank_holiday_monday_is_not_a_working_day() {
        let easter_monday = day(2026, 4, 6).unwrap();
        assert!(!is_working_day(easter_monday));
        assert!(is_working_day(day(2026, 4, 7).unwrap()));
        assert!(!is_working_day(day(2026, 4, 4).unwrap()), "a Saturday");
    }
}
