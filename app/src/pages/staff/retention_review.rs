//! The DSL's home: closed records about children who are all 25 now, offered for review rather
//! than deleted silently. The DSL keeps one longer (why, and when to look again) or deletes it
//! (the audit log keeps that it was deleted, never what it said).

use kite_protocol::retention::{RecordToReview, RetentionDecision};
use leptos::prelude::*;

use super::format::{iso_date_label, what_label_str, when_short};
use super::use_staff;
use crate::staff_api;

/// Nothing at all when no record is due for review.
#[component]
pub fn RecordsToReview(records: Vec<RecordToReview>) -> impl IntoView {
    let left = RwSignal::new(records);
    move || {
        let list = left.get();
        (!list.is_empty()).then(|| {
            view! {
                <section class="card" aria-labelledby="review-heading" data-testid="records-to-review">
                    <h2 id="review-heading">"Records to review"</h2>
                    <p class="staff-hint">"Closed records are kept until the child is 25. Keep one longer if there is a reason to, or delete it: the audit log will show that it was deleted and by whom, not what it said."</p>
                    <ul class="needs-list">
                        {list.into_iter().map(|r| view! { <Review r=r left=left/> }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

#[component]
fn Review(r: RecordToReview, left: RwSignal<Vec<RecordToReview>>) -> impl IntoView {
    let ctx = use_staff();
    let id = StoredValue::new(r.report_id.clone());
    let keeping = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let review_on = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let decide = move |d: RetentionDecision| {
        leptos::task::spawn_local(async move {
            let id = id.get_value();
            match staff_api::decide_retention(&id, &d).await {
                Ok(_) => left.update(|l| l.retain(|x| x.report_id != id)),
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    let delete = move |_| {
        let sure = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(
                    "Delete this record? What it says can't be got back. The audit log will show that you deleted it.",
                )
                .ok()
            })
            .unwrap_or(false);
        if sure {
            decide(RetentionDecision::Delete);
        }
    };
    let keep = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        decide(RetentionDecision::Keep {
            reason: reason.get_untracked(),
            review_on: review_on.get_untracked(),
        });
    };
    let kept = r
        .kept_until
        .map(|d| format!(" Kept until {}.", iso_date_label(&d)))
        .unwrap_or_default();
    view! {
        <li data-testid="record-to-review">
            <a href=format!("/staff/reports/{}", r.report_id)>{what_label_str(&r.what)} " (" {when_short(r.received_at_ms)} ")"</a>
            {format!(" \u{2014} {}: the youngest turned 25 on {}.{kept}", r.children.join(", "), iso_date_label(&r.review_from))}
            <div class="button-row">
                <button type="button" class="button button-secondary" data-testid="review-keep"
                    on:click=move |_| keeping.update(|k| *k = !*k)>"Keep longer"</button>
                <button type="button" class="button button-quiet" data-testid="review-delete" on:click=delete>"Delete"</button>
            </div>
            {move || keeping.get().then(|| view! {
                <form class="staff-form" on:submit=keep>
                    <div class="field">
                        <label for=format!("keep-why-{}", id.get_value())>"Why keep it"</label>
                        <textarea id=format!("keep-why-{}", id.get_value()) data-testid="keep-reason" maxlength="1000"
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="field">
                        <label for=format!("keep-until-{}", id.get_value())>"Look at it again on"</label>
                        <input id=format!("keep-until-{}", id.get_value()) type="date" data-testid="keep-until"
                            prop:value=move || review_on.get() on:input=move |ev| review_on.set(event_target_value(&ev))/>
                    </div>
                    <p><button class="button button-primary" type="submit">"Keep it"</button></p>
                </form>
            })}
            {move || error.get().map(|t| view! { <p class="error-text" role="alert">{t}</p> })}
        </li>
    }
}
