use leptos::prelude::*;

use crate::i18n::t;

use super::icons::{self, Icon};
use crate::device::use_tablet;
use crate::speech::speak;

/// A visible speaker button that reads `text` aloud. Every pupil-facing step has one.
#[component]
pub fn SpeakButton(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let tablet = use_tablet();
    view! {
        <button
            class="button speak-button"
            type="button"
            aria-label=t("Read this to me")
            title=t("Read this to me")
            on:click=move |_| speak(tablet, &text.get_untracked())
        >
            <Icon svg=icons::SPEAKER/>
        </button>
    }
}
