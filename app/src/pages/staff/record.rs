//! The parts of a record's page beyond triage: who of the DSLs has read it, referrals and their
//! result, whether the parents were told (and the letter for them), corrections, and marking an
//! action done (answering the child is in `answer_child`). Each form keeps what was typed when
//! the server refuses it.

use kite_protocol::record::{
    ActionDone, Agency, NewCorrection, NewParentsTold, NewReferral, RecordHold, RecordRead,
    ReferralResult,
};
use kite_protocol::staff::{ReportDetail, ReportEvent};
use leptos::prelude::*;

use super::format::{today_input, when};
use super::report::Reload;
use super::use_staff;
use crate::staff_api;

/// Sends a change to the record; reloads it on success, or shows the server's words in
/// `message`. Returns nothing: the form's fields keep what was typed either way.
pub(super) fn send_change<B: serde::Serialize + 'static>(
    reload: Reload,
    id: String,
    what: String,
    body: B,
    message: RwSignal<Option<String>>,
    on_done: impl FnOnce() + 'static,
) {
    let ctx = use_staff();
    leptos::task::spawn_local(async move {
        match staff_api::record_change(&id, &what, &body).await {
            Ok(()) => {
                message.try_set(None);
                on_done();
                reload.run(id);
            }
            Err(e) => {
                message.try_set(Some(ctx.message(&e)));
            }
        }
    });
}

pub(super) fn error_line(message: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        message
            .get()
            .map(|t| view! { <p class="error-text" role="alert">{t}</p> })
    }
}

/// A text box bound to `value`.
fn text_field(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    kind: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type=kind autocomplete="off" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

pub(super) fn text_area(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea id=id class="staff-textarea" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </div>
    }
}

fn some(s: String) -> Option<String> {
    Some(s).filter(|s| !s.trim().is_empty())
}

