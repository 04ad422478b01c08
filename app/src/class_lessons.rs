//! Which lessons a class sees first. A class taught as Year 4 sees the Year 4 lessons, then the
//! rest of its key stage, then (where the page offers them) the other key stages; a mixed Year
//! 3/4 class sees both its years first. A class whose year isn't set sees its band as before.
//! In the days before Safer Internet Day its lessons come first, whatever the year.
//!
//! Each year has a lesson per half-term: lesson N of the year's lessons (in teaching order) is
//! half-term N's. The half-term is the school's own, from its term
//! dates in the tablet's config (`kite_protocol::device::teaching_half_term`: in a holiday, the
//! one after it), and its lesson leads the class's own years, marked "This half-term".
//!
//! Plain Rust over the lessons, so the order is tested natively; Learn and the presenter draw it.

use kite_lessons::model::Year;
use kite_lessons::{calendar, Lesson};
use kite_protocol::device::{teaching_half_term, DeviceConfig};
use kite_protocol::pupil_record::YearGroup;
use kite_protocol::Band;

use crate::curriculum::band_of;

/// The lessons' year for a class's year group: nursery and reception share the EYFS lessons.
pub fn lesson_year(year: YearGroup) -> Year {
    match year {
        YearGroup::Nursery | YearGroup::Reception => Year::Eyfs,
        YearGroup::Y1 => Year::Y1,
        YearGroup::Y2 => Year::Y2,
        YearGroup::Y3 => Year::Y3,
        YearGroup::Y4 => Year::Y4,
        YearGroup::Y5 => Year::Y5,
        YearGroup::Y6 => Year::Y6,
    }
}

/// A class's lessons in the order it sees them. Each lesson is in one group; each group keeps
/// teaching order.
#[derive(Debug, Default)]
pub struct ClassLessons<'a> {
    /// The class's own year(s), with Safer Internet Day's lessons for its band at the front in
    /// the days before it, then this half-term's. Empty when the class's year isn't known (and
    /// not Safer Internet Day).
    pub own_years: Vec<&'a Lesson>,
    /// This half-term's lesson of each of the class's years (none when the year or the
    /// half-term isn't known).
    pub this_half_term: Vec<&'a Lesson>,
    /// The rest of the band.
    pub rest_of_band: Vec<&'a Lesson>,
    /// The other bands, youngest first, each with its lessons.
    pub other_bands: Vec<(Band, Vec<&'a Lesson>)>,
}

impl<'a> ClassLessons<'a> {
    /// `band` is the tablet's (or the chosen) age group, `years` the class's; `near_sid` is
    /// whether today is in the days before Safer Internet Day (`calendar`); `half_term` which
    /// half-term of the school year it is (0 to 5), if known.
    pub fn new(
        lessons: &'a [Lesson],
        band: Band,
        years: &[YearGroup],
        near_sid: bool,
        half_term: Option<usize>,
    ) -> Self {
        let years: Vec<Year> = years.iter().map(|y| lesson_year(*y)).collect();
        let first = |l: &Lesson| {
            years.contains(&l.year)
                || (near_sid
                    && band_of(l) == band
                    && l.id.starts_with(calendar::SAFER_INTERNET_DAY_PREFIX))
        };
        let mut out = ClassLessons::default();
        // Safer Internet Day's lessons lead in its week; then the class's years.
        let sid = |l: &&Lesson| near_sid && l.id.starts_with(calendar::SAFER_INTERNET_DAY_PREFIX);
        let (leading, own): (Vec<&Lesson>, Vec<&Lesson>) =
            lessons.iter().filter(|l| first(l)).partition(sid);
        let mut years_seen: Vec<Year> = years.clone();
        years_seen.dedup();
        out.this_half_term = half_term
            .map(|n| {
                years_seen
                    .iter()
                    .filter_map(|y| year_lessons(lessons, *y).nth(n))
                    .collect()
            })
            .unwrap_or_default();
        let (due, rest): (Vec<&Lesson>, Vec<&Lesson>) = own
            .into_iter()
            .partition(|l| out.this_half_term.iter().any(|d| d.id == l.id));
        out.own_years = leading.into_iter().chain(due).chain(rest).collect();
        out.rest_of_band = lessons
            .iter()
            .filter(|l| !first(l) && band_of(l) == band)
            .collect();
        out.other_bands = Band::ALL
            .into_iter()
            .filter(|b| *b != band)
            .map(|b| {
                let list = lessons
                    .iter()
                    .filter(|l| !first(l) && band_of(l) == b)
                    .collect();
                (b, list)
            })
            .collect();
        out
    }

