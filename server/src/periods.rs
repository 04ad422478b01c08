//! The periods governors and the trust may ask about: a calendar month, a half-term or a term,
//! by name (`2026-10`, `2026-27/autumn-1`, `2026-27/autumn`), never dates of their choosing.
//!
//! Every figure is counted on a grid of whole calendar months (UTC). A half-term or a term is
//! reported as the whole months it covers, decided from the school's own term dates: each month
//! of the school year belongs to the half-term with the most of its days (a month with no
//! teaching day, like August, to the half-term before it), and a term is its two half-terms. So
//! every period offered is a union of months, and no two offered periods differ by less than a
//! month: asking for two periods a day apart can't date a report to the day.

use kite_protocol::MONTH_NAMES;
use time::Date;

use crate::calendar::{self, ymd};

/// A calendar month, `month` 1 to 12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u8,
}

impl Month {
    pub fn first_day(self) -> Date {
        ymd(self.year, self.month, 1).expect("a month's first day")
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                month: self.month + 1,
                ..self
            }
        }
    }

    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                month: self.month - 1,
                ..self
            }
        }
    }

    /// The moment it starts (00:00 UTC on the 1st).
    pub fn start_ms(self) -> i64 {
        calendar::start_ms(self.first_day())
    }

    /// The moment the next month starts.
    pub fn end_ms(self) -> i64 {
        self.next().start_ms()
    }

    fn days(self) -> impl Iterator<Item = Date> {
        let next = self.next().first_day();
        std::iter::successors(Some(self.first_day()), move |d| {
            d.next_day().filter(|n| *n < next)
        })
    }

    fn name(self) -> &'static str {
        MONTH_NAMES[self.month as usize - 1]
    }

    fn short(self) -> &'static str {
        &self.name()[..3]
    }

    /// The school year it falls in (September to August), by the year it starts.
    pub fn school_year(self) -> i32 {
        if self.month >= 9 {
            self.year
        } else {
            self.year - 1
        }
    }
}

/// The six half-terms of an English school year, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HalfTerm {
    Autumn1,
    Autumn2,
    Spring1,
    Spring2,
    Summer1,
    Summer2,
}

impl HalfTerm {
    pub const ALL: [HalfTerm; 6] = [
        HalfTerm::Autumn1,
        HalfTerm::Autumn2,
        HalfTerm::Spring1,
        HalfTerm::Spring2,
        HalfTerm::Summer1,
        HalfTerm::Summer2,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HalfTerm::Autumn1 => "autumn-1",
            HalfTerm::Autumn2 => "autumn-2",
            HalfTerm::Spring1 => "spring-1",
            HalfTerm::Spring2 => "spring-2",
            HalfTerm::Summer1 => "summer-1",
            HalfTerm::Summer2 => "summer-2",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HalfTerm::Autumn1 => "Autumn 1",
            HalfTerm::Autumn2 => "Autumn 2",
            HalfTerm::Spring1 => "Spring 1",
            HalfTerm::Spring2 => "Spring 2",
            HalfTerm::Summer1 => "Summer 1",
            HalfTerm::Summer2 => "Summer 2",
        }
    }

    pub fn parse(s: &str) -> Option<HalfTerm> {
        HalfTerm::ALL.into_iter().find(|h| h.as_str() == s)
    }

    fn index(self) -> usize {
        HalfTerm::ALL
            .iter()
            .position(|h| *h == self)
            .expect("listed")
    }
}

/// The three terms, each two half-terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    Autumn,
    Spring,
    Summer,
}

impl Term {
    pub const ALL: [Term; 3] = [Term::Autumn, Term::Spring, Term::Summer];

    pub fn as_str(self) -> &'static str {
        match self {
            Term::Autumn => "autumn",
            Term::Spring => "spring",
            Term::Summer => "summer",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Term::Autumn => "Autumn term",
            Term::Spring => "Spring term",
            Term::Summer => "Summer term",
        }
    }

    fn halves(self) -> [HalfTerm; 2] {
        match self {
            Term::Autumn => [HalfTerm::Autumn1, HalfTerm::Autumn2],
            Term::Spring => [HalfTerm::Spring1, HalfTerm::Spring2],
            Term::Summer => [HalfTerm::Summer1, HalfTerm::Summer2],
        }
    }
}

