use leptos::prelude::*;

use crate::components::layout::PupilLayout;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <PupilLayout>
            <h1 class="page-title">"This page isn't here"</h1>
            <p class="lead">"Let's go back to the start."</p>
            <a class="button button-primary big-action" href="/">"Back to the start"</a>
        </PupilLayout>
    }
}
