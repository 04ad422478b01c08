//! The top of the DSL's home: answers to children waiting for this DSL's check, actions past
//! their due date (with who owns them), the records this DSL hasn't opened yet, leavers' files
//! to send and closed records due for review.
//! Reloads when new reports arrive.

use kite_protocol::record::DslHome;
use leptos::prelude::*;

use super::format::{what_label_str, when_short};
use super::review_due::{home_line, FILTERING, POLICY};
use super::use_staff;
use crate::staff_api;

#[component]
pub fn NeedsYou() -> impl IntoView {
    let ctx = use_staff();
    let home = RwSignal::new(None::<Result<DslHome, String>>);
    Effect::new(move |_| {
        ctx.new_count.track();
        leptos::task::spawn_local(async move {
            let r = staff_api::dsl_home().await;
            home.try_set(Some(r.map_err(|e| ctx.message(&e))));
        });
    });
    move || match home.get() {
        // The inbox below says what went wrong (the same answer, e.g. two-step sign-in needed).
        None | Some(Err(_)) => ().into_any(),
        Some(Ok(h)) => {
            let more = h.unread_total - h.unread.len() as i64;
            let filtering_due = home_line(&FILTERING, &h.filtering_review);
            let policy_due = home_line(&POLICY, &h.policy_review);
            view! {
                <super::head_home::HeadPanel/>
                {filtering_due}
                {policy_due}
                <div class="needs-you" data-testid="needs-you">
                    <super::answers_to_check::AnswersToCheck answers=h.answers_to_check/>
                    <super::children_to_talk_to::ChildrenToTalkTo children=h.children_to_talk_to/>
                    <section class="card" aria-labelledby="overdue-heading" data-testid="overdue">
                        <h2 id="overdue-heading">"Overdue actions"</h2>
                        {if h.overdue.is_empty() {
                            view! { <p class="staff-muted">"Nothing is overdue."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="needs-list">
                                    {h.overdue.into_iter().map(|a| {
                                        let href = format!("/staff/reports/{}", a.report_id);
                                        let what = a.action_type.map(|t| t.label()).unwrap_or("An action");
                                        let owner = a.owner.unwrap_or_else(|| "nobody named".into());
                                        view! {
                                            <li data-testid="overdue-action">
                                                <span class="badge badge-overdue">{format!("Due {}", a.due_on)}</span>
                                                " " <strong>{what}</strong> ", owned by " {owner} " \u{2014} "
                                                <a href=href>{what_label_str(&a.what)} " (" {when_short(a.received_at_ms)} ")"</a>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section class="card" aria-labelledby="unread-heading" data-testid="unread">
                        <h2 id="unread-heading">"Not read by you yet"</h2>
                        {if h.unread.is_empty() {
                            view! { <p class="staff-muted">"You have opened every open record."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="needs-list">
                                    {h.unread.into_iter().map(|r| {
                                        let href = format!("/staff/reports/{}", r.id);
                                        view! {
                                            <li>
                                                {r.urgent.then(|| view! { <span class="badge badge-urgent">"Urgent"</span> " " })}
                                                <a href=href>{what_label_str(&r.what)}</a>
                                                " \u{00b7} " {when_short(r.received_at_ms)} " \u{00b7} " {r.device_name}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                {(more > 0).then(|| view! { <p class="staff-hint">{format!("and {more} more: tick \u{201c}Not read by me\u{201d} below to see them all.")}</p> })}
                            }.into_any()
                        }}
                    </section>
                    <super::files_to_send::FilesToSend files=h.files_to_send/>
                    <super::retention_review::RecordsToReview records=h.records_to_review/>
                    <super::training_due::TrainingDuePanel/>
                    <super::training_due::ReadingToConfirm/>
                </div>
            }
            .into_any()
        }
    }
}
