//! The lesson activities, one component each, shared by the pupil player (`/learn/:id`) and the
//! teacher's presenter (`/present/:id`, where the stage makes them bigger). The rules — what is
//! safe, what goes where, when an activity is finished — live in `crate::lesson_flow`.

mod discuss;
mod quiz;
mod scenario;
mod sort;

use kite_lessons::Activity;
use leptos::prelude::*;

use crate::components::icons::{self, Icon};
use crate::curriculum::image_url;
use crate::device::use_tablet;
use crate::i18n::lesson_t;
use crate::lesson_flow::activities::feedback_heading;
use crate::speech::{read_if_set, speak};
pub use discuss::DiscussActivity;
pub use quiz::QuizActivity;
pub use scenario::ScenarioActivity;
pub use sort::SortActivity;

/// Shows one activity. `on_done` runs when it is finished (a safe option found, every card
/// sorted, every question answered; at once for "talk about it"). `auto_read` reads the prompt
/// and each piece of feedback aloud (the pupil tablet; the presenter leaves that to the teacher).
#[component]
pub fn ActivityView(
    activity: &'static Activity,
    auto_read: bool,
    on_done: Callback<()>,
) -> impl IntoView {
    match activity {
        Activity::Scenario(s) => {
            view! { <ScenarioActivity scenario=s auto_read=auto_read on_done=on_done/> }.into_any()
        }
        Activity::Sort(s) => {
            view! { <SortActivity sort=s auto_read=auto_read on_done=on_done/> }.into_any()
        }
        Activity::Quiz(q) => {
            view! { <QuizActivity quiz=q auto_read=auto_read on_done=on_done/> }.into_any()
        }
        Activity::Discuss(d) => {
            view! { <DiscussActivity discuss=d auto_read=auto_read on_done=on_done/> }.into_any()
        }
    }
}

/// How the choices are joined when read aloud: "… Or: …".
fn read_choices(prompt: &str, choices: &[&str]) -> String {
    let or = format!(" {} ", lesson_t("Or:"));
    format!("{prompt} {}", choices.join(or.as_str()))
}

/// An answer's picture, above its words, so a child who can't read yet can choose by it (the
/// words are read aloud). Decorative to a screen reader: the button's words say it all.
#[component]
fn AnswerPicture(image: Option<&'static str>) -> impl IntoView {
    image.map(|img| {
        view! { <img class="answer-picture" src=image_url(img) alt="" width="96" height="96"/> }
    })
}

/// What the child is told after a choice: kind words, the lesson's reason, never a red cross.
#[component]
fn FeedbackBox(#[prop(into)] feedback: Signal<Option<(bool, String)>>) -> impl IntoView {
    view! {
        <div class="feedback-slot" role="status" aria-live="polite">
            {move || feedback.get().map(|(good, text)| view! {
                <div
                    class="feedback"
                    class:feedback-good=good
                    class:feedback-think=!good
                    data-testid="feedback"
                    data-good=good.to_string()
                >
                    <Icon svg=if good { icons::THANKS } else { icons::SOMETHING_ELSE }/>
                    <div>
                        <p class="feedback-heading">{feedback_heading(good)}</p>
                        <p class="feedback-text">{text}</p>
                    </div>
                </div>
            })}
        </div>
    }
}

/// Reads `text` aloud when the activity appears, if the caller asked for it.
fn read_on_mount(auto_read: bool, text: String) {
    if !auto_read {
        return;
    }
    read_if_set(use_tablet(), &text);
}

/// Reads feedback aloud as it arrives, if the caller asked for it.
fn read_feedback(auto_read: bool, heading_and_text: Signal<Option<(bool, String)>>) {
    if !auto_read {
        return;
    }
    let tablet = use_tablet();
    Effect::new(move |_| {
        if let Some((good, text)) = heading_and_text.get() {
            if tablet.auto_read.get_untracked() {
                speak(tablet, &format!("{} {text}", feedback_heading(good)));
            }
        }
    });
}
