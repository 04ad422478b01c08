//! Permission per use (seed 004), for each use the school asks about (its own list): big Yes / No
//! buttons, what holds now in words, and a confirmation the moment a change is saved. A parent
//! can change or withdraw it at any time, a paper form's answer too; the school's register
//! shows the change at once.

use kite_protocol::consent::{ConsentState, UseConsent};
use leptos::prelude::*;

use super::use_parent;
use crate::i18n::{t, tf};
use crate::pages::staff::format::when;
use crate::parents_api;

/// What holds now, in words.
fn state_words(first_name: &str, c: &UseConsent) -> String {
    let now = match &c.state {
        ConsentState::NotAsked => {
            return tf(
                "Not answered yet, so the school treats it as no for {name}.",
                &[("name", first_name)],
            )
        }
        ConsentState::Given { at_ms } => tf("Yes, since {date}.", &[("date", &when(*at_ms))]),
        ConsentState::Withdrawn { at_ms } => tf("No, since {date}.", &[("date", &when(*at_ms))]),
    };
    match c.on_paper {
        Some(_) => format!("{now} {}", t("From the paper form you handed in.")),
        None => now,
    }
}

#[component]
pub fn Photos(first_name: String, consents: Vec<UseConsent>) -> impl IntoView {
    let keys: Vec<String> = consents.iter().map(|c| c.key.clone()).collect();
    let consents = RwSignal::new(consents);
    // The confirmation, shown under the choice just changed (so it is in view on a phone).
    let saved = RwSignal::new(None::<(String, String)>);
    let error = RwSignal::new(None::<String>);
    view! {
        <section class="card parents-section" id="photos" aria-labelledby="photos-heading">
            <h2 id="photos-heading">{t("Permissions")}</h2>
            <p>{tf("The school asks your permission for these. Choose yes or no for {name}. You can change your mind at any time, and a change counts straight away.", &[("name", &first_name)])}</p>
            {keys.into_iter().map(|key| {
                let first_name = first_name.clone();
                view! { <PhotoChoice key=key first_name=first_name consents=consents saved=saved error=error/> }
            }).collect_view()}
            {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
        </section>
    }
}

#[component]
fn PhotoChoice(
    key: String,
    first_name: String,
    consents: RwSignal<Vec<UseConsent>>,
    saved: RwSignal<Option<(String, String)>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let ctx = use_parent();
    let busy = RwSignal::new(false);
    let name = StoredValue::new(first_name);
    let key = StoredValue::new(key);
    let choose = move |given: bool| {
        busy.set(true);
        error.set(None);
        let key = key.get_value();
        leptos::task::spawn_local(async move {
            match parents_api::consent(&key, given).await {
                Ok(now) => {
                    let answer = if given { t("Yes") } else { t("No") };
                    consents.try_set(now);
                    saved.try_set(Some((
                        key,
                        tf(
                            "Saved: \u{201c}{answer}\u{201d}. The school's records show it now.",
                            &[("answer", answer)],
                        ),
                    )));
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
            busy.try_set(false);
        });
    };
    // A use the school retired while the page was open drops out of the list it sends back.
    let this =
        move || key.with_value(|k| consents.with(|cs| cs.iter().find(|c| &c.key == k).cloned()));
    let state = move || this().map(|c| c.state).unwrap_or(ConsentState::NotAsked);
    let is_yes = move || matches!(state(), ConsentState::Given { .. });
    let is_no = move || matches!(state(), ConsentState::Withdrawn { .. });
    let id = key.with_value(|k| format!("photo-{k}"));
    let (title, explanation) = this().map(|c| (c.name, c.explanation)).unwrap_or_default();
    view! {
        <div class="photo-choice" role="group" aria-labelledby=id.clone() data-testid=id.clone()>
            // The school's own words: English, left to right even on a page read in Urdu.
            <h3 id=id.clone() lang="en" dir="auto">{title}</h3>
            <p class="photo-explanation" lang="en" dir="auto">{explanation}</p>
            <div class="photo-buttons">
                <button type="button" class="button photo-yes" aria-pressed=move || is_yes().to_string()
                    disabled=move || busy.get() on:click=move |_| choose(true)>{t("Yes")}</button>
                <button type="button" class="button photo-no" aria-pressed=move || is_no().to_string()
                    disabled=move || busy.get() on:click=move |_| choose(false)>{t("No")}</button>
            </div>
            <p class="photo-state" data-testid="photo-state">{move || this().map(|c| name.with_value(|n| state_words(n, &c)))}</p>
            <p class="parents-done" role="status" data-testid="consent-saved">
                {move || saved.get().filter(|(k, _)| key.with_value(|mine| k == mine)).map(|(_, t)| t)}
            </p>
        </div>
    }
}
