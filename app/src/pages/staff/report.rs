//! A report's page for the DSL: everything the pupil gave (or the parent, for a concern from
//! the parents' page), the tablet and when it arrived; the triage form (status, category, and to
//! close, the outcome with its reason and why not referred); recording an action or decision
//! with its owner and due date; the chronology (marking actions done); who has read it,
//! referrals, telling the parents and corrections (`record.rs`). Opening it is audited by the
//! server.

use kite_protocol::parents::ParentConcern;
use kite_protocol::procedure::first_suggested_title;
use kite_protocol::staff::{
    ActionType, Category, NewAction, Outcome, ReportDetail, Status, Triage,
};
use leptos::prelude::*;

use super::concern_view::StaffSaid;
use super::format::{
    band_label, feeling_label, place_label, reporter_label, what_label, when, PARENT_CONCERN_LABEL,
    STAFF_CONCERN_LABEL,
};
use super::link_pupil::LinkedPupils;
use super::use_staff;
use crate::staff_api::{self, StaffError};

/// Fetches the report again after a change. Only ever `try_set`s, so it is safe in a task that
/// finishes after the DSL has moved to another page.
#[derive(Clone, Copy)]
pub(super) struct Reload {
    detail: RwSignal<Option<Result<ReportDetail, StaffError>>>,
    ctx: super::StaffCtx,
}

impl Reload {
    pub(super) fn run(self, id: String) {
        leptos::task::spawn_local(async move {
            let r = staff_api::report(&id).await;
            match &r {
                Err(e) => {
                    self.ctx.message(e);
                }
                Ok(_) => self.ctx.refresh_count(),
            }
            self.detail.try_set(Some(r));
        });
    }
}

#[component]
pub fn ReportPage(id: String) -> impl IntoView {
    let ctx = use_staff();
    let detail = RwSignal::new(None::<Result<ReportDetail, StaffError>>);
    let reload = Reload { detail, ctx };
    reload.run(id);

    let is_dsl = ctx.role() == Some(kite_protocol::staff::Role::Dsl);
    view! {
        {is_dsl.then(|| view! { <p><a href="/staff">"\u{2190} All reports"</a></p> })}
        {move || match detail.get() {
            None => view! { <p>"Loading the report\u{2026}"</p> }.into_any(),
            Some(Err(e)) if e.is_forbidden() && !is_dsl => view! {
                <div class="card" data-testid="report-forbidden">
                    <h1>"This report is for the DSL"</h1>
                    <p>"Reports from pupils go to the school's designated safeguarding lead and deputies, so only they can open them."</p>
                    <p>"If you are worried about a pupil, speak to the DSL in person today."</p>
                </div>
            }.into_any(),
            Some(Err(e)) if e.status == 404 => view! {
                <div class="card"><h1>"Report not found"</h1><p>"Check the link, or go back to all reports."</p></div>
            }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" role="alert">{e.message}</p> }.into_any(),
            Some(Ok(d)) => view! { <ReportView d=d reload=reload/> }.into_any(),
        }}
    }
}

