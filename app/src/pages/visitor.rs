//! `/aup/visitor`: a visitor reads the visitor agreement and signs it with no account, on their
//! own phone (opened from the office poster's QR code, whose link carries the school's visitor
//! key after `#key=`) or on the office tablet (its device token). Name, organisation, who they
//! are visiting, their full name typed as the signature, then "I agree"; the server dates it.
//! Phone first: one column, big boxes and buttons.
//!
//! Only adults use it, so it is in the tablet set-up bundle (`setup.html`, whose "A visitor signs
//! in" button opens it), not the pupils' "our rules": its path stays under `/aup` because the
//! schools' printed posters carry it. It talks to the server directly, never through the outbox:
//! the visitor needs to see at once that they are signed in.

use gloo_net::http::Request;
use kite_protocol::visitor::{VisitorAgreement, VisitorSignature, VisitorSigned};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;

use crate::components::layout::PlainLayout;
use crate::device::use_tablet;

/// How this page reaches the server: with the poster's key, or as the tablet.
#[derive(Clone, PartialEq)]
enum Via {
    Key(String),
    Tablet(String),
}

fn key_in_fragment(hash: &str) -> Option<String> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|kv| kv.strip_prefix("key="))
        .map(str::to_owned)
        .filter(|k| !k.is_empty())
}

/// Sends `body` (or GETs when there is none) and reads the answer, or the server's words for
/// what went wrong.
async fn call<B: Serialize, T: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: Option<&B>,
) -> Result<T, String> {
    let url = format!("/api/v1{path}");
    let mut builder = match body {
        Some(_) => Request::post(&url),
        None => Request::get(&url),
    };
    if let Some(t) = token {
        builder = builder.header("Authorization", &format!("Bearer {t}"));
    }
    let offline = || "Kite can't reach the school's server. Check the Wi-Fi and try again.";
    let sent = match body {
        Some(b) => builder.json(b).map_err(|_| offline())?.send().await,
        None => builder.send().await,
    }
    .map_err(|_| offline())?;
    if sent.ok() {
        return sent
            .json()
            .await
            .map_err(|_| "The server's answer was not understood. Reload the page.".into());
    }
    let said = sent
        .json::<kite_protocol::device::ApiError>()
        .await
        .map(|e| e.error)
        .unwrap_or_else(|_| "Something went wrong. Please ask at the office.".into());
    Err(said)
}

async fn load(via: &Via) -> Result<VisitorAgreement, String> {
    match via {
        Via::Key(key) => call("/visitor/agreement", None, Some(&json!({ "key": key }))).await,
        Via::Tablet(t) => call::<(), _>("/device/visitor-agreement", Some(t), None).await,
    }
}

async fn sign(via: &Via, s: &VisitorSignature) -> Result<VisitorSigned, String> {
    match via {
        Via::Key(key) => {
            call(
                "/visitor/sign",
                None,
                Some(&json!({ "key": key, "signature": s })),
            )
            .await
        }
        Via::Tablet(t) => call("/device/visitor-sign", Some(t), Some(s)).await,
    }
}

#[component]
pub fn VisitorPage() -> impl IntoView {
    let key = key_in_fragment(&crate::here::use_here().hash.get_untracked());
    let token = use_tablet().token.get_untracked();
    let via = key.map(Via::Key).or(token.map(Via::Tablet));
    view! {
        <PlainLayout away_from_school=true>
            <div class="visitor">
                {match via {
                    Some(via) => view! { <VisitorSigning via=via/> }.into_any(),
                    None => view! {
                        <h1>"Visitor agreement"</h1>
                        <p class="card" data-testid="visitor-no-key">"Scan the QR code on the poster in reception to sign in as a visitor, or ask at the office."</p>
                    }.into_any(),
                }}
            </div>
        </PlainLayout>
    }
}

