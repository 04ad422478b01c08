//! The DSL's home: children who answered back that they would like to talk to a grown-up. Each
//! stays until someone on staff writes anything on its record (a note of talking with the child,
//! say), so a wish made on a tablet can't sit unseen in a chronology.

use kite_protocol::child_reply::ChildWantsToTalk;
use leptos::prelude::*;

use super::format::{what_label_str, when_short};

/// Nothing at all when no child is waiting.
#[component]
pub fn ChildrenToTalkTo(children: Vec<ChildWantsToTalk>) -> impl IntoView {
    (!children.is_empty()).then(|| {
        view! {
            <section class="card card-attention" aria-labelledby="talk-heading" data-testid="children-to-talk-to">
                <h2 id="talk-heading">"A child would like to talk to a grown-up"</h2>
                <p class="staff-hint">"They asked after reading your answer. Find a calm moment, and note on the record that you talked."</p>
                <ul class="needs-list">
                    {children.into_iter().map(|c| view! {
                        <li data-testid="child-to-talk-to">
                            <span class="badge badge-urgent">{format!("Asked {}", when_short(c.at_ms))}</span> " "
                            <a href=format!("/staff/reports/{}", c.report_id)>{what_label_str(&c.what)}</a>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
