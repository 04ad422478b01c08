//! Filtering and monitoring (`/staff/filtering`): anyone on the staff asks for a site to be
//! blocked or allowed and sees where their requests have got to; the DSL, an admin and the head
//! also keep the logs the DfE standard asks for: who is responsible, every change to the filter
//! (only the head authorises or refuses one, and it is marked done only after), the checks with
//! their certificates, and the yearly review. Nothing in the logs is edited: each step is added.

use gloo_net::http::Method;
use kite_protocol::filtering::{
    CheckResult, FilterAction, FilterChange, FilterCheck, FilterDecision, FilterDone, FilterReview,
    FilteringLog, FilteringRole, FilteringRoleKind, FilteringRoles, NewFilterChange, ReviewAnswer,
    ReviewAnswerKind, REVIEW_QUESTIONS,
};
use kite_protocol::staff::Role;
use leptos::prelude::*;

use super::format::{iso_date_label, today_input, when};
use super::use_staff;
use crate::staff_api;

type Message = RwSignal<Option<(bool, String)>>;

fn say(message: Message) -> impl IntoView {
    move || {
        message.get().map(|(ok, t)| {
            view! { <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p> }
        })
    }
}

/// Sends a write, then says how it went and reloads the page's data when it went through.
fn write<B: serde::Serialize + 'static>(
    method: Method,
    what: String,
    body: B,
    done: &'static str,
    message: Message,
    reload: RwSignal<u32>,
) {
    let ctx = use_staff();
    leptos::task::spawn_local(async move {
        match staff_api::filtering_write(method, &what, &body).await {
            Ok(()) => {
                message.try_set(Some((true, done.into())));
                reload.try_update(|n| *n += 1);
            }
            Err(e) => {
                message.try_set(Some((false, ctx.message(&e))));
            }
        }
    });
}

fn field(label: &'static str, value: RwSignal<String>, testid: &'static str) -> impl IntoView {
    view! {
        <label class="field">{label}
            <input type="text" data-testid=testid prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))/>
        </label>
    }
}

fn area(label: &'static str, value: RwSignal<String>, testid: &'static str) -> impl IntoView {
    view! {
        <label class="field">{label}
            <textarea rows="2" data-testid=testid prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </label>
    }
}

fn date(label: &'static str, value: RwSignal<String>, testid: &'static str) -> impl IntoView {
    view! {
        <label class="field">{label}
            <input type="date" data-testid=testid prop:value=value
                on:change=move |ev| value.set(event_target_value(&ev))/>
        </label>
    }
}

#[component]
pub fn FilteringPage() -> impl IntoView {
    let ctx = use_staff();
    let me = ctx.me.get_untracked().flatten();
    let is_head = me.as_ref().is_some_and(|m| m.is_head);
    let lead = is_head
        || me
            .as_ref()
            .is_some_and(|m| matches!(m.role, Role::Dsl | Role::Admin));
    let reload = RwSignal::new(0u32);
    view! {
        <h1>"Filtering and monitoring"</h1>
        <AskForm reload=reload/>
        {if lead {
            view! { <Logs reload=reload is_head=is_head/> }.into_any()
        } else {
            view! { <MyRequests reload=reload/> }.into_any()
        }}
    }
}

