use kite_lessons::Discuss;
use leptos::prelude::*;

use super::read_on_mount;
use crate::components::icons::{self, Icon};
use crate::components::speak_button::SpeakButton;
use crate::i18n::lesson_t;

/// "Talk about it": a question with no right answer, to talk over with a partner or a grown-up.
#[component]
pub fn DiscussActivity(
    discuss: &'static Discuss,
    auto_read: bool,
    on_done: Callback<()>,
) -> impl IntoView {
    let hint = lesson_t("Talk about it with a partner or a grown-up. There are no wrong answers.");
    let spoken = format!("{} {hint}", discuss.read_aloud);
    read_on_mount(auto_read, spoken.clone());
    // Nothing to get right: the child may move on whenever they have talked. (After this
    // render, not during it.)
    request_animation_frame(move || on_done.run(()));
    view! {
        <section class="activity activity-discuss" data-testid="activity-discuss" aria-labelledby="activity-prompt">
            <p class="activity-kind">{lesson_t("Talk about it")}</p>
            <div class="activity-head">
                <h2 class="activity-prompt" id="activity-prompt">{discuss.prompt.as_str()}</h2>
                <SpeakButton text=Signal::derive(move || spoken.clone())/>
            </div>
            <div class="discuss-hint">
                <Icon svg=icons::MESSAGES/>
                <p>{hint}</p>
            </div>
        </section>
    }
}
