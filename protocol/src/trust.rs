//! The trust overview: a multi-academy trust running several schools on one server
//! sees, per school and in total, only anonymised counts for a period. Nothing in it names a
//! pupil, a member of staff, a class or a report, and every count goes through
//! [`suppress_linked`], so a small number can't be read off directly nor worked out from the
//! totals beside it.

use serde::{Deserialize, Serialize};

use crate::oversight::{Count, Period, SMALLEST_SHOWN};

/// One count of a breakdown (`cyberbullying`, `urgent`, `ks2`…).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    /// A stable key, for tests and CSS.
    pub key: String,
    pub label: String,
    pub count: Count,
}

/// One school's figures for the period, or the trust's totals.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolFigures {
    /// The school's name from the trust's directory ("All schools" for the totals).
    pub name: String,
    /// Pupils' reports from the tablets.
    pub reports: Count,
    /// Concerns raised by parents.
    pub parent_concerns: Count,
    /// Pupils' reports by urgency, category and status.
    pub by_urgency: Vec<Figure>,
    pub by_category: Vec<Figure>,
    pub by_status: Vec<Figure>,
    /// Parents' concerns by urgency, category and status.
    pub concerns_by_urgency: Vec<Figure>,
    pub concerns_by_category: Vec<Figure>,
    pub concerns_by_status: Vec<Figure>,
    /// Median hours from a report arriving to the first thing a DSL did about it; `None` when
    /// fewer than 3 reports of the period have had a response.
    pub median_hours_to_first_look: Option<f64>,
    /// Concerns written by an adult in school.
    pub staff_concerns: Count,
    /// Staff concerns by how they came to light, by kind of risk and by outcome.
    pub staff_concerns_by_source: Vec<Figure>,
    pub staff_concerns_by_category: Vec<Figure>,
    pub staff_concerns_by_outcome: Vec<Figure>,
    /// Referrals made on a day of the period, in all and by agency.
    pub referrals: Count,
    pub referrals_by_agency: Vec<Figure>,
    /// Median hours from a staff concern arriving to a DSL first reading it; `None` when fewer
    /// than 3 of the period's staff concerns have been read.
    pub median_hours_to_first_read: Option<f64>,
    /// Staff concerns first read within one working day of arriving.
    pub read_within_a_working_day: Count,
    /// Pupils on roll now.
    pub pupils: Count,
    /// Share of pupils on roll who signed the current pupil AUP, in whole percent; `None` when
    /// the pupils or the signatures are fewer than 3 (a percentage would give them away).
    pub aup_signed_percent: Option<u32>,
    /// The same for a parent's co-signature of it.
    pub cosigned_percent: Option<u32>,
    /// Lessons recorded in the period (pupils finishing one, teachers teaching one).
    pub lessons: Count,
    pub lessons_by_band: Vec<Figure>,
}

/// `GET /api/v1/staff/trust/overview`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustOverview {
    pub trust_name: String,
    /// A whole calendar month: the trust's schools keep different term dates.
    pub period: Period,
    /// "October 2026".
    pub period_label: String,
    pub schools: Vec<SchoolFigures>,
    pub totals: SchoolFigures,
}

/// `part` of `whole` in whole percent, shown only when both are at least 3.
pub fn percent(part: u32, whole: u32) -> Option<u32> {
    if part < SMALLEST_SHOWN || whole < SMALLEST_SHOWN {
        return None;
    }
    Some(((part as f64 / whole as f64) * 100.0).round() as u32)
}

