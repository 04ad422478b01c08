//! The head's (or the chair of governors') concerns about adults: the list, with the LADO's due
//! time and each adult's pattern over time, and one concern's page, where the LADO consulted,
//! decisions with their reasons and the outcome are recorded. Opening either is audited.

use kite_protocol::adult_concern::{
    message, AdultConcernLevel, AdultConcernLine, AdultConcernList, AdultConcernReader,
    AdultConcernRecord, AdultConcernStep, RecordedAdultStep, MAX_ADULT_SHORT_CHARS,
    MAX_ADULT_TEXT_CHARS,
};
use leptos::prelude::*;

use super::format::{today_input, when, when_short};
use super::use_staff;
use crate::staff_api;

/// The list's path: a concern's page is under it.
pub const ADULT_CONCERNS: &str = "/staff/concern/adults";

/// Where a concern stands about the LADO, as a badge: overdue, due by, consulted, or none for a
/// low-level concern.
fn lado_badge(l: &AdultConcernLine) -> Option<(&'static str, String)> {
    if l.lado_consulted {
        return Some(("badge", "LADO consulted".into()));
    }
    let due = l.lado_due_ms?;
    if l.closed {
        None
    } else if l.lado_overdue {
        Some((
            "badge badge-overdue",
            format!("LADO overdue (due {})", when_short(due)),
        ))
    } else {
        Some(("badge", format!("LADO due by {}", when_short(due))))
    }
}

fn level_badge(level: AdultConcernLevel) -> &'static str {
    match level {
        AdultConcernLevel::Harm => "badge badge-urgent",
        AdultConcernLevel::LowLevel => "badge",
    }
}

