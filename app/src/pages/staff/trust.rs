//! The trust overview: for a period, each school's anonymised counts and the trust's
//! totals, as tables that read on a laptop and print. The server suppresses every count before
//! it leaves ("fewer than 3", also where a total would give a small number away) and sends no
//! names, words, classes or report ids, so this page has nothing to hide itself.

use kite_protocol::oversight::Count;
use kite_protocol::trust::{Figure, SchoolFigures, TrustOverview};
use leptos::prelude::*;

use super::period::{ChosenPeriod, PeriodChooser};
use crate::staff_api;

/// A median or a percentage the server held back (see the note under the table).
const NOT_SHOWN: &str = "not shown";

/// "4.5 hours", or [`NOT_SHOWN`].
fn hours(h: Option<f64>) -> String {
    match h {
        Some(1.0) => "1 hour".into(),
        Some(h) => format!("{h} hours"),
        None => NOT_SHOWN.into(),
    }
}

fn percent(p: Option<u32>) -> String {
    p.map(|p| format!("{p}%"))
        .unwrap_or_else(|| NOT_SHOWN.into())
}

/// A school's count for one key of a breakdown.
fn count_of(figures: &[Figure], key: &str) -> Count {
    figures
        .iter()
        .find(|f| f.key == key)
        .map(|f| f.count)
        .unwrap_or(Count::FewerThanThree)
}

