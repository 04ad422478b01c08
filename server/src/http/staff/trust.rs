//! The trust overview: for a period, each school's anonymised counts and the trust's totals,
//! read from each school's own database through `storage::oversight` (the same figures the
//! governors' report uses). Only counts leave: no report ids, words, names or classes. Every
//! count is suppressed together with the totals it sits beside, and each read is audited in the
//! trust's own log.

use std::sync::Arc;

use axum::extract::Query;
use axum::{Extension, Json};
use kite_protocol::oversight::{Count, Period};
use kite_protocol::trust::{percent, suppress_linked, Figure, SchoolFigures, TrustOverview};
use kite_protocol::Band;

use super::governors::{
    came_to_light_of, category_keys, category_of, median_hours, outcome_keys, outcome_of,
    read_within_a_working_day, referrals_to, reports_with, status_keys, status_of,
    waits_to_first_look, waits_to_first_read, PeriodQuery, AGENCIES, CAME_TO_LIGHT, URGENCY,
};
use crate::error::ApiError;
use crate::http::staff::extract::TrustUser;
use crate::http::School;
use crate::periods::{Named, TermDates};
use crate::schools::TrustSchools;
use crate::storage::oversight::{AupFigures, ReportFacts};
use crate::storage::Store;

/// What one school's database says about the period, before anything is suppressed.
struct Raw {
    reports: Vec<ReportFacts>,
    /// Parents' concerns and staff concerns, reduced to the same facts (their words are never
    /// read out of the row).
    concerns: Vec<ReportFacts>,
    staff: Vec<ReportFacts>,
    /// Referrals made, `(agency, count)`.
    referrals: Vec<(String, u32)>,
    /// Lessons recorded, per band.
    lessons: Vec<u32>,
    aup: AupFigures,
}

async fn read(storage: &Store, from_ms: i64, to_ms: i64) -> Result<Raw, ApiError> {
    let lessons = storage.lesson_counts(from_ms, to_ms).await?;
    Ok(Raw {
        reports: storage.report_facts("pupil", from_ms, to_ms).await?,
        concerns: storage.report_facts("parent", from_ms, to_ms).await?,
        staff: storage.report_facts("staff", from_ms, to_ms).await?,
        referrals: storage.referral_counts(from_ms, to_ms).await?,
        lessons: Band::ALL
            .iter()
            .map(|b| {
                lessons
                    .iter()
                    .filter(|(_, band, _)| band == b.as_str())
                    .map(|(_, _, n)| n)
                    .sum()
            })
            .collect(),
        aup: storage.aup_figures().await?,
    })
}

