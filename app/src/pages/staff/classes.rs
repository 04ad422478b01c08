//! Classes, for admins and teachers: the list (each links to its register) with each class's
//! year group (set here; classes made before years were kept are asked for theirs), a new class,
//! and a class list imported from CSV with every problem row shown by its line. DSLs see the
//! list and registers but don't edit class lists (the server refuses it).

use kite_protocol::classes::{ClassSummary, ImportResult, NewClass};
use kite_protocol::pupil_record::YearGroup;
use kite_protocol::staff::Role;
use leptos::prelude::*;

use super::class_year::{chosen, ClassYearCell, ClassYearFields};
use super::{use_staff, TextField};
use crate::staff_api;

#[component]
pub fn ClassesPage() -> impl IntoView {
    let ctx = use_staff();
    let editor = ctx.role() != Some(Role::Dsl);
    let classes = RwSignal::new(None::<Vec<ClassSummary>>);
    let message = RwSignal::new(None::<(bool, String)>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match staff_api::classes().await {
                Ok(c) => {
                    classes.try_set(Some(c));
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    load();

    let name = RwSignal::new(String::new());
    let first_year = RwSignal::new(None::<YearGroup>);
    let second_year = RwSignal::new(None::<YearGroup>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = NewClass {
            name: name.get_untracked(),
            band: None,
            years: chosen(first_year.get_untracked(), second_year.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match staff_api::create_class(&new).await {
                Ok(c) => {
                    message.try_set(Some((true, format!("{} made.", c.name))));
                    name.try_set(String::new());
                    first_year.try_set(None);
                    second_year.try_set(None);
                    load();
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };

    let csv = RwSignal::new(String::new());
    let result = RwSignal::new(None::<ImportResult>);
    // Checking first writes nothing; importing is the same request without `preview`.
    let send = move |preview: bool| {
        let text = csv.get_untracked();
        leptos::task::spawn_local(async move {
            match staff_api::import_classes(text, preview).await {
                Ok(r) => {
                    result.try_set(Some(r));
                    if !preview {
                        load();
                    }
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(false);
    };

    // A spreadsheet saved as CSV fills the box, so the teacher sees what will be imported.
    let read_file = move |ev: leptos::ev::Event| {
        let Some(file) = super::chosen_file::first_file(&ev) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match super::chosen_file::text(&file).await {
                Some(text) => {
                    csv.try_set(text);
                    result.try_set(None);
                }
                None => {
                    message.try_set(Some((
                        false,
                        "That file could not be read. Save the class list as CSV (UTF-8) and choose it again.".into(),
                    )));
                }
            }
        });
    };

    view! {
        <h1>"Classes"</h1>
        {move || message.get().map(|(ok, t)| view! { <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p> })}
        {move || {
            let unset = classes.with(|c| c.as_ref().map_or(0, |c| c.iter().filter(|c| c.years.is_empty()).count()));
            (editor && unset > 0).then(|| view! {
                <p class="notice-inline" role="status" data-testid="classes-without-year">
                    {match unset { 1 => "1 class has no year group yet.".to_string(), n => format!("{n} classes have no year group yet.") }}
                    " Set each one below, so its tablets and the presenter show that year\u{2019}s lessons first. Until then it works as before, by its band."
                </p>
            })
        }}
        <section class="card">
            {move || match classes.get() {
                None => view! { <p>"Loading\u{2026}"</p> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <p data-testid="no-classes">"No classes yet. Make one below, or import a class list."</p>
                }.into_any(),
                Some(list) => view! {
                    <table class="staff-table" data-testid="classes">
                        <thead><tr><th>"Class"</th><th>"Year group"</th><th>"Pupils"</th><th>"Teachers"</th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|c| view! {
                                <tr>
                                    <td><a href=format!("/staff/classes/{}", c.id)>{c.name.clone()}</a></td>
                                    <td><ClassYearCell class=c.clone() editor=editor on_saved=Callback::new(move |_| load())/></td>
                                    <td>{c.pupils}</td>
                                    <td>{c.teachers.iter().map(|t| t.name.clone()).collect::<Vec<_>>().join(", ")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </section>
        <Show when=move || editor>
            <section class="card">
                <h2>"New class"</h2>
                <form on:submit=create class="staff-form">
                    <TextField id="class-name" label="Name" max=60 value=name/>
                    <ClassYearFields id={"new-class".to_string()} first=first_year second=second_year/>
                    <button class="button button-primary" type="submit">"Make class"</button>
                </form>
                <p class="hint">"A teacher who makes a class becomes its teacher. A mixed class (for example Year 3/4) names both years; it shares its younger year\u{2019}s key stage."</p>
            </section>
            <section class="card">
                <h2>"Import a class list"</h2>
                <p>"Choose the class list saved as a CSV file, or paste it, one pupil a line: first name, last-name initial, class, and the year group (Reception, Year 1 to Year 6, or Year 3/4 for a mixed class) or the band (EYFS, KS1 or KS2). A header row is fine. A new class takes the year its rows give. Classes that don't exist yet are made. Rows with a problem are listed; the rest are imported, and nobody is added twice."</p>
                <p>"Or choose the pupil list exported from your MIS (SIMS, Arbor, Bromcom or ScholarPack) as it comes: Kite finds its columns by their headings, keeps the UPN, date of birth and admission and leaving dates in each child's record, and shows only the first name and initial on tablets. Export it again next term: a pupil who changed class is moved, one whose leaving date has come is marked as left, and nobody is added twice. Check the file first to see what Kite will do."</p>
                <div class="field">
                    <label for="import-file">"Choose a CSV file"</label>
                    <input id="import-file" type="file" accept=".csv,text/csv,text/plain" data-testid="import-file" on:change=read_file/>
                </div>
                <form on:submit=import>
                    <textarea class="import-csv" rows="8" data-testid="import-csv" aria-label="The class list"
                        placeholder="First name,Last initial,Class,Year\nAva,B,Oak,Year 2"
                        prop:value=move || csv.get() on:input=move |ev| csv.set(event_target_value(&ev))></textarea>
                    <p class="row">
                        <button class="button" type="button" data-testid="import-check" on:click=move |_| send(true)>"Check the file first"</button>
                        <button class="button button-primary" type="submit" data-testid="import">"Import"</button>
                    </p>
                </form>
                {move || result.get().map(|r| view! { <ImportOutcome r=r/> })}
            </section>
        </Show>
    }
}

/// What an import did, or (checked first) would do: the columns understood, who is added,
/// moved, marked as left or left out of the file, and each row with a problem.
#[component]
fn ImportOutcome(r: ImportResult) -> impl IntoView {
    let list = |heading: String, items: Vec<String>, testid: &'static str| {
        (!items.is_empty()).then(|| view! {
            <h3>{heading}</h3>
            <ul data-testid=testid>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
        })
    };
    let verb = |done: &'static str, would: &'static str| if r.preview { would } else { done };
    let summary = format!(
        "{} {}, {} already on their class list{}{}.",
        r.imported.len(),
        verb("added", "to add"),
        r.already_there,
        if r.moved.is_empty() {
            String::new()
        } else {
            format!(", {} {}", r.moved.len(), verb("moved", "to move"))
        },
        if r.left.is_empty() {
            String::new()
        } else {
            format!(
                ", {} {}",
                r.left.len(),
                verb("marked as left", "to mark as left")
            )
        },
    );
    view! {
        <div data-testid="import-result" data-preview=r.preview.to_string()>
            {r.preview.then(|| view! {
                <p class="notice-inline" role="status">"Nothing has been imported yet. This is what Kite understood and what importing will do."</p>
            })}
            {(!r.columns.is_empty()).then(|| view! {
                <h3>"Columns"</h3>
                <ul data-testid="import-columns">{r.columns.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul>
                {(!r.ignored_columns.is_empty()).then(|| view! {
                    <p data-testid="import-ignored">{format!("Not kept: {}.", r.ignored_columns.join(", "))}</p>
                })}
            })}
            <p class="ok-text" role="status">{summary}</p>
            {(!r.classes_created.is_empty()).then(|| view! {
                <p>{format!("{}: {}.", verb("New classes", "Classes to make"), r.classes_created.join(", "))}</p>
            })}
            {list(verb("Added", "To add").to_string(), r.imported.clone(), "import-added")}
            {list(verb("Moved to a new class", "To move to a new class").to_string(), r.moved.clone(), "import-moved")}
            {list(verb("Marked as left", "To mark as left").to_string(), r.left.clone(), "import-left")}
            {list(
                "On Kite's class lists but not in this file (not changed: if they have left, mark them in the class's register)".to_string(),
                r.not_in_file.clone(),
                "import-not-in-file",
            )}
            {(!r.errors.is_empty()).then(|| view! {
                <p class="error-text">{match (r.errors.len(), r.preview) {
                    (1, false) => "1 row was not imported:".to_string(),
                    (n, false) => format!("{n} rows were not imported:"),
                    (1, true) => "1 row can't be imported:".to_string(),
                    (n, true) => format!("{n} rows can't be imported:"),
                }}</p>
                <ul class="import-errors">
                    {r.errors.iter().map(|e| view! { <li>{format!("Line {}: {}", e.line, e.message)}</li> }).collect_view()}
                </ul>
            })}
        </div>
    }
}
