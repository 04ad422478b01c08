//! The governors' report: anonymised figures for a period, with the period before for trends.
//! Everything in it is a count, and every count a governor sees goes through [`suppress`]: a
//! number below 3 is shown only as "fewer than 3", so a small school's figures never point at a
//! child.

use serde::{Deserialize, Serialize};

/// Counts below this are never shown exactly to governors.
pub const SMALLEST_SHOWN: u32 = 3;

/// A count as a governor may see it.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Count {
    Exact(u32),
    FewerThanThree,
}

impl Count {
    /// A figure on its own: none is "none", 1 or 2 are hidden, 3 and more are shown.
    pub fn of(n: u32) -> Self {
        if n > 0 && n < SMALLEST_SHOWN {
            Count::FewerThanThree
        } else {
            Count::Exact(n)
        }
    }

    pub fn exact(self) -> Option<u32> {
        match self {
            Count::Exact(n) => Some(n),
            Count::FewerThanThree => None,
        }
    }

    /// What the report prints: one convention in every table.
    pub fn text(self) -> String {
        match self {
            Count::Exact(0) => "none".into(),
            Count::Exact(n) => n.to_string(),
            Count::FewerThanThree => "fewer than 3".into(),
        }
    }
}

/// Suppresses one breakdown whose total is shown beside it (as [`Count::of`] the sum). The
/// rule, so that no hidden count can be worked out from the total and the counts shown:
///
/// - a total of none shows every count as none; a total of 1 or 2 is itself hidden, and so is
///   every count (a shown "none" would tell that the rest add up to the hidden total);
/// - otherwise none is shown as none, 1 and 2 are hidden, 3 and more are shown;
/// - the hidden 1s and 2s add up to what the shown counts leave of the total, so when there is
///   one of them, or they are all 1s or all 2s, that sum gives them away: then the smallest
///   count of 3 or more is hidden too (every count of that size, so which of them was hidden
///   says nothing);
/// - when nothing is 3 or more, every count is hidden, nones included (a "none" beside hidden
///   counts would say they are all that is left of the total).
///
/// `every_breakdown_hides_its_small_counts_beyond_working_out` below checks every breakdown
/// of up to four counts with totals up to 7 against someone who knows this rule.
pub fn suppress(counts: &[u32]) -> Vec<Count> {
    shown_or_hidden(counts, hidden_below(counts, SMALLEST_SHOWN))
}

/// Which counts [`suppress`]'s rule hides when counts below `smallest` are never shown (surveys
/// hide below 5, the governors' report below 3).
pub fn hidden_below(counts: &[u32], smallest: u32) -> Vec<bool> {
    let total: u32 = counts.iter().sum();
    let small = |n: u32| n > 0 && n < smallest;
    let hide_all = total > 0 && total < smallest;
    let mut hidden: Vec<bool> = counts.iter().map(|&n| hide_all || small(n)).collect();
    // The small counts alone, known to be below `smallest` and adding up to what the others
    // leave of the total, give themselves away when there is one of them, or when they are all
    // the same size (all 1s, all 2s…).
    let small_counts: Vec<u32> = counts.iter().copied().filter(|&n| small(n)).collect();
    let alone = small_counts.len();
    // (Equal sizes are not always a give-away above 2s, but hiding more is the safe side.)
    let give_away = alone == 1 || small_counts.windows(2).all(|w| w[0] == w[1]);
    let next = counts.iter().copied().filter(|&n| n >= smallest).min();
    if alone > 0 && (give_away || next.is_none()) {
        for (h, &n) in hidden.iter_mut().zip(counts) {
            *h |= next.is_none_or(|next| n == next);
        }
    }
    hidden
}

/// Each count as shown, or as "fewer than 3" where the suppression rule hid it.
pub(crate) fn shown_or_hidden(counts: &[u32], hidden: Vec<bool>) -> Vec<Count> {
    counts
        .iter()
        .zip(hidden)
        .map(|(&n, hide)| {
            if hide {
                Count::FewerThanThree
            } else {
                Count::Exact(n)
            }
        })
        .collect()
}

/// A period of time, `from` inclusive, `to` exclusive (unix ms).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub from_ms: i64,
    pub to_ms: i64,
}

/// One half-term's dates as the school keeps them (ISO days, both included).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HalfTermDates {
    /// `autumn-1` … `summer-2`.
    pub key: String,
    #[serde(default)]
    pub label: String,
    pub starts_on: String,
    pub ends_on: String,
    /// The whole months the figures for it cover ("Sep–Oct 2026"); worked out by the server.
    #[serde(default)]
    pub months: String,
}

