//! Bar charts drawn in SVG: the governors' report's (one period beside the one before) and a
//! survey's (how many chose each answer).

use kite_protocol::oversight::{Count, Line};
use leptos::prelude::*;

const ROW: f64 = 34.0;
const LABEL_W: f64 = 300.0;
const BAR_W: f64 = 360.0;

/// A horizontal bar chart in SVG: this period as a bar, the period before as a thin bar under
/// it, with the numbers in words beside them. A hidden count has no bar at all (a bar's length
/// would give the number away) and says "fewer than 3". Lines hidden in both periods, and lines
/// with none in either, are named in a sentence under the chart rather than drawn, so the lines
/// that matter stand out.
#[component]
pub(super) fn Chart(title: &'static str, key: &'static str, lines: Vec<Line>) -> impl IntoView {
    let (none, lines): (Vec<Line>, Vec<Line>) = lines
        .into_iter()
        .partition(|l| l.now == Count::Exact(0) && l.before == Count::Exact(0));
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
    let none_text = (!none.is_empty()).then(|| {
        let names: Vec<&str> = none.iter().map(|l| l.label.as_str()).collect();
        format!("None in either period: {}.", names.join(", "))
    });
    let keys = |lines: &[Line]| {
        lines
            .iter()
            .map(|l| l.key.clone())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let quiet_keys = keys(&quiet);
    let none_keys = keys(&none);
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
            {none_text.map(|t| view! { <p class="chart-quiet" data-testid="chart-none" data-keys=none_keys.clone()>{t}</p> })}
            // The box, not the table, is hidden: a table is never narrower than its cells, so a
            // hidden table of long labels would make a phone's page scroll sideways.
            <div class="visually-hidden">
                <table>
                    <caption>{title}</caption>
                    <tr><th scope="col">"What"</th><th scope="col">"This period"</th><th scope="col">"Period before"</th></tr>
                    {drawn.iter().chain(quiet.iter()).chain(none.iter()).map(|l| view! {
                        <tr><th scope="row">{l.label.clone()}</th><td>{l.now.text()}</td><td>{l.before.text()}</td></tr>
                    }).collect_view()}
                </table>
            </div>
        </section>
    }
}

/// One count per line, as a bar with the number beside it; a count the survey's rule hides
/// (`None`) has no bar (its length would give the number away) and says "fewer than 5". The
/// same drawing as [`Chart`], with one bar a line, and the same table for screen readers.
#[component]
pub(super) fn Tally(
    title: String,
    key: String,
    lines: Vec<(String, Option<u32>)>,
) -> impl IntoView {
    let text = |n: Option<u32>| n.map_or_else(|| "fewer than 5".to_string(), |n| n.to_string());
    let max = lines
        .iter()
        .filter_map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = ROW * lines.len() as f64 + 8.0;
    let title_id = format!("tally-{key}");
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, (label, n))| {
            let y = i as f64 * ROW + 4.0;
            let w = n.map_or(0.0, |n| n as f64 / max * BAR_W);
            view! {
                <g data-testid="tally-line" data-count=text(*n)>
                    <text x=LABEL_W - 10.0 y=y + 18.0 class="chart-label" text-anchor="end">{label.clone()}</text>
                    <rect x=LABEL_W y=y + 6.0 width=w height="18" class="chart-bar-now"/>
                    <text x=LABEL_W + w + 8.0 y=y + 19.0 class="chart-value">{text(*n)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <section class="governors-section" data-testid="tally">
            <h2 id=title_id.clone()>{title.clone()}</h2>
            <svg class="chart" role="img" aria-labelledby=title_id
                viewBox=format!("0 0 {} {height}", LABEL_W + BAR_W + 140.0)>
                {rows}
            </svg>
            <div class="visually-hidden">
                <table>
                    <caption>{title}</caption>
                    <tr><th scope="col">"Answer"</th><th scope="col">"How many"</th></tr>
                    {lines.iter().map(|(label, n)| view! {
                        <tr><th scope="row">{label.clone()}</th><td>{text(*n)}</td></tr>
                    }).collect_view()}
                </table>
            </div>
        </section>
    }
}
