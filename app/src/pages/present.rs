use leptos::prelude::*;

use crate::components::icons::{self, Icon};
use crate::components::layout::PlainLayout;

/// The teacher's whiteboard presenter.
#[component]
pub fn PresentPage() -> impl IntoView {
    view! {
        <PlainLayout>
            <div class="present-stage">
                <h1>"Present a lesson"</h1>
                <Icon svg=icons::WHITEBOARD/>
                <p>"Lessons for the whiteboard will appear here: full screen, big type, with your notes kept off the board."</p>
            </div>
        </PlainLayout>
    }
}