/// `GET`/`PUT /api/v1/staff/school/terms`: a school year's six half-terms.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermDatesForm {
    /// The year the school year starts in (2026 for 2026-27).
    pub school_year: i32,
    /// False while the year follows the usual England pattern the server assumes.
    #[serde(default)]
    pub set_by_school: bool,
    pub half_terms: Vec<HalfTermDates>,
    /// Training (INSET) days, ISO, each inside a half-term: pupils are not in school.
    #[serde(default)]
    pub inset_days: Vec<String>,
}

/// One line of a breakdown: this period and the one before.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Line {
    /// A stable key (`cyberbullying`, `ks2`, `urgent`…), for tests and CSS.
    pub key: String,
    pub label: String,
    pub now: Count,
    pub before: Count,
}

/// Lessons recorded for one lesson in one band (pupils finishing it, teachers teaching it). The
/// app maps lessons to the curriculum's strands, which it holds.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonLine {
    pub lesson_id: String,
    pub band: crate::Band,
    pub times: Count,
}

/// Records in one key stage that asked for one strand (a curriculum strand id).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StrandLine {
    pub band: crate::Band,
    pub strand: String,
    pub records: Count,
}

/// How many pupils (on roll now) have signed the current pupil AUP, how many have a parent's
/// co-signature of it, and photo consent per use.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AupCompletion {
    pub pupils: Count,
    pub pupils_signed: Count,
    pub parents_cosigned: Count,
    /// Per consent use the school asks about (its key): how many have consent given now.
    pub photo_consent: Vec<Line>,
}

