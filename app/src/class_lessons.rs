//! Which lessons a class sees first. A class taught as Year 4 sees the Year 4 lessons, then the
//! rest of its key stage, then (where the page offers them) the other key stages; a mixed Year
//! 3/4 class sees both its years first. A class whose year isn't set sees its band as before.
//! In the days before Safer Internet Day its lessons come first, whatever the year.
//!
//! Plain Rust over the lessons, so the order is tested natively; Learn and the presenter draw it.

use kite_lessons::model::Year;
use kite_lessons::{calendar, Lesson};
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
    /// the days before it. Empty when the class's year isn't known (and not Safer Internet Day).
    pub own_years: Vec<&'a Lesson>,
    /// The rest of the band.
    pub rest_of_band: Vec<&'a Lesson>,
    /// The other bands, youngest first, each with its lessons.
    pub other_bands: Vec<(Band, Vec<&'a Lesson>)>,
}

impl<'a> ClassLessons<'a> {
    /// `band` is the tablet's (or the chosen) age group, `years` the class's; `near_sid` is
    /// whether today is in the days before Safer Internet Day (`calendar`).
    pub fn new(lessons: &'a [Lesson], band: Band, years: &[YearGroup], near_sid: bool) -> Self {
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
        out.own_years = leading.into_iter().chain(own).collect();
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
        let c = ClassLessons::new(all(), Band::Ks2, &[YearGroup::Y4], false);
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
        let c = ClassLessons::new(all(), Band::Ks1, &[YearGroup::Y2, YearGroup::Y3], false);
        assert!(c.own_years.iter().any(|l| l.year == Year::Y2));
        assert!(c.own_years.iter().any(|l| l.year == Year::Y3));
        assert!(c.rest_of_band.iter().all(|l| l.year == Year::Y1));
        let c = ClassLessons::new(all(), Band::Eyfs, &[YearGroup::Reception], false);
        assert!(c.own_years.iter().all(|l| l.year == Year::Eyfs));
        assert!(c.rest_of_band.is_empty());
    }

    #[test]
    fn a_class_without_a_year_sees_its_band_as_before() {
        let c = ClassLessons::new(all(), Band::Ks1, &[], false);
        assert!(c.own_years.is_empty());
        let band: Vec<_> = crate::curriculum::for_band(Band::Ks1).collect();
        assert_eq!(ids(&c.rest_of_band), ids(&band));
        assert_eq!(c.for_pupils().count(), band.len());
    }

    #[test]
    fn safer_internet_day_leads_in_its_week() {
        let c = ClassLessons::new(all(), Band::Ks2, &[YearGroup::Y6], true);
        assert!(c.own_years[0]
            .id
            .starts_with(calendar::SAFER_INTERNET_DAY_PREFIX));
        assert_eq!(band_of(c.own_years[0]), Band::Ks2);
        let after = ClassLessons::new(all(), Band::Ks2, &[YearGroup::Y6], false);
        assert!(after
            .own_years
            .iter()
            .all(|l| !l.id.starts_with(calendar::SAFER_INTERNET_DAY_PREFIX)));
    }
}
