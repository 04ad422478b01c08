//! The school's term dates, on the school page: the first and last day of each half-term of a
//! school year. The governors' report counts by whole calendar months and reports a half-term or
//! a term as the months it mostly covers, which these dates decide; a year the school hasn't set
//! follows the usual England pattern. INSET days, inside a half-term, are not counted as school
//! days (a leaver's file is due within five school days).

use kite_protocol::oversight::{HalfTermDates, TermDatesForm};
use leptos::prelude::*;

use super::use_staff;
use crate::staff_api;

#[derive(Clone, Copy)]
struct Row {
    key: &'static str,
    label: &'static str,
    starts_on: RwSignal<String>,
    ends_on: RwSignal<String>,
    months: RwSignal<String>,
}

const HALF_TERMS: [(&str, &str); 6] = [
    ("autumn-1", "Autumn 1"),
    ("autumn-2", "Autumn 2"),
    ("spring-1", "Spring 1"),
    ("spring-2", "Spring 2"),
    ("summer-1", "Summer 1"),
    ("summer-2", "Summer 2"),
];

fn year_name(year: i32) -> String {
    format!("{year}-{:02}", (year + 1).rem_euclid(100))
}

#[component]
pub fn TermDates() -> impl IntoView {
    let ctx = use_staff();
    let now = js_sys::Date::new_0();
    let this_year = {
        let y = now.get_full_year() as i32;
        if now.get_month() >= 8 {
            y
        } else {
            y - 1
        }
    };
    let year = RwSignal::new(this_year);
    let set_by_school = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String)>);
    let rows: Vec<Row> = HALF_TERMS
        .iter()
        .map(|(key, label)| Row {
            key,
            label,
            starts_on: RwSignal::new(String::new()),
            ends_on: RwSignal::new(String::new()),
            months: RwSignal::new(String::new()),
        })
        .collect();
    let rows = StoredValue::new(rows);
    // Each INSET day its own signal, so a date being picked isn't redrawn under the cursor.
    let inset = RwSignal::new(Vec::<RwSignal<String>>::new());
    let show = move |form: TermDatesForm| {
        set_by_school.set(form.set_by_school);
        inset.set(form.inset_days.into_iter().map(RwSignal::new).collect());
        rows.with_value(|rows| {
            for (row, given) in rows.iter().zip(&form.half_terms) {
                row.starts_on.set(given.starts_on.clone());
                row.ends_on.set(given.ends_on.clone());
                row.months.set(given.months.clone());
            }
        });
    };
    Effect::new(move |_| {
        let y = year.get();
        leptos::task::spawn_local(async move {
            match staff_api::term_dates(y).await {
                Ok(form) => show(form),
                Err(e) => message.set(Some((false, ctx.message(&e)))),
            }
        });
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = TermDatesForm {
            school_year: year.get_untracked(),
            set_by_school: true,
            half_terms: rows.with_value(|rows| {
                rows.iter()
                    .map(|r| HalfTermDates {
                        key: r.key.into(),
                        label: r.label.into(),
                        starts_on: r.starts_on.get_untracked(),
                        ends_on: r.ends_on.get_untracked(),
                        months: String::new(),
                    })
                    .collect()
            }),
            inset_days: inset
                .get_untracked()
                .iter()
                .map(|d| d.get_untracked())
                .filter(|d| !d.is_empty())
                .collect(),
        };
        leptos::task::spawn_local(async move {
            match staff_api::save_term_dates(&form).await {
                Ok(kept) => {
                    show(kept);
                    message.set(Some((true, "Term dates saved.".into())));
                }
                Err(e) => message.set(Some((false, ctx.message(&e)))),
            }
        });
    };
    view! {
        <form class="staff-form term-dates" data-testid="term-dates" on:submit=save>
            <section class="card" aria-labelledby="terms-heading">
                <h2 id="terms-heading">"Term dates"</h2>
                <p class="staff-hint">"The governors' report counts by whole calendar months. A half-term or a term is reported as the months it mostly covers, worked out from these dates."</p>
                <label class="field">"School year "
                    <select data-testid="terms-year" on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).parse() { year.set(y) }
                    }>
                        {(-1..=1).map(|d| {
                            let y = this_year + d;
                            view! { <option value=y.to_string() selected=move || year.get() == y>{year_name(y)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <p class="staff-hint">{move || if set_by_school.get() {
                    "These are the school's own dates."
                } else {
                    "Not set yet: these are the usual dates for a school in England. Change them to the school's own and save."
                }}</p>
                <table class="staff-table">
                    <thead><tr>
                        <th scope="col">"Half-term"</th>
                        <th scope="col">"First day"</th>
                        <th scope="col">"Last day"</th>
                        <th scope="col">"Counted as"</th>
                    </tr></thead>
                    <tbody>
                        {rows.get_value().into_iter().map(|r| view! {
                            <tr data-testid="term-row" data-key=r.key>
                                <th scope="row">{r.label}</th>
                                <td><input type="date" aria-label=format!("{} first day", r.label)
                                    prop:value=r.starts_on on:change=move |ev| r.starts_on.set(event_target_value(&ev))/></td>
                                <td><input type="date" aria-label=format!("{} last day", r.label)
                                    prop:value=r.ends_on on:change=move |ev| r.ends_on.set(event_target_value(&ev))/></td>
                                <td data-testid="term-months">{r.months}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <h3>"INSET days"</h3>
                <p class="staff-hint">"Training days inside a half-term, when pupils are not in school. They are not counted as school days."</p>
                <ul class="inset-days" data-testid="inset-days">
                    {move || inset.get().into_iter().enumerate().map(|(i, day)| view! {
                        <li>
                            <input type="date" aria-label=format!("INSET day {}", i + 1) data-testid="inset-day"
                                prop:value=day on:change=move |ev| day.set(event_target_value(&ev))/>
                            " "
                            <button type="button" class="button button-quiet"
                                aria-label=format!("Remove INSET day {}", i + 1)
                                on:click=move |_| inset.update(|v| { v.remove(i); })>"Remove"</button>
                        </li>
                    }).collect_view()}
                </ul>
                <p><button type="button" class="button" data-testid="add-inset-day"
                    on:click=move |_| inset.update(|v| v.push(RwSignal::new(String::new())))>"Add an INSET day"</button></p>
                {move || message.get().map(|(ok, t)| view! { <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p> })}
                <p><button class="button button-primary" type="submit">"Save term dates"</button></p>
            </section>
        </form>
    }
}