#[component]
pub fn AdultConcernsPage() -> impl IntoView {
    let ctx = use_staff();
    let list = RwSignal::new(None::<Result<AdultConcernList, String>>);
    leptos::task::spawn_local(async move {
        let r = staff_api::adult_concerns().await;
        list.try_set(Some(r.map_err(|e| ctx.message(&e))));
    });
    view! {
        <h1>"Concerns about adults"</h1>
        <p class="staff-summary">"Concerns about adults in school go to the head, and those about the head to the chair of governors. The DSL doesn't see them. Consult the LADO within one working day about any adult who may have harmed a child."</p>
        {move || match list.get() {
            None => view! { <p class="staff-loading">"Loading\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
            Some(Ok(l)) => view! { <ConcernList l=l/> }.into_any(),
        }}
    }
}

#[component]
fn ConcernList(l: AdultConcernList) -> impl IntoView {
    let about = match l.reader {
        AdultConcernReader::Head => "No concern about an adult has been logged.",
        AdultConcernReader::ChairOfGovernors => "No concern about the head has been logged.",
    };
    view! {
        <section class="card" data-testid="adult-concerns">
            {if l.concerns.is_empty() {
                view! { <p class="staff-muted">{about}</p> }.into_any()
            } else {
                view! {
                    <ul class="needs-list">
                        {l.concerns.into_iter().map(|c| {
                            let lado = lado_badge(&c);
                            view! {
                                <li data-testid="adult-concern-line">
                                    <a href=format!("{ADULT_CONCERNS}/{}", c.id)>{format!("{} ({})", c.about_name, c.about_role)}</a>
                                    " " <span class=level_badge(c.level)>{c.level.label()}</span>
                                    {lado.map(|(class, text)| view! { " " <span class=class>{text}</span> })}
                                    " " <span class="badge">{if c.closed { "Closed" } else { "Open" }}</span>
                                    <br/><span class="staff-muted">{format!("{} \u{b7} {}", c.reference, when_short(c.received_at_ms))}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {(!l.patterns.is_empty()).then(|| view! {
            <section class="card" data-testid="adult-patterns">
                <h2>"Adults with more than one concern"</h2>
                <ul>
                    {l.patterns.into_iter().map(|p| view! {
                        <li>{format!(
                            "{}: {} low-level, {} that may have harmed a child, from {} to {}",
                            p.about_name, p.low_level, p.harm, when_short(p.first_ms), when_short(p.last_ms)
                        )}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
pub fn AdultConcernPage(id: String) -> impl IntoView {
    let ctx = use_staff();
    let record = RwSignal::new(None::<Result<AdultConcernRecord, String>>);
    {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let r = staff_api::adult_concern(&id).await;
            record.try_set(Some(r.map_err(|e| ctx.message(&e))));
        });
    }
    view! {
        <p class="no-print"><a href=ADULT_CONCERNS>"\u{2190} All concerns about adults"</a></p>
        {move || match record.get() {
            None => view! { <p class="staff-loading">"Loading\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
            Some(Ok(r)) => view! { <Record r=r record=record id=id.clone()/> }.into_any(),
        }}
    }
}

#[component]
fn Record(
    r: AdultConcernRecord,
    record: RwSignal<Option<Result<AdultConcernRecord, String>>>,
    id: String,
) -> impl IntoView {
    let c = &r.stored.concern;
    let lado = lado_badge(&r.line);
    let needs_reason = r.line.level == AdultConcernLevel::Harm && !r.line.lado_consulted;
    let closed = r.line.closed;
    view! {
        <h1>{format!("{} ({})", c.about_name, c.about_role)}</h1>
        <p>
            <span class=level_badge(r.line.level)>{r.line.level.label()}</span>
            {lado.map(|(class, text)| view! { " " <span class=class data-testid="adult-lado-status">{text}</span> })}
            " " <span class="badge">{if closed { "Closed" } else { "Open" }}</span>
        </p>
        <section class="card" data-testid="adult-concern-record">
            <dl class="facts">
                <dt>"Reference"</dt><dd>{r.line.reference.clone()}</dd>
                <dt>"Written by"</dt><dd>{r.stored.written_by.clone()}</dd>
                {c.told_by.clone().map(|t| view! { <dt>"Told them"</dt><dd>{t}</dd> })}
                <dt>"Happened"</dt><dd>{when(r.happened_at_ms)}</dd>
                <dt>"Received"</dt><dd>{when(r.line.received_at_ms)}</dd>
                <dt>"Where"</dt><dd>{c.place.clone().unwrap_or_else(|| "Not said".into())}</dd>
            </dl>
            <h2>"What happened"</h2>
            <p class="report-words">{c.what_happened.clone()}</p>
            <h2>"What they did already"</h2>
            <p class="report-words">{c.action_taken.clone().unwrap_or_else(|| "Nothing written.".into())}</p>
        </section>
        <section class="card" data-testid="adult-steps">
            <h2>"What has been recorded"</h2>
            {if r.steps.is_empty() {
                view! { <p class="staff-muted">"Nothing yet."</p> }.into_any()
            } else {
                view! { <ul>{r.steps.into_iter().map(step_line).collect_view()}</ul> }.into_any()
            }}
        </section>
        {(!closed).then(|| view! { <StepForms id=id record=record needs_reason=needs_reason/> })}
    }
}

fn step_line(s: RecordedAdultStep) -> impl IntoView {
    let text = match s.step {
        AdultConcernStep::Lado {
            consulted_on,
            lado,
            advice,
        } => format!("LADO consulted on {consulted_on}: spoke to {lado}. Advice: {advice}"),
        AdultConcernStep::Decision { decision, reason } => {
            format!("Decision: {decision}. Why: {reason}")
        }
        AdultConcernStep::Closed {
            outcome,
            below_threshold,
        } => match below_threshold {
            Some(why) => format!("Closed: {outcome}. Not for the LADO because: {why}"),
            None => format!("Closed: {outcome}"),
        },
    };
    view! { <li data-testid="adult-step">{text} <span class="staff-muted">{format!(" \u{2014} {}, {}", s.by, when_short(s.at_ms))}</span></li> }
}

/// A labelled box bound to `value`: one line, several, or a date.
#[component]
fn StepBox(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let max = if multiline {
        MAX_ADULT_TEXT_CHARS
    } else {
        MAX_ADULT_SHORT_CHARS
    };
    let input = move |ev: leptos::ev::Event| value.set(event_target_value(&ev));
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {if multiline {
                view! { <textarea id=id class="staff-textarea" maxlength=max.to_string() data-testid=id
                    prop:value=move || value.get() on:input=input></textarea> }.into_any()
            } else {
                view! { <input id=id type=kind maxlength=max.to_string() data-testid=id autocomplete="off"
                    prop:value=move || value.get() on:input=input/> }.into_any()
            }}
        </div>
    }
}

/// The three things the head records, each its own small form.
#[component]
fn StepForms(
    id: String,
    record: RwSignal<Option<Result<AdultConcernRecord, String>>>,
    needs_reason: bool,
) -> impl IntoView {
    let ctx = use_staff();
    let id = StoredValue::new(id);
    let error = RwSignal::new(None::<String>);
    let (on, lado, advice) = (
        RwSignal::new(today_input()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let (decision, reason) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (outcome, below) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let record_step = move |step: AdultConcernStep| {
        if let Err(e) = step.validate() {
            return error.set(Some(message(&e)));
        }
        error.set(None);
        leptos::task::spawn_local(async move {
            let id = id.get_value();
            match staff_api::adult_concern_step(&id, &step).await {
                Ok(r) => {
                    record.try_set(Some(Ok(r)));
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    view! {
        {move || error.get().map(|e| view! { <p class="error-text" role="alert" data-testid="adult-step-error">{e}</p> })}
        <form class="staff-form card" data-testid="adult-lado-form" on:submit=move |ev| {
            ev.prevent_default();
            record_step(AdultConcernStep::Lado { consulted_on: on.get_untracked(), lado: lado.get_untracked(), advice: advice.get_untracked() });
        }>
            <h2>"The LADO consulted"</h2>
            <StepBox id="lado-on" label="The day" kind="date" value=on/>
            <StepBox id="lado-who" label="Who you spoke to" value=lado/>
            <StepBox id="lado-advice" label="Their advice" value=advice multiline=true/>
            <button class="button button-primary" type="submit" data-testid="lado-record">"Record the LADO consulted"</button>
        </form>
        <form class="staff-form card" data-testid="adult-decision-form" on:submit=move |ev| {
            ev.prevent_default();
            record_step(AdultConcernStep::Decision { decision: decision.get_untracked(), reason: reason.get_untracked() });
        }>
            <h2>"A decision"</h2>
            <StepBox id="decision-what" label="What was decided" value=decision multiline=true/>
            <StepBox id="decision-why" label="Why" value=reason multiline=true/>
            <button class="button" type="submit">"Record the decision"</button>
        </form>
        <form class="staff-form card" data-testid="adult-close-form" on:submit=move |ev| {
            ev.prevent_default();
            let why = below.get_untracked();
            record_step(AdultConcernStep::Closed {
                outcome: outcome.get_untracked(),
                below_threshold: (!why.trim().is_empty()).then_some(why),
            });
        }>
            <h2>"Close it with the outcome"</h2>
            <StepBox id="close-outcome" label="The outcome" value=outcome multiline=true/>
            {needs_reason.then(|| view! {
                <p class="staff-hint">"The LADO hasn't been consulted: say why this didn't meet the threshold for the LADO, or record the LADO consulted first."</p>
                <StepBox id="close-below" label="Why it did not need the LADO" value=below multiline=true/>
            })}
            <button class="button" type="submit">"Close the concern"</button>
        </form>
    }
}
