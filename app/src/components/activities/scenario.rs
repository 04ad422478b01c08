use kite_lessons::Scenario;
use leptos::prelude::*;

use super::{read_choices, read_feedback, read_on_mount, AnswerPicture, FeedbackBox};
use crate::components::speak_button::SpeakButton;
use crate::curriculum::image_url;
use crate::i18n::lesson_t;
use crate::lesson_flow::activities::ScenarioState;

/// "What would you do?": tap the safe option. A less-safe choice gets the lesson's kind reason
/// and stays tappable-looking but marked "tried", so the child simply tries another.
#[component]
pub fn ScenarioActivity(
    scenario: &'static Scenario,
    auto_read: bool,
    on_done: Callback<()>,
) -> impl IntoView {
    let state = RwSignal::new(ScenarioState::default());
    let spoken = {
        let options: Vec<&str> = scenario.options.iter().map(|o| o.text.as_str()).collect();
        read_choices(&scenario.read_aloud, &options)
    };
    read_on_mount(auto_read, spoken.clone());
    let feedback =
        Signal::derive(move || state.with(|s| s.last.as_ref().map(|f| (f.good, f.text.clone()))));
    read_feedback(auto_read, feedback);

    view! {
        <section class="activity activity-scenario" data-testid="activity-scenario" aria-labelledby="activity-prompt">
            <p class="activity-kind">{lesson_t("What would you do?")}</p>
            <div class="activity-head">
                <h2 class="activity-prompt" id="activity-prompt">{scenario.prompt.as_str()}</h2>
                <SpeakButton text=Signal::derive(move || spoken.clone())/>
            </div>
            <div class="activity-body">
                {scenario.image.as_deref().map(|img| view! {
                    <img class="activity-picture" src=image_url(img) alt="" width="240" height="240"/>
                })}
                <div class="options" role="group" aria-label=lesson_t("Choose one")>
                    {scenario.options.iter().enumerate().map(|(i, option)| view! {
                        <button
                            type="button"
                            class="option"
                            class:option-tried=move || state.with(|s| s.was_tried(i) && !option.safe)
                            class:option-safe=move || state.with(|s| s.was_tried(i) && option.safe)
                            aria-pressed=move || state.with(|s| s.tried.last() == Some(&i)).to_string()
                            data-testid="option"
                            on:click=move |_| {
                                let was_done = state.with_untracked(|s| s.done);
                                state.update(|s| { s.choose(scenario, i); });
                                if !was_done && state.with_untracked(|s| s.done) {
                                    on_done.run(());
                                }
                            }
                        >
                            <AnswerPicture image=option.image.as_deref()/>
                            <span>{option.text.as_str()}</span>
                        </button>
                    }).collect_view()}
                </div>
            </div>
            <FeedbackBox feedback=feedback/>
        </section>
    }
}