/// `GET /api/v1/staff/governors-report`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GovernorsReport {
    pub school_name: String,
    /// From the start of the period's first whole month to the end of its last.
    pub period: Period,
    pub previous: Period,
    /// What the period is called and the months it covers: "Autumn 1 2026-27 (Sep–Oct 2026)".
    pub period_label: String,
    /// The same for the period it is compared with (the one before, of the same kind).
    pub previous_label: String,
    /// Pupils' reports from the tablets.
    pub reports: Line,
    /// Concerns raised by parents on the parents' page (the breakdowns below are of pupils'
    /// reports only).
    pub parent_concerns: Line,
    pub by_category: Vec<Line>,
    pub by_band: Vec<Line>,
    pub by_urgency: Vec<Line>,
    pub by_status: Vec<Line>,
    /// Median hours from a report arriving to the first thing a DSL did about it, among reports
    /// of the period that have had a response; `None` when fewer than 3 have (a median of one or
    /// two reports would describe those reports).
    pub median_hours_to_first_response: Option<f64>,
    pub responded_within_a_day: Count,
    pub actions_by_type: Vec<Line>,
    /// Concerns written by an adult in school (teachers, teaching assistants, office and
    /// lunchtime staff, the DSL).
    pub staff_concerns: Line,
    /// Staff concerns by how they came to light (`seen_by_me`, `child_told_me`,
    /// `monitoring_alert`, `filtering_breach`, `parent`, `other_agency`, `other`).
    pub staff_concerns_by_source: Vec<Line>,
    /// Staff concerns by kind of risk.
    pub staff_concerns_by_category: Vec<Line>,
    /// Staff concerns by outcome, with those not closed yet. (Each breakdown sits beside its own
    /// published total: one of every record's outcomes would have an unpublished total, from
    /// which a hidden count of one source could be worked out.)
    pub staff_concerns_by_outcome: Vec<Line>,
    /// Concerns about adults in school (allegations and low-level concerns), a count only: they
    /// go to the head or the chair of governors, and nothing else of them is in this report.
    pub adult_concerns: Line,
    /// Referrals made on a day of the period, about any record.
    pub referrals: Line,
    /// The same by agency (`social_care`, `police`, `ceop`, `early_help`, `lado`, `prevent`,
    /// `other`).
    pub referrals_by_agency: Vec<Line>,
    /// Median hours from a staff concern arriving to a DSL first reading it, among the period's
    /// staff concerns a DSL has read; `None` when fewer than 3 have been read. (Of staff concerns
    /// only: a count of every record read would sit beside no published total, and could show
    /// that a hidden count of one source is at least some number.)
    pub median_hours_to_first_read: Option<f64>,
    /// The period's staff concerns a DSL first read within one working day (Monday to Friday) of
    /// their arriving.
    pub read_within_a_working_day: Count,
    pub lessons: Vec<LessonLine>,
    /// What the period's records (pupils', parents' and staff's) asked to be taught: records
    /// about each strand in each key stage, beside `lessons` (what was taught). A record about
    /// two strands counts under both; records closed as not a concern count under none.
    #[serde(default)]
    pub strands_asked_for: Vec<StrandLine>,
    /// Pupils' reports and parents' concerns closed as not an online-safety concern, and as not
    /// genuine: counted apart, so governors see them without their being read as incidents.
    #[serde(default)]
    pub closed_as_not_a_concern: Vec<Line>,
    pub aup: AupCompletion,
    /// Whether the yearly filtering and monitoring review is up to date today, and when it was
    /// held (a yes or no and a date: nothing about any child, so nothing to suppress).
    #[serde(default)]
    pub filtering_review: crate::filtering::ReviewStatus,
    /// Whether the online-safety policy is in date (its last approval, its next review day).
    #[serde(default)]
    pub policy_review: crate::review::ReviewStatus,
    /// Staff training as it stands today (not for the period): for each kind, the share of the
    /// adults who need it who are up to date. About staff, not pupils, so nothing is hidden.
    #[serde(default)]
    pub training: Vec<crate::training::TrainingCompletion>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_is_none_and_only_one_or_two_are_hidden() {
        assert_eq!(Count::of(0), Count::Exact(0));
        assert_eq!(Count::of(0).text(), "none");
        assert_eq!(Count::of(1), Count::FewerThanThree);
        assert_eq!(Count::of(2), Count::FewerThanThree);
        assert_eq!(Count::of(3), Count::Exact(3));
        assert_eq!(Count::of(1).text(), "fewer than 3");
        // A school with no report of a kind reads "none" for it, not "fewer than 3".
        assert_eq!(
            suppress(&[9, 4, 0, 0]),
            vec![
                Count::Exact(9),
                Count::Exact(4),
                Count::Exact(0),
                Count::Exact(0)
            ]
        );
        assert_eq!(suppress(&[0, 0]), vec![Count::Exact(0), Count::Exact(0)]);
    }

    #[test]
    fn a_small_count_hides_the_next_smallest_too() {
        use Count::{Exact, FewerThanThree as Few};
        // Total 15 is shown elsewhere: 9 + 4 + 2 would reveal the 2 as 15 − 9 − 4.
        assert_eq!(suppress(&[9, 4, 2, 0]), vec![Exact(9), Few, Few, Exact(0)]);
        // 1 + 1 hidden beside a total of 11 would be two 1s: the 9 is hidden with them.
        assert_eq!(suppress(&[9, 1, 1, 0]), vec![Few, Few, Few, Exact(0)]);
        // Nothing of 3 or more to hide: all of it is hidden.
        assert_eq!(suppress(&[1, 1, 1, 0]), vec![Few, Few, Few, Few]);
        // A total of 1 or 2 is hidden, and so is every count beside it.
        assert_eq!(suppress(&[1, 0, 0]), vec![Few, Few, Few]);
        assert_eq!(suppress(&[5, 3]), vec![Exact(5), Exact(3)]);
    }

    /// What a reader sees of a breakdown: its counts and its total, as published.
    fn published(counts: &[u32]) -> (Vec<Count>, Count) {
        (suppress(counts), Count::of(counts.iter().sum()))
    }

    /// Every breakdown of `cells` counts adding up to `total`.
    fn breakdowns(cells: usize, total: u32) -> Vec<Vec<u32>> {
        if cells == 1 {
            return vec![vec![total]];
        }
        (0..=total)
            .flat_map(|first| {
                breakdowns(cells - 1, total - first)
                    .into_iter()
                    .map(move |mut rest| {
                        rest.insert(0, first);
                        rest
                    })
            })
            .collect()
    }

    #[test]
    fn every_breakdown_hides_its_small_counts_beyond_working_out() {
        // A reader who knows the rule takes everything published and lists every breakdown
        // that would have been published the same way; a hidden count is worked out when all
        // of them agree on it. Every breakdown of up to four counts whose total is at most 7 is
        // tried, so every breakdown the reader could think of is in the list.
        for cells in 1..=4 {
            let all: Vec<Vec<u32>> = (0..=7).flat_map(|t| breakdowns(cells, t)).collect();
            for counts in &all {
                let seen = published(counts);
                let alike: Vec<&Vec<u32>> = all.iter().filter(|c| published(c) == seen).collect();
                for (i, count) in seen.0.iter().enumerate() {
                    if *count == Count::FewerThanThree {
                        assert!(
                            alike.iter().any(|c| c[i] != counts[i]),
                            "{counts:?} published as {seen:?} gives away count {i}"
                        );
                    }
                }
                // And nothing published as a number is anything else.
                for (count, &n) in seen.0.iter().zip(counts) {
                    assert!(matches!(count, Count::FewerThanThree) || *count == Count::Exact(n));
                    assert!(!(1..SMALLEST_SHOWN).contains(&n) || *count == Count::FewerThanThree);
                }
            }
        }
    }
}
