use leptos::prelude::*;

use crate::components::icons::{self, Icon};
use crate::components::layout::PupilLayout;

/// The pupil home: three big picture buttons.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <PupilLayout>
            <h1 class="page-title">"Hello! What would you like to do?"</h1>
            <nav class="home-cards" aria-label="Choose">
                <a class="home-card" href="/learn" data-testid="home-learn">
                    <Icon svg=icons::LEARN/>
                    <span>"Learn"</span>
                </a>
                <a class="home-card home-card-tell" href="/tell" data-testid="home-tell">
                    <Icon svg=icons::TELL/>
                    <span>"Tell a trusted adult"</span>
                </a>
                <a class="home-card" href="/aup" data-testid="home-rules">
                    <Icon svg=icons::RULES/>
                    <span>"Our rules"</span>
                </a>
            </nav>
        </PupilLayout>
    }
}
