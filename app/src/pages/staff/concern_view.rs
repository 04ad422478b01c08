//! A concern an adult in school logged, as the DSL reads it on the report page: who wrote it, the
//! children and their part in it, when (both the writer's time and when it arrived), what
//! happened and the child's own words apart, how it came to light, what the writer did.

use kite_protocol::concern::{CameToLight, StaffConcern};
use kite_protocol::staff::ReportDetail;
use leptos::prelude::*;

use super::format::when;

/// The staff concern's card, in the place where a pupil's report shows what the pupil said.
#[component]
pub fn StaffSaid(d: ReportDetail, c: StaffConcern) -> impl IntoView {
    let came = match &c.concern.came_to_light {
        CameToLight::MonitoringAlert {
            tool,
            tool_name,
            flagged_at_ms,
            flagged,
        } => {
            let mut said = format!(
                "A monitoring alert ({})",
                tool_name
                    .clone()
                    .unwrap_or_else(|| tool.label().to_string())
            );
            if let Some(f) = flagged {
                said.push_str(&format!(": {f}"));
            }
            if let Some(at) = flagged_at_ms {
                said.push_str(&format!(", flagged {}", when(*at)));
            }
            said
        }
        CameToLight::FilteringBreach { web_address } => {
            format!("A filtering breach: {web_address}")
        }
        CameToLight::AnotherAgency { agency: Some(a) } => format!("Another agency: {a}"),
        CameToLight::Other { detail } => format!("Another way: {detail}"),
        other => other.label().to_string(),
    };
    let n = &c.concern;
    view! {
        <section class="card" aria-labelledby="staff-said" data-testid="staff-concern">
            <h2 id="staff-said">"What the member of staff logged"</h2>
            <dl class="facts">
                <dt>"Written by"</dt><dd data-testid="concern-writer">{c.written_by.clone()}</dd>
                <dt>"About"</dt>
                <dd>
                    <ul class="concern-about" data-testid="concern-pupils">
                        {c.pupils.iter().map(|p| view! {
                            <li>{p.name.clone()} " \u{2014} " {p.involvement.label()}</li>
                        }).collect_view()}
                    </ul>
                </dd>
                <dt>"Happened"</dt><dd>{when(c.happened_at_ms)}</dd>
                <dt>"Where"</dt><dd>{n.place.clone().unwrap_or_else(|| "Not said".into())}</dd>
                <dt>"Kind"</dt><dd>{n.category.label()}</dd>
                <dt>"Came to light"</dt><dd>{came}</dd>
                <dt>"Told a DSL in person"</dt><dd>{if n.told_dsl { "Yes" } else { "No" }}</dd>
            </dl>
            <h3>"What happened"</h3>
            <p class="report-words" data-testid="report-words">{n.what_happened.clone()}</p>
            <h3>"The child's own words"</h3>
            {match n.child_words.clone() {
                Some(w) => view! { <p class="report-words" data-testid="concern-child-words">{w}</p> }.into_any(),
                None => view! { <p class="staff-muted">"None written."</p> }.into_any(),
            }}
            <h3>"What they did already"</h3>
            {match n.action_taken.clone() {
                Some(w) => view! { <p class="report-words">{w}</p> }.into_any(),
                None => view! { <p class="staff-muted">"Nothing written."</p> }.into_any(),
            }}
            <dl class="facts report-meta">
                <dt>"Received"</dt><dd>{when(d.received_at_ms)}</dd>
                <dt>"Sent from"</dt><dd data-testid="report-device">{d.device_name.clone()}</dd>
                {d.outcome.map(|o| view! { <dt>"Outcome"</dt><dd>{o.label()}</dd> })}
            </dl>
        </section>
    }
}
