//! The governors' report: anonymised figures for a period beside the period before, with every
//! count suppressed below 3 here on the server, so no raw small number ever reaches a browser
//! showing it. Reading it is audited like everything else staff open.

use std::collections::HashMap;

use axum::extract::Query;
use axum::Json;
use kite_protocol::oversight::{
    suppress, AupCompletion, Count, GovernorsReport, LessonLine, Line, Period, StrandLine,
};
use kite_protocol::staff::{ActionType, Category, Outcome, Status};
use kite_protocol::teach_next::{strands_asked_about, strands_of};
use kite_protocol::Band;
use serde::Deserialize;

use crate::calendar::working_ms_between;
use crate::error::ApiError;
use crate::http::staff::extract::Oversight;
use crate::http::teach_next::counts_for_teaching;
use crate::http::School;
use crate::periods::{Month, Named, Resolved, TermDates};
use crate::storage::oversight::ReportFacts;
use crate::storage::Store;

const HOUR_MS: f64 = 3_600_000.0;
const DAY_MS: i64 = 24 * 3_600_000;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// A calendar month (`2026-10`), a half-term (`2026-27/autumn-1`) or a term
    /// (`2026-27/autumn`), by the school's own term dates. It is compared with the period of the
    /// same kind just before. Dates of one's own choosing are not offered.
    #[param(required = true)]
    pub period: Option<String>,
}

impl PeriodQuery {
    /// The named period asked for, or a 400 saying what may be asked.
    pub fn named(&self) -> Result<Named, ApiError> {
        let Some(name) = self.period.as_deref() else {
            return Err(ApiError::BadRequest(
                "ask for a named period: a month (2026-10), a half-term (2026-27/autumn-1) or a \
                 term (2026-27/autumn); figures aren't given for dates of one's own choosing"
                    .into(),
            ));
        };
        Named::parse(name).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "{name:?} is not a period: ask for a month (2026-10), a half-term \
                 (2026-27/autumn-1) or a term (2026-27/autumn)"
            ))
        })
    }
}

/// A named period made into whole months by the school's own term dates.
pub(crate) async fn resolve(storage: &Store, named: Named) -> Result<Resolved, ApiError> {
    let year = named.school_year().unwrap_or_default();
    let dates = match named.school_year() {
        Some(_) => storage.term_dates(year).await?.0,
        None => TermDates::england(year),
    };
    Ok(named.resolve(&dates))
}

/// What one month's records say, before anything is suppressed.
struct MonthFacts {
    pupil: Vec<ReportFacts>,
    parent: Vec<ReportFacts>,
    staff: Vec<ReportFacts>,
    actions: Vec<(String, u32)>,
    referrals: Vec<(String, u32)>,
    lessons: Vec<(String, String, u32)>,
    /// Concerns about adults in school: counted, nothing more.
    adult: u32,
}

async fn month_facts(storage: &Store, month: Month) -> Result<MonthFacts, ApiError> {
    let (from, to) = (month.start_ms(), month.end_ms());
    Ok(MonthFacts {
        pupil: storage.report_facts("pupil", from, to).await?,
        parent: storage.report_facts("parent", from, to).await?,
        staff: storage.report_facts("staff", from, to).await?,
        actions: storage.action_counts(from, to).await?,
        referrals: storage.referral_counts(from, to).await?,
        lessons: storage.lesson_counts(from, to).await?,
        adult: storage.adult_concern_count(from, to).await?,
    })
}

/// One breakdown over a period's whole months. Each month's column is suppressed on its own,
/// exactly as that month asked for alone would be; the period's figure for a key is then the sum
/// of its months, shown only when no month hid it (zero or not). So a
/// longer period never adds up a number some month keeps hidden, and no difference of two
/// periods' figures can give one back.
pub(crate) fn over_months<M>(months: &[&M], counts: impl Fn(&M) -> Vec<u32>) -> Vec<Count> {
    let mut total: Vec<u32> = Vec::new();
    let mut shown: Vec<bool> = Vec::new();
    for m in months {
        let raw = counts(m);
        total.resize(raw.len(), 0);
        shown.resize(raw.len(), true);
        for (i, (n, published)) in raw.iter().zip(suppress(&raw)).enumerate() {
            total[i] += n;
            if published == Count::FewerThanThree {
                shown[i] = false;
            }
        }
    }
    total
        .into_iter()
        .zip(shown)
        .map(|(n, shown)| {
            if shown {
                Count::of(n)
            } else {
                Count::FewerThanThree
            }
        })
        .collect()
}

/// A single figure over a period's months, suppressed as [`over_months`] does.
fn one_over_months<M>(months: &[&M], count: impl Fn(&M) -> u32) -> Count {
    over_months(months, |m| vec![count(m)])[0]
}

