//! The school's questions for families (technology at home, parental controls), when it has a
//! survey open: answered once per family, with nothing that says which family answered. Shows
//! nothing when there is no survey to answer.

use kite_protocol::survey::{Given, Survey, SurveyAnswer};
use leptos::prelude::*;

use super::use_parent;
use crate::components::survey_questions::SurveyQuestions;
use crate::i18n::{t, t_dyn};
use crate::parents_api;

#[component]
pub fn Surveys() -> impl IntoView {
    let ctx = use_parent();
    let open = RwSignal::new(Vec::<Survey>::new());
    leptos::task::spawn_local(async move {
        // A survey is extra: a failure here shows nothing rather than an error on the page.
        if let Ok(list) = parents_api::surveys().await.map_err(|e| ctx.message(&e)) {
            open.try_set(list);
        }
    });
    move || {
        open.get()
            .into_iter()
            .map(|s| view! { <SurveyCard survey=s/> })
            .collect_view()
    }
}

#[component]
fn SurveyCard(survey: Survey) -> impl IntoView {
    let ctx = use_parent();
    let answers = RwSignal::new(vec![None::<Given>; survey.questions.len()]);
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let survey_id = survey.id;
    let heading = format!("survey-{survey_id}-heading");
    let labelled_by = heading.clone();
    let title = t_dyn(&survey.title);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = SurveyAnswer {
            survey_id,
            answers: answers.get_untracked(),
        };
        if body.validate().is_err() {
            error.set(Some(t("Please answer at least one question.").into()));
            return;
        }
        leptos::task::spawn_local(async move {
            match parents_api::answer_survey(&body).await {
                Ok(()) => {
                    sent.try_set(true);
                }
                // A second answer from the family (another phone, say) is thanked the same way.
                Err(e) if e.status == 409 => {
                    sent.try_set(true);
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    view! {
        <section class="card parents-section" aria-labelledby=labelled_by data-testid="parents-survey">
            <h2 id=heading>{title}</h2>
            <Show when=move || !sent.get() fallback=|| view! {
                <p class="ok-text" role="status" data-testid="parents-survey-sent">{t("Thank you. Your answers help the school keep children safe online.")}</p>
            }>
                <p>{t("The school would like to hear from you. Answer what you like; your name isn't kept with your answers, and the school sees only totals.")}</p>
                <form on:submit=submit>
                    <SurveyQuestions survey=survey.clone() answers=answers words=|s: &str| t_dyn(s)/>
                    {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
                    <p><button class="button" type="submit" data-testid="parents-survey-send">{t("Send my answers")}</button></p>
                </form>
            </Show>
        </section>
    }
}
