//! `GET /api/v1/device/teach-next`: what the last half-term's reports and concerns (pupils',
//! parents' and staff's) were about, per key stage, for the teacher's presenter to suggest the
//! lessons that meet it. Device-token auth, like `/device/coverage`: it names no child and no
//! class, sends no count, and a topic fewer than three records were about is left out, as every
//! figure is. Records the DSL closed as not genuine or not an online-safety concern ask for
//! nothing.

use std::collections::HashMap;

use axum::Json;
use kite_protocol::oversight::SMALLEST_SHOWN;
use kite_protocol::staff::Outcome;
use kite_protocol::teach_next::{AskedFor, TeachNext, Topic};
use kite_protocol::Band;

use crate::error::ApiError;
use crate::http::device_auth::AuthenticatedDevice;
use crate::http::School;
use crate::storage::oversight::ReportFacts;

/// A half-term's teaching, give or take: counted back from today in the school's own school days
/// (its term dates, less weekends, bank holidays and INSET days) rather than from the half-term's
/// first day, so the suggestions don't empty on the first morning of a new half-term, nor after
/// a holiday.
pub const SCHOOL_DAYS: u32 = 30;
const DAY_MS: i64 = 24 * 3_600_000;

#[utoipa::path(
    get,
    path = "/device/teach-next",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "device_teach_next",
    summary = "What recent reports ask to be taught, per key stage",
    description = "Who may call it: tablet (device token). Topics of the reports and concerns \
                   of the last 30 school days (by the school's term dates), most asked for \
                   first; a topic fewer than three were about is left out, and no count is given.",
    responses((status = 200, description = "Each key stage's topics", body = TeachNext)),
    security(("device_token" = [])),
)]
pub async fn teach_next(
    School(state): School,
    AuthenticatedDevice(_device): AuthenticatedDevice,
) -> Result<Json<TeachNext>, ApiError> {
    let to = crate::clock::now_ms();
    let today = crate::calendar::date(to);
    let year = crate::school_days::school_year_of(today);
    let (last_year, _) = state.storage.term_dates(year - 1).await?;
    let (this_year, _) = state.storage.term_dates(year).await?;
    let first_day =
        crate::school_days::school_days_back(today, SCHOOL_DAYS, &[last_year, this_year]);
    let from = crate::calendar::start_ms(first_day);
    let mut records = Vec::new();
    for source in ["pupil", "parent", "staff"] {
        records.extend(state.storage.report_facts(source, from, to).await?);
    }
    Ok(Json(TeachNext {
        // Calendar days, as the presenter says it ("the last 6 weeks").
        days: u32::try_from((to - from + DAY_MS - 1) / DAY_MS).unwrap_or(0),
        key_stages: asked_for(&records),
    }))
}

/// Whether a record may shape teaching: not one closed as not a safeguarding matter.
pub(crate) fn counts_for_teaching(r: &ReportFacts) -> bool {
    !r.outcome
        .as_deref()
        .and_then(Outcome::parse)
        .is_some_and(Outcome::is_not_a_concern)
}

/// How many records of each key stage were about each topic.
pub(crate) fn topic_counts(records: &[ReportFacts]) -> HashMap<(Band, Topic), u32> {
    let mut counts = HashMap::new();
    for r in records.iter().filter(|r| counts_for_teaching(r)) {
        let Some(band) = r.key_stage.as_deref().and_then(Band::parse) else {
            continue;
        };
        for topic in &r.topics {
            *counts.entry((band, *topic)).or_insert(0) += 1;
        }
    }
    counts
}

/// Each key stage's topics of three records or more, the most first (ties in `Topic` order).
fn asked_for(records: &[ReportFacts]) -> Vec<AskedFor> {
    let counts = topic_counts(records);
    Band::ALL
        .into_iter()
        .map(|band| {
            let mut topics: Vec<(Topic, u32)> = Topic::ALL
                .into_iter()
                .filter_map(|t| counts.get(&(band, t)).map(|n| (t, *n)))
                .filter(|(_, n)| *n >= SMALLEST_SHOWN)
                .collect();
            topics.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            AskedFor {
                band,
                topics: topics.into_iter().map(|(t, _)| t).collect(),
            }
        })
        .collect()
}