#[component]
fn VisitorSigning(via: Via) -> impl IntoView {
    let on_tablet = matches!(via, Via::Tablet(_));
    let via = StoredValue::new(via);
    let agreement = RwSignal::new(None::<Result<VisitorAgreement, String>>);
    let signed = RwSignal::new(None::<VisitorSigned>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let organisation = RwSignal::new(String::new());
    let visiting = RwSignal::new(String::new());
    let signed_name = RwSignal::new(String::new());
    let fetch = move || {
        leptos::task::spawn_local(async move {
            let r = load(&via.get_value()).await;
            agreement.try_set(Some(r));
        })
    };
    fetch();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(Ok(a)) = agreement.get_untracked() else {
            return;
        };
        let s = VisitorSignature {
            version_id: a.version_id,
            name: name.get_untracked(),
            organisation: organisation.get_untracked(),
            visiting: visiting.get_untracked(),
            signed_name: signed_name.get_untracked(),
        };
        if let Err(e) = s.validate() {
            error.set(Some(format!("Please check {}: it {}.", e.field, e.problem)));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match sign(&via.get_value(), &s).await {
                Ok(done) => {
                    error.try_set(None);
                    signed.try_set(Some(done));
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    // On the office tablet the next visitor starts with empty boxes.
    let next_visitor = move |_| {
        for s in [name, organisation, visiting, signed_name] {
            s.set(String::new());
        }
        signed.set(None);
        fetch();
    };

    let field = move |id: &'static str,
                      label: &'static str,
                      value: RwSignal<String>,
                      hint: Option<&'static str>,
                      autocomplete: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                {hint.map(|h| view! { <span class="visitor-hint">{h}</span> })}
                <input id=id type="text" maxlength="80" autocomplete=autocomplete
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };

    view! {
        {move || match (agreement.get(), signed.get()) {
            (None, _) => view! { <p>"Loading the visitor agreement\u{2026}"</p> }.into_any(),
            (Some(Err(e)), _) => view! {
                <h1>"Visitor agreement"</h1>
                <p class="error-text" role="alert" data-testid="visitor-error">{e}</p>
            }.into_any(),
            (Some(Ok(a)), Some(done)) => view! {
                <section class="card visitor-thanks" role="status" data-testid="visitor-signed">
                    <h1>"Thank you \u{2014} you're signed in as a visitor for today"</h1>
                    <p>{format!("{}, {}. You signed version {} of the visitor agreement.", a.school_name, done.date, done.version)}</p>
                    <p>"If anything worries you about a pupil while you are here, tell the person you are visiting or the office before you leave."</p>
                    {on_tablet.then(|| view! {
                        <button type="button" class="button button-primary visitor-wide" on:click=next_visitor>"Next visitor"</button>
                    })}
                </section>
            }.into_any(),
            (Some(Ok(a)), None) => view! {
                <p class="visitor-school">{a.school_name.clone()}</p>
                <h1>"Visitor agreement"</h1>
                <p class="visitor-date">"Today: " {a.date.clone()} " \u{00b7} version " {a.version}</p>
                <p>{a.content.intro.clone()}</p>
                {a.content.sections.into_iter().map(|s| view! {
                    <section class="visitor-section">
                        <h2>{s.heading}</h2>
                        <ul>{s.points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </section>
                }).collect_view()}
                <form class="card visitor-form" on:submit=submit aria-labelledby="visitor-sign-heading">
                    <h2 id="visitor-sign-heading">"Sign in as a visitor"</h2>
                    {field("visitor-name", "Your name", name, None, "name")}
                    {field("visitor-organisation", "Your organisation", organisation, Some("Or “none” if you are visiting on your own account."), "organization")}
                    {field("visitor-visiting", "Who you are visiting", visiting, None, "off")}
                    {field("visitor-signature", "Your signature: type your full name", signed_name, Some("Typing your name here means you agree to everything above."), "name")}
                    {move || error.get().map(|e| view! { <p class="error-text" role="alert" data-testid="visitor-error">{e}</p> })}
                    <button type="submit" class="button button-primary visitor-wide" disabled=move || busy.get()>"I agree"</button>
                </form>
            }.into_any(),
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::key_in_fragment;

    #[test]
    fn the_key_is_read_from_after_the_hash() {
        assert_eq!(key_in_fragment("#key=abc"), Some("abc".into()));
        assert_eq!(key_in_fragment("#x=1&key=abc"), Some("abc".into()));
        assert_eq!(key_in_fragment("#key="), None);
        assert_eq!(key_in_fragment(""), None);
    }
}