    /// Learn's cards: the class's years, then the rest of its band.
    pub fn for_pupils(&self) -> impl Iterator<Item = &'a Lesson> + '_ {
        self.own_years.iter().chain(&self.rest_of_band).copied()
    }

    /// Whether `lesson` is this half-term's for the class.
    pub fn is_this_half_term(&self, lesson: &Lesson) -> bool {
        self.this_half_term.iter().any(|l| l.id == lesson.id)
    }
}

/// A year's lessons in teaching order, one per half-term (Safer Internet Day's among them, in
/// its place in the year: `lessons/README.md`).
fn year_lessons(lessons: &[Lesson], year: Year) -> impl Iterator<Item = &Lesson> {
    lessons.iter().filter(move |l| l.year == year)
}

/// Which half-term of the school year it is by the device's clock (0 to 5), from the school's
/// term dates in the tablet's config; `None` before the config has them.
pub fn half_term_today(config: Option<&DeviceConfig>) -> Option<usize> {
    let today = js_sys::Date::new_0();
    let iso = format!(
        "{:04}-{:02}-{:02}",
        today.get_full_year(),
        today.get_month() + 1,
        today.get_date()
    );
    teaching_half_term(&config?.half_terms, &iso)
}

/// Whether today, by the device's clock, is in the days before Safer Internet Day.
pub fn near_safer_internet_day() -> bool {
    let today = js_sys::Date::new_0();
    calendar::near_safer_internet_day(
        today.get_full_year() as i32,
        today.get_month() + 1,
        today.get_date(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::all;

    fn ids<'a>(lessons: impl IntoIterator<Item = &'a &'a Lesson>) -> Vec<&'a str> {
        lessons.into_iter().map(|l| l.id.as_str()).collect()
    }

    #[test]
    fn a_year_4_class_sees_year_4_first_then_ks2_then_the_rest() {
        let c = ClassLessons::new(all(), Band::Ks2, &[YearGroup::Y4], false, None);
        assert!(!c.own_years.is_empty());
        assert!(c.own_years.iter().all(|l| l.year == Year::Y4));
        assert!(!c.rest_of_band.is_empty());
        assert!(c
            .rest_of_band
            .iter()
            .all(|l| l.year != Year::Y4 && band_of(l) == Band::Ks2));
        let others: Vec<Band> = c.other_bands.iter().map(|(b, _)| *b).collect();
        assert_eq!(others, [Band::Eyfs, Band::Ks1]);
        let shown = c.own_years.len()
            + c.rest_of_band.len()
            + c.other_bands.iter().map(|(_, l)| l.len()).sum::<usize>();
        assert_eq!(shown, all().len(), "every lesson once");
        // Teaching order inside a group.
        let first_y4: Vec<_> = all().iter().filter(|l| l.year == Year::Y4).collect();
        assert_eq!(ids(&c.own_years), ids(&first_y4));
    }

    #[test]
    fn a_mixed_class_sees_both_years_and_reception_sees_eyfs() {
        let c = ClassLessons::new(
            all(),
            Band::Ks1,
            &[YearGroup::Y2, YearGroup::Y3],
            false,
            None,
        );
        assert!(c.own_years.iter().any(|l| l.year == Year::Y2));
        assert!(c.own_years.iter().any(|l| l.year == Year::Y3));
        assert!(c.rest_of_band.iter().all(|l| l.year == Year::Y1));
        let c = ClassLessons::new(all(), Band::Eyfs, &[YearGroup::Reception], false, None);
        assert!(c.own_years.iter().all(|l| l.year == Year::Eyfs));
        assert!(c.rest_of_band.is_empty());
    }

    #[test]
    fn a_class_without_a_year_sees_its_band_as_before() {
        let c = ClassLessons::new(all(), Band::Ks1, &[], false, Some(2));
        assert!(c.own_years.is_empty());
        let band: Vec<_> = crate::curriculum::for_band(Band::Ks1).collect();
        assert_eq!(ids(&c.rest_of_band), ids(&band));
        assert_eq!(c.for_pupils().count(), band.len());
    }

    #[test]
    fn safer_internet_day_leads_in_its_week() {
        let c = ClassLessons::new(all(), Band::Ks2, &[YearGroup::Y6], true, Some(0));
        assert!(c.own_years[0]
            .id
            .starts_with(calendar::SAFER_INTERNET_DAY_PREFIX));
        assert_eq!(band_of(c.own_years[0]), Band::Ks2);
        let after = ClassLessons::new(all(), Band::Ks2, &[YearGroup::Y6], false, None);
        assert!(after
            .own_years
            .iter()
            .all(|l| !l.id.starts_with(calendar::SAFER_INTERNET_DAY_PREFIX)));
    }

    #[test]
    fn this_half_terms_lesson_leads_the_class_s_year_and_the_rest_keep_teaching_order() {
        let y4 = || year_lessons(all(), Year::Y4);
        assert!(y4().count() >= 6, "a lesson per half-term");
        let without = ClassLessons::new(all(), Band::Ks2, &[YearGroup::Y4], false, None);
        assert!(without.this_half_term.is_empty());
        for n in 0..6 {
            let c = ClassLessons::new(all(), Band::Ks2, &[YearGroup::Y4], false, Some(n));
            let due = y4().nth(n).unwrap();
            assert_eq!(ids(&c.this_half_term), [due.id.as_str()], "half-term {n}");
            assert!(c.is_this_half_term(due));
            assert_eq!(c.own_years[0].id, due.id);
            let rest: Vec<&Lesson> = without
                .own_years
                .iter()
                .copied()
                .filter(|l| l.id != due.id)
                .collect();
            assert_eq!(ids(&c.own_years[1..]), ids(&rest));
            assert_eq!(ids(&c.rest_of_band), ids(&without.rest_of_band));
        }
    }

    #[test]
    fn a_mixed_class_has_each_year_s_lesson_and_the_early_years_one() {
        let c = ClassLessons::new(
            all(),
            Band::Ks1,
            &[YearGroup::Y2, YearGroup::Y3],
            false,
            Some(1),
        );
        let due: Vec<Year> = c.this_half_term.iter().map(|l| l.year).collect();
        assert_eq!(due, [Year::Y2, Year::Y3]);
        assert_eq!(ids(&c.own_years[..2]), ids(&c.this_half_term));
        let c = ClassLessons::new(
            all(),
            Band::Eyfs,
            &[YearGroup::Nursery, YearGroup::Reception],
            false,
            Some(5),
        );
        assert_eq!(c.this_half_term.len(), 1);
        assert_eq!(c.this_half_term[0].year, Year::Eyfs);
        // No year known: nothing is marked.
        let c = ClassLessons::new(all(), Band::Ks1, &[], false, Some(2));
        assert!(c.this_half_term.is_empty());
    }

    #[test]
    fn safer_internet_day_still_leads_in_its_week_then_this_half_term() {
        let sid = |l: &Lesson| l.id.starts_with(calendar::SAFER_INTERNET_DAY_PREFIX);
        let n = year_lessons(all(), Year::Y6)
            .take(6)
            .position(|l| !sid(l))
            .unwrap();
        let c = ClassLessons::new(all(), Band::Ks2, &[YearGroup::Y6], true, Some(n));
        let due = year_lessons(all(), Year::Y6).nth(n).unwrap();
        let first_other = c
            .own_years
            .iter()
            .find(|l| !l.id.starts_with(calendar::SAFER_INTERNET_DAY_PREFIX))
            .unwrap();
        assert!(c.own_years[0]
            .id
            .starts_with(calendar::SAFER_INTERNET_DAY_PREFIX));
        assert_eq!(first_other.id, due.id);
    }
}
