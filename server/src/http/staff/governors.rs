//! The governors' report: anonymised figures for a period beside the period before, with every
//! count suppressed below 3 here on the server, so no raw small number ever reaches a browser
//! showing it. Reading it is audited like everything else staff open.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::Json;
use kite_protocol::consent::PhotoUse;
use kite_protocol::oversight::{
    suppress, AupCompletion, Count, GovernorsReport, LessonLine, Line, Period,
};
use kite_protocol::staff::{ActionType, Category, Outcome, Status};
use kite_protocol::Band;
use serde::Deserialize;

use crate::calendar::working_ms_between;
use crate::error::ApiError;
use crate::http::staff::extract::Oversight;
use crate::state::AppState;
use crate::storage::oversight::ReportFacts;

const HOUR_MS: f64 = 3_600_000.0;
const DAY_MS: i64 = 24 * 3_600_000;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The period's start (unix ms).
    pub from_ms: i64,
    /// The period's end (unix ms).
    pub to_ms: i64,
    /// The period to compare with; by default the same length straight before.
    pub previous_from_ms: Option<i64>,
    /// The end of the period to compare with.
    pub previous_to_ms: Option<i64>,
}

impl PeriodQuery {
    /// The period asked for and the one to compare it with, checked.
    pub fn periods(&self) -> Result<(Period, Period), ApiError> {
        let period = checked(self.from_ms, self.to_ms)?;
        let previous = match (self.previous_from_ms, self.previous_to_ms) {
            (Some(from), Some(to)) => checked(from, to)?,
            (None, None) => Period {
                from_ms: 2 * period.from_ms - period.to_ms,
                to_ms: period.from_ms,
            },
            _ => {
                return Err(ApiError::BadRequest(
                    "give both previous_from_ms and previous_to_ms, or neither".into(),
                ))
            }
        };
        Ok((period, previous))
    }
}

fn checked(from_ms: i64, to_ms: i64) -> Result<Period, ApiError> {
    if from_ms >= to_ms || from_ms < 0 {
        return Err(ApiError::BadRequest(
            "the period must start before it ends".into(),
        ));
    }
    Ok(Period { from_ms, to_ms })
}

/// A breakdown of this period and the last, one line per key in the order of `keys`, each
/// column suppressed on its own. `now` and `before` count a key in each period.
fn breakdown<K: Copy>(
    keys: &[(K, &str, &str)],
    now: impl Fn(K) -> u32,
    before: impl Fn(K) -> u32,
) -> Vec<Line> {
    let column = |count: &dyn Fn(K) -> u32| {
        suppress(&keys.iter().map(|(k, _, _)| count(*k)).collect::<Vec<_>>())
    };
    let (now, before) = (column(&now), column(&before));
    keys.iter()
        .zip(now.into_iter().zip(before))
        .map(|((_, key, label), (now, before))| Line {
            key: key.to_string(),
            label: label.to_string(),
            now,
            before,
        })
        .collect()
}

/// Categories as the figures break them down: reports the DSL hasn't categorised yet are a line
/// of their own, suppressed with the rest. Shared with the trust overview.
pub(crate) fn category_keys() -> Vec<(Option<Category>, &'static str, &'static str)> {
    Category::ALL
        .iter()
        .map(|c| (Some(*c), c.as_str(), c.label()))
        .chain([(None, "not_yet_categorised", "Not categorised yet")])
        .collect()
}

pub(crate) fn category_of(r: &ReportFacts) -> Option<Category> {
    r.category.as_deref().and_then(Category::parse)
}

pub(crate) const URGENCY: [(bool, &str, &str); 2] = [
    (true, "urgent", "Urgent"),
    (false, "not_urgent", "Not urgent"),
];

pub(crate) fn status_keys() -> Vec<(Status, &'static str, &'static str)> {
    Status::ALL
        .iter()
        .map(|s| (*s, s.as_str(), s.label()))
        .collect()
}

pub(crate) fn status_of(r: &ReportFacts) -> Option<Status> {
    Status::parse(&r.status)
}

