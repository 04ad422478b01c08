//! `/staff/procedure/:id`: a step-by-step procedure on one record, for the DSL. The form is
//! drawn from the procedure's table (`kite_protocol::procedure`), the same table the server
//! checks answers and closing with: each step in order, its guidance, what was recorded (by
//! whom, when), and its questions. A step recorded again keeps the earlier recording. A
//! misuse procedure also prints a letter to the parents built from what was recorded.

use std::collections::BTreeMap;

use kite_protocol::procedure::{
    agency_of, misuse_letter, procedure, Answers, Field, FieldKind, Needed, Procedure,
    RecordProcedures, Step, MISUSE, PROCEDURES,
};
use kite_protocol::record::Agency;
use leptos::prelude::*;

use super::format::when;
use super::printable_letter::{child_choice, PrintableLetter};
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
    // The misuse procedure's letter, built from its recorded steps, shown instead of the steps.
    let letter = RwSignal::new(None::<BTreeMap<String, Answers>>);
    view! {
        {move || letter.get().map(|recorded| view! {
            <div class="no-print">
                <p><button type="button" class="button" on:click=move |_| letter.set(None)>"\u{2190} Back to the steps"</button></p>
                <h1>"A letter to the parents"</h1>
            </div>
            <MisuseLetter id=id recorded=recorded/>
        })}
        <div style:display=move || if letter.with(Option::is_some) { "none" } else { "block" }>
        <p><a href=back.clone()>"\u{2190} Back to the record"</a></p>
        {move || match state.get() {
            None => view! { <p>"Loading\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
            Some(Ok(r)) => {
                let more = (!r.closed || r.started.is_empty()).then(|| view! { <StartCard r=r.clone() id=id on_done=load/> });
                let started = r.started.into_iter().filter_map(|p| {
                let table = procedure(&p.procedure)?;
                let latest = p.latest();
                let missing = p.missing.clone();
                let can_print = table.key == MISUSE.key && misuse_letter(None, &latest).is_some();
                let for_letter = latest.clone();
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
                        {can_print.then(|| view! {
                            <p><button type="button" class="button" data-testid="misuse-letter"
                                on:click=move |_| letter.set(Some(for_letter.clone()))>"A letter to the parents, to print"</button></p>
                        })}
                    </div>
                    <div class="procedure-steps">
                        {table.steps.iter().enumerate().map(|(n, step)| {
                            let recorded: Vec<_> = p.steps.iter().filter(|s| s.step == step.key).cloned().collect();
                            view! { <StepCard table=table step=step n=n + 1 recorded=recorded latest=latest.clone() id=id on_done=load/> }
                        }).collect_view()}
                    </div>
                })
                }).collect_view();
                view! { {started} {more} }.into_any()
            }
        }}
        </div>
    }
}

