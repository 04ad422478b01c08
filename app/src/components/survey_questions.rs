//! A survey's questions on one page, for an adult (staff after signing in, a parent at home):
//! choices and faces as radio buttons with their words, a few words in a box, every question
//! optional. What is chosen is kept in `answers` (one slot a question), for the page to send.

use kite_protocol::survey::{Given, Question, Survey, MAX_TEXT_ANSWER_CHARS};
use leptos::prelude::*;

/// `words` puts the school's words in the page's language (the parents' page) or leaves them
/// (the staff pages, in English).
#[component]
pub fn SurveyQuestions(
    survey: Survey,
    answers: RwSignal<Vec<Option<Given>>>,
    words: fn(&str) -> String,
) -> impl IntoView {
    let set = move |i: usize, given: Option<Given>| {
        answers.update(|a| {
            if let Some(slot) = a.get_mut(i) {
                *slot = given;
            }
        })
    };
    let survey_id = survey.id;
    survey
        .questions
        .into_iter()
        .enumerate()
        .map(|(i, q)| {
            let name = format!("survey-{survey_id}-q{i}");
            let legend = format!("{name}-legend");
            let radios = |labels: Vec<String>, make: fn(u8) -> Given| {
                labels
                    .into_iter()
                    .enumerate()
                    .map(|(n, label)| {
                        let id = format!("{name}-{n}");
                        view! {
                            <div class="radio-row">
                                <input type="radio" id=id.clone() name=name.clone()
                                    on:change=move |_| set(i, Some(make(n as u8)))/>
                                <label for=id>{words(&label)}</label>
                            </div>
                        }
                    })
                    .collect_view()
                    .into_any()
            };
            let body = match &q {
                Question::Choice { options, .. } => radios(options.clone(), Given::Choice),
                Question::Scale { .. } => radios(q.labels(), Given::Scale),
                Question::Text { .. } => view! {
                    <textarea rows="3" maxlength=MAX_TEXT_ANSWER_CHARS.to_string() aria-labelledby=legend.clone()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            set(i, (!text.trim().is_empty()).then_some(Given::Text(text)));
                        }></textarea>
                }
                .into_any(),
            };
            view! {
                <fieldset class="field" data-testid="survey-adult-question">
                    <legend id=legend>{words(q.prompt())}</legend>
                    {body}
                </fieldset>
            }
        })
        .collect_view()
}
