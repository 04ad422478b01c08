//! Signing in with the school's Microsoft 365 or Google Workspace account: the button and what
//! the sign-in page says on coming back from the provider (signed in, the two-step code next, or
//! why not), and the admin's settings for it on the school page.

use kite_protocol::school_account::{SchoolAccountSettingsForm, SettingsField};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::use_staff;
use crate::staff_api;

/// What the server's `?school_account=` says, in words; `None` for the two-step step (a form,
/// not a message) or nothing at all.
fn outcome_words(outcome: &str) -> Option<(&'static str, &'static str)> {
    Some(match outcome {
        "no_account" => (
            "No Kite account uses this email",
            "No Kite account uses this email \u{2014} ask your school's admin. Signing in with your school account does not make a Kite account.",
        ),
        "provider" => (
            "The school's sign-in is not working",
            "Kite could not check your sign-in with the school's provider. Sign in with your email and password, and tell your school's admin.",
        ),
        "refused" => (
            "That sign-in was not accepted",
            "Kite could not accept the answer from your school's account. Try again; if it happens again, tell your school's admin.",
        ),
        "cancelled" => (
            "Sign-in stopped",
            "The sign-in with your school account was stopped before it finished. Try again when you are ready.",
        ),
        "locked" => (
            "This account is locked for a while",
            "Too many wrong sign-ins. Try again in 15 minutes, or ask your school's admin.",
        ),
        "too_slow" => (
            "That sign-in took too long",
            "Signing in with your school account has to finish within 10 minutes. Try again.",
        ),
        _ => return None,
    })
}

/// On the sign-in page: the button when the school has it set up, what happened on coming back,
/// and the two-step code when the account uses it.
#[component]
pub fn SchoolAccountSignIn() -> impl IntoView {
    let ctx = use_staff();
    // Read once, then taken out of the address: otherwise the same words would greet whoever
    // signs in next on this computer, after a sign-out.
    let outcome = use_query_map().with_untracked(|q| q.get("school_account").unwrap_or_default());
    if !outcome.is_empty() {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/staff"));
        }
    }
    let outcome = StoredValue::new(outcome);
    let outcome = move || outcome.get_value();
    let available = LocalResource::new(staff_api::school_account_available);
    let enabled = move || {
        available
            .get()
            .and_then(|r| r.ok())
            .is_some_and(|a| a.enabled)
    };
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = code.get_untracked().trim().to_string();
        if c.is_empty() {
            error.set(Some(
                "Enter the 6-digit code from your authenticator app.".into(),
            ));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match staff_api::school_account_two_step(&c).await {
                Ok(me) => {
                    ctx.ended.try_set(false);
                    ctx.me.try_set(Some(Some(me)));
                }
                Err(e) => {
                    code.try_set(String::new());
                    error.try_set(Some(e.message));
                }
            }
            busy.try_set(false);
        });
    };

    view! {
        {move || outcome_words(&outcome()).map(|(heading, words)| view! {
            <section class="card school-account-refused" role="alert" data-testid="school-account-outcome">
                <h2>{heading}</h2>
                <p>{words}</p>
            </section>
        })}
        <Show when=move || outcome() == "two_step">
            <form class="card staff-form" aria-labelledby="school-account-code-heading" on:submit=submit>
                <h2 id="school-account-code-heading">"One more step"</h2>
                <p>"Your school account is checked. This Kite account also uses two-step sign-in."</p>
                <div class="field">
                    <label for="school-account-code">"Two-step code (6 digits, from your authenticator app), or a recovery code"</label>
                    <input id="school-account-code" autocomplete="one-time-code" maxlength="12"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))/>
                </div>
                {move || error.get().map(|e| view! { <p class="error-text" role="alert" data-testid="school-account-code-error">{e}</p> })}
                <p><button class="button button-primary" type="submit" disabled=move || busy.get()>"Sign in"</button></p>
            </form>
        </Show>
        <Show when=enabled>
            <p class="school-account-sign-in">
                // A full page load: the provider's sign-in page is another site.
                <a class="button" href="/api/v1/staff/oidc/start" rel="external" data-testid="school-account-sign-in">
                    "Sign in with your school account"
                </a>
            </p>
            <p class="staff-hint">"Your school's Microsoft 365 or Google account. Your Kite account must already exist, with the same email."</p>
        </Show>
    }
}

