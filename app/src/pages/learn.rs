use leptos::prelude::*;

use crate::components::icons::{self, Icon};
use crate::components::layout::PupilLayout;

#[component]
pub fn LearnPage() -> impl IntoView {
    view! {
        <PupilLayout>
            <h1 class="page-title">"Learn"</h1>
            <div class="placeholder-card">
                <Icon svg=icons::LEARN/>
                <p class="lead">"Your teacher will choose a lesson to do here."</p>
                <a class="button button-primary big-action" href="/">"Back to the start"</a>
            </div>
        </PupilLayout>
    }
}
