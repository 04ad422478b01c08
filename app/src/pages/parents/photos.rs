//! Photo permission per use (seed 004): big Yes / No buttons, what holds now in words, and a
//! confirmation the moment a change is saved. A parent can change or withdraw it at any time;
//! the school's register shows the change at once.

use kite_protocol::consent::{ConsentState, PhotoConsent, PhotoUse};
use leptos::prelude::*;

use super::use_parent;
use crate::i18n::{t, tf};
use crate::pages::staff::format::when;
use crate::parents_api;

/// Where the photos would appear, as the end of a sentence.
fn place_words(use_: PhotoUse) -> &'static str {
    match use_ {
        PhotoUse::SchoolWebsite => t("on the school website"),
        PhotoUse::SocialMedia => t("on the school's social media"),
        PhotoUse::LocalPress => t("in local newspapers"),
    }
}

/// What holds now, in words.
fn state_words(first_name: &str, use_: PhotoUse, state: &ConsentState) -> String {
    let place = place_words(use_);
    match state {
        ConsentState::NotAsked => tf(
            "Not answered yet, so no photos of {name} are used {place}.",
            &[("name", first_name), ("place", place)],
        ),
        ConsentState::Given { at_ms } => tf(
            "Yes: photos of {name} may be used {place} (since {date}).",
            &[
                ("name", first_name),
                ("place", place),
                ("date", &when(*at_ms)),
            ],
        ),
        ConsentState::Withdrawn { at_ms } => tf(
            "No: photos of {name} are not used {place} (since {date}).",
            &[
                ("name", first_name),
                ("place", place),
                ("date", &when(*at_ms)),
            ],
        ),
    }
}

#[component]
pub fn Photos(first_name: String, consent: PhotoConsent) -> impl IntoView {
    let consent = RwSignal::new(consent);
    // The confirmation, shown under the choice just changed (so it is in view on a phone).
    let saved = RwSignal::new(None::<(PhotoUse, String)>);
    let error = RwSignal::new(None::<String>);
    view! {
        <section class="card parents-section" id="photos" aria-labelledby="photos-heading">
            <h2 id="photos-heading">{t("Photos")}</h2>
            <p>{tf("Schools sometimes share photos of class activities. Choose where photos of {name} may be used. You can change your mind at any time, and a change counts straight away.", &[("name", &first_name)])}</p>
            {PhotoUse::ALL.into_iter().map(|use_| {
                let first_name = first_name.clone();
                view! { <PhotoChoice use_=use_ first_name=first_name consent=consent saved=saved error=error/> }
            }).collect_view()}
            {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
        </section>
    }
}

#[component]
fn PhotoChoice(
    use_: PhotoUse,
    first_name: String,
    consent: RwSignal<PhotoConsent>,
    saved: RwSignal<Option<(PhotoUse, String)>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let ctx = use_parent();
    let busy = RwSignal::new(false);
    let name = StoredValue::new(first_name);
    let choose = move |given: bool| {
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match parents_api::consent(use_, given).await {
                Ok(now) => {
                    let answer = if given { t("Yes") } else { t("No") };
                    consent.try_set(now);
                    saved.try_set(Some((
                        use_,
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
    let state = move || consent.with(|c| c.get(use_).clone());
    let is_yes = move || matches!(state(), ConsentState::Given { .. });
    let is_no = move || matches!(state(), ConsentState::Withdrawn { .. });
    let id = format!("photo-{}", use_.as_str());
    view! {
        <div class="photo-choice" role="group" aria-labelledby=id.clone() data-testid=id.clone()>
            <h3 id=id.clone()>{use_.label()}</h3>
            <div class="photo-buttons">
                <button type="button" class="button photo-yes" aria-pressed=move || is_yes().to_string()
                    disabled=move || busy.get() on:click=move |_| choose(true)>{t("Yes")}</button>
                <button type="button" class="button photo-no" aria-pressed=move || is_no().to_string()
                    disabled=move || busy.get() on:click=move |_| choose(false)>{t("No")}</button>
            </div>
            <p class="photo-state" data-testid="photo-state">{move || name.with_value(|n| state_words(n, use_, &state()))}</p>
            <p class="parents-done" role="status" data-testid="consent-saved">
                {move || saved.get().filter(|(u, _)| *u == use_).map(|(_, t)| t)}
            </p>
        </div>
    }
}
