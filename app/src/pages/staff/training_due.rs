//! The training panels of people's own homes: what is overdue and due in the next month (the
//! DSL's home and the training register's page), and the documents the school asks this person
//! to read, each confirmed with "I have read it".

use kite_protocol::training::{DueItem, MyReading, TrainingDue, TrainingState};
use leptos::prelude::*;

use super::format::{iso_date_label, when};
use super::use_staff;
use crate::staff_api;

/// How many lines each list shows before "and N more".
const SHOWN: usize = 8;

fn due_line(i: DueItem) -> impl IntoView {
    let when = match (i.state, i.due_on) {
        (TrainingState::NotRecorded, _) | (_, None) => "never recorded".to_string(),
        (_, Some(day)) => format!("due {}", iso_date_label(&day)),
    };
    view! { <li data-testid="training-due-item"><strong>{i.name}</strong> ": " {i.kind.label()} " \u{2014} " {when}</li> }
}

fn due_list(items: Vec<DueItem>, none: &'static str) -> AnyView {
    if items.is_empty() {
        return view! { <p class="staff-muted">{none}</p> }.into_any();
    }
    let more = items.len().saturating_sub(SHOWN);
    view! {
        <ul class="needs-list">{items.into_iter().take(SHOWN).map(due_line).collect_view()}</ul>
        {(more > 0).then(|| view! { <p class="staff-hint">{format!("and {more} more on the register.")}</p> })}
    }
    .into_any()
}

/// Training overdue and due in the next month. `reload` is bumped after a record is added.
#[component]
pub fn TrainingDuePanel(#[prop(optional)] reload: Option<RwSignal<u32>>) -> impl IntoView {
    let ctx = use_staff();
    let due = RwSignal::new(None::<Result<TrainingDue, String>>);
    Effect::new(move |_| {
        if let Some(r) = reload {
            r.track();
        }
        leptos::task::spawn_local(async move {
            let r = staff_api::training_due().await;
            due.try_set(Some(r.map_err(|e| ctx.message(&e))));
        });
    });
    move || {
        match due.get() {
        None => ().into_any(),
        Some(Err(e)) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
        Some(Ok(d)) => view! {
            <section class="card training-due" aria-labelledby="training-due-heading" data-testid="training-due">
                <h2 id="training-due-heading">"Staff training"</h2>
                <h3>"Overdue"</h3>
                <div data-testid="training-overdue">{due_list(d.overdue, "Nobody's training is overdue.")}</div>
                <h3>"Due in the next month"</h3>
                <div data-testid="training-due-soon">{due_list(d.due_soon, "Nothing falls due in the next month.")}</div>
                <p><a href="/staff/training">"The training register"</a></p>
            </section>
        }
        .into_any(),
    }
    }
}

/// The documents the school asks this person to read; nothing shows when there are none.
#[component]
pub fn ReadingToConfirm() -> impl IntoView {
    let ctx = use_staff();
    let docs = RwSignal::new(Vec::<MyReading>::new());
    let problem = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        match staff_api::my_reading().await {
            Ok(d) => docs.set(d),
            Err(e) => problem.set(Some(ctx.message(&e))),
        }
    });
    let confirm = move |id: i64| {
        leptos::task::spawn_local(async move {
            match staff_api::confirm_reading(id).await {
                Ok(d) => {
                    problem.set(None);
                    docs.set(d);
                }
                Err(e) => problem.set(Some(ctx.message(&e))),
            }
        });
    };
    move || {
        let list = docs.get();
        (!list.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="reading-heading" data-testid="my-reading">
                <h2 id="reading-heading">"Documents to read"</h2>
                <ul class="needs-list">
                    {list.into_iter().map(|m| {
                        let id = m.document.id;
                        let title = format!("{} (version {})", m.document.title, m.document.version);
                        view! {
                            <li data-testid="reading-item">
                                <a href=m.document.href() target="_blank" rel="noopener">{title.clone()}</a> " "
                                {match m.confirmed_at_ms {
                                    Some(at) => view! { <span class="badge">{format!("You confirmed reading it {}", when(at))}</span> }.into_any(),
                                    None => view! {
                                        <button type="button" class="button" data-testid="confirm-reading"
                                            aria-label=format!("I have read {title}")
                                            on:click=move |_| confirm(id)>"I have read it"</button>
                                    }.into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
            </section>
        })
    }
}
