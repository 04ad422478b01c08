//! A class's year group on the class list: two selects (the year, and for a mixed class the
//! other year) used when making a class and when setting or changing one's year. The rules (at
//! most two, the band following the youngest) are `kite_protocol::class_years`, checked again
//! by the server.

use kite_protocol::class_years::class_years_label;
use kite_protocol::classes::{ClassSummary, ClassYears};
use kite_protocol::pupil_record::YearGroup;
use leptos::prelude::*;

use super::use_staff;
use crate::staff_api;

/// The chosen years, youngest first; empty when none is chosen.
pub fn chosen(first: Option<YearGroup>, second: Option<YearGroup>) -> Vec<YearGroup> {
    let mut years: Vec<YearGroup> = first.into_iter().chain(second).collect();
    years.sort();
    years.dedup();
    years
}

fn year_select(
    id: String,
    label: &'static str,
    none: &'static str,
    value: RwSignal<Option<YearGroup>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| {
                let v = event_target_value(&ev);
                value.set(YearGroup::ALL.into_iter().find(|y| y.as_str() == v));
            }>
                <option value="" prop:selected=move || value.get().is_none()>{none}</option>
                {YearGroup::ALL.into_iter().map(|y| view! {
                    <option value=y.as_str() prop:selected=move || value.get() == Some(y)>{y.label()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// "Year group" and "Mixed with (for a mixed class)".
#[component]
pub fn ClassYearFields(
    id: String,
    first: RwSignal<Option<YearGroup>>,
    second: RwSignal<Option<YearGroup>>,
) -> impl IntoView {
    view! {
        {year_select(format!("{id}-year"), "Year group", "Choose\u{2026}", first)}
        {year_select(format!("{id}-mixed"), "Mixed with (a mixed class only)", "No other year", second)}
    }
}

/// The class's year on its row: the year, or "Not set" and a form to set it; editors can change
/// a year that is set (a class moves up each September).
#[component]
pub fn ClassYearCell(class: ClassSummary, editor: bool, on_saved: Callback<()>) -> impl IntoView {
    let ctx = use_staff();
    let label = class_years_label(&class.years);
    let unset = class.years.is_empty();
    let first = RwSignal::new(class.years.first().copied());
    let second = RwSignal::new(class.years.get(1).copied());
    let problem = RwSignal::new(None::<String>);
    let id = class.id;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let years = ClassYears {
            years: chosen(first.get_untracked(), second.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match staff_api::set_class_years(id, &years).await {
                Ok(_) => on_saved.run(()),
                Err(e) => {
                    problem.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    let form = move || {
        view! {
            <form class="staff-form class-year-form" on:submit=save data-testid="class-year-form">
                <ClassYearFields id=format!("class-{id}") first=first second=second/>
                <button class="button button-secondary" type="submit">"Save year"</button>
                {move || problem.get().map(|p| view! { <p class="error-text" role="alert">{p}</p> })}
            </form>
        }
    };
    let band = class.band.label();
    match (unset, editor) {
        (true, true) => view! {
            <span class="status-pill" data-testid="class-year-unset">{format!("Not set ({band})")}</span>
            {form()}
        }
        .into_any(),
        (true, false) => view! { <span data-testid="class-year-unset">{format!("Not set ({band})")}</span> }.into_any(),
        (false, true) => view! {
            <span data-testid="class-year">{label}</span>
            <details class="class-year-change">
                <summary>"Change"</summary>
                {form()}
            </details>
        }
        .into_any(),
        (false, false) => view! { <span data-testid="class-year">{label}</span> }.into_any(),
    }
}
