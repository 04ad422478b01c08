//! The governors' report: for a term, a month or chosen dates, the school's anonymised figures
//! beside the period before, as charts and as a printable page. Every count arrives already
//! suppressed by the server ("fewer than 3"); this page never sees a small number to hide.
//! The DSL can also download the incident log as CSV for CPOMS or MyConcern from here.

use kite_protocol::oversight::{Count, GovernorsReport, LessonLine, Line, Period};
use kite_protocol::Band;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::use_staff;
use crate::components::with_lessons::WithLessons;
use crate::curriculum;
use crate::staff_api;

/// The periods a governor usually asks about.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Choice {
    ThisTerm,
    LastTerm,
    ThisMonth,
    LastMonth,
    Custom,
}

impl Choice {
    const ALL: [Choice; 5] = [
        Choice::ThisTerm,
        Choice::LastTerm,
        Choice::ThisMonth,
        Choice::LastMonth,
        Choice::Custom,
    ];

    fn label(self) -> &'static str {
        match self {
            Choice::ThisTerm => "This term",
            Choice::LastTerm => "Last term",
            Choice::ThisMonth => "This month",
            Choice::LastMonth => "Last month",
            Choice::Custom => "Dates I choose",
        }
    }
}

/// Local midnight at the start of a day (`month0` may run past 11 or below 0: Date rolls it).
fn local_day(year: i32, month0: i32, day: i32) -> i64 {
    js_sys::Date::new_with_year_month_day(year as u32, month0, day).get_time() as i64
}

/// Terms as most English schools keep them, to the month: autumn from 1 September, spring
/// from 1 January, summer from 1 April (Easter moves; a custom period covers the exact dates).
/// Returns the term containing `(year, month0)` as (start year, start month).
fn term_start(year: i32, month0: i32) -> (i32, i32) {
    match month0 {
        8..=11 => (year, 8),
        0..=2 => (year, 0),
        _ => (year, 3),
    }
}

fn term_after(start: (i32, i32)) -> (i32, i32) {
    match start.1 {
        8 => (start.0 + 1, 0),
        0 => (start.0, 3),
        _ => (start.0, 8),
    }
}

fn term_before(start: (i32, i32)) -> (i32, i32) {
    match start.1 {
        8 => (start.0, 3),
        0 => (start.0 - 1, 8),
        _ => (start.0, 0),
    }
}

fn span(from: (i32, i32), to: (i32, i32)) -> Period {
    Period {
        from_ms: local_day(from.0, from.1, 1),
        to_ms: local_day(to.0, to.1, 1),
    }
}

/// The period and the one it is compared with.
pub(super) fn periods(choice: Choice, custom: (String, String)) -> Option<(Period, Period)> {
    let now = js_sys::Date::new_0();
    let (y, m) = (now.get_full_year() as i32, now.get_month() as i32);
    let this_term = term_start(y, m);
    Some(match choice {
        Choice::ThisTerm => {
            let before = term_before(this_term);
            (
                span(this_term, term_after(this_term)),
                span(before, this_term),
            )
        }
        Choice::LastTerm => {
            let last = term_before(this_term);
            (span(last, this_term), span(term_before(last), last))
        }
        Choice::ThisMonth => (span((y, m), (y, m + 1)), span((y, m - 1), (y, m))),
        Choice::LastMonth => (span((y, m - 1), (y, m)), span((y, m - 2), (y, m - 1))),
        Choice::Custom => {
            let from = parse_date(&custom.0)?;
            // The end date is included: the period runs to the next midnight.
            let to = parse_date(&custom.1)? + 24 * 3_600_000;
            if from >= to {
                return None;
            }
            let period = Period {
                from_ms: from,
                to_ms: to,
            };
            (
                period,
                Period {
                    from_ms: 2 * from - to,
                    to_ms: from,
                },
            )
        }
    })
}

/// `2026-09-01` from a date input, as local midnight.
fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.split('-').map(|p| p.parse::<i32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    Some(local_day(y, m - 1, d))
}

/// "1 Sep 2026" for the day a period starts, and the last day it includes for its end.
fn day(ms: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!(
        "{} {} {}",
        d.get_date(),
        MONTHS[d.get_month() as usize % 12],
        d.get_full_year()
    )
}

pub(super) fn period_text(p: Period) -> String {
    format!("{} to {}", day(p.from_ms), day(p.to_ms - 1))
}

