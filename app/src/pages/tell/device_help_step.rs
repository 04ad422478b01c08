use kite_protocol::limits::MAX_WEB_ADDRESS_CHARS;
use leptos::prelude::*;

use crate::i18n::t;

use super::Question;
use crate::report_flow::choices;
use crate::report_flow::Draft;

/// The filtering-breach procedure, for a child: screen off, tell an adult now, and the web
/// address if they can give it.
#[component]
pub fn DeviceHelpStep(draft: RwSignal<Draft>, on_next: Callback<()>) -> impl IntoView {
    view! {
        <Question text=choices::DEVICE_QUESTION/>
        <div class="notice" data-testid="device-help">
            <h2>{t("Turn the screen off, then tell a grown-up")}</h2>
            <p>{t(choices::DEVICE_HELP)}</p>
        </div>
        <div class="field">
            <label for="web-address">{t("If you can, write the web address (the words at the top of the screen). You can skip this.")}</label>
            <input
                id="web-address"
                inputmode="url"
                autocomplete="off"
                maxlength=MAX_WEB_ADDRESS_CHARS
                prop:value=move || draft.with(|d| d.web_address.clone())
                on:input=move |ev| draft.update(|d| d.web_address = event_target_value(&ev))
            />
        </div>
        <p>
            <button type="button" class="button button-primary big-action" on:click=move |_| on_next.run(())>
                {t("Next")}
            </button>
        </p>
    }
}
