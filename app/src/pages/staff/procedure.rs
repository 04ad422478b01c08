//! `/staff/procedure/:id`: a step-by-step procedure on one record, for the DSL. The form is
//! drawn from the procedure's table (`kite_protocol::procedure`), the same table the server
//! checks answers and closing with: each step in order, its guidance, what was recorded (by
//! whom, when), and its questions. A step recorded again keeps the earlier recording.

use std::collections::BTreeMap;

use kite_protocol::procedure::{
    procedure, Answers, Field, FieldKind, Needed, Procedure, RecordProcedures, Step, PROCEDURES,
};
use leptos::prelude::*;

use super::format::when;
use super::use_staff;
use crate::staff_api;

#[component]
pub fn ProcedurePage(id: String) -> impl IntoView {
    let ctx = use_staff();
    let state = RwSignal::new(None::<Result<RecordProcedures, String>>);
    let id = StoredValue::new(id);
    let load = move || {
        leptos::task::spawn_local(async move {
            let r = staff_api::procedures(&id.get_value()).await;
            state.try_set(Some(r.map_err(|e| ctx.message(&e))));
        });
    };
    load();
    let back = format!("/staff/reports/{}", id.get_value());
    view! {
        <p><a href=back>"\u{2190} Back to the record"</a></p>
        {move || match state.get() {
            None => view! { <p>"Loading\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
            Some(Ok(r)) if r.started.is_empty() => view! { <StartCard r=r id=id on_done=load/> }.into_any(),
            Some(Ok(r)) => r.started.into_iter().filter_map(|p| {
                let table = procedure(&p.procedure)?;
                let latest = p.latest();
                let missing = p.missing.clone();
                Some(view! {
                    <h1>"Step by step: " {table.title}</h1>
                    <p class="staff-muted">"Following " {table.source} ". Started by " {p.started_by.clone()} ", " {when(p.started_at_ms)} "."</p>
                    <div class="card" data-testid="procedure-status" role="status">
                        {if missing.is_empty() {
                            view! { <p><strong>"Every step is recorded."</strong> " The record can be closed from its page."</p> }.into_any()
                        } else {
                            view! {
                                <p><strong>"Still to record before the record can close:"</strong></p>
                                <ul>{missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                            }.into_any()
                        }}
                    </div>
                    <div class="procedure-steps">
                        {table.steps.iter().enumerate().map(|(n, step)| {
                            let recorded: Vec<_> = p.steps.iter().filter(|s| s.step == step.key).cloned().collect();
                            view! { <StepCard table=table step=step n=n + 1 recorded=recorded latest=latest.clone() id=id on_done=load/> }
                        }).collect_view()}
                    </div>
                })
            }).collect_view().into_any(),
        }}
    }
}

/// No procedure yet: the one the category suggests first, each with its start button.
#[component]
fn StartCard(
    r: RecordProcedures,
    id: StoredValue<String>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let ctx = use_staff();
    let start = move |key: &'static str| {
        leptos::task::spawn_local(async move {
            match staff_api::start_procedure(&id.get_value(), key).await {
                Ok(()) => on_done(),
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    let suggested = r.suggested.clone();
    view! {
        <h1>"Step-by-step procedures"</h1>
        {PROCEDURES.iter().map(|p: &'static Procedure| {
            let fits = suggested.iter().any(|s| s == p.key);
            view! {
                <section class="card">
                    <h2>{p.title}</h2>
                    {fits.then(|| view! { <p><strong>"This record's category suggests this procedure."</strong></p> })}
                    <p class="staff-muted">"Following " {p.source} "."</p>
                    {if r.closed {
                        view! { <p>"This record is closed."</p> }.into_any()
                    } else {
                        view! {
                            <button type="button" class="button button-primary" data-testid=format!("start-{}", p.key)
                                on:click=move |_| start(p.key)>{format!("Start the {} procedure", p.title.to_lowercase())}</button>
                        }.into_any()
                    }}
                </section>
            }
        }).collect_view()}
        {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
    }
}

/// Whether a field is asked, given the form's answers so far.
fn asked(f: &Field, answers: &Answers) -> bool {
    match f.needed {
        Needed::When(other, value) => answers.get(other).map(String::as_str) == Some(value),
        _ => true,
    }
}

#[component]
fn StepCard(
    table: &'static Procedure,
    step: &'static Step,
    n: usize,
    recorded: Vec<kite_protocol::procedure::RecordedStep>,
    latest: BTreeMap<String, Answers>,
    id: StoredValue<String>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = use_staff();
    let start: Answers = latest.get(step.key).cloned().unwrap_or_else(|| {
        step.fields
            .iter()
            .filter_map(|f| Some((f.key.to_string(), f.default?.to_string())))
            .collect()
    });
    let answers = RwSignal::new(start);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save = move |_| {
        busy.set(true);
        let sent: Answers = answers.with_untracked(|a| {
            step.fields
                .iter()
                .filter(|f| asked(f, a))
                .filter_map(|f| Some((f.key.to_string(), a.get(f.key)?.clone())))
                .collect()
        });
        leptos::task::spawn_local(async move {
            let r = staff_api::record_step(&id.get_value(), table.key, step.key, &sent).await;
            busy.try_set(false);
            match r {
                Ok(()) => on_done(),
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    let newest = recorded.last().cloned();
    view! {
        <section class="card staff-form" data-testid=format!("step-{}", step.key)>
            <h2>{format!("{n}. {}", step.title)}</h2>
            <p class="staff-hint">{step.guidance}</p>
            {newest.map(|r| view! {
                <p class="staff-muted" data-testid="step-recorded">
                    {format!("Recorded by {}, {}", r.recorded_by, when(r.recorded_at_ms))}
                    {(recorded.len() > 1).then(|| format!(" (recorded {} times; the earlier ones are kept)", recorded.len()))}
                </p>
            })}
            {step.fields.iter().map(|f| {
                let f: &'static Field = f;
                move || answers.with(|a| asked(f, a)).then(|| view! { <FieldInput step=step f=f answers=answers/> })
            }).collect_view()}
            {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
            <button type="button" class="button button-primary" disabled=move || busy.get() on:click=save>"Record this step"</button>
        </section>
    }
}

#[component]
fn FieldInput(step: &'static Step, f: &'static Field, answers: RwSignal<Answers>) -> impl IntoView {
    let input_id = format!("{}-{}", step.key, f.key);
    let value = move || answers.with(|a| a.get(f.key).cloned().unwrap_or_default());
    let set = move |v: String| {
        answers.update(|a| {
            a.insert(f.key.to_string(), v);
        })
    };
    let options: Vec<(&'static str, &'static str)> = match f.kind {
        FieldKind::YesNo => vec![("yes", "Yes"), ("no", "No")],
        FieldKind::Choice(choices) => choices.iter().map(|c| (c.key, c.label)).collect(),
        _ => Vec::new(),
    };
    match f.kind {
        FieldKind::YesNo | FieldKind::Choice(_) => view! {
            <fieldset class="choice-row">
                <legend>{f.label}</legend>
                {options.into_iter().map(|(key, label)| view! {
                    <label>
                        <input type="radio" name=input_id.clone() value=key prop:checked=move || value() == key
                            on:change=move |_| set(key.to_string())/>
                        " " {label}
                    </label>
                }).collect_view()}
            </fieldset>
        }.into_any(),
        FieldKind::Tick => view! {
            <div class="choice-row">
                <label>
                    <input type="checkbox" id=input_id prop:checked=move || value() == "yes"
                        on:change=move |ev| set(if event_target_checked(&ev) { "yes".into() } else { String::new() })/>
                    " " {f.label}
                </label>
            </div>
        }.into_any(),
        FieldKind::Long => view! {
            <div class="field">
                <label for=input_id.clone()>{f.label}</label>
                <textarea id=input_id class="staff-textarea" rows="3" prop:value=value
                    on:input=move |ev| set(event_target_value(&ev))></textarea>
            </div>
        }.into_any(),
        FieldKind::Short | FieldKind::Date => view! {
            <div class="field">
                <label for=input_id.clone()>{f.label}</label>
                <input id=input_id type=if f.kind == FieldKind::Date { "date" } else { "text" } prop:value=value
                    on:input=move |ev| set(event_target_value(&ev))/>
            </div>
        }.into_any(),
    }
}
