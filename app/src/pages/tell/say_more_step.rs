use kite_protocol::limits::MAX_WORDS_CHARS;
use leptos::prelude::*;

use crate::i18n::{t, tf};

use super::Question;
use crate::components::drawing_pad::DrawingPad;
use crate::report_flow::choices;
use crate::report_flow::Draft;

/// Optional words (with a counter) and an optional drawing.
#[component]
pub fn SayMoreStep(draft: RwSignal<Draft>, on_done: Callback<()>) -> impl IntoView {
    let count = move || draft.with(|d| d.words.chars().count());
    view! {
        <Question text=choices::SAY_MORE_QUESTION/>
        <div class="field">
            <label for="words">{t("Write what happened, if you want to")}</label>
            <textarea
                id="words"
                maxlength=MAX_WORDS_CHARS
                prop:value=move || draft.with(|d| d.words.clone())
                on:input=move |ev| draft.update(|d| d.words = event_target_value(&ev))
            ></textarea>
            <span class="counter" aria-live="polite">
                {move || tf("{count} of {most} letters", &[("count", &count().to_string()), ("most", &MAX_WORDS_CHARS.to_string())])}
            </span>
        </div>
        <p>{t("Or draw a picture:")}</p>
        <DrawingPad on_change=Callback::new(move |png| draft.update(|d| d.drawing_png = png))/>
        <p>
            <button type="button" class="button button-primary big-action" on:click=move |_| on_done.run(())>
                {t("Done")}
            </button>
        </p>
    }
}
