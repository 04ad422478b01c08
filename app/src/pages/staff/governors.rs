//! The governors' report: for a term, a half-term or a month, the school's anonymised figures
//! beside the period before, as charts and as a printable page. Every count arrives already
//! suppressed by the server ("fewer than 3"; zero is "none", in every table); this page never
//! sees a small number to hide.
//! The DSL can also download the incident log as CSV for CPOMS or MyConcern from here.

use kite_protocol::oversight::{Count, GovernorsReport, LessonLine, Line, StrandLine};
use kite_protocol::Band;
use leptos::prelude::*;

use super::chart::Chart;
use super::format::iso_date_label;
use super::period::{ChosenPeriod, PeriodChooser};
use super::use_staff;
use crate::components::with_lessons::WithLessons;
use crate::curriculum;
use crate::staff_api;

/// "up from 3", "down from 9", "the same as before", or nothing when either side is hidden.
fn trend(line: &Line) -> String {
    match (line.now.exact(), line.before.exact()) {
        (Some(now), Some(before)) if now > before => format!("up from {}", line.before.text()),
        (Some(now), Some(before)) if now < before => format!("down from {before}"),
        (Some(_), Some(_)) => "the same as before".into(),
        _ => format!("before: {}", line.before.text()),
    }
}

#[component]
pub fn GovernorsPage() -> impl IntoView {
    let ctx = use_staff();
    let is_dsl = ctx.role() == Some(kite_protocol::staff::Role::Dsl);
    let period = ChosenPeriod::new(false);
    let identifying = RwSignal::new(false);
    let report = RwSignal::new(None::<GovernorsReport>);
    let error = RwSignal::new(None::<String>);
    let chosen = period.periods;

    period.load(report, error, |q| async move {
        staff_api::governors_report(&q).await
    });

    // The incident log is the DSL's own record: it covers the report's whole months.
    let export_href = move || {
        report.get().map(|r| {
            let p = r.period;
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
                "Online safety at school for a period, beside the period before. A count of 1 or 2 is shown as \u{201c}fewer than 3\u{201d} (and, beside it, sometimes another count too), so no child can be picked out; \u{201c}none\u{201d} means none."
            </p>
            <PeriodChooser period/>
            <div class="governors-tools no-print">
                <button type="button" class="button" on:click=print>"Print or save as PDF"</button>
                <Show when=move || is_dsl>
                    <div class="export">
                        <a class="button button-quiet" data-testid="export-csv" download="kite-incident-log.csv"
                            href=move || export_href().unwrap_or_default()>"Download the incident log (CSV)"</a>
                        <label class="export-identifying">
                            <input type="checkbox" prop:checked=identifying
                                on:change=move |ev| identifying.set(event_target_checked(&ev))/>
                            "Include what pupils wrote, what parents and staff wrote, children\u{2019}s names, UPNs and classes, web addresses and referral references (only for the school's own safeguarding records)"
                        </label>
                    </div>
                </Show>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || match (chosen.get(), report.get()) {
                (None, _) => view! { <p>"Choose a term, half-term or month."</p> }.into_any(),
                (Some(_), None) => view! { <p>"Loading\u{2026}"</p> }.into_any(),
                (Some(_), Some(r)) => view! { <ReportBody report=r/> }.into_any(),
            }}
        </section>
    }
}

/// A median in hours as a tile's big figure: "1 hour", "4.5 hours", or "not shown" (the tile's
/// label then says why).
fn hours(median: Option<f64>) -> String {
    match median {
        Some(1.0) => "1 hour".into(),
        Some(h) => format!("{h} hours"),
        None => "not shown".into(),
    }
}

#[component]
fn ReportBody(report: GovernorsReport) -> impl IntoView {
    // (figure, what it is): the explanation of a hidden median goes with the label, not in the
    // big figure.
    let first_response = hours(report.median_hours_to_first_response);
    let first_response_label = match report.median_hours_to_first_response {
        Some(_) => "typical time until the DSL first looked (median)",
        None => "typical time until the DSL first looked: fewer than 3 reports were looked at",
    };
    let first_read = hours(report.median_hours_to_first_read);
    let first_read_label = match report.median_hours_to_first_read {
        Some(_) => "typical time until a DSL first read a staff concern (median)",
        None => "typical time until a DSL first read a staff concern: fewer than 3 were read",
    };
    let taught = report.lessons.clone();
    view! {
        <p class="governors-period-text" data-testid="period-text">
            <strong>{report.school_name.clone()}</strong> ": " {report.period_label.clone()}
            <span class="governors-before">" (compared with " {report.previous_label.clone()} ")"</span>
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
            <div class="tile" data-testid="tile-staff-concerns">
                <span class="tile-figure">{report.staff_concerns.now.text()}</span>
                <span class="tile-label">"concerns raised by staff"</span>
                <span class="tile-trend">{trend(&report.staff_concerns)}</span>
            </div>
            <div class="tile" data-testid="tile-referrals">
                <span class="tile-figure">{report.referrals.now.text()}</span>
                <span class="tile-label">"referrals made to other agencies"</span>
                <span class="tile-trend">{trend(&report.referrals)}</span>
            </div>
            <div class="tile" data-testid="tile-first-read">
                <span class="tile-figure">{first_read}</span>
                <span class="tile-label">{first_read_label}</span>
                <span class="tile-trend">{report.read_within_a_working_day.text()} " read within one working day"</span>
            </div>
        </div>
        <Chart title="Reports by kind of risk" key="category" lines=report.by_category.clone()/>
        <Chart title="Reports by key stage" key="band" lines=report.by_band.clone()/>
        <Chart title="Urgent or not" key="urgency" lines=report.by_urgency.clone()/>
        <Chart title="Where reports are now" key="status" lines=report.by_status.clone()/>
        <Chart title="Actions taken" key="actions" lines=report.actions_by_type.clone()/>
        <Chart title="Concerns raised by staff: how they came to light" key="staff-source" lines=report.staff_concerns_by_source.clone()/>
        <Chart title="Concerns raised by staff, by kind of risk" key="staff-category" lines=report.staff_concerns_by_category.clone()/>
        <Chart title="Concerns raised by staff: outcomes" key="staff-outcome" lines=report.staff_concerns_by_outcome.clone()/>
        <Chart title="Referrals made, by agency" key="referrals" lines=report.referrals_by_agency.clone()/>
        <Chart title="Reports and parents\u{2019} concerns closed as not a safeguarding matter (counted apart, no one blamed)" key="not-a-concern" lines=report.closed_as_not_a_concern.clone()/>
        <WithLessons><LessonsTaught lessons=taught.clone() asked=report.strands_asked_for.clone()/></WithLessons>
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
        <section class="governors-section" data-testid="filtering-review">
            <h2>"Filtering and monitoring (now)"</h2>
            <dl class="aup-figures">
                <dt>"Yearly review up to date"</dt>
                <dd>{if report.filtering_review.up_to_date { "Yes" } else { "No" }}</dd>
                <dt>"Last review"</dt>
                <dd>{report.filtering_review.last_reviewed_on.clone().unwrap_or_else(|| "none recorded".into())}</dd>
            </dl>
        </section>
        <section class="governors-section" data-testid="policy-review">
            <h2>"Online-safety policy (now)"</h2>
            <dl class="aup-figures">
                <dt>"In date"</dt>
                <dd data-testid="policy-in-date">{if report.policy_review.up_to_date { "Yes" } else { "No" }}</dd>
                <dt>"Last approved"</dt>
                <dd>{report.policy_review.last_reviewed_on.as_deref().map(iso_date_label).unwrap_or_else(|| "none recorded".into())}</dd>
                <dt>"Next review due"</dt>
                <dd>{report.policy_review.next_due_on.as_deref().map(iso_date_label).unwrap_or_else(|| "none set".into())}</dd>
            </dl>
        </section>
        <section class="governors-section" data-testid="training-completion">
            <h2>"Staff training up to date (now)"</h2>
            <dl class="aup-figures">
                {report.training.iter().map(|t| view! {
                    <dt>{t.label.clone()}</dt>
                    <dd>{match t.percent {
                        Some(p) => format!("{p}% ({} of {})", t.up_to_date, t.people),
                        None => "nobody needs it".to_string(),
                    }}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}

/// Per strand (rows) and key stage: how many records asked for it, and the lessons recorded. A
/// lesson that teaches two strands counts in both; so does a record about two.
#[component]
fn LessonsTaught(lessons: Vec<LessonLine>, asked: Vec<StrandLine>) -> impl IntoView {
    let asked_for = move |strand: &kite_lessons::Strand, band: Band| -> String {
        asked
            .iter()
            .find(|l| l.band == band && l.strand == strand.id())
            .map_or(Count::Exact(0), |l| l.records)
            .text()
    };
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
            (0, 0) => Count::Exact(0).text(),
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
                    {Band::ALL.into_iter().map(|b| view! {
                        <td data-testid="strand-asked" data-band=b.as_str() data-strand=strand.id()>{asked_for(strand, b)}</td>
                        <td>{cell(strand, b)}</td>
                    }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="governors-section" data-testid="lessons-taught">
            <h2>"Strands asked for and lessons taught"</h2>
            <p class="governors-note">"Asked for: reports and concerns (pupils\u{2019}, parents\u{2019} and staff\u{2019}s) about what a strand teaches; those closed as not a safeguarding matter ask for nothing. Taught: lessons finished on tablets or taught to a class in this period. A lesson or a record about two strands counts in both."</p>
            // Seven columns don't fit a governor's phone: the table scrolls in its own box, which
            // takes focus so it can be scrolled from the keyboard too.
            <div class="table-scroll" tabindex="0" role="region" aria-label="Strands asked for and lessons taught, by key stage">
            <table class="lessons-table">
                <thead>
                    <tr><th scope="col" rowspan="2">"Strand"</th>
                        {Band::ALL.into_iter().map(|b| view! { <th scope="colgroup" colspan="2">{b.label()}</th> }).collect_view()}
                    </tr>
                    <tr>
                        {Band::ALL.into_iter().map(|_| view! { <th scope="col">"Asked for"</th><th scope="col">"Taught"</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        </section>
    }
}
