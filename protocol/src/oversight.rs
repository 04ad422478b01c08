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
    pub fn of(n: u32) -> Self {
        if n < SMALLEST_SHOWN {
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

    /// What the report prints.
    pub fn text(self) -> String {
        match self {
            Count::Exact(n) => n.to_string(),
            Count::FewerThanThree => "fewer than 3".into(),
        }
    }
}

/// Suppresses one breakdown whose total is shown elsewhere. Small counts become "fewer than 3";
/// and if that hid exactly one count, the smallest shown count is hidden too, because otherwise
/// the total minus the shown counts would give the hidden one away.
pub fn suppress(counts: &[u32]) -> Vec<Count> {
    let mut out: Vec<Count> = counts.iter().map(|&n| Count::of(n)).collect();
    let hidden_nonzero = counts
        .iter()
        .filter(|&&n| n > 0 && n < SMALLEST_SHOWN)
        .count();
    if hidden_nonzero == 1 {
        if let Some((i, _)) = counts
            .iter()
            .enumerate()
            .filter(|(_, &n)| n >= SMALLEST_SHOWN)
            .min_by_key(|(_, &n)| n)
        {
            out[i] = Count::FewerThanThree;
        }
    }
    out
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

/// How many pupils (on roll now) have signed the current pupil AUP, how many have a parent's
/// co-signature of it, and photo consent per use.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AupCompletion {
    pub pupils: Count,
    pub pupils_signed: Count,
    pub parents_cosigned: Count,
    /// Per photo use (`PhotoUse::as_str` keys): how many have consent given now.
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
    pub aup: AupCompletion,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_below_three_are_never_exact() {
        assert_eq!(Count::of(0), Count::FewerThanThree);
        assert_eq!(Count::of(2), Count::FewerThanThree);
        assert_eq!(Count::of(3), Count::Exact(3));
        assert_eq!(Count::of(1).text(), "fewer than 3");
    }

    #[test]
    fn a_lone_small_count_hides_the_next_smallest_too() {
        // Total 15 is shown elsewhere: 9 + 4 + 2 would reveal the 2 as 15 − 9 − 4.
        assert_eq!(
            suppress(&[9, 4, 2, 0]),
            vec![
                Count::Exact(9),
                Count::FewerThanThree,
                Count::FewerThanThree,
                Count::FewerThanThree
            ]
        );
        // Two small counts already hide each other; zeros give nothing away.
        assert_eq!(
            suppress(&[9, 1, 2, 0]),
            vec![
                Count::Exact(9),
                Count::FewerThanThree,
                Count::FewerThanThree,
                Count::FewerThanThree
            ]
        );
        assert_eq!(suppress(&[5, 3]), vec![Count::Exact(5), Count::Exact(3)]);
    }
}