/// How long each report that has had a response waited for it.
pub(crate) fn waits_to_first_look(reports: &[ReportFacts]) -> Vec<i64> {
    reports
        .iter()
        .filter_map(|r| r.first_response_ms.map(|t| (t - r.received_at_ms).max(0)))
        .collect()
}

/// How a staff concern came to light (`reports.came_to_light`), as the figures break it down; a
/// concern written without it is a line of its own. Shared with the trust overview.
pub(crate) const CAME_TO_LIGHT: [(Option<&str>, &str, &str); 8] = [
    (
        Some("seen_by_me"),
        "seen_by_me",
        "Seen by a member of staff",
    ),
    (
        Some("child_told_me"),
        "child_told_me",
        "A child told a member of staff",
    ),
    (
        Some("monitoring_alert"),
        "monitoring_alert",
        "A monitoring alert",
    ),
    (
        Some("filtering_breach"),
        "filtering_breach",
        "A filtering breach",
    ),
    (Some("parent"), "parent", "A parent told the school"),
    (
        Some("other_agency"),
        "other_agency",
        "Another agency told the school",
    ),
    (Some("other"), "other", "Some other way"),
    (None, "not_recorded", "Not recorded"),
];

/// The agencies a referral can go to (`referrals.agency`).
pub(crate) const AGENCIES: [(&str, &str, &str); 7] = [
    (
        "social_care",
        "social_care",
        "Children's social care or MASH",
    ),
    ("police", "police", "Police"),
    ("ceop", "ceop", "CEOP"),
    ("early_help", "early_help", "Early help"),
    ("lado", "lado", "LADO"),
    ("prevent", "prevent", "Prevent"),
    ("other", "other", "Another agency"),
];

pub(crate) fn came_to_light_of(r: &ReportFacts) -> Option<&'static str> {
    let stored = r.came_to_light.as_deref()?;
    CAME_TO_LIGHT
        .iter()
        .find_map(|(k, _, _)| k.filter(|k| *k == stored))
}

/// Outcomes as the figures break them down: records not closed yet are a line of their own.
pub(crate) fn outcome_keys() -> Vec<(Option<Outcome>, &'static str, &'static str)> {
    Outcome::ALL
        .iter()
        .map(|o| (Some(*o), o.as_str(), o.label()))
        .chain([(None, "no_outcome_yet", "Not closed yet")])
        .collect()
}

pub(crate) fn outcome_of(r: &ReportFacts) -> Option<Outcome> {
    r.outcome.as_deref().and_then(Outcome::parse)
}

/// How long each record a DSL has read waited for its first read.
pub(crate) fn waits_to_first_read(records: &[ReportFacts]) -> Vec<i64> {
    records
        .iter()
        .filter_map(|r| r.first_read_ms.map(|t| (t - r.received_at_ms).max(0)))
        .collect()
}

/// How many records a DSL first read within one working day of their arriving: a concern
/// written on a Friday afternoon and read on Monday morning was.
pub(crate) fn read_within_a_working_day(records: &[ReportFacts]) -> u32 {
    records
        .iter()
        .filter(|r| {
            r.first_read_ms
                .is_some_and(|t| working_ms_between(r.received_at_ms, t) <= DAY_MS)
        })
        .count() as u32
}

/// Referrals to one agency, from `(agency, count)` rows.
pub(crate) fn referrals_to(counts: &[(String, u32)], agency: &str) -> u32 {
    counts
        .iter()
        .filter(|(k, _)| k == agency)
        .map(|(_, n)| n)
        .sum()
}

/// Counts the reports whose `key_of` is the key asked for.
pub(crate) fn reports_with<'a, K: PartialEq>(
    reports: &'a [ReportFacts],
    key_of: impl Fn(&ReportFacts) -> K + 'a,
) -> impl Fn(K) -> u32 + 'a {
    move |key| reports.iter().filter(|r| key_of(r) == key).count() as u32
}

