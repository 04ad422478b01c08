use leptos::prelude::*;

use crate::i18n::t;

use crate::components::icons::{self, Icon};
use crate::components::language_picker::LanguagePicker;
use crate::components::layout::PupilLayout;

/// The pupil home: three big picture buttons.
#[component]
pub fn HomePage() -> impl IntoView {
    // Back at the start: whoever uses the tablet next is asked who is learning again.
    crate::lesson_pass::end();
    view! {
        <PupilLayout>
            <h1 class="page-title">{t("Hello! What would you like to do?")}</h1>
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
            </nav>
            <LanguagePicker/>
        </PupilLayout>
    }
}
