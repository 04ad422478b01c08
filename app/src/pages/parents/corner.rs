//! Parents' corner: the lessons the child's class did this half-term, each with its take-home
//! note and conversation starter (the lesson files' `parent_note`; the server sends lesson ids
//! only).

use kite_protocol::parents::Corner as CornerData;
use leptos::prelude::*;

use super::use_parent;
use crate::components::with_lessons::WithLessons;
use crate::curriculum;
use crate::i18n::{t, tf};
use crate::parents_api;

/// The note and its conversation starter, which the lesson files write as a last paragraph
/// beginning "Conversation starter:".
fn split_note(note: &str) -> (String, Option<String>) {
    match note.split_once("Conversation starter:") {
        Some((before, starter)) => (
            before.trim().to_string(),
            Some(starter.trim().to_string()).filter(|s| !s.is_empty()),
        ),
        None => (note.trim().to_string(), None),
    }
}

#[component]
pub fn Corner(first_name: String) -> impl IntoView {
    let ctx = use_parent();
    let data = RwSignal::new(None::<Result<CornerData, String>>);
    leptos::task::spawn_local(async move {
        let r = parents_api::corner().await.map_err(|e| ctx.message(&e));
        data.try_set(Some(r));
    });
    view! {
        <section class="card parents-section" id="learning" aria-labelledby="learning-heading">
            <h2 id="learning-heading">{t("What the class is learning")}</h2>
            {move || match data.get() {
                None => view! { <p class="staff-muted">{t("Loading\u{2026}")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error-text">{e}</p> }.into_any(),
                Some(Ok(c)) => {
                    let first_name = first_name.clone();
                    view! { <WithLessons>{class_lessons(&c, &first_name)}</WithLessons> }.into_any()
                }
            }}
        </section>
    }
}

/// The half-term's name the server sends (`http::parents::corner`), in the page's language.
fn term_words(name: &str) -> &str {
    match name {
        "Spring term, first half" => t("Spring term, first half"),
        "Spring term, second half" => t("Spring term, second half"),
        "Summer term, first half" => t("Summer term, first half"),
        "Summer term, second half" => t("Summer term, second half"),
        "Autumn term, first half" => t("Autumn term, first half"),
        "Autumn term, second half" => t("Autumn term, second half"),
        other => other,
    }
}

/// The class's lessons with their notes (the lessons are in by now: see `WithLessons`).
fn class_lessons(c: &CornerData, first_name: &str) -> AnyView {
    let lessons: Vec<_> = c
        .lessons
        .iter()
        .filter_map(|l| curriculum::by_id(&l.lesson_id))
        .collect();
    if lessons.is_empty() {
        view! {
            <p data-testid="corner-empty">{tf("{term}: no online safety lessons recorded for {name}'s class yet. They will appear here after the class has done one.", &[("term", term_words(&c.half_term)), ("name", first_name)])}</p>
        }.into_any()
    } else {
        view! {
            <p>{tf("{term}: the lessons {name}'s class has done, with something to talk about at home.", &[("term", term_words(&c.half_term)), ("name", first_name)])}</p>
            <ul class="parents-lessons" data-testid="corner-lessons">
                {lessons.into_iter().map(|l| {
                    let (note, starter) = split_note(&l.parent_note);
                    view! {
                        <li class="parents-lesson">
                            <h3>{l.title.clone()}</h3>
                            <p>{note}</p>
                            {starter.map(|s| view! { <p class="parents-starter"><strong>{t("Try asking:")} " "</strong>{s}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::split_note;

    #[test]
    fn every_lesson_note_has_a_conversation_starter_to_show() {
        for lesson in crate::curriculum::all() {
            let (note, starter) = split_note(&lesson.parent_note);
            assert!(!note.is_empty(), "{}", lesson.id);
            assert!(
                starter.is_some(),
                "{} has no conversation starter",
                lesson.id
            );
        }
    }
}
