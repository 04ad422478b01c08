use leptos::prelude::*;

use crate::i18n::t;

use crate::components::icons::{self, Icon};
use crate::components::language_picker::LanguagePicker;
use crate::components::layout::PupilLayout;
use crate::components::speak_button::SpeakButton;
use crate::device::use_tablet;
use crate::speech::read_if_set;

/// The pupil home: three big picture buttons.
#[component]
pub fn HomePage() -> impl IntoView {
    // Back at the start: whoever uses the tablet next is asked who is learning again.
    crate::lesson_pass::end();
    // A child who can't read yet hears the question and the three choices, in the order they
    // are on the screen.
    let spoken = format!(
        "{} {}.",
        t("Hello! What would you like to do?"),
        ["Learn", "Tell a trusted adult", "Our rules"]
            .map(t)
            .join(". ")
    );
    read_if_set(use_tablet(), &spoken);
    // A fourth card while the school has a survey open for this tablet's pupils.
    let survey_open = RwSignal::new(false);
    let tablet = use_tablet();
    if let Some(band) = tablet.band.get_untracked() {
        let token = tablet.token.get_untracked();
        leptos::task::spawn_local(async move {
            let open = !crate::pages::survey::open_surveys(token.as_deref(), band)
                .await
                .is_empty();
            survey_open.try_set(open);
        });
    }
    view! {
        <PupilLayout>
            <div class="question-row">
                <h1 class="page-title">{t("Hello! What would you like to do?")}</h1>
                <SpeakButton text=Signal::derive(move || spoken.clone())/>
            </div>
            <nav class="home-cards" aria-label=t("Choose")>
                <a class="home-card" href="/learn" data-testid="home-learn">
                    <Icon svg=icons::LEARN/>
                    <span>{t("Learn")}</span>
                </a>
                <a class="home-card home-card-tell" href="/tell" data-testid="home-tell">
                    <Icon svg=icons::TELL/>
                    <span>{t("Tell a trusted adult")}</span>
                </a>
                <a class="home-card" href="/aup" data-testid="home-rules">
                    <Icon svg=icons::RULES/>
                    <span>{t("Our rules")}</span>
                </a>
                <Show when=move || survey_open.get()>
                    <a class="home-card" href="/survey" data-testid="home-survey">
                        <Icon svg=icons::FACE_OK/>
                        <span>{t("Tell us what you think")}</span>
                    </a>
                </Show>
            </nav>
            // Quiet, below the three: most children never need it.
            <a class="button button-secondary answer-link" href="/answer" data-testid="home-answer">
                {t("Has anyone answered me?")}
            </a>
            <LanguagePicker/>
        </PupilLayout>
    }
}