/// Who of the DSLs has opened the record, and first when.
#[component]
pub fn ReadBy(reads: Vec<RecordRead>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="read-by" data-testid="read-by">
            <h2 id="read-by">"Read by"</h2>
            <ul class="needs-list">
                {reads.into_iter().map(|r| view! {
                    <li>{r.name} ", first on " {when(r.first_read_at_ms)}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// "Mark done" on an open action: a new chronology entry referring to it.
#[component]
pub fn MarkDone(id: String, event: i64, reload: Reload) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let id = StoredValue::new(id);
    let done = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send_change(
            reload,
            id.get_value(),
            format!("actions/{event}/done"),
            ActionDone {
                note: some(note.get_untracked()),
            },
            message,
            || {},
        );
    };
    view! {
        <Show when=move || open.get() fallback=move || view! {
            <button type="button" class="button button-quiet button-small" data-testid="mark-done"
                on:click=move |_| open.set(true)>"Mark done"</button>
        }>
            <form class="inline-form" on:submit=done>
                <label class="visually-hidden" for=format!("done-{event}")>"What came of it (optional)"</label>
                <input id=format!("done-{event}") type="text" placeholder="What came of it (optional)"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                <button class="button button-secondary button-small" type="submit">"Done"</button>
                {error_line(message)}
            </form>
        </Show>
    }
}

/// A note correcting the record: its original text or one entry. Nothing is edited.
#[component]
pub fn CorrectionForm(id: String, chronology: Vec<ReportEvent>, reload: Reload) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let of = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let id = StoredValue::new(id);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if text.get_untracked().trim().is_empty() {
            message.set(Some("Write the correction.".into()));
            return;
        }
        send_change(
            reload,
            id.get_value(),
            "corrections".into(),
            NewCorrection {
                refers_to: of.get_untracked().parse().ok(),
                text: text.get_untracked(),
            },
            message,
            move || text.set(String::new()),
        );
    };
    view! {
        <form class="card staff-form" aria-labelledby="correct-heading" on:submit=add data-testid="correction-form">
            <h2 id="correct-heading">"Add a correction"</h2>
            <p class="staff-hint">"The record's words are never changed: a correction is added to it, with your name and the time."</p>
            <div class="field">
                <label for="c-of">"Corrects"</label>
                <select id="c-of" on:change=move |ev| of.set(event_target_value(&ev))>
                    <option value="">"What was first written"</option>
                    {chronology.into_iter().map(|e| {
                        let label = format!("{} \u{2014} {}", when(e.at_ms), e.detail.chars().take(60).collect::<String>());
                        view! { <option value=e.id.to_string()>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            {text_area("c-text", "The correction", text)}
            {error_line(message)}
            <p><button class="button button-secondary" type="submit">"Add the correction"</button></p>
        </form>
    }
}

/// Putting the record on hold (kept whatever the retention period says: an inquiry, a legal
/// case) or lifting the hold, with the reason; each goes into the chronology.
#[component]
pub fn HoldForm(id: String, on_hold: bool, reload: Reload) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let id = StoredValue::new(id);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if reason.get_untracked().trim().is_empty() {
            message.set(Some("Say why.".into()));
            return;
        }
        send_change(
            reload,
            id.get_value(),
            "hold".into(),
            RecordHold {
                hold: !on_hold,
                reason: reason.get_untracked(),
            },
            message,
            move || reason.set(String::new()),
        );
    };
    view! {
        <form class="card staff-form" aria-labelledby="hold-heading" on:submit=send data-testid="hold-form">
            <h2 id="hold-heading">{if on_hold { "On hold" } else { "Hold" }}</h2>
            <p class="staff-hint">{if on_hold {
                "This record is kept whatever the retention period says, until a DSL lifts the hold."
            } else {
                "Keep this record whatever the retention period says, for example for an inquiry or a legal case."
            }}</p>
            {text_field("hold-reason", if on_hold { "Why the hold can be lifted" } else { "Why it is held" }, reason, "text")}
            {error_line(message)}
            <p><button class="button button-secondary" type="submit">{if on_hold { "Lift the hold" } else { "Put on hold" }}</button></p>
        </form>
    }
}

/// Referrals made, their result (added once), and a form for a new one.
#[component]
pub fn Referrals(d: ReportDetail, reload: Reload) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let agency = RwSignal::new(String::new());
    let detail = RwSignal::new(String::new());
    let on = RwSignal::new(today_input());
    let reference = RwSignal::new(String::new());
    let result = RwSignal::new(String::new());
    let id = StoredValue::new(d.id.clone());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(a) = Agency::parse(&agency.get_untracked()) else {
            message.set(Some("Choose who it was referred to.".into()));
            return;
        };
        send_change(
            reload,
            id.get_value(),
            "referrals".into(),
            NewReferral {
                agency: a,
                agency_detail: some(detail.get_untracked()),
                referred_on: on.get_untracked(),
                reference: some(reference.get_untracked()),
                result: some(result.get_untracked()),
            },
            message,
            move || {
                for s in [agency, detail, reference, result] {
                    s.set(String::new());
                }
            },
        );
    };
    view! {
        <section class="card" aria-labelledby="referrals-heading" data-testid="referrals">
            <h2 id="referrals-heading">"Referrals"</h2>
            {if d.referrals.is_empty() {
                view! { <p class="staff-muted">"No referral recorded."</p> }.into_any()
            } else {
                view! {
                    <ul class="record-list">
                        {d.referrals.iter().map(|r| {
                            let to = match (&r.agency, &r.agency_detail) {
                                (Agency::Other, Some(d)) => d.clone(),
                                (a, Some(d)) => format!("{} ({d})", a.label()),
                                (a, None) => a.label().to_string(),
                            };
                            view! {
                                <li data-testid="referral">
                                    <strong>{to}</strong> " on " {r.referred_on.clone()}
                                    {r.reference.clone().map(|x| view! { ", reference " <span class="mono">{x}</span> })}
                                    <br/>
                                    {match r.result.clone() {
                                        Some(x) => view! { <span>"Result: " {x}</span> }.into_any(),
                                        None => view! { <ResultForm id=d.id.clone() referral=r.id reload=reload/> }.into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form class="staff-form" on:submit=add>
                <h3>"Record a referral"</h3>
                <div class="field">
                    <label for="r-agency">"Referred to"</label>
                    <select id="r-agency" on:change=move |ev| agency.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || agency.get().is_empty()>"Choose\u{2026}"</option>
                        {Agency::ALL.into_iter().map(|a| view! {
                            <option value=a.as_str() prop:selected=move || agency.get() == a.as_str()>{a.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || agency.get() == "other">
                    {text_field("r-detail", "Who", detail, "text")}
                </Show>
                {text_field("r-on", "Date", on, "date")}
                {text_field("r-ref", "Reference number (optional)", reference, "text")}
                {text_area("r-result", "Result, if known already (it can be added later, once)", result)}
                {error_line(message)}
                <p><button class="button button-secondary" type="submit">"Add the referral"</button></p>
            </form>
        </section>
    }
}

#[component]
fn ResultForm(id: String, referral: i64, reload: Reload) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let result = RwSignal::new(String::new());
    let id = StoredValue::new(id);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send_change(
            reload,
            id.get_value(),
            format!("referrals/{referral}/result"),
            ReferralResult {
                result: result.get_untracked(),
            },
            message,
            || {},
        );
    };
    view! {
        <form class="inline-form" on:submit=add>
            <label for=format!("result-{referral}")>"Result (once)"</label>
            <input id=format!("result-{referral}") type="text" prop:value=move || result.get()
                on:input=move |ev| result.set(event_target_value(&ev))/>
            <button class="button button-quiet button-small" type="submit">"Add the result"</button>
            {error_line(message)}
        </form>
    }
}

/// Whether the parents were told (who, how, when) or why not, and the letter for them.
#[component]
pub fn ParentsToldSection(d: ReportDetail, reload: Reload) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let told = RwSignal::new(true);
    let who = RwSignal::new(String::new());
    let how = RwSignal::new(String::new());
    let on = RwSignal::new(today_input());
    let why_not = RwSignal::new(String::new());
    // Whose parents: on a record about several children, each family is told (or not) apart,
    // and only that child's chronology shows it. The first child is chosen to start with.
    let children: Vec<(i64, String)> = d
        .linked_pupils
        .iter()
        .map(|p| (p.pupil_id, p.name.clone()))
        .collect();
    let child = RwSignal::new(children.first().map(|(id, _)| *id));
    let names = StoredValue::new(children.clone());
    let id = StoredValue::new(d.id.clone());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let informed = told.get_untracked();
        send_change(
            reload,
            id.get_value(),
            "parents".into(),
            NewParentsTold {
                pupil_id: child.get_untracked(),
                informed,
                who: some(who.get_untracked()).filter(|_| informed),
                how: some(how.get_untracked()).filter(|_| informed),
                informed_on: some(on.get_untracked()).filter(|_| informed),
                why_not: some(why_not.get_untracked()).filter(|_| !informed),
            },
            message,
            move || {
                for s in [who, how, why_not] {
                    s.set(String::new());
                }
            },
        );
    };
    let letter = format!("/staff/reports/{}/letter", d.id);
    view! {
        <section class="card" aria-labelledby="parents-heading" data-testid="parents-told">
            <h2 id="parents-heading">"Telling the parents"</h2>
            {if d.parents_told.is_empty() {
                view! { <p class="staff-muted">"Not recorded yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="record-list">
                        {d.parents_told.iter().map(|p| {
                            let said = if p.informed {
                                format!(
                                    "Told on {} by {}, {}",
                                    p.informed_on.clone().unwrap_or_default(),
                                    p.who.clone().unwrap_or_default(),
                                    p.how.clone().unwrap_or_default()
                                )
                            } else {
                                format!("Not told: {}", p.why_not.clone().unwrap_or_default())
                            };
                            let whose = p.pupil_id.and_then(|c| names.with_value(|n| n.iter().find(|(i, _)| *i == c).map(|(_, name)| format!("{name}'s parents: "))));
                            let said = format!("{}{said}", whose.unwrap_or_default());
                            view! { <li>{said} <span class="staff-muted">" (recorded by " {p.recorded_by.clone()} ")"</span></li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p><a href=letter class="button button-quiet" data-testid="write-letter">"Write a letter to the parents"</a></p>
            <form class="staff-form" on:submit=add>
                {(!children.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="p-child">"Whose parents"</label>
                        <select id="p-child" on:change=move |ev| child.set(event_target_value(&ev).parse().ok())>
                            {children.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                })}
                <fieldset class="choice-row">
                    <legend>"Were the parents told?"</legend>
                    <label><input type="radio" name="p-told" prop:checked=move || told.get()
                        on:change=move |_| told.set(true)/> " Yes"</label>
                    <label><input type="radio" name="p-told" data-testid="p-not-told" prop:checked=move || !told.get()
                        on:change=move |_| told.set(false)/> " No"</label>
                </fieldset>
                <Show when=move || told.get() fallback=move || text_area("p-why-not", "Why not (for example, telling them would put the child at risk)", why_not)>
                    {text_field("p-who", "Who told them, and whom", who, "text")}
                    {text_field("p-how", "How (phone, in person, letter\u{2026})", how, "text")}
                    {text_field("p-on", "When", on, "date")}
                </Show>
                {error_line(message)}
                <p><button class="button button-secondary" type="submit" data-testid="parents-add">"Add this"</button></p>
            </form>
        </section>
    }
}