pub(crate) fn median_hours(mut waits_ms: Vec<i64>) -> Option<f64> {
    if waits_ms.len() < kite_protocol::oversight::SMALLEST_SHOWN as usize {
        return None;
    }
    waits_ms.sort_unstable();
    let mid = waits_ms.len() / 2;
    let median = if waits_ms.len().is_multiple_of(2) {
        (waits_ms[mid - 1] + waits_ms[mid]) as f64 / 2.0
    } else {
        waits_ms[mid] as f64
    };
    Some((median / HOUR_MS * 10.0).round() / 10.0)
}

/// `GET /api/v1/staff/governors-report?from_ms&to_ms[&previous_from_ms&previous_to_ms]`.
#[utoipa::path(
    get,
    path = "/staff/governors-report",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_governors_report",
    summary = "The governors' report for a period: anonymised, suppressed figures",
    params(PeriodQuery),
    responses((status = 200, description = "The report", body = GovernorsReport)),
    security(("staff_session" = [])),
)]
pub async fn report(
    State(state): State<AppState>,
    Oversight(user): Oversight,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<GovernorsReport>, ApiError> {
    let (period, previous) = q.periods()?;
    let storage = &state.storage;
    let facts = |source: &'static str, p: Period| storage.report_facts(source, p.from_ms, p.to_ms);
    let now = facts("pupil", period).await?;
    let before = facts("pupil", previous).await?;
    let (concerns_now, concerns_before) = (
        facts("parent", period).await?,
        facts("parent", previous).await?,
    );
    let (staff_now, staff_before) = (
        facts("staff", period).await?,
        facts("staff", previous).await?,
    );

    let categories = category_keys();
    let by_category = breakdown(
        &categories,
        reports_with(&now, category_of),
        reports_with(&before, category_of),
    );

    let bands: Vec<(Option<Band>, &str, &str)> = Band::ALL
        .iter()
        .map(|b| (Some(*b), b.as_str(), b.label()))
        .chain([(None, "unknown", "Tablet had no key stage set")])
        .collect();
    let band_of = |r: &ReportFacts| r.band.as_deref().and_then(Band::parse);
    let by_band = breakdown(
        &bands,
        reports_with(&now, band_of),
        reports_with(&before, band_of),
    );

    let urgent_of = |r: &ReportFacts| r.urgent;
    let by_urgency = breakdown(
        &URGENCY,
        reports_with(&now, urgent_of),
        reports_with(&before, urgent_of),
    );

    let statuses = status_keys();
    let by_status = breakdown(
        &statuses,
        |s| reports_with(&now, status_of)(Some(s)),
        |s| reports_with(&before, status_of)(Some(s)),
    );

    let waits = waits_to_first_look(&now);
    let within_a_day = waits.iter().filter(|&&w| w <= DAY_MS).count() as u32;

    let actions_now = storage.action_counts(period.from_ms, period.to_ms).await?;
    let actions_before = storage
        .action_counts(previous.from_ms, previous.to_ms)
        .await?;
    let actions: Vec<(ActionType, &str, &str)> = ActionType::ALL
        .iter()
        .map(|a| (*a, a.as_str(), a.label()))
        .collect();
    let of_type = |counts: &[(String, u32)], a: ActionType| -> u32 {
        counts
            .iter()
            .filter(|(t, _)| t == a.as_str())
            .map(|(_, n)| n)
            .sum()
    };
    let actions_by_type = breakdown(
        &actions,
        |a| of_type(&actions_now, a),
        |a| of_type(&actions_before, a),
    );

    let lessons = storage
        .lesson_counts(period.from_ms, period.to_ms)
        .await?
        .into_iter()
        .filter_map(|(lesson_id, band, times)| {
            Some(LessonLine {
                lesson_id,
                band: Band::parse(&band)?,
                times: Count::of(times),
            })
        })
        .collect();

    let aup = storage.aup_figures().await?;
    let given: HashMap<String, u32> = aup.photo_consent_given.into_iter().collect();
    let aup = AupCompletion {
        pupils: Count::of(aup.pupils),
        pupils_signed: Count::of(aup.pupils_signed_current),
        parents_cosigned: Count::of(aup.parents_cosigned_current),
        photo_consent: PhotoUse::ALL
            .iter()
            .map(|u| {
                let n = Count::of(given.get(u.as_str()).copied().unwrap_or(0));
                Line {
                    key: u.as_str().into(),
                    label: u.label().into(),
                    now: n,
                    before: n,
                }
            })
            .collect(),
    };

    let staff_concerns_by_source = breakdown(
        &CAME_TO_LIGHT,
        reports_with(&staff_now, came_to_light_of),
        reports_with(&staff_before, came_to_light_of),
    );
    let staff_concerns_by_category = breakdown(
        &categories,
        reports_with(&staff_now, category_of),
        reports_with(&staff_before, category_of),
    );
    let staff_concerns_by_outcome = breakdown(
        &outcome_keys(),
        reports_with(&staff_now, outcome_of),
        reports_with(&staff_before, outcome_of),
    );
    // Referrals are counted whatever the record they were made about.
    let referrals_in = |p: Period| storage.referral_counts(p.from_ms, p.to_ms);
    let (referrals_now, referrals_before) =
        (referrals_in(period).await?, referrals_in(previous).await?);
    let referrals_by_agency = breakdown(
        &AGENCIES,
        |a| referrals_to(&referrals_now, a),
        |a| referrals_to(&referrals_before, a),
    );
    let total = |counts: &[(String, u32)]| Count::of(counts.iter().map(|(_, n)| n).sum());
    let school_name = storage.school_profile().await?.name;
    user.audit(
        &state,
        "view_governors_report",
        None,
        &format!("{}..{}", period.from_ms, period.to_ms),
    )
    .await?;
    Ok(Json(GovernorsReport {
        school_name,
        period,
        previous,
        reports: Line {
            key: "reports".into(),
            label: "Reports".into(),
            now: Count::of(now.len() as u32),
            before: Count::of(before.len() as u32),
        },
        parent_concerns: Line {
            key: "parent_concerns".into(),
            label: "Concerns from parents".into(),
            now: Count::of(concerns_now.len() as u32),
            before: Count::of(concerns_before.len() as u32),
        },
        by_category,
        by_band,
        by_urgency,
        by_status,
        median_hours_to_first_response: median_hours(waits),
        responded_within_a_day: Count::of(within_a_day),
        actions_by_type,
        staff_concerns: Line {
            key: "staff_concerns".into(),
            label: "Concerns from staff".into(),
            now: Count::of(staff_now.len() as u32),
            before: Count::of(staff_before.len() as u32),
        },
        staff_concerns_by_source,
        staff_concerns_by_category,
        staff_concerns_by_outcome,
        referrals: Line {
            key: "referrals".into(),
            label: "Referrals made".into(),
            now: total(&referrals_now),
            before: total(&referrals_before),
        },
        referrals_by_agency,
        median_hours_to_first_read: median_hours(waits_to_first_read(&staff_now)),
        read_within_a_working_day: Count::of(read_within_a_working_day(&staff_now)),
        lessons,
        aup,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_needs_three_reports_and_is_in_tenths_of_an_hour() {
        assert_eq!(median_hours(vec![]), None);
        assert_eq!(median_hours(vec![3_600_000, 7_200_000]), None);
        assert_eq!(median_hours(vec![0, 5_400_000, 3_600_000 * 30]), Some(1.5));
        assert_eq!(
            median_hours(vec![0, 3_600_000, 7_200_000, 10_800_000]),
            Some(1.5)
        );
    }

    #[test]
    fn the_default_comparison_is_the_same_length_just_before() {
        let q = PeriodQuery {
            from_ms: 1_000,
            to_ms: 3_000,
            previous_from_ms: None,
            previous_to_ms: None,
        };
        let (_, previous) = q.periods().unwrap();
        assert_eq!(
            previous,
            Period {
                from_ms: -1_000,
                to_ms: 1_000
            }
        );
    }
}