/// A breakdown of this period and the last, one line per key in the order of `keys`. `count`
/// counts a month's keys in that order.
fn breakdown<K: Copy, M>(
    keys: &[(K, &str, &str)],
    now: &[&M],
    before: &[&M],
    count: impl Fn(&M, K) -> u32,
) -> Vec<Line> {
    let column = |months: &[&M]| {
        over_months(months, |m| {
            keys.iter().map(|(k, _, _)| count(m, *k)).collect()
        })
    };
    let (now, before) = (column(now), column(before));
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

/// The median wait over a period's months, shown only when no month in it has just 1 or 2 of
/// the waits: a month that alone would show no median can't be worked out from the medians of
/// periods with and without it.
fn median_over_months(
    months: &[&MonthFacts],
    waits: impl Fn(&MonthFacts) -> Vec<i64>,
) -> Option<f64> {
    let per_month: Vec<Vec<i64>> = months.iter().map(|m| waits(m)).collect();
    if per_month
        .iter()
        .any(|w| !w.is_empty() && w.len() < kite_protocol::oversight::SMALLEST_SHOWN as usize)
    {
        return None;
    }
    median_hours(per_month.concat())
}

fn total_line<M>(
    key: &str,
    label: &str,
    now: &[&M],
    before: &[&M],
    count: impl Fn(&M) -> u32,
) -> Line {
    Line {
        key: key.into(),
        label: label.into(),
        now: one_over_months(now, &count),
        before: one_over_months(before, &count),
    }
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

/// `GET /api/v1/staff/governors-report?period=2026-27/autumn`.
#[utoipa::path(
    get,
    path = "/staff/governors-report",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_governors_report",
    summary = "The governors' report for a month, half-term or term: anonymised, suppressed figures",
    params(PeriodQuery),
    responses(
        (status = 200, description = "The report", body = GovernorsReport),
        (status = 400, description = "Not a month, half-term or term"),
    ),
    security(("staff_session" = [])),
)]
pub async fn report(
    School(state): School,
    Oversight(user): Oversight,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<GovernorsReport>, ApiError> {
    let named = q.named()?;
    let storage = &state.storage;
    let (this, last) = (
        resolve(storage, named).await?,
        resolve(storage, named.previous()).await?,
    );
    let mut facts: HashMap<Month, MonthFacts> = HashMap::new();
    for m in this.months.iter().chain(&last.months) {
        if !facts.contains_key(m) {
            facts.insert(*m, month_facts(storage, *m).await?);
        }
    }
    let months =
        |r: &Resolved| -> Vec<&MonthFacts> { r.months.iter().map(|m| &facts[m]).collect() };
    let (now, before) = (months(&this), months(&last));

    let categories = category_keys();
    let by_category = breakdown(&categories, &now, &before, |m, k| {
        reports_with(&m.pupil, category_of)(k)
    });

    let bands: Vec<(Option<Band>, &str, &str)> = Band::ALL
        .iter()
        .map(|b| (Some(*b), b.as_str(), b.label()))
        .chain([(None, "unknown", "Tablet had no key stage set")])
        .collect();
    let band_of = |r: &ReportFacts| r.band.as_deref().and_then(Band::parse);
    let by_band = breakdown(&bands, &now, &before, |m, k| {
        reports_with(&m.pupil, band_of)(k)
    });
    let by_urgency = breakdown(&URGENCY, &now, &before, |m, k| {
        reports_with(&m.pupil, |r| r.urgent)(k)
    });
    let statuses = status_keys();
    let by_status = breakdown(&statuses, &now, &before, |m, s| {
        reports_with(&m.pupil, status_of)(Some(s))
    });

    let within_a_day = one_over_months(&now, |m| {
        waits_to_first_look(&m.pupil)
            .iter()
            .filter(|&&w| w <= DAY_MS)
            .count() as u32
    });

    let actions: Vec<(ActionType, &str, &str)> = ActionType::ALL
        .iter()
        .map(|a| (*a, a.as_str(), a.label()))
        .collect();
    let actions_by_type = breakdown(&actions, &now, &before, |m, a| {
        m.actions
            .iter()
            .filter(|(t, _)| t == a.as_str())
            .map(|(_, n)| n)
            .sum()
    });

    // Each lesson in each band is a figure of its own, over the months like every other.
    let mut lesson_keys: Vec<(String, String)> = now
        .iter()
        .flat_map(|m| m.lessons.iter().map(|(l, b, _)| (l.clone(), b.clone())))
        .collect();
    lesson_keys.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    lesson_keys.dedup();
    let lessons = lesson_keys
        .into_iter()
        .filter_map(|(lesson_id, band)| {
            let times = one_over_months(&now, |m| {
                m.lessons
                    .iter()
                    .filter(|(l, b, _)| *l == lesson_id && *b == band)
                    .map(|(_, _, n)| n)
                    .sum()
            });
            Some(LessonLine {
                band: Band::parse(&band)?,
                lesson_id,
                times,
            })
        })
        .collect();

    let strands_asked_for = strands_asked_for(&now);
    let not_a_concern = [
        (
            Outcome::NotOnlineSafety,
            "not_online_safety",
            "Closed as not an online-safety concern",
        ),
        (
            Outcome::MistakenOrNotGenuine,
            "not_genuine",
            "Closed as not genuine, without blame",
        ),
    ];
    let closed_as_not_a_concern = breakdown(&not_a_concern, &now, &before, |m, k| {
        let closed = |records: &[ReportFacts]| reports_with(records, outcome_of)(Some(k));
        closed(&m.pupil) + closed(&m.parent)
    });

    let aup = storage.aup_figures().await?;
    let given: HashMap<String, u32> = aup.photo_consent_given.into_iter().collect();
    let aup = AupCompletion {
        pupils: Count::of(aup.pupils),
        pupils_signed: Count::of(aup.pupils_signed_current),
        parents_cosigned: Count::of(aup.parents_cosigned_current),
        photo_consent: storage
            .consent_uses()
            .await?
            .into_iter()
            .filter(|u| !u.retired)
            .map(|u| {
                let n = Count::of(given.get(&u.key).copied().unwrap_or(0));
                Line {
                    key: u.key,
                    label: u.name,
                    now: n,
                    before: n,
                }
            })
            .collect(),
    };

    let staff_concerns_by_source = breakdown(&CAME_TO_LIGHT, &now, &before, |m, k| {
        reports_with(&m.staff, came_to_light_of)(k)
    });
    let staff_concerns_by_category = breakdown(&categories, &now, &before, |m, k| {
        reports_with(&m.staff, category_of)(k)
    });
    let staff_concerns_by_outcome = breakdown(&outcome_keys(), &now, &before, |m, k| {
        reports_with(&m.staff, outcome_of)(k)
    });
    // Referrals are counted whatever the record they were made about.
    let referrals_by_agency = breakdown(&AGENCIES, &now, &before, |m, a| {
        referrals_to(&m.referrals, a)
    });
    let referral_total = |m: &MonthFacts| m.referrals.iter().map(|(_, n)| n).sum();
    let school_name = storage.school_profile().await?.name;
    let today = crate::calendar::date(crate::clock::now_ms());
    let training = crate::training::completion(&crate::training::register(storage, today).await?);
    user.audit(&state, "view_governors_report", None, &this.name)
        .await?;
    let span = |r: &Resolved| {
        let (from_ms, to_ms) = r.span_ms();
        Period { from_ms, to_ms }
    };
    Ok(Json(GovernorsReport {
        school_name,
        period: span(&this),
        previous: span(&last),
        period_label: this.label.clone(),
        previous_label: last.label.clone(),
        reports: total_line("reports", "Reports", &now, &before, |m| {
            m.pupil.len() as u32
        }),
        parent_concerns: total_line(
            "parent_concerns",
            "Concerns from parents",
            &now,
            &before,
            |m| m.parent.len() as u32,
        ),
        by_category,
        by_band,
        by_urgency,
        by_status,
        median_hours_to_first_response: median_over_months(&now, |m| waits_to_first_look(&m.pupil)),
        responded_within_a_day: within_a_day,
        actions_by_type,
        staff_concerns: total_line(
            "staff_concerns",
            "Concerns from staff",
            &now,
            &before,
            |m| m.staff.len() as u32,
        ),
        staff_concerns_by_source,
        staff_concerns_by_category,
        staff_concerns_by_outcome,
        adult_concerns: total_line(
            "adult_concerns",
            "Concerns about adults in school",
            &now,
            &before,
            |m| m.adult,
        ),
        referrals: total_line("referrals", "Referrals made", &now, &before, referral_total),
        referrals_by_agency,
        median_hours_to_first_read: median_over_months(&now, |m| waits_to_first_read(&m.staff)),
        read_within_a_working_day: one_over_months(&now, |m| read_within_a_working_day(&m.staff)),
        lessons,
        strands_asked_for,
        closed_as_not_a_concern,
        aup,
        filtering_review: super::filtering::review_now(storage).await?,
        policy_review: super::policy::review_now(storage).await?,
        training,
    }))
}

/// Each strand in each key stage: how many of the period's records asked for it, suppressed
/// month by month like every figure. Every line is there, none asked for or not: leaving out
/// the zeros would let one record show itself by the line it adds.
fn strands_asked_for(now: &[&MonthFacts]) -> Vec<StrandLine> {
    let strands = strands_asked_about();
    let keys: Vec<(Band, &str)> = Band::ALL
        .into_iter()
        .flat_map(|b| strands.iter().map(move |s| (b, *s)))
        .collect();
    let counts = over_months(now, |m| {
        let mut by_strand = HashMap::new();
        for records in [&m.pupil, &m.parent, &m.staff] {
            for r in records.iter().filter(|r| counts_for_teaching(r)) {
                let Some(band) = r.key_stage.as_deref().and_then(Band::parse) else {
                    continue;
                };
                for strand in strands_of(&r.topics) {
                    *by_strand.entry((band, strand)).or_insert(0u32) += 1;
                }
            }
        }
        keys.iter()
            .map(|k| by_strand.get(k).copied().unwrap_or(0))
            .collect()
    });
    keys.into_iter()
        .zip(counts)
        .map(|((band, strand), records)| StrandLine {
            band,
            strand: strand.to_string(),
            records,
        })
        .collect()
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
}