/// Suppresses counts that are published together with sums of them: a school's reports beside
/// its breakdown by category, each category's count beside the trust's total for it, and so on.
/// `sums` lists each such relation as cell indices, the total first and then its parts.
///
/// Counts of 1 and 2 become "fewer than 3"; none is shown as none, so a governor reading a trust's
/// schools sees "none" where there were none. Then, until nothing changes: wherever a relation has
/// exactly one hidden cell that isn't zero, its smallest shown non-zero cell (a part or the total)
/// is hidden too — otherwise the total minus the shown parts would give the hidden one away, and a
/// count hidden to protect one relation could be worked out from another. Last, a relation whose
/// total is hidden hides its zeros too: beside a total of 1, "none" in every other part would say
/// which part the one is. This is `oversight::suppress` carried across a table with totals on
/// both sides.
pub fn suppress_linked(values: &[u32], sums: &[Vec<usize>]) -> Vec<Count> {
    let mut hidden: Vec<bool> = values
        .iter()
        .map(|&n| n > 0 && n < SMALLEST_SHOWN)
        .collect();
    loop {
        let mut changed = false;
        for line in sums {
            let hidden_nonzero = line.iter().filter(|&&i| hidden[i] && values[i] > 0).count();
            if hidden_nonzero != 1 {
                continue;
            }
            if let Some(&i) = line
                .iter()
                .filter(|&&i| !hidden[i] && values[i] > 0)
                .min_by_key(|&&i| values[i])
            {
                hidden[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for line in sums {
        if line.first().is_some_and(|&total| hidden[total]) {
            for &i in line {
                hidden[i] = true;
            }
        }
    }
    crate::oversight::shown_or_hidden(values, hidden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Count::{Exact, FewerThanThree as Few};

    #[test]
    fn a_lone_small_count_hides_the_next_smallest_in_its_relation() {
        // Total 15 = 9 + 4 + 2: the 2 is hidden, so is the 4.
        assert_eq!(
            suppress_linked(&[15, 9, 4, 2], &[vec![0, 1, 2, 3]]),
            vec![Exact(15), Exact(9), Few, Few]
        );
    }

    #[test]
    fn hiding_carries_across_a_table_with_totals_on_both_sides() {
        // Two schools × two categories, with school totals, category totals and the grand total:
        //            contact  conduct | total
        //   Oak         2        6    |   8
        //   Elm         5        4    |   9
        //   total       7       10    |  17
        let v = [2, 6, 8, 5, 4, 9, 7, 10, 17];
        let sums = vec![
            vec![2, 0, 1], // Oak
            vec![5, 3, 4], // Elm
            vec![6, 0, 3], // contact
            vec![7, 1, 4], // conduct
            vec![8, 6, 7], // the trust's total by category
            vec![8, 2, 5], // the trust's total by school
        ];
        let out = suppress_linked(&v, &sums);
        // Oak's 2 is hidden; then the 6 beside it (Oak's row), then Elm's 5 under it (contact's
        // column), then Elm's 4 (Elm's row): every row and column hides two or none.
        assert_eq!(&out[..6], &[Few, Few, Exact(8), Few, Few, Exact(9)]);
        for line in &sums {
            let hidden = line.iter().filter(|&&i| out[i] == Few && v[i] > 0).count();
            assert_ne!(hidden, 1, "{line:?} would give its hidden count away");
        }
    }

    #[test]
    fn none_is_none_and_big_counts_stay_exact() {
        assert_eq!(
            suppress_linked(&[12, 12, 0], &[vec![0, 1, 2]]),
            vec![Exact(12), Exact(12), Exact(0)]
        );
    }

    #[test]
    fn beside_a_hidden_total_none_is_hidden_too() {
        // A school with one report: "none" in every other category would say which it was.
        let out = suppress_linked(&[1, 0, 1, 0], &[vec![0, 1, 2, 3]]);
        assert_eq!(out, vec![Few, Few, Few, Few]);
        // The same category in a trust's total of 9 is still shown, and its none is none.
        let out = suppress_linked(&[9, 0, 9, 0], &[vec![0, 1, 2, 3]]);
        assert_eq!(out, vec![Exact(9), Exact(0), Exact(9), Exact(0)]);
    }

    #[test]
    fn percentages_need_three_on_both_sides() {
        assert_eq!(percent(2, 10), None);
        assert_eq!(percent(2, 2), None);
        assert_eq!(percent(3, 4), Some(75));
        assert_eq!(percent(10, 30), Some(33));
    }
}
