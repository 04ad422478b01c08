use kite_protocol::report::TalkTo;
use leptos::prelude::*;

use crate::i18n::t;

use super::Question;
use crate::components::icons::{self, ChosenTick, Icon};
use crate::device::use_tablet;
use crate::report_flow::choices;
use crate::report_flow::{Draft, Step};

/// A trusted adult's photo. The server gives photos to enrolled tablets and signed-in staff only,
/// and an `<img src>` can't carry the device token: the photo is fetched with it (the service
/// worker keeps a copy, so it shows offline too) and shown from a blob URL. Before it arrives,
/// or if it can't be had, the "any adult" picture stands in.
#[component]
fn AdultPhoto(src: String) -> impl IntoView {
    let tablet = use_tablet();
    let url = RwSignal::new(None::<String>);
    let token = tablet.token.get_untracked();
    leptos::task::spawn_local(async move {
        if let Some(blob_url) = photo_blob_url(&src, token.as_deref()).await {
            if url.try_set(Some(blob_url.clone())).is_some() {
                // The component has gone: don't keep the image in memory.
                let _ = web_sys::Url::revoke_object_url(&blob_url);
            }
        }
    });
    on_cleanup(move || {
        if let Some(u) = url.try_get_untracked().flatten() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });
    move || match url.get() {
        Some(u) => view! { <img class="adult-photo" src=u alt=""/> }.into_any(),
        None => view! { <Icon svg=icons::ANY_ADULT/> }.into_any(),
    }
}

async fn photo_blob_url(src: &str, token: Option<&str>) -> Option<String> {
    let mut request = gloo_net::http::Request::get(src);
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {}", token.trim()));
    }
    let response = request.send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let raw: web_sys::Response = response.into();
    let blob = wasm_bindgen_futures::JsFuture::from(raw.blob().ok()?)
        .await
        .ok()?;
    use wasm_bindgen::JsCast;
    web_sys::Url::create_object_url_with_blob(blob.unchecked_ref()).ok()
}

/// The school's trusted adults (with photos where the school added them), or any grown-up.
#[component]
pub fn WhoStep(draft: RwSignal<Draft>, on_next: Callback<Step>) -> impl IntoView {
    let tablet = use_tablet();
    let adults = tablet.config.with_untracked(|c| {
        c.as_ref()
            .map(|c| c.trusted_adults.clone())
            .unwrap_or_default()
    });
    let pick = move |t: TalkTo| {
        on_next.run(
            draft
                .try_update(|d| d.choose_talk_to(t))
                .unwrap_or(Step::Who),
        )
    };
    let is_selected = move |t: &TalkTo| draft.with(|d| d.talk_to.as_ref() == Some(t));
    view! {
        <Question text=choices::WHO_QUESTION/>
        <div class="choices">
            {adults.into_iter().map(|a| {
                let choice = TalkTo::TrustedAdult { id: a.id.clone() };
                let for_click = choice.clone();
                let picture = match a.photo.clone() {
                    Some(src) => view! { <AdultPhoto src=src/> }.into_any(),
                    None => view! { <Icon svg=icons::ANY_ADULT/> }.into_any(),
                };
                view! {
                    <button
                        type="button"
                        class="button choice"
                        aria-pressed=move || is_selected(&choice).to_string()
                        on:click=move |_| pick(for_click.clone())
                    >
                        <ChosenTick/>
                        {picture}
                        <span>{a.name}</span>
                        <span class="explain">{a.role}</span>
                    </button>
                }
            }).collect_view()}
            <button
                type="button"
                class="button choice"
                aria-pressed=move || is_selected(&TalkTo::AnyGrownUp).to_string()
                on:click=move |_| pick(TalkTo::AnyGrownUp)
            >
                <ChosenTick/>
                <Icon svg=icons::FAMILY/>
                <span>{t("Any grown-up")}</span>
            </button>
        </div>
    }
}
