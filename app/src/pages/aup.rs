use leptos::prelude::*;

use crate::components::icons::{self, Icon};
use crate::components::layout::PupilLayout;

#[component]
pub fn AupPage() -> impl IntoView {
    view! {
        <PupilLayout>
            <h1 class="page-title">"Our rules"</h1>
            <div class="placeholder-card">
                <Icon svg=icons::RULES/>
                <p class="lead">"Our rules for using tablets and computers will be here to read and agree with your teacher."</p>
                <a class="button button-primary big-action" href="/">"Back to the start"</a>
            </div>
        </PupilLayout>
    }
}