/// The misuse procedure's letter: the school, the DSL and the record's child from the server,
/// the words from what was recorded, for the DSL to read, edit and print; on a record about
/// several children, one letter a child, chosen like the parents' letter.
#[component]
fn MisuseLetter(id: StoredValue<String>, recorded: BTreeMap<String, Answers>) -> impl IntoView {
    let ctx = use_staff();
    let from = RwSignal::new(None::<Result<kite_protocol::record::ParentLetter, String>>);
    let body = RwSignal::new(String::new());
    let recorded = StoredValue::new(recorded);
    let load = move |pupil: Option<i64>| {
        leptos::task::spawn_local(async move {
            let r = staff_api::parent_letter(&id.get_value(), pupil).await;
            if let Ok(l) = &r {
                let child = l
                    .children
                    .iter()
                    .find(|c| Some(c.pupil_id) == l.pupil_id)
                    .map(|c| c.first_name.as_str());
                let paragraphs = recorded
                    .with_value(|r| misuse_letter(child, r))
                    .unwrap_or_default();
                body.try_set(paragraphs.join("\n\n"));
            }
            from.try_set(Some(r.map_err(|e| ctx.message(&e))));
        });
    };
    load(None);
    move || {
        match from.get() {
        None => view! { <p>"Loading\u{2026}"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
        Some(Ok(l)) => view! {
            <PrintableLetter school_name=l.school_name from=l.from body=body
                hint="Built from what was recorded: read it through and change what you need. It names one child and is not kept by Kite: print it or copy it into a message.">
                {child_choice(&l.children, l.pupil_id, load)}
            </PrintableLetter>
        }
        .into_any(),
    }
    }
}

/// The procedures not yet started, those the category suggests first, each with its start
/// button.
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
    let mut open: Vec<&'static Procedure> = PROCEDURES
        .iter()
        .filter(|p| !r.started.iter().any(|s| s.procedure == p.key))
        .collect();
    open.sort_by_key(|p| !suggested.iter().any(|s| s == p.key));
    let heading = if r.started.is_empty() {
        "Step-by-step procedures"
    } else {
        "Start another procedure"
    };
    let any = !open.is_empty();
    view! {
        {match (r.started.is_empty(), any) {
            (true, _) => Some(view! { <h1>{heading}</h1> }.into_any()),
            (false, true) => Some(view! { <h2>{heading}</h2> }.into_any()),
            (false, false) => None,
        }}
        {open.into_iter().map(|p| {
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
                // Redrawn only when the field is shown or hidden, not at every answer: a redraw
                // would lose the focus of a box being typed in, and an input's own state.
                let shown = Memo::new(move |_| answers.with(|a| asked(f, a)));
                move || shown.get().then(|| view! { <FieldInput step=step f=f answers=answers/> })
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
        FieldKind::Agency => view! { <AgencyInput input_id=input_id label=f.label answers=answers field_key=f.key/> }.into_any(),
        FieldKind::Short | FieldKind::Date => view! {
            <div class="field">
                <label for=input_id.clone()>{f.label}</label>
                <input id=input_id type=if f.kind == FieldKind::Date { "date" } else { "text" } prop:value=value
                    on:input=move |ev| set(event_target_value(&ev))/>
            </div>
        }.into_any(),
    }
}

/// Who a referral went to: one of the referrals' agencies, or someone else named in words.
#[component]
fn AgencyInput(
    input_id: String,
    label: &'static str,
    answers: RwSignal<Answers>,
    field_key: &'static str,
) -> impl IntoView {
    let value = move || answers.with(|a| a.get(field_key).cloned().unwrap_or_default());
    let set = move |v: String| {
        answers.update(|a| {
            a.insert(field_key.to_string(), v);
        })
    };
    let start = answers.with_untracked(|a| a.get(field_key).cloned().unwrap_or_default());
    let someone_else = RwSignal::new(!start.is_empty() && agency_of(&start).1.is_some());
    let chosen = move |a: Agency| !someone_else.get() && agency_of(&value()).0 == a;
    let other_id = format!("{input_id}-other");
    view! {
        <div class="field">
            <label for=input_id.clone()>{label}</label>
            <select id=input_id on:change=move |ev| {
                let v = event_target_value(&ev);
                someone_else.set(v == Agency::Other.as_str());
                set(if v == Agency::Other.as_str() { String::new() } else { v });
            }>
                <option value="" prop:selected=move || !someone_else.get() && value().is_empty()>"Choose\u{2026}"</option>
                {Agency::ALL.into_iter().filter(|a| *a != Agency::Other).map(|a| view! {
                    <option value=a.as_str() prop:selected=move || chosen(a)>{a.label()}</option>
                }).collect_view()}
                <option value=Agency::Other.as_str() prop:selected=move || someone_else.get()>"Someone else"</option>
            </select>
        </div>
        {move || someone_else.get().then(|| view! {
            <div class="field">
                <label for=other_id.clone()>"Who (name the service)"</label>
                <input id=other_id.clone() type="text" prop:value=value on:input=move |ev| set(event_target_value(&ev))/>
            </div>
        })}
    }
}