/// Asking for a site to be blocked or allowed: anyone on the staff.
#[component]
fn AskForm(reload: RwSignal<u32>) -> impl IntoView {
    let allow = RwSignal::new(true);
    let site = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let message: Message = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewFilterChange {
            action: if allow.get_untracked() {
                FilterAction::Allow
            } else {
                FilterAction::Block
            },
            site: site.get_untracked(),
            reason: reason.get_untracked(),
        };
        write(
            Method::POST,
            "changes".into(),
            body,
            "Asked. The head decides, then the filter is changed.",
            message,
            reload,
        );
        site.set(String::new());
        reason.set(String::new());
    };
    view! {
        <form class="staff-form card" data-testid="filter-ask" on:submit=submit>
            <h2>"Ask for a site to be blocked or allowed"</h2>
            <p class="staff-hint">"The head decides, and the IT provider changes the filter. You can follow your request here."</p>
            <fieldset>
                <legend>"What should happen"</legend>
                <label><input type="radio" name="filter-action" checked=move || allow.get()
                    on:change=move |_| allow.set(true)/>" Allow it (it is blocked but needed)"</label>
                <label><input type="radio" name="filter-action" data-testid="ask-block" checked=move || !allow.get()
                    on:change=move |_| allow.set(false)/>" Block it (it is harmful or not suitable)"</label>
            </fieldset>
            {field("The site or page", site, "ask-site")}
            {area("Why", reason, "ask-reason")}
            {say(message)}
            <p><button class="button button-primary" type="submit">"Ask"</button></p>
        </form>
    }
}

fn status_text(c: &FilterChange) -> String {
    match (c.authorised, &c.done_on) {
        (Some(true), Some(day)) => format!("Done on {}", iso_date_label(day)),
        (Some(true), None) => "Authorised by the head; waiting to be done".into(),
        (Some(false), _) => "Refused by the head".into(),
        (None, _) => "Waiting for the head".into(),
    }
}

fn action_text(a: FilterAction) -> &'static str {
    match a {
        FilterAction::Allow => "Allow",
        FilterAction::Block => "Block",
    }
}