/// `GET /api/v1/staff/trust/overview?period=2026-10`.
#[utoipa::path(
    get,
    path = "/staff/trust/overview",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_trust_overview",
    summary = "Anonymised counts across the trust's schools for a calendar month",
    params(PeriodQuery),
    responses(
        (status = 200, description = "The overview", body = TrustOverview),
        (status = 400, description = "Not a calendar month"),
    ),
    security(("staff_session" = [])),
)]
pub async fn overview(
    School(state): School,
    TrustUser(user): TrustUser,
    schools: Option<Extension<Arc<TrustSchools>>>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<TrustOverview>, ApiError> {
    // Only the trust's host carries the list; a school's own server has no trust to show.
    let Some(Extension(schools)) = schools else {
        return Err(ApiError::NotFound);
    };
    // By calendar month only: the trust's schools keep different term dates, so a "term"
    // would add up different months at each school; and months never overlap, so no two
    // answers differ by less than a month.
    let Named::Month(month) = q.named()? else {
        return Err(ApiError::BadRequest(
            "the trust overview is given by calendar month (2026-10): the trust's schools keep \
             different term dates"
                .into(),
        ));
    };
    let resolved = Named::Month(month).resolve(&TermDates::england(month.school_year()));
    let period = Period {
        from_ms: month.start_ms(),
        to_ms: month.end_ms(),
    };
    let mut raw = Vec::new();
    for (_, storage) in &schools.schools {
        raw.push(read(storage, period.from_ms, period.to_ms).await?);
    }
    user.audit(
        &state,
        "view_trust_overview",
        None,
        &format!("{}, {} schools", resolved.name, schools.schools.len()),
    )
    .await?;
    let names: Vec<&str> = schools.schools.iter().map(|(n, _)| n.as_str()).collect();
    let (schools_figures, totals) = figures(&names, &raw);
    Ok(Json(TrustOverview {
        trust_name: schools.trust_name.clone(),
        period,
        period_label: resolved.label,
        schools: schools_figures,
        totals,
    }))
}

/// The counts of one table: a row per school and one of totals, suppressed together.
#[derive(Default)]
struct Cells {
    values: Vec<u32>,
    sums: Vec<Vec<usize>>,
}

impl Cells {
    fn add(&mut self, value: u32) -> usize {
        self.values.push(value);
        self.values.len() - 1
    }

    /// `total` is published beside `parts` and is their sum.
    fn sum(&mut self, total: usize, parts: &[usize]) {
        self.sums.push([&[total], parts].concat());
    }

    /// A column per school plus its total: returns (per school, total) cell indices and links
    /// the total to the schools.
    fn column(&mut self, per_school: &[u32]) -> (Vec<usize>, usize) {
        let cells: Vec<usize> = per_school.iter().map(|&n| self.add(n)).collect();
        let total = self.add(per_school.iter().sum());
        self.sum(total, &cells);
        (cells, total)
    }
}

/// A breakdown (urgency, category, status, lessons by band): per school and in total, each
/// school's parts linked to its own total and each key's column to the trust's.
struct Breakdown {
    keys: Vec<(&'static str, &'static str)>,
    /// `[school][key]`, and the trust's total per key.
    cells: Vec<Vec<usize>>,
    totals: Vec<usize>,
}

impl Breakdown {
    fn new(
        c: &mut Cells,
        keys: Vec<(&'static str, &'static str)>,
        counts: &[Vec<u32>],
        school_totals: &[usize],
        trust_total: usize,
    ) -> Self {
        let columns: Vec<(Vec<usize>, usize)> = (0..keys.len())
            .map(|k| c.column(&counts.iter().map(|row| row[k]).collect::<Vec<_>>()))
            .collect();
        let cells: Vec<Vec<usize>> = (0..counts.len())
            .map(|s| columns.iter().map(|(col, _)| col[s]).collect())
            .collect();
        for (row, &total) in cells.iter().zip(school_totals) {
            c.sum(total, row);
        }
        let totals: Vec<usize> = columns.iter().map(|(_, t)| *t).collect();
        c.sum(trust_total, &totals);
        Self {
            keys,
            cells,
            totals,
        }
    }

    fn figures(&self, row: &[usize], counts: &[Count]) -> Vec<Figure> {
        self.keys
            .iter()
            .zip(row)
            .map(|((key, label), &i)| Figure {
                key: key.to_string(),
                label: label.to_string(),
                count: counts[i],
            })
            .collect()
    }
}

/// Counts a school's reports per key of a breakdown.
fn per_key<K: PartialEq + Copy>(
    reports: &[ReportFacts],
    keys: &[(K, &'static str, &'static str)],
    key_of: impl Fn(&ReportFacts) -> K + Copy,
) -> Vec<u32> {
    let count = reports_with(reports, key_of);
    keys.iter().map(|(k, _, _)| count(*k)).collect()
}

fn labels<K>(keys: &[(K, &'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    keys.iter().map(|(_, key, label)| (*key, *label)).collect()
}

/// Per school and in total, suppressed. Pure, so the suppression is tested without a server.
fn figures(names: &[&str], raw: &[Raw]) -> (Vec<SchoolFigures>, SchoolFigures) {
    let mut c = Cells::default();
    let column = |f: &dyn Fn(&Raw) -> u32| raw.iter().map(f).collect::<Vec<u32>>();
    let (reports, reports_total) = c.column(&column(&|r| r.reports.len() as u32));
    let (concerns, concerns_total) = c.column(&column(&|r| r.concerns.len() as u32));
    let (lessons, lessons_total) = c.column(&column(&|r| r.lessons.iter().sum()));
    let (pupils, pupils_total) = c.column(&column(&|r| r.aup.pupils));

    let categories = category_keys();
    let statuses: Vec<(Option<_>, &str, &str)> = status_keys()
        .into_iter()
        .map(|(s, k, l)| (Some(s), k, l))
        .collect();
    // Urgency, category and status, of pupils' reports and (apart) of parents' concerns: each
    // breakdown adds up to its own count.
    let breakdowns =
        |c: &mut Cells, facts: &dyn Fn(&Raw) -> &[ReportFacts], totals: (&[usize], usize)| {
            let counts = |f: &dyn Fn(&[ReportFacts]) -> Vec<u32>| -> Vec<Vec<u32>> {
                raw.iter().map(|r| f(facts(r))).collect()
            };
            let urgency = counts(&|a| per_key(a, &URGENCY, |r| r.urgent));
            let category = counts(&|a| per_key(a, &categories, category_of));
            let status = counts(&|a| per_key(a, &statuses, status_of));
            [
                Breakdown::new(c, labels(&URGENCY), &urgency, totals.0, totals.1),
                Breakdown::new(c, labels(&categories), &category, totals.0, totals.1),
                Breakdown::new(c, labels(&statuses), &status, totals.0, totals.1),
            ]
        };
    let [by_urgency, by_category, by_status] =
        breakdowns(&mut c, &|r| r.reports.as_slice(), (&reports, reports_total));
    let [concerns_by_urgency, concerns_by_category, concerns_by_status] = breakdowns(
        &mut c,
        &|r| r.concerns.as_slice(),
        (&concerns, concerns_total),
    );
    let bands: Vec<(&'static str, &'static str)> =
        Band::ALL.iter().map(|b| (b.as_str(), b.label())).collect();
    let by_band_counts: Vec<Vec<u32>> = raw.iter().map(|r| r.lessons.clone()).collect();
    let by_band = Breakdown::new(&mut c, bands, &by_band_counts, &lessons, lessons_total);

    let (staff, staff_total) = c.column(&column(&|r| r.staff.len() as u32));
    let staff_counts = |keys: &dyn Fn(&[ReportFacts]) -> Vec<u32>| -> Vec<Vec<u32>> {
        raw.iter().map(|r| keys(&r.staff)).collect()
    };
    let staff_by_source = Breakdown::new(
        &mut c,
        labels(&CAME_TO_LIGHT),
        &staff_counts(&|a| per_key(a, &CAME_TO_LIGHT, came_to_light_of)),
        &staff,
        staff_total,
    );
    let staff_by_category = Breakdown::new(
        &mut c,
        labels(&categories),
        &staff_counts(&|a| per_key(a, &categories, category_of)),
        &staff,
        staff_total,
    );
    let outcomes = outcome_keys();
    let staff_by_outcome = Breakdown::new(
        &mut c,
        labels(&outcomes),
        &staff_counts(&|a| per_key(a, &outcomes, outcome_of)),
        &staff,
        staff_total,
    );
    let (referrals, referrals_total) =
        c.column(&column(&|r| r.referrals.iter().map(|(_, n)| n).sum()));
    let by_agency = Breakdown::new(
        &mut c,
        labels(&AGENCIES),
        &raw.iter()
            .map(|r| {
                AGENCIES
                    .iter()
                    .map(|(a, _, _)| referrals_to(&r.referrals, a))
                    .collect()
            })
            .collect::<Vec<_>>(),
        &referrals,
        referrals_total,
    );
    let (read_in_a_day, read_in_a_day_total) =
        c.column(&column(&|r| read_within_a_working_day(&r.staff)));

    let counts = suppress_linked(&c.values, &c.sums);
    // A percentage is shown only beside a pupil count that is shown.
    let share = |part: u32, whole: u32, pupils_cell: usize| match counts[pupils_cell] {
        Count::Exact(_) => percent(part, whole),
        Count::FewerThanThree => None,
    };
    let school = |s: usize, name: &str, r: &Raw| SchoolFigures {
        name: name.to_string(),
        reports: counts[reports[s]],
        parent_concerns: counts[concerns[s]],
        concerns_by_urgency: concerns_by_urgency.figures(&concerns_by_urgency.cells[s], &counts),
        concerns_by_category: concerns_by_category.figures(&concerns_by_category.cells[s], &counts),
        concerns_by_status: concerns_by_status.figures(&concerns_by_status.cells[s], &counts),
        by_urgency: by_urgency.figures(&by_urgency.cells[s], &counts),
        by_category: by_category.figures(&by_category.cells[s], &counts),
        by_status: by_status.figures(&by_status.cells[s], &counts),
        median_hours_to_first_look: median_hours(waits_to_first_look(&r.reports)),
        staff_concerns: counts[staff[s]],
        staff_concerns_by_source: staff_by_source.figures(&staff_by_source.cells[s], &counts),
        staff_concerns_by_category: staff_by_category.figures(&staff_by_category.cells[s], &counts),
        staff_concerns_by_outcome: staff_by_outcome.figures(&staff_by_outcome.cells[s], &counts),
        referrals: counts[referrals[s]],
        referrals_by_agency: by_agency.figures(&by_agency.cells[s], &counts),
        median_hours_to_first_read: median_hours(waits_to_first_read(&r.staff)),
        read_within_a_working_day: counts[read_in_a_day[s]],
        pupils: counts[pupils[s]],
        aup_signed_percent: share(r.aup.pupils_signed_current, r.aup.pupils, pupils[s]),
        cosigned_percent: share(r.aup.parents_cosigned_current, r.aup.pupils, pupils[s]),
        lessons: counts[lessons[s]],
        lessons_by_band: by_band.figures(&by_band.cells[s], &counts),
    };
    let per_school = names
        .iter()
        .zip(raw)
        .enumerate()
        .map(|(s, (name, r))| school(s, name, r))
        .collect();

    let all_reports: Vec<ReportFacts> = raw.iter().flat_map(|r| r.reports.clone()).collect();
    let all_staff: Vec<ReportFacts> = raw.iter().flat_map(|r| r.staff.clone()).collect();
    let sum = |f: &dyn Fn(&AupFigures) -> u32| raw.iter().map(|r| f(&r.aup)).sum::<u32>();
    let (all_pupils, all_signed, all_cosigned) = (
        sum(&|a| a.pupils),
        sum(&|a| a.pupils_signed_current),
        sum(&|a| a.parents_cosigned_current),
    );
    let totals = SchoolFigures {
        name: "All schools".into(),
        reports: counts[reports_total],
        parent_concerns: counts[concerns_total],
        concerns_by_urgency: concerns_by_urgency.figures(&concerns_by_urgency.totals, &counts),
        concerns_by_category: concerns_by_category.figures(&concerns_by_category.totals, &counts),
        concerns_by_status: concerns_by_status.figures(&concerns_by_status.totals, &counts),
        by_urgency: by_urgency.figures(&by_urgency.totals, &counts),
        by_category: by_category.figures(&by_category.totals, &counts),
        by_status: by_status.figures(&by_status.totals, &counts),
        median_hours_to_first_look: median_hours(waits_to_first_look(&all_reports)),
        staff_concerns: counts[staff_total],
        staff_concerns_by_source: staff_by_source.figures(&staff_by_source.totals, &counts),
        staff_concerns_by_category: staff_by_category.figures(&staff_by_category.totals, &counts),
        staff_concerns_by_outcome: staff_by_outcome.figures(&staff_by_outcome.totals, &counts),
        referrals: counts[referrals_total],
        referrals_by_agency: by_agency.figures(&by_agency.totals, &counts),
        median_hours_to_first_read: median_hours(waits_to_first_read(&all_staff)),
        read_within_a_working_day: counts[read_in_a_day_total],
        pupils: counts[pupils_total],
        aup_signed_percent: share(all_signed, all_pupils, pupils_total),
        cosigned_percent: share(all_cosigned, all_pupils, pupils_total),
        lessons: counts[lessons_total],
        lessons_by_band: by_band.figures(&by_band.totals, &counts),
    };
    (per_school, totals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Count::{Exact, FewerThanThree as Few};

    fn report(category: Option<&str>, urgent: bool, status: &str) -> ReportFacts {
        ReportFacts {
            category: category.map(str::to_string),
            band: Some("ks2".into()),
            urgent,
            status: status.into(),
            received_at_ms: 0,
            first_response_ms: Some(3_600_000),
            ..ReportFacts::default()
        }
    }

    fn raw(reports: Vec<ReportFacts>, pupils: u32, signed: u32) -> Raw {
        Raw {
            reports,
            concerns: vec![],
            staff: vec![],
            referrals: vec![],
            lessons: vec![0, 4, 0],
            aup: AupFigures {
                pupils,
                pupils_signed_current: signed,
                parents_cosigned_current: 0,
                photo_consent_given: vec![],
            },
        }
    }

    #[test]
    fn a_small_school_figure_cant_be_worked_out_from_the_trust_totals() {
        // Oak: 2 reports; Elm: 6 (all contact, not urgent, new).
        let oak = raw(vec![report(Some("contact"), true, "new"); 2], 30, 24);
        let elm = raw(vec![report(Some("contact"), false, "new"); 6], 2, 2);
        let (schools, totals) = figures(&["Oak", "Elm"], &[oak, elm]);
        assert_eq!(schools[0].reports, Few);
        // Elm's 6 would give Oak's 2 away from the total of 8, so it is hidden too.
        assert_eq!(schools[1].reports, Few);
        assert_eq!(totals.reports, Exact(8));
        let contact = |f: &SchoolFigures| {
            f.by_category
                .iter()
                .find(|x| x.key == "contact")
                .unwrap()
                .count
        };
        assert_eq!((contact(&schools[0]), contact(&schools[1])), (Few, Few));
        assert_eq!(contact(&totals), Exact(8));
        // 24 of 30 signed; Elm's 2 pupils give no percentage.
        assert_eq!(
            schools[0].aup_signed_percent, None,
            "Oak's pupils are hidden beside Elm's 2"
        );
        assert_eq!(schools[1].aup_signed_percent, None);
        assert_eq!(totals.aup_signed_percent, Some(81));
        assert_eq!(totals.lessons, Exact(8));
        assert_eq!(schools[0].median_hours_to_first_look, None);
        assert_eq!(totals.median_hours_to_first_look, Some(1.0));
    }
}