/// On the school page, for admins: the school's sign-in provider. The secret is never shown
/// again once saved; leaving it empty keeps it.
#[component]
pub fn SchoolAccountSettings() -> impl IntoView {
    let ctx = use_staff();
    let issuer = RwSignal::new(String::new());
    let client_id = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let secret_set = RwSignal::new(false);
    let redirect_uri = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<(SettingsField, String)>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let fill = move |s: kite_protocol::school_account::SchoolAccountSettings| {
        issuer.try_set(s.issuer);
        client_id.try_set(s.client_id);
        secret.try_set(String::new());
        secret_set.try_set(s.client_secret_set);
        redirect_uri.try_set(s.redirect_uri);
    };
    leptos::task::spawn_local(async move {
        match staff_api::school_account_settings().await {
            Ok(s) => fill(s),
            Err(e) => {
                message.try_set(Some((false, ctx.message(&e))));
            }
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = SchoolAccountSettingsForm {
            issuer: issuer.get_untracked(),
            client_id: client_id.get_untracked(),
            client_secret: Some(secret.get_untracked()).filter(|s| !s.trim().is_empty()),
        };
        let found = form.problems(secret_set.get_untracked());
        problems.set(found.clone());
        message.set(None);
        if !found.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            match staff_api::save_school_account_settings(&form).await {
                Ok(s) => {
                    let on = !s.issuer.is_empty();
                    fill(s);
                    message.try_set(Some((
                        true,
                        if on {
                            "Saved. The sign-in page now shows \u{201c}Sign in with your school account\u{201d}."
                        } else {
                            "Saved. Sign-in with a school account is off."
                        }
                        .into(),
                    )));
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    let problem = move |field: SettingsField, id: &'static str| {
        move || {
            problems.with(|ps| {
                ps.iter().find(|(f, _)| *f == field).map(|(_, p)| {
                    view! { <p class="error-text field-problem" id=id role="alert" data-testid="school-account-problem">{p.clone()}</p> }
                })
            })
        }
    };
    let invalid = move |field: SettingsField| {
        move || {
            problems
                .with(|ps| ps.iter().any(|(f, _)| *f == field))
                .then_some("true")
        }
    };

    view! {
        <form class="card staff-form" aria-labelledby="school-account-heading" on:submit=save data-testid="school-account-settings">
            <h2 id="school-account-heading">"Staff sign-in with Microsoft 365 or Google"</h2>
            <p>"Staff can sign in with the school's Microsoft or Google account instead of a password. Their Kite account must already exist with the same email; their role and two-step sign-in stay as set here. Register Kite at Microsoft Entra or Google first (the school's technician can): see the operating guide."</p>
            <p>"Address to register (the redirect URI): " <code data-testid="school-account-redirect">{move || redirect_uri.get()}</code></p>
            <div class="field">
                <label for="school-account-issuer">"Issuer"</label>
                <input id="school-account-issuer" autocomplete="off" inputmode="url"
                    placeholder="https://login.microsoftonline.com/<tenant id>/v2.0"
                    aria-invalid=invalid(SettingsField::Issuer)
                    aria-describedby="school-account-issuer-problem"
                    prop:value=move || issuer.get()
                    on:input=move |ev| issuer.set(event_target_value(&ev))/>
                {problem(SettingsField::Issuer, "school-account-issuer-problem")}
            </div>
            <div class="field">
                <label for="school-account-client">"Client id (Microsoft: application id)"</label>
                <input id="school-account-client" autocomplete="off"
                    aria-invalid=invalid(SettingsField::ClientId)
                    aria-describedby="school-account-client-problem"
                    prop:value=move || client_id.get()
                    on:input=move |ev| client_id.set(event_target_value(&ev))/>
                {problem(SettingsField::ClientId, "school-account-client-problem")}
            </div>
            <div class="field">
                <label for="school-account-secret">
                    {move || if secret_set.get() { "Client secret (set: leave empty to keep it)" } else { "Client secret (its value)" }}
                </label>
                <input id="school-account-secret" type="password" autocomplete="new-password"
                    aria-invalid=invalid(SettingsField::ClientSecret)
                    aria-describedby="school-account-secret-problem"
                    prop:value=move || secret.get()
                    on:input=move |ev| secret.set(event_target_value(&ev))/>
                {problem(SettingsField::ClientSecret, "school-account-secret-problem")}
            </div>
            <p class="staff-hint">"To turn it off, empty every field and save."</p>
            {move || message.get().map(|(ok, t)| view! { <p class=if ok { "ok-text" } else { "error-text" } role="status" data-testid="school-account-message">{t}</p> })}
            <p><button class="button button-primary" type="submit">"Save sign-in settings"</button></p>
        </form>
    }
}