#[component]
fn MyRequests(reload: RwSignal<u32>) -> impl IntoView {
    let mine = RwSignal::new(Vec::<FilterChange>::new());
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local(async move {
            if let Ok(list) = staff_api::my_filter_changes().await {
                mine.try_set(list);
            }
        });
    });
    view! {
        <section class="card" data-testid="my-requests">
            <h2>"Your requests"</h2>
            {move || if mine.with(Vec::is_empty) {
                view! { <p class="staff-muted">"You haven't asked for any yet."</p> }.into_any()
            } else {
                view! { <ul>{mine.get().into_iter().map(|c| view! {
                    <li data-testid="my-request">{action_text(c.action)} " " <strong>{c.site.clone()}</strong> ": " {status_text(&c)}
                        {c.decision.as_ref().filter(|d| !d.note.is_empty()).map(|d| format!(" ({})", d.note))}</li>
                }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

/// The logs, for the DSL, an admin and the head.
#[component]
fn Logs(reload: RwSignal<u32>, is_head: bool) -> impl IntoView {
    let ctx = use_staff();
    let log = RwSignal::new(None::<Result<FilteringLog, String>>);
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local(async move {
            let r = staff_api::filtering_log().await;
            log.try_set(Some(r.map_err(|e| ctx.message(&e))));
        });
    });
    move || match log.get() {
        None => ().into_any(),
        Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
        Some(Ok(l)) => view! {
            {super::review_due::badge(&super::review_due::FILTERING, &l.review)}
            <Roles roles=l.roles.clone() reload=reload/>
            <Changes changes=l.changes.clone() reload=reload is_head=is_head/>
            <Checks checks=l.checks.clone() reload=reload/>
            <Reviews reviews=l.reviews.clone() reload=reload/>
        }
        .into_any(),
    }
}

#[component]
fn Roles(roles: Vec<FilteringRole>, reload: RwSignal<u32>) -> impl IntoView {
    let message: Message = RwSignal::new(None);
    let rows: Vec<(FilteringRoleKind, RwSignal<String>, Option<i64>)> = FilteringRoleKind::ALL
        .into_iter()
        .map(|k| {
            let now = roles.iter().find(|r| r.role == k);
            (
                k,
                RwSignal::new(now.map(|r| r.name.clone()).unwrap_or_default()),
                now.and_then(|r| r.staff_id),
            )
        })
        .collect();
    let rows = StoredValue::new(rows);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = FilteringRoles {
            roles: rows.with_value(|rows| {
                rows.iter()
                    .filter(|(_, name, _)| !name.get_untracked().trim().is_empty())
                    .map(|(role, name, staff_id)| FilteringRole {
                        role: *role,
                        name: name.get_untracked(),
                        staff_id: *staff_id,
                        set_by: None,
                        set_at_ms: None,
                    })
                    .collect()
            }),
        };
        write(
            Method::PUT,
            "roles".into(),
            body,
            "Roles saved.",
            message,
            reload,
        );
    };
    view! {
        <form class="staff-form card" data-testid="filter-roles" on:submit=submit>
            <h2>"Who is responsible"</h2>
            {rows.get_value().into_iter().map(|(k, name, _)| view! {
                <label class="field">{k.label()}
                    <input type="text" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
            }).collect_view()}
            {roles.iter().map(|r| r.set_at_ms.map(|at| view! {
                <p class="staff-hint">{format!("{}: named by {} on {}", r.role.label(), r.set_by.clone().unwrap_or_default(), when(at))}</p>
            })).collect_view()}
            {say(message)}
            <p><button class="button" type="submit">"Save the names"</button></p>
        </form>
    }
}

#[component]
fn Changes(changes: Vec<FilterChange>, reload: RwSignal<u32>, is_head: bool) -> impl IntoView {
    view! {
        <section class="card" data-testid="filter-changes">
            <h2>"Changes to the filter"</h2>
            {changes.is_empty().then(|| view! { <p class="staff-muted">"No changes asked for yet."</p> })}
            <ul class="filter-log">
                {changes.into_iter().map(|c| view! { <ChangeRow c=c reload=reload is_head=is_head/> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ChangeRow(c: FilterChange, reload: RwSignal<u32>, is_head: bool) -> impl IntoView {
    let message: Message = RwSignal::new(None);
    let note = RwSignal::new(String::new());
    let done_on = RwSignal::new(today_input());
    let id = c.id;
    let decide = move |authorised: bool| {
        let body = FilterDecision {
            authorised,
            reason: note.get_untracked(),
        };
        let done = if authorised {
            "Authorised."
        } else {
            "Refused."
        };
        write(
            Method::POST,
            format!("changes/{id}/decision"),
            body,
            done,
            message,
            reload,
        );
    };
    let mark_done = move |_| {
        let body = FilterDone {
            done_on: done_on.get_untracked(),
            note: note.get_untracked(),
        };
        write(
            Method::POST,
            format!("changes/{id}/done"),
            body,
            "Recorded as done.",
            message,
            reload,
        );
    };
    let waiting = c.authorised.is_none();
    let to_do = c.authorised == Some(true) && c.done_on.is_none();
    view! {
        <li data-testid="filter-change">
            <p><strong>{action_text(c.action)} " " {c.site.clone()}</strong> " — " <span data-testid="change-status">{status_text(&c)}</span></p>
            <p>"Asked by " {c.asked_by.clone()} ", " {when(c.asked_at_ms)} ": " {c.reason.clone()}</p>
            {c.decision.as_ref().map(|d| view! {
                <p>{if c.authorised == Some(true) { "Authorised" } else { "Refused" }} " by " {d.by.clone()} ", " {when(d.at_ms)}
                    {(!d.note.is_empty()).then(|| format!(": {}", d.note))}</p>
            })}
            {c.done.as_ref().map(|d| view! {
                <p>"Recorded as done by " {d.by.clone()} ", " {when(d.at_ms)} {(!d.note.is_empty()).then(|| format!(": {}", d.note))}</p>
            })}
            {(waiting && is_head).then(|| view! {
                <div class="filter-step">
                    {field("Reason (needed to refuse)", note, "decision-reason")}
                    <button class="button button-primary" type="button" data-testid="authorise" on:click=move |_| decide(true)>"Authorise"</button>
                    " "
                    <button class="button" type="button" data-testid="refuse" on:click=move |_| decide(false)>"Refuse"</button>
                </div>
            })}
            {(waiting && !is_head).then(|| view! { <p class="staff-hint">"Only the head can authorise or refuse it."</p> })}
            {to_do.then(|| view! {
                <div class="filter-step">
                    {date("Day the filter was changed", done_on, "done-on")}
                    {field("Note", note, "done-note")}
                    <button class="button" type="button" data-testid="mark-done" on:click=mark_done>"Record as done"</button>
                </div>
            })}
            {say(message)}
        </li>
    }
}

#[component]
fn Checks(checks: Vec<FilterCheck>, reload: RwSignal<u32>) -> impl IntoView {
    let ctx = use_staff();
    let message: Message = RwSignal::new(None);
    let [checked_by, devices, places, groups, tested, found, action_taken] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    let checked_on = RwSignal::new(today_input());
    let passed = RwSignal::new(true);
    let file = RwSignal::new(None::<i64>);
    let on_file = move |ev: leptos::ev::Event| {
        super::chosen_file::send_chosen(&ev, move |bytes, kind| async move {
            match staff_api::upload_filtering_file(&bytes, &kind).await {
                Ok(id) => {
                    file.try_set(Some(id));
                    message.try_set(Some((true, "Certificate attached.".into())));
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = FilterCheck {
            id: 0,
            checked_on: checked_on.get_untracked(),
            checked_by: checked_by.get_untracked(),
            devices: devices.get_untracked(),
            places: places.get_untracked(),
            user_groups: groups.get_untracked(),
            tested: tested.get_untracked(),
            result: if passed.get_untracked() {
                CheckResult::Passed
            } else {
                CheckResult::Problems
            },
            found: found.get_untracked(),
            action_taken: action_taken.get_untracked(),
            certificate_file: file.get_untracked(),
            recorded_by: String::new(),
            recorded_at_ms: 0,
        };
        write(
            Method::POST,
            "checks".into(),
            body,
            "Check recorded.",
            message,
            reload,
        );
    };
    view! {
        <section class="card" data-testid="filter-checks">
            <h2>"Checks"</h2>
            {checks.is_empty().then(|| view! { <p class="staff-muted">"No checks recorded yet."</p> })}
            <ul class="filter-log">
                {checks.into_iter().map(|c| view! {
                    <li data-testid="filter-check">
                        <p><strong>{iso_date_label(&c.checked_on)}</strong> ", by " {c.checked_by.clone()} ": "
                            {match c.result { CheckResult::Passed => "passed", CheckResult::Problems => "problems found" }}</p>
                        <p>{format!("Devices: {}. Places: {}. Users: {}. Tested: {}.", c.devices, c.places, c.user_groups, c.tested)}</p>
                        {(!c.found.is_empty()).then(|| view! { <p>"Found: " {c.found.clone()}</p> })}
                        {(!c.action_taken.is_empty()).then(|| view! { <p>"Done: " {c.action_taken.clone()}</p> })}
                        {c.certificate_file.map(|f| view! { <p><a href=format!("/api/v1/staff/filtering/files/{f}") target="_blank" rel="noopener">"Certificate"</a></p> })}
                    </li>
                }).collect_view()}
            </ul>
            <form class="staff-form" on:submit=submit>
                <h3>"Record a check"</h3>
                {date("Day of the check", checked_on, "check-on")}
                {field("Who checked", checked_by, "check-by")}
                {field("Devices", devices, "check-devices")}
                {field("Places", places, "check-places")}
                {field("User groups", groups, "check-groups")}
                {area("What was tested", tested, "check-tested")}
                <fieldset>
                    <legend>"Result"</legend>
                    <label><input type="radio" name="check-result" checked=move || passed.get() on:change=move |_| passed.set(true)/>" Passed"</label>
                    <label><input type="radio" name="check-result" checked=move || !passed.get() on:change=move |_| passed.set(false)/>" Problems found"</label>
                </fieldset>
                {area("What was found", found, "check-found")}
                {area("What was done", action_taken, "check-action")}
                <label class="field">"Certificate or results (PDF or picture)"
                    <input type="file" accept="application/pdf,image/png,image/jpeg,image/webp" on:change=on_file/>
                </label>
                {say(message)}
                <p><button class="button" type="submit">"Record the check"</button></p>
            </form>
        </section>
    }
}

fn answer_text(a: ReviewAnswerKind) -> &'static str {
    match a {
        ReviewAnswerKind::Yes => "Yes",
        ReviewAnswerKind::Partly => "Partly",
        ReviewAnswerKind::No => "No",
    }
}

/// A review question's key, its answer (none until chosen) and its note.
type QuestionAnswer = (
    &'static str,
    RwSignal<Option<ReviewAnswerKind>>,
    RwSignal<String>,
);

#[component]
fn Reviews(reviews: Vec<FilterReview>, reload: RwSignal<u32>) -> impl IntoView {
    let message: Message = RwSignal::new(None);
    let reviewed_on = RwSignal::new(today_input());
    let participants = RwSignal::new(String::new());
    // Every question starts unanswered: a review is answered, not ticked through.
    let answers: Vec<QuestionAnswer> = REVIEW_QUESTIONS
        .iter()
        .map(|(k, _)| (*k, RwSignal::new(None), RwSignal::new(String::new())))
        .collect();
    let answers = StoredValue::new(answers);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given: Option<Vec<ReviewAnswer>> = answers.with_value(|a| {
            a.iter()
                .map(|(k, answer, note)| {
                    answer.get_untracked().map(|answer| ReviewAnswer {
                        question: (*k).into(),
                        answer,
                        note: note.get_untracked(),
                    })
                })
                .collect()
        });
        let Some(given) = given else {
            message.set(Some((
                false,
                "Answer every question (yes, partly or no) before recording the review.".into(),
            )));
            return;
        };
        let body = FilterReview {
            id: 0,
            reviewed_on: reviewed_on.get_untracked(),
            participants: participants.get_untracked(),
            answers: given,
            recorded_by: String::new(),
            recorded_at_ms: 0,
        };
        write(
            Method::POST,
            "reviews".into(),
            body,
            "Review recorded.",
            message,
            reload,
        );
    };
    let question = |key: &str| {
        REVIEW_QUESTIONS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, q)| q)
    };
    view! {
        <section class="card" data-testid="filter-reviews">
            <h2>"Yearly review"</h2>
            {reviews.into_iter().map(|r| view! {
                <details data-testid="filter-review">
                    <summary>{format!("{}: {}", iso_date_label(&r.reviewed_on), r.participants)}</summary>
                    <ul>{r.answers.into_iter().map(|a| view! {
                        <li>{question(&a.question)} " " <strong>{answer_text(a.answer)}</strong> {(!a.note.is_empty()).then(|| format!(": {}", a.note))}</li>
                    }).collect_view()}</ul>
                </details>
            }).collect_view()}
            <form class="staff-form" on:submit=submit>
                <h3>"Record this year's review"</h3>
                {date("Day of the review", reviewed_on, "review-on")}
                {area("Who took part", participants, "review-people")}
                {answers.get_value().into_iter().enumerate().map(|(i, (key, answer, note))| view! {
                    <fieldset class="review-question" data-testid="review-question">
                        <legend>{question(key)}</legend>
                        {[ReviewAnswerKind::Yes, ReviewAnswerKind::Partly, ReviewAnswerKind::No].into_iter().map(|k| view! {
                            <label><input type="radio" name=format!("review-{i}") checked=move || answer.get() == Some(k)
                                on:change=move |_| answer.set(Some(k))/>" " {answer_text(k)}</label>
                        }).collect_view()}
                        <input type="text" aria-label="Note" placeholder="Note" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))/>
                    </fieldset>
                }).collect_view()}
                {say(message)}
                <p><button class="button" type="submit">"Record the review"</button></p>
            </form>
        </section>
    }
}
