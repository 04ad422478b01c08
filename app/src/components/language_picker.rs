//! The language buttons on the pupil home: each language named in itself, so a child who reads
//! Polish or Urdu finds theirs without reading English. The choice stays on the tablet.

use leptos::prelude::*;

use crate::i18n::{self, t, Lang};

#[component]
pub fn LanguagePicker() -> impl IntoView {
    let current = i18n::current();
    view! {
        <nav class="language-picker" aria-label=t("Language")>
            {Lang::ALL.into_iter().map(|lang| view! {
                <button
                    type="button"
                    class="button button-quiet language"
                    lang=lang.bcp47()
                    aria-pressed=(lang == current).to_string()
                    data-testid=format!("language-{}", lang.code())
                    on:click=move |_| i18n::choose(lang)
                >
                    {(lang == current).then_some("\u{2713} ")}
                    {lang.name()}
                </button>
            }).collect_view()}
        </nav>
    }
}
