//! The head's part of their home (and the chair of governors'): concerns about adults still open
//! and LADO consultations overdue, and for the head, the senior leader for filtering, the yearly
//! filtering review when it is due. Nothing shows for anyone else.

use kite_protocol::adult_concern::HeadSummary;
use leptos::prelude::*;

use super::use_staff;
use crate::staff_api;

use super::adult_concerns::ADULT_CONCERNS;

/// `with_review`: also the filtering review when due (the DSL's home shows it already).
#[component]
pub fn HeadPanel(#[prop(optional)] with_review: bool) -> impl IntoView {
    let ctx = use_staff();
    let reads = ctx
        .me
        .with_untracked(|m| {
            m.as_ref()
                .and_then(|m| m.as_ref().map(|m| m.is_head || m.is_chair))
        })
        .unwrap_or(false);
    let summary = RwSignal::new(None::<HeadSummary>);
    if reads {
        leptos::task::spawn_local(async move {
            match staff_api::head_summary().await {
                Ok(s) => {
                    summary.try_set(Some(s));
                }
                Err(e) => {
                    ctx.message(&e);
                }
            }
        });
    }
    move || {
        summary.get().map(|s| {
            let overdue = (s.lado_overdue > 0).then(|| {
                let text = match s.lado_overdue {
                    1 => "1 LADO consultation overdue".to_string(),
                    n => format!("{n} LADO consultations overdue"),
                };
                view! { " " <span class="badge badge-overdue" data-testid="head-lado-overdue">{text}</span> }
            });
            view! {
                <section class="card" data-testid="head-panel">
                    <h2>"Concerns about adults"</h2>
                    <p data-testid="head-open">
                        {match s.open { 1 => "1 open".to_string(), n => format!("{n} open") }}
                        {overdue}
                    </p>
                    <p><a class="button" href=ADULT_CONCERNS data-testid="head-adult-concerns">"Concerns about adults"</a></p>
                    {s.filtering_review.as_ref().filter(|_| with_review).and_then(|r| super::review_due::home_line(&super::review_due::FILTERING, r))}
                </section>
            }
        })
    }
}