pub(super) fn query(period: Period, previous: Period) -> String {
    format!(
        "from_ms={}&to_ms={}&previous_from_ms={}&previous_to_ms={}",
        period.from_ms, period.to_ms, previous.from_ms, previous.to_ms
    )
}

/// "up from 3", "down from 9", "the same as before", or nothing when either side is hidden.
fn trend(line: &Line) -> String {
    match (line.now.exact(), line.before.exact()) {
        (Some(now), Some(before)) if now > before => format!("up from {before}"),
        (Some(now), Some(before)) if now < before => format!("down from {before}"),
        (Some(_), Some(_)) => "the same as before".into(),
        _ => format!("before: {}", line.before.text()),
    }
}

#[component]
pub fn GovernorsPage() -> impl IntoView {
    let ctx = use_staff();
    let is_dsl = ctx.role() == Some(kite_protocol::staff::Role::Dsl);
    let choice = RwSignal::new(Choice::ThisTerm);
    let custom_from = RwSignal::new(String::new());
    let custom_to = RwSignal::new(String::new());
    let identifying = RwSignal::new(false);
    let report = RwSignal::new(None::<GovernorsReport>);
    let error = RwSignal::new(None::<String>);
    let chosen = Memo::new(move |_| periods(choice.get(), (custom_from.get(), custom_to.get())));

    load_for_period(chosen, report, error, |q| async move {
        staff_api::governors_report(&q).await
    });

    let export_href = move || {
        chosen.get().map(|(p, _)| {
            format!(
                "/api/v1/staff/reports/export.csv?from_ms={}&to_ms={}{}",
                p.from_ms,
                p.to_ms,
                if identifying.get() {
                    "&identifying=true"
                } else {
                    ""
                }
            )
        })
    };
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };

    view! {
        <section class="governors" data-testid="governors-report">
            <h1>"Governors' report"</h1>
            <p class="governors-lead">
                "Online safety at school for a period, beside the period before. Every number under 3 is shown as \u{201c}fewer than 3\u{201d}, so no child can be picked out."
            </p>
            <PeriodChooser choice custom_from custom_to/>
            <div class="governors-tools no-print">
                <button type="button" class="button" on:click=print>"Print or save as PDF"</button>
                <Show when=move || is_dsl>
                    <div class="export">
                        <a class="button button-quiet" data-testid="export-csv" download="kite-incident-log.csv"
                            href=move || export_href().unwrap_or_default()>"Download the incident log (CSV)"</a>
                        <label class="export-identifying">
                            <input type="checkbox" prop:checked=identifying
                                on:change=move |ev| identifying.set(event_target_checked(&ev))/>
                            "Include what pupils wrote, their names and classes, and web addresses (only for the school's own safeguarding records)"
                        </label>
                    </div>
                </Show>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || match (chosen.get(), report.get()) {
                (None, _) => view! { <p>"Choose the first and last day of the period."</p> }.into_any(),
                (Some(_), None) => view! { <p>"Loading\u{2026}"</p> }.into_any(),
                (Some(_), Some(r)) => view! { <ReportBody report=r/> }.into_any(),
            }}
        </section>
    }
}