#[component]
fn ReportView(d: ReportDetail, reload: Reload) -> impl IntoView {
    let title = match &d.report {
        Some(r) => what_label(r.what),
        None if d.staff_concern.is_some() => STAFF_CONCERN_LABEL,
        None => PARENT_CONCERN_LABEL,
    };
    let said = match (
        d.report.clone(),
        d.parent_concern.clone(),
        d.staff_concern.clone(),
    ) {
        (Some(r), _, _) => view! { <PupilSaid d=d.clone() r=r/> }.into_any(),
        (None, Some(c), _) => view! { <ParentSaid d=d.clone() c=c/> }.into_any(),
        (None, None, Some(c)) => view! { <StaffSaid d=d.clone() c=c/> }.into_any(),
        (None, None, None) => {
            view! { <p class="error-text">"This report has no content."</p> }.into_any()
        }
    };
    view! {
        <div class="report-head">
            <h1>{title}</h1>
            {d.urgent.then(|| view! { <span class="badge badge-urgent" data-testid="urgent">"Urgent"</span> })}
            <span class=format!("badge status-{}", d.status.as_str()) data-testid="report-status">{d.status.label()}</span>
            {d.on_hold.then(|| view! { <span class="badge" data-testid="on-hold">"On hold"</span> })}
        </div>
        <p><a href=format!("/staff/procedure/{}", d.id) data-testid="procedure-link">{
            if d.chronology.iter().any(|e| e.kind == "procedure") {
                "The step-by-step procedure".to_string()
            } else if let Some(title) = first_suggested_title(d.category) {
                format!("Start the {} procedure", title.to_lowercase())
            } else {
                "Step-by-step procedures".to_string()
            }
        }</a></p>
        <div class="report-grid">
            {said}
            <div>
                // First beside the child's words: a child may be looking for an answer now.
                {d.wants_answer.then(|| view! { <super::answer_child::AnswerChild id=d.id.clone() answers=d.answers.clone() reload=reload/> })}
                <super::record::ReadBy reads=d.reads.clone()/>
                <TriageForm d=d.clone() reload=reload/>
                <ActionForm d=d.clone() reload=reload/>
                <LinkedPupils report_id=d.id.clone() linked=d.linked_pupils.clone() on_linked=Callback::new({ let id = d.id.clone(); move |_| reload.run(id.clone()) })/>
                {(!d.local_contacts.is_empty()).then(|| view! {
                    <section class="card" aria-labelledby="contacts-heading">
                        <h2 id="contacts-heading">"Local contacts"</h2>
                        <dl class="facts">
                            {d.local_contacts.iter().map(|c| view! { <dt>{c.who.clone()}</dt><dd>{c.contact.clone()}</dd> }).collect_view()}
                        </dl>
                    </section>
                })}
            </div>
        </div>
        <section class="card" aria-labelledby="chronology">
            <h2 id="chronology">"Chronology"</h2>
            {if d.chronology.is_empty() {
                view! { <p class="staff-muted">"Nothing recorded yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="chronology" data-testid="chronology">
                        {d.chronology.iter().map(|e| {
                            let kind = e.action_type.map(|a| a.label().to_string()).unwrap_or_default();
                            let done = d.chronology.iter().any(|x| x.kind == "action_done" && x.refers_to == Some(e.id));
                            let refers = refers_label(&d.chronology, e);
                            let open_action = e.kind == "action" && !done && d.status != Status::Closed;
                            view! {
                                <li class=format!("chrono-{}", e.kind)>
                                    <span class="chrono-when">{when(e.at_ms)}</span>
                                    <span class="chrono-by">{e.by.clone()}</span>
                                    <span class="chrono-what">
                                        {(!kind.is_empty()).then(|| view! { <strong>{kind.clone()} ": "</strong> })}
                                        {e.detail.clone()}
                                        {refers.map(|r| view! { <span class="staff-muted">" (" {r} ")"</span> })}
                                        {(e.kind == "action").then(|| view! {
                                            <span class="chrono-owner">
                                                {e.owner.clone().map(|o| format!("Owner: {o}"))}
                                                {e.due_on.clone().map(|due| format!(" \u{00b7} due {due}"))}
                                                {done.then(|| view! { " " <span class="badge status-closed">"Done"</span> })}
                                            </span>
                                        })}
                                        {open_action.then(|| view! { <super::record::MarkDone id=d.id.clone() event=e.id reload=reload/> })}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        <div class="report-grid">
            <super::record::Referrals d=d.clone() reload=reload/>
            <super::record::ParentsToldSection d=d.clone() reload=reload/>
        </div>
        <super::record::CorrectionForm id=d.id.clone() chronology=d.chronology.clone() reload=reload/>
        <super::record::HoldForm id=d.id.clone() on_hold=d.on_hold reload=reload/>
    }
}

/// What a completion or correction refers to, in words.
fn refers_label(
    chronology: &[kite_protocol::staff::ReportEvent],
    e: &kite_protocol::staff::ReportEvent,
) -> Option<String> {
    match (e.kind.as_str(), e.refers_to) {
        ("correction", None) => Some("corrects what was first written".into()),
        (_, Some(r)) => {
            let of = chronology
                .iter()
                .find(|x| x.id == r)
                .map(|x| format!("the entry of {}", when(x.at_ms)))
                .unwrap_or_else(|| "an earlier entry".into());
            Some(if e.kind == "correction" {
                format!("corrects {of}")
            } else {
                format!("completes {of}")
            })
        }
        _ => None,
    }
}

/// What a pupil gave on the kiosk.
#[component]
fn PupilSaid(d: ReportDetail, r: kite_protocol::report::Report) -> impl IntoView {
    let drawing = r
        .drawing_png
        .clone()
        .map(|b64| format!("data:image/png;base64,{b64}"));
    view! {
        <section class="card" aria-labelledby="pupil-said">
            <h2 id="pupil-said">"What the pupil told us"</h2>
            <dl class="facts">
                <dt>"What happened"</dt><dd>{what_label(r.what)}</dd>
                <dt>"Where"</dt><dd>{r.place.map(place_label).unwrap_or("Not said")}</dd>
                <dt>"How they feel"</dt><dd>{r.feeling.map(feeling_label).unwrap_or("Not said")}</dd>
                <dt>"Would like to talk to"</dt><dd>{d.talk_to.clone()}</dd>
                <dt>"Who"</dt><dd data-testid="reporter">{reporter_label(&r.reporter)}</dd>
                <dt>"Age group"</dt><dd>{band_label(r.band)}</dd>
                {r.web_address.clone().map(|w| view! { <dt>"Web address"</dt><dd class="report-words">{w}</dd> })}
            </dl>
            <h3>"In their words"</h3>
            {match r.words.clone() {
                Some(w) => view! { <p class="report-words" data-testid="report-words">{w}</p> }.into_any(),
                None => view! { <p class="staff-muted">"They didn't write anything."</p> }.into_any(),
            }}
            {drawing.map(|src| view! {
                <h3>"Their drawing"</h3>
                <img class="report-drawing" src=src alt="The pupil's drawing" data-testid="report-drawing"/>
            })}
            <dl class="facts report-meta">
                <dt>"Received"</dt><dd>{when(d.received_at_ms)}</dd>
                <dt>"Sent on the tablet"</dt><dd>{when(r.made_at_ms)}</dd>
                <dt>"Tablet"</dt><dd data-testid="report-device">{d.device_name.clone()}</dd>
                {d.outcome.map(|o| view! { <dt>"Outcome"</dt><dd>{o.label()}</dd> })}
            </dl>
        </section>
    }
}

/// What a parent wrote on the parents' page: who they are and how to reach them, unless they
/// chose to stay anonymous.
#[component]
fn ParentSaid(d: ReportDetail, c: ParentConcern) -> impl IntoView {
    let not_given = if c.anonymous {
        "Not given: the parent chose to stay anonymous"
    } else {
        "Not given"
    };
    view! {
        <section class="card" aria-labelledby="parent-said" data-testid="parent-concern">
            <h2 id="parent-said">"What the parent told us"</h2>
            <dl class="facts">
                <dt>"From"</dt>
                <dd data-testid="concern-parent">{c.parent_name.clone().unwrap_or_else(|| not_given.into())}</dd>
                <dt>"About"</dt>
                <dd data-testid="concern-child">{c.child.clone().unwrap_or_else(|| not_given.into())}</dd>
                <dt>"How to reach them"</dt>
                <dd>{c.contact.clone().unwrap_or_else(|| not_given.into())}</dd>
            </dl>
            <h3>"In their words"</h3>
            <p class="report-words" data-testid="report-words">{c.text.clone()}</p>
            <dl class="facts report-meta">
                <dt>"Received"</dt><dd>{when(d.received_at_ms)}</dd>
                <dt>"Sent from"</dt><dd data-testid="report-device">{d.device_name.clone()}</dd>
                {d.outcome.map(|o| view! { <dt>"Outcome"</dt><dd>{o.label()}</dd> })}
            </dl>
        </section>
    }
}

#[component]
fn TriageForm(d: ReportDetail, reload: Reload) -> impl IntoView {
    let ctx = use_staff();
    let id = StoredValue::new(d.id.clone());
    let status = RwSignal::new(d.status.as_str().to_string());
    let category = RwSignal::new(
        d.category
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
    );
    let outcome = RwSignal::new(String::new());
    let outcome_reason = RwSignal::new(String::new());
    let not_referred = RwSignal::new(String::new());
    let referred = !d.referrals.is_empty();
    let note = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let closing = move || status.get() == "closed" && d.status != Status::Closed;

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = Triage {
            status: Status::parse(&status.get_untracked()),
            category: Category::parse(&category.get_untracked()),
            outcome: if status.get_untracked() == "closed" {
                Outcome::parse(&outcome.get_untracked())
            } else {
                None
            },
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
            outcome_reason: Some(outcome_reason.get_untracked()).filter(|n| !n.trim().is_empty()),
            not_referred_reason: Some(not_referred.get_untracked())
                .filter(|n| !n.trim().is_empty() && !referred),
        };
        if t.status == Some(Status::Closed) && t.outcome.is_none() && d.status != Status::Closed {
            message.set(Some((
                false,
                "Choose an outcome to close the report.".into(),
            )));
            return;
        }
        let closing_now = t.status == Some(Status::Closed) && d.status != Status::Closed;
        if closing_now && t.outcome_reason.is_none() {
            message.set(Some((false, "Write why you decided this.".into())));
            return;
        }
        if closing_now && !referred && t.not_referred_reason.is_none() {
            message.set(Some((
                false,
                "Write why it was not referred to another agency.".into(),
            )));
            return;
        }
        let t = if d.status == Status::Closed && t.status == Some(Status::Closed) {
            Triage {
                status: None,
                outcome: None,
                ..t
            }
        } else {
            t
        };
        let id = id.get_value();
        leptos::task::spawn_local(async move {
            match staff_api::triage(&id, &t).await {
                Ok(()) => reload.run(id),
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };

    view! {
        <form class="card staff-form" aria-labelledby="triage-heading" on:submit=save data-testid="triage-form">
            <h2 id="triage-heading">"Triage"</h2>
            <div class="field">
                <label for="t-status">"Status"</label>
                <select id="t-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    {Status::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() prop:selected=move || status.get() == s.as_str()>{s.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="t-category">"Category"</label>
                <select id="t-category" on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || category.get().is_empty()>"Not yet categorised"</option>
                    {Category::ALL.into_iter().map(|c| view! {
                        <option value=c.as_str() prop:selected=move || category.get() == c.as_str()>{c.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <Show when=closing>
                <div class="field">
                    <label for="t-outcome">"Outcome (needed to close)"</label>
                    <select id="t-outcome" on:change=move |ev| outcome.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || outcome.get().is_empty()>"Choose\u{2026}"</option>
                        {Outcome::ALL.into_iter().map(|o| view! { <option value=o.as_str() prop:selected=move || outcome.get() == o.as_str()>{o.label()}</option> }).collect_view()}
                    </select>
                    <p class="hint" data-testid="no-blame-hint">
                        "Young children often report lost things or falling-outs, or try the button to see what happens. Close those as \u{201c}Not an online-safety concern\u{201d} or \u{201c}Not genuine\u{201d}: no one is in trouble, governors see them counted apart, and they don\u{2019}t count towards what to teach."
                    </p>
                </div>
                <div class="field">
                    <label for="t-outcome-reason">"Why this decision"</label>
                    <textarea id="t-outcome-reason" class="staff-textarea" prop:value=move || outcome_reason.get()
                        on:input=move |ev| outcome_reason.set(event_target_value(&ev))></textarea>
                </div>
                {(!referred).then(|| view! {
                    <div class="field">
                        <label for="t-not-referred">"Why it was not referred to another agency"</label>
                        <textarea id="t-not-referred" class="staff-textarea" prop:value=move || not_referred.get()
                            on:input=move |ev| not_referred.set(event_target_value(&ev))></textarea>
                    </div>
                })}
                <div class="field">
                    <label for="t-note">"Anything more (optional)"</label>
                    <textarea id="t-note" class="staff-textarea" prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </div>
            </Show>
            {move || message.get().map(|(ok, t)| view! {
                <p class=if ok { "ok-text" } else { "error-text" } role="alert">{t}</p>
            })}
            <p><button class="button button-primary" type="submit">"Save"</button></p>
        </form>
    }
}

#[component]
fn ActionForm(d: ReportDetail, reload: Reload) -> impl IntoView {
    let ctx = use_staff();
    let id = StoredValue::new(d.id.clone());
    let action = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let me = ctx
        .me
        .with_untracked(|m| m.as_ref().and_then(|m| m.as_ref().map(|m| m.id)));
    let owner = RwSignal::new(me.map(|m| m.to_string()).unwrap_or_default());
    let due = RwSignal::new(String::new());
    let owners = d.action_owners.clone();
    let message = RwSignal::new(None::<String>);
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(action_type) = ActionType::parse(&action.get_untracked()) else {
            message.set(Some(
                "Choose what kind of action or decision this is.".into(),
            ));
            return;
        };
        let detail = text.get_untracked();
        if detail.trim().is_empty() {
            message.set(Some("Write what was done and why.".into()));
            return;
        }
        let id = id.get_value();
        leptos::task::spawn_local(async move {
            match staff_api::add_action(
                &id,
                &NewAction {
                    action_type,
                    detail,
                    owner_id: owner.get_untracked().parse().ok(),
                    due_on: Some(due.get_untracked()).filter(|d| !d.is_empty()),
                },
            )
            .await
            {
                Ok(()) => reload.run(id),
                Err(e) => {
                    message.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    view! {
        <form class="card staff-form" aria-labelledby="action-heading" on:submit=record data-testid="action-form">
            <h2 id="action-heading">"Record an action or decision"</h2>
            <div class="field">
                <label for="a-type">"Action"</label>
                <select id="a-type" on:change=move |ev| action.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || action.get().is_empty()>"Choose\u{2026}"</option>
                    {ActionType::ALL.into_iter().map(|a| view! { <option value=a.as_str() prop:selected=move || action.get() == a.as_str()>{a.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="a-detail">"What was done, and why"</label>
                <textarea id="a-detail" class="staff-textarea" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="a-owner">"Owner"</label>
                <select id="a-owner" on:change=move |ev| owner.set(event_target_value(&ev))>
                    {owners.into_iter().map(|o| {
                        let v = o.id.to_string();
                        let selected = v.clone();
                        view! { <option value=v prop:selected=move || owner.get() == selected>{o.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="a-due">"Due (optional)"</label>
                <input id="a-due" type="date" prop:value=move || due.get()
                    on:input=move |ev| due.set(event_target_value(&ev))/>
            </div>
            <p class="staff-hint">"Your name and the time are recorded by the server."</p>
            {move || message.get().map(|t| view! { <p class="error-text" role="alert">{t}</p> })}
            <p><button class="button button-secondary" type="submit">"Record"</button></p>
        </form>
    }
}