/// `2026-27` for the school year starting in September 2026.
pub fn school_year_name(year: i32) -> String {
    format!("{year}-{:02}", (year + 1).rem_euclid(100))
}

/// A school year's half-terms, first and last day of each (both included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermDates {
    pub school_year: i32,
    pub half_terms: [(Date, Date); 6],
    /// Training (INSET) days: inside a half-term, but pupils are not in school.
    pub inset_days: Vec<Date>,
}

/// The most INSET days a year may list (England's schools have five).
pub const MAX_INSET_DAYS: usize = 10;

impl TermDates {
    /// A usual pattern for a school in England, for a year the school hasn't set: autumn from
    /// early September with half-term at the end of October, spring from early January with
    /// half-term in mid-February, summer from mid-April with half-term at the end of May.
    /// (Easter moves; a school whose Easter falls otherwise sets its own dates.)
    pub fn england(year: i32) -> TermDates {
        let d = |y: i32, m: u8, day: u8| ymd(y, m, day).expect("a real day");
        let next = year + 1;
        TermDates {
            school_year: year,
            half_terms: [
                (d(year, 9, 3), d(year, 10, 23)),
                (d(year, 11, 2), d(year, 12, 18)),
                (d(next, 1, 5), d(next, 2, 12)),
                (d(next, 2, 22), d(next, 3, 31)),
                (d(next, 4, 15), d(next, 5, 22)),
                (d(next, 6, 1), d(next, 7, 21)),
            ],
            // Every school's differ; none is assumed.
            inset_days: Vec::new(),
        }
    }

    /// The school year's twelve months, September to August.
    fn months(&self) -> impl Iterator<Item = Month> {
        std::iter::successors(
            Some(Month {
                year: self.school_year,
                month: 9,
            }),
            |m| Some(m.next()),
        )
        .take(12)
    }

    /// The whole months each half-term's figures cover, in order: each month goes to the
    /// half-term with the most of its days (the earlier on a tie); a month with none of them to
    /// the half-term that started last before it (the first, before any has started).
    pub fn months_of(&self) -> [Vec<Month>; 6] {
        let mut out: [Vec<Month>; 6] = Default::default();
        for month in self.months() {
            let days_in = |(first, last): (Date, Date)| {
                month.days().filter(|d| *d >= first && *d <= last).count()
            };
            let overlaps: Vec<usize> = self.half_terms.iter().map(|h| days_in(*h)).collect();
            let most = overlaps.iter().copied().max().unwrap_or(0);
            let half = if most > 0 {
                overlaps.iter().position(|n| *n == most).unwrap_or(0)
            } else {
                self.half_terms
                    .iter()
                    .rposition(|(first, _)| *first < month.first_day())
                    .unwrap_or(0)
            };
            out[half].push(month);
        }
        out
    }

    /// Why these dates can't be kept, if they can't: each half-term inside the school year, in
    /// order, not overlapping the next, and with at least one month to count on.
    pub fn problem(&self) -> Option<String> {
        let first = ymd(self.school_year, 9, 1)?;
        let last = ymd(self.school_year + 1, 8, 31)?;
        let mut previous_end: Option<Date> = None;
        for (h, (start, end)) in HalfTerm::ALL.iter().zip(&self.half_terms) {
            if start > end {
                return Some(format!("{} must start before it ends", h.label()));
            }
            if *start < first || *end > last {
                return Some(format!(
                    "{} must fall within the school year {} (1 September to 31 August)",
                    h.label(),
                    school_year_name(self.school_year)
                ));
            }
            if previous_end.is_some_and(|p| *start <= p) {
                return Some(format!(
                    "{} must start after the half-term before it ends",
                    h.label()
                ));
            }
            previous_end = Some(*end);
        }
        if self.inset_days.len() > MAX_INSET_DAYS {
            return Some(format!("list at most {MAX_INSET_DAYS} INSET days"));
        }
        for (i, day) in self.inset_days.iter().enumerate() {
            if self.inset_days[..i].contains(day) {
                return Some(format!("the INSET day {day} is listed twice"));
            }
            let in_term = self.half_terms.iter().any(|(s, e)| s <= day && day <= e);
            if !in_term {
                return Some(format!(
                    "the INSET day {day} is not inside one of the half-terms"
                ));
            }
        }
        for (h, months) in HalfTerm::ALL.iter().zip(self.months_of()) {
            if months.is_empty() {
                return Some(format!(
                    "{} has most of no month: the figures are counted by whole months, so each \
                     half-term needs one",
                    h.label()
                ));
            }
        }
        None
    }
}