#[component]
pub fn TrustPage() -> impl IntoView {
    let period = ChosenPeriod::new(true);
    let overview = RwSignal::new(None::<TrustOverview>);
    let error = RwSignal::new(None::<String>);
    let chosen = period.periods;

    period.load(overview, error, |q| async move {
        staff_api::trust_overview(&q).await
    });
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };

    view! {
        <section class="governors trust" data-testid="trust-overview">
            <h1>"Trust overview"</h1>
            <p class="governors-lead">
                "Online safety in each of the trust's schools for a period. These are counts only: no names, no words, no classes. A count of 1 or 2 is shown as \u{201c}fewer than 3\u{201d}, and so is any number that would let one be worked out from a total; \u{201c}none\u{201d} means none."
            </p>
            <PeriodChooser period/>
            <div class="governors-tools no-print">
                <button type="button" class="button" on:click=print>"Print or save as PDF"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || match (chosen.get(), overview.get()) {
                (None, _) => view! { <p>"Choose a month."</p> }.into_any(),
                (Some(_), None) => view! { <p>"Loading\u{2026}"</p> }.into_any(),
                (Some(_), Some(o)) => view! { <OverviewBody overview=o/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn OverviewBody(overview: TrustOverview) -> impl IntoView {
    let rows: Vec<(SchoolFigures, bool)> = overview
        .schools
        .iter()
        .cloned()
        .map(|s| (s, false))
        .chain([(overview.totals.clone(), true)])
        .collect();
    let glance = rows
        .iter()
        .map(|(s, total)| {
            let urgent = count_of(&s.by_urgency, "urgent");
            view! {
                <tr data-testid="trust-row" data-school=s.name.clone() class:trust-total=*total>
                    <th scope="row">{s.name.clone()}</th>
                    <td data-key="reports">{s.reports.text()}</td>
                    <td data-key="urgent">{urgent.text()}</td>
                    <td data-key="parent_concerns">{s.parent_concerns.text()}</td>
                    <td data-key="first_look">{hours(s.median_hours_to_first_look)}</td>
                    <td data-key="staff_concerns">{s.staff_concerns.text()}</td>
                    <td data-key="referrals">{s.referrals.text()}</td>
                    <td data-key="first_read">{hours(s.median_hours_to_first_read)}</td>
                    <td data-key="read_in_a_day">{s.read_within_a_working_day.text()}</td>
                    <td data-key="aup_signed">{percent(s.aup_signed_percent)}</td>
                    <td data-key="cosigned">{percent(s.cosigned_percent)}</td>
                    <td data-key="lessons">{s.lessons.text()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="governors-period-text" data-testid="period-text">
            <strong>{overview.trust_name.clone()}</strong> ": " {overview.period_label.clone()}
        </p>
        <section class="governors-section">
            <h2 id="trust-glance">"At a glance"</h2>
            <div class="table-scroll">
                <table class="staff-table trust-table" aria-labelledby="trust-glance">
                    <thead><tr>
                        <th scope="col">"School"</th>
                        <th scope="col">"Reports from pupils"</th>
                        <th scope="col">"Of them urgent"</th>
                        <th scope="col">"Concerns from parents"</th>
                        <th scope="col">"Typical time to first look (median)"</th>
                        <th scope="col">"Concerns from staff"</th>
                        <th scope="col">"Referrals made"</th>
                        <th scope="col">"Typical time to a DSL\u{2019}s first read of a staff concern (median)"</th>
                        <th scope="col">"Staff concerns read within one working day"</th>
                        <th scope="col">"Pupils who signed this year\u{2019}s agreement"</th>
                        <th scope="col">"Parents who co-signed it"</th>
                        <th scope="col">"Lessons recorded"</th>
                    </tr></thead>
                    <tbody>{glance}</tbody>
                </table>
            </div>
            <p class="governors-note">
                "\u{201c}Not shown\u{201d}: a median of fewer than 3 reports or concerns, or a percentage of fewer than 3 pupils, would describe particular children, so the server leaves it out."
            </p>
        </section>
        <ByKey title="Pupils' reports by kind of risk" id="category" rows=rows.clone() pick=|s| s.by_category.clone()/>
        <ByKey title="Pupils' reports: where they are now" id="status" rows=rows.clone() pick=|s| s.by_status.clone()/>
        <ByKey title="Parents' concerns by kind of risk" id="concerns-category" rows=rows.clone() pick=|s| s.concerns_by_category.clone()/>
        <ByKey title="Parents' concerns: urgent or not" id="concerns-urgency" rows=rows.clone() pick=|s| s.concerns_by_urgency.clone()/>
        <ByKey title="Parents' concerns: where they are now" id="concerns-status" rows=rows.clone() pick=|s| s.concerns_by_status.clone()/>
        <ByKey title="Staff concerns: how they came to light" id="staff-source" rows=rows.clone() pick=|s| s.staff_concerns_by_source.clone()/>
        <ByKey title="Staff concerns by kind of risk" id="staff-category" rows=rows.clone() pick=|s| s.staff_concerns_by_category.clone()/>
        <ByKey title="Staff concerns: outcomes" id="staff-outcome" rows=rows.clone() pick=|s| s.staff_concerns_by_outcome.clone()/>
        <ByKey title="Referrals made, by agency" id="referrals" rows=rows.clone() pick=|s| s.referrals_by_agency.clone()/>
        <ByKey title="Lessons recorded, by key stage" id="lessons" rows=rows pick=|s| s.lessons_by_band.clone()/>
    }
}

/// One breakdown as a table: its keys down the side, a column per school and one for the trust.
/// Keys with fewer than 3 everywhere are named in a sentence under it rather than given a row.
#[component]
fn ByKey(
    title: &'static str,
    id: &'static str,
    rows: Vec<(SchoolFigures, bool)>,
    pick: fn(&SchoolFigures) -> Vec<Figure>,
) -> impl IntoView {
    let columns: Vec<Vec<Figure>> = rows.iter().map(|(s, _)| pick(s)).collect();
    let keys: Vec<(String, String)> = columns
        .first()
        .map(|c| c.iter().map(|f| (f.key.clone(), f.label.clone())).collect())
        .unwrap_or_default();
    // A row only for a key with a number to show; the rest are named in a sentence.
    let (shown, quiet): (Vec<_>, Vec<_>) = keys.into_iter().partition(|(key, _)| {
        columns
            .iter()
            .any(|c| matches!(count_of(c, key), Count::Exact(n) if n > 0))
    });
    let (none, few): (Vec<_>, Vec<_>) = quiet
        .into_iter()
        .partition(|(key, _)| columns.iter().all(|c| count_of(c, key) == Count::Exact(0)));
    let sentence = |keys: &[(String, String)], lead: &str| {
        (!keys.is_empty()).then(|| {
            let names: Vec<&str> = keys.iter().map(|(_, label)| label.as_str()).collect();
            format!("{lead}: {}.", names.join(", "))
        })
    };
    let quiet_text = [
        sentence(&few, "Fewer than 3, or none, in every school"),
        sentence(&none, "None in any school"),
    ];
    let heading_id = format!("trust-{id}");
    let body = shown
        .iter()
        .map(|(key, label)| {
            view! {
                <tr data-key=key.clone()>
                    <th scope="row">{label.clone()}</th>
                    {columns.iter().map(|c| view! { <td>{count_of(c, key).text()}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="governors-section" data-testid=format!("trust-{id}")>
            <h2 id=heading_id.clone()>{title}</h2>
            {(!shown.is_empty()).then(|| view! {
                <div class="table-scroll">
                    <table class="staff-table trust-table" aria-labelledby=heading_id.clone()>
                        <thead><tr>
                            <th scope="col">"What"</th>
                            {rows.iter().map(|(s, _)| view! { <th scope="col">{s.name.clone()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            })}
            {quiet_text.into_iter().flatten().map(|t| view! { <p class="chart-quiet">{t}</p> }).collect_view()}
        </section>
    }
}
