use leptos::prelude::*;

use crate::i18n::t;

use super::icons::{self, Icon};

/// The "Tell a trusted adult" button: the same look, the same place (top right) on every pupil
/// page, so a child always knows where it is.
#[component]
pub fn TellButton() -> impl IntoView {
    view! {
        <a class="tell-button" href="/tell" data-testid="tell-button">
            <Icon svg=icons::TELL/>
            <span>{t("Tell a trusted adult")}</span>
        </a>
    }
}