/// Fetches the figures for the chosen period whenever the choice changes. An answer that comes
/// back after the choice has moved on is dropped: a slow "this term" must never replace the
/// figures of the dates chosen since. Shared with the trust overview.
pub(super) fn load_for_period<T, Fut>(
    chosen: Memo<Option<(Period, Period)>>,
    into: RwSignal<Option<T>>,
    error: RwSignal<Option<String>>,
    fetch: impl Fn(String) -> Fut + Copy + 'static,
) where
    T: Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, staff_api::StaffError>> + 'static,
{
    let ctx = use_staff();
    Effect::new(move |_| {
        let Some(wanted) = chosen.get() else {
            into.set(None);
            return;
        };
        leptos::task::spawn_local(async move {
            let answer = fetch(query(wanted.0, wanted.1)).await;
            if chosen.try_get_untracked().flatten() != Some(wanted) {
                return;
            }
            match answer {
                Ok(figures) => {
                    error.try_set(None);
                    into.try_set(Some(figures));
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    });
}

/// The period to report on: a term, a month or dates chosen. Shared with the trust overview.
#[component]
pub(super) fn PeriodChooser(
    choice: RwSignal<Choice>,
    custom_from: RwSignal<String>,
    custom_to: RwSignal<String>,
) -> impl IntoView {
    view! {
        <fieldset class="governors-period no-print">
            <legend>"Period"</legend>
            <div class="period-choices">
                {Choice::ALL.into_iter().map(|c| view! {
                    <label class="period-choice">
                        <input type="radio" name="period" prop:checked=move || choice.get() == c
                            on:change=move |_| choice.set(c)/>
                        {c.label()}
                    </label>
                }).collect_view()}
            </div>
            <Show when=move || choice.get() == Choice::Custom>
                <div class="period-dates">
                    <label>"From " <input type="date" data-testid="period-from" prop:value=custom_from
                        on:change=move |ev| custom_from.set(event_target_value(&ev))/></label>
                    <label>"To (included) " <input type="date" data-testid="period-to" prop:value=custom_to
                        on:change=move |ev| custom_to.set(event_target_value(&ev))/></label>
                </div>
            </Show>
        </fieldset>
    }
}

#[component]
fn ReportBody(report: GovernorsReport) -> impl IntoView {
    // (figure, what it is): the explanation of a hidden median goes with the label, not in the
    // big figure.
    let (first_response, first_response_label) = match report.median_hours_to_first_response {
        Some(1.0) => (
            "1 hour".to_string(),
            "typical time until the DSL first looked (median)",
        ),
        Some(h) => (
            format!("{h} hours"),
            "typical time until the DSL first looked (median)",
        ),
        None => (
            "not shown".to_string(),
            "typical time until the DSL first looked: fewer than 3 reports were looked at",
        ),
    };
    let taught = report.lessons.clone();
    view! {
        <p class="governors-period-text" data-testid="period-text">
            <strong>{report.school_name.clone()}</strong> ": " {period_text(report.period)}
            <span class="governors-before">" (compared with " {period_text(report.previous)} ")"</span>
        </p>
        <div class="governors-tiles">
            <div class="tile" data-testid="tile-reports">
                <span class="tile-figure">{report.reports.now.text()}</span>
                <span class="tile-label">"reports from pupils"</span>
                <span class="tile-trend">{trend(&report.reports)}</span>
            </div>
            <div class="tile" data-testid="tile-concerns">
                <span class="tile-figure">{report.parent_concerns.now.text()}</span>
                <span class="tile-label">"concerns raised by parents"</span>
                <span class="tile-trend">{trend(&report.parent_concerns)}</span>
            </div>
            <div class="tile" data-testid="tile-response">
                <span class="tile-figure">{first_response}</span>
                <span class="tile-label">{first_response_label}</span>
                <span class="tile-trend">{report.responded_within_a_day.text()} " looked at within a day"</span>
            </div>
        </div>
        <Chart title="Reports by kind of risk" key="category" lines=report.by_category.clone()/>
        <Chart title="Reports by key stage" key="band" lines=report.by_band.clone()/>
        <Chart title="Urgent or not" key="urgency" lines=report.by_urgency.clone()/>
        <Chart title="Where reports are now" key="status" lines=report.by_status.clone()/>
        <Chart title="Actions taken" key="actions" lines=report.actions_by_type.clone()/>
        <WithLessons><LessonsTaught lessons=taught.clone()/></WithLessons>
        <section class="governors-section" data-testid="aup-completion">
            <h2>"Acceptable use and photo consent (now)"</h2>
            <dl class="aup-figures">
                <dt>"Pupils on roll"</dt><dd>{report.aup.pupils.text()}</dd>
                <dt>"Pupils who have signed this year's agreement"</dt><dd>{report.aup.pupils_signed.text()}</dd>
                <dt>"Parents who have co-signed it"</dt><dd>{report.aup.parents_cosigned.text()}</dd>
                {report.aup.photo_consent.iter().map(|l| view! {
                    <dt>"Photo consent given: " {l.label.to_lowercase()}</dt><dd>{l.now.text()}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}

/// A horizontal bar chart in SVG: this period as a bar, the period before as a thin bar under
/// it, with the numbers in words beside them. A hidden count has no bar at all (a bar's length
/// would give the number away) and says "fewer than 3". Lines hidden in both periods are named
/// in one sentence under the chart rather than drawn, so the lines that matter stand out.
#[component]
fn Chart(title: &'static str, key: &'static str, lines: Vec<Line>) -> impl IntoView {
    const ROW: f64 = 34.0;
    const LABEL_W: f64 = 300.0;
    const BAR_W: f64 = 360.0;
    let (drawn, quiet): (Vec<Line>, Vec<Line>) = lines
        .into_iter()
        .partition(|l| l.now != Count::FewerThanThree || l.before != Count::FewerThanThree);
    let max = drawn
        .iter()
        .flat_map(|l| [l.now.exact(), l.before.exact()])
        .flatten()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = ROW * drawn.len() as f64 + 8.0;
    let title_id = format!("chart-{key}");
    let bar = |c: Count| c.exact().map(|n| n as f64 / max * BAR_W).unwrap_or(0.0);
    let rows = drawn
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let y = i as f64 * ROW + 4.0;
            let (now_w, before_w) = (bar(l.now), bar(l.before));
            view! {
                <g data-testid="chart-line" data-key=l.key.clone() data-now=l.now.text()>
                    <text x=LABEL_W - 10.0 y=y + 16.0 class="chart-label" text-anchor="end">{l.label.clone()}</text>
                    <rect x=LABEL_W y=y + 4.0 width=now_w height="16" class="chart-bar-now"/>
                    <rect x=LABEL_W y=y + 22.0 width=before_w height="5" class="chart-bar-before"/>
                    <text x=LABEL_W + now_w + 8.0 y=y + 17.0 class="chart-value">
                        {l.now.text()} <tspan class="chart-before">{format!(" (before: {})", l.before.text())}</tspan>
                    </text>
                </g>
            }
        })
        .collect_view();
    let quiet_text = (!quiet.is_empty()).then(|| {
        let names: Vec<&str> = quiet.iter().map(|l| l.label.as_str()).collect();
        format!("Fewer than 3 in both periods: {}.", names.join(", "))
    });
    let quiet_keys = quiet
        .iter()
        .map(|l| l.key.clone())
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <section class="governors-section">
            <h2 id=title_id.clone()>{title}</h2>
            {(!drawn.is_empty()).then(|| view! {
                <svg class="chart" role="img" aria-labelledby=title_id.clone()
                    viewBox=format!("0 0 {} {height}", LABEL_W + BAR_W + 180.0)>
                    {rows}
                </svg>
            })}
            {quiet_text.map(|t| view! { <p class="chart-quiet" data-testid="chart-quiet" data-keys=quiet_keys.clone()>{t}</p> })}
            <table class="visually-hidden">
                <caption>{title}</caption>
                <tr><th scope="col">"What"</th><th scope="col">"This period"</th><th scope="col">"Period before"</th></tr>
                {drawn.iter().chain(quiet.iter()).map(|l| view! {
                    <tr><th scope="row">{l.label.clone()}</th><td>{l.now.text()}</td><td>{l.before.text()}</td></tr>
                }).collect_view()}
            </table>
        </section>
    }
}

/// Lessons recorded, by strand (rows) and key stage (columns). A lesson that teaches two strands
/// counts in both.
#[component]
fn LessonsTaught(lessons: Vec<LessonLine>) -> impl IntoView {
    // Per strand and band: the lessons with any record, and how many of those counts are hidden.
    let cell = |strand: &kite_lessons::Strand, band: Band| -> String {
        let mut exact = 0;
        let mut hidden = 0;
        for line in lessons.iter().filter(|l| l.band == band) {
            let Some(lesson) = curriculum::by_id(&line.lesson_id) else {
                continue;
            };
            if !lesson.strands.contains(strand) {
                continue;
            }
            match line.times.exact() {
                Some(n) => exact += n,
                None => hidden += 1,
            }
        }
        match (exact, hidden) {
            (0, 0) => "\u{2013}".into(),
            (n, 0) => n.to_string(),
            (0, _) => "fewer than 3".into(),
            (n, _) => format!("more than {n}"),
        }
    };
    let rows = curriculum::strands()
        .iter()
        .map(|strand| {
            view! {
                <tr>
                    <th scope="row">{strand.label()}</th>
                    {Band::ALL.into_iter().map(|b| view! { <td>{cell(strand, b)}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="governors-section" data-testid="lessons-taught">
            <h2>"Lessons taught, by strand"</h2>
            <p class="governors-note">"Lessons finished on tablets or taught to a class in this period. A lesson that covers two strands counts in both."</p>
            <table class="lessons-table">
                <thead><tr><th scope="col">"Strand"</th>
                    {Band::ALL.into_iter().map(|b| view! { <th scope="col">{b.label()}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