/// A period as asked for by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Month(Month),
    HalfTerm(i32, HalfTerm),
    Term(i32, Term),
}

impl Named {
    /// `2026-10`, `2026-27/autumn-1` or `2026-27/autumn`.
    pub fn parse(s: &str) -> Option<Named> {
        let year_of = |y: &str| -> Option<i32> {
            let y: i32 = y.parse().ok().filter(|_| y.len() == 4)?;
            (2000..=2200).contains(&y).then_some(y)
        };
        if let Some((year, part)) = s.split_once('/') {
            let (start, end) = year.split_once('-')?;
            let start = year_of(start)?;
            if end.len() != 2 || end != format!("{:02}", (start + 1).rem_euclid(100)) {
                return None;
            }
            if let Some(h) = HalfTerm::parse(part) {
                return Some(Named::HalfTerm(start, h));
            }
            return Term::ALL
                .into_iter()
                .find(|t| t.as_str() == part)
                .map(|t| Named::Term(start, t));
        }
        let (year, month) = s.split_once('-')?;
        let month: u8 = month.parse().ok().filter(|_| month.len() == 2)?;
        (1..=12).contains(&month).then_some(())?;
        Some(Named::Month(Month {
            year: year_of(year)?,
            month,
        }))
    }

    pub fn name(self) -> String {
        match self {
            Named::Month(m) => format!("{}-{:02}", m.year, m.month),
            Named::HalfTerm(y, h) => format!("{}/{}", school_year_name(y), h.as_str()),
            Named::Term(y, t) => format!("{}/{}", school_year_name(y), t.as_str()),
        }
    }

    /// The period of the same kind just before.
    pub fn previous(self) -> Named {
        match self {
            Named::Month(m) => Named::Month(m.previous()),
            Named::HalfTerm(y, HalfTerm::Autumn1) => Named::HalfTerm(y - 1, HalfTerm::Summer2),
            Named::HalfTerm(y, h) => Named::HalfTerm(y, HalfTerm::ALL[h.index() - 1]),
            Named::Term(y, Term::Autumn) => Named::Term(y - 1, Term::Summer),
            Named::Term(y, Term::Spring) => Named::Term(y, Term::Autumn),
            Named::Term(y, Term::Summer) => Named::Term(y, Term::Spring),
        }
    }

    /// The school year whose term dates it needs, if any.
    pub fn school_year(self) -> Option<i32> {
        match self {
            Named::Month(_) => None,
            Named::HalfTerm(y, _) | Named::Term(y, _) => Some(y),
        }
    }

    /// Its whole months, in order, by the school year's term dates (`dates` is unused for a
    /// month), and what to call it: "Autumn 1 2026-27 (Sep–Oct 2026)".
    pub fn resolve(self, dates: &TermDates) -> Resolved {
        let (months, what) = match self {
            Named::Month(m) => {
                return Resolved {
                    name: self.name(),
                    label: format!("{} {}", m.name(), m.year),
                    months: vec![m],
                }
            }
            Named::HalfTerm(y, h) => (
                dates.months_of()[h.index()].clone(),
                format!("{} {}", h.label(), school_year_name(y)),
            ),
            Named::Term(y, t) => {
                let of = dates.months_of();
                let months = t.halves().into_iter().flat_map(|h| of[h.index()].clone());
                (
                    months.collect(),
                    format!("{} {}", t.label(), school_year_name(y)),
                )
            }
        };
        Resolved {
            name: self.name(),
            label: format!("{what} ({})", span_text(&months)),
            months,
        }
    }
}

/// "Sep–Oct 2026", "Dec 2026–Feb 2027", "Mar 2027".
pub fn span_text(months: &[Month]) -> String {
    match (months.first(), months.last()) {
        (Some(a), Some(b)) if a == b => format!("{} {}", a.short(), a.year),
        (Some(a), Some(b)) if a.year == b.year => {
            format!("{}\u{2013}{} {}", a.short(), b.short(), b.year)
        }
        (Some(a), Some(b)) => {
            format!("{} {}\u{2013}{} {}", a.short(), a.year, b.short(), b.year)
        }
        _ => "no months".into(),
    }
}

/// A named period made into whole months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub name: String,
    pub label: String,
    pub months: Vec<Month>,
}

impl Resolved {
    /// From the start of its first month to the end of its last.
    pub fn span_ms(&self) -> (i64, i64) {
        (
            self.months.first().map_or(0, |m| m.start_ms()),
            self.months.last().map_or(0, |m| m.end_ms()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(year: i32, month: u8) -> Month {
        Month { year, month }
    }

    #[test]
    fn names_parse_and_print_the_same() {
        for name in [
            "2026-10",
            "2026-27/autumn-1",
            "2026-27/summer",
            "2099-00/spring-2",
        ] {
            assert_eq!(Named::parse(name).map(Named::name).as_deref(), Some(name));
        }
        for bad in [
            "2026-13",
            "2026-1",
            "26-10",
            "2026-28/autumn",
            "2026-27/winter",
            "2026-10-14",
            "1788220800000",
            "",
        ] {
            assert_eq!(Named::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_usual_england_year_gives_every_half_term_whole_months() {
        let of = TermDates::england(2026).months_of();
        let text: Vec<String> = of.iter().map(|ms| span_text(ms)).collect();
        assert_eq!(
            text,
            [
                "Sep\u{2013}Oct 2026",
                "Nov\u{2013}Dec 2026",
                "Jan\u{2013}Feb 2027",
                "Mar 2027",
                "Apr\u{2013}May 2027",
                "Jun\u{2013}Aug 2027",
            ]
        );
        assert_eq!(TermDates::england(2026).problem(), None);
    }

    #[test]
    fn the_previous_period_is_of_the_same_kind() {
        let p = |s: &str| Named::parse(s).unwrap().previous().name();
        assert_eq!(p("2026-01"), "2025-12");
        assert_eq!(p("2026-27/autumn-1"), "2025-26/summer-2");
        assert_eq!(p("2026-27/spring-1"), "2026-27/autumn-2");
        assert_eq!(p("2026-27/autumn"), "2025-26/summer");
        assert_eq!(p("2026-27/summer"), "2026-27/spring");
    }

    #[test]
    fn a_term_is_its_half_terms_months_and_says_which() {
        let r = Named::parse("2026-27/autumn")
            .unwrap()
            .resolve(&TermDates::england(2026));
        assert_eq!(
            r.months,
            [m(2026, 9), m(2026, 10), m(2026, 11), m(2026, 12)]
        );
        assert_eq!(r.label, "Autumn term 2026-27 (Sep\u{2013}Dec 2026)");
    }

    #[test]
    fn dates_that_leave_a_half_term_without_a_month_are_refused() {
        let mut dates = TermDates::england(2026);
        // Spring 2 squeezed into a week of March: March is still mostly Spring 2's... until
        // Summer 1 starts in the middle of it.
        dates.half_terms[3] = (ymd(2027, 3, 1).unwrap(), ymd(2027, 3, 5).unwrap());
        dates.half_terms[4] = (ymd(2027, 3, 8).unwrap(), ymd(2027, 5, 22).unwrap());
        assert!(dates.problem().unwrap().contains("Spring 2"));
    }
}
