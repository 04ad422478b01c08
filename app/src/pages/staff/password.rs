//! Changing one's own password: needs the current one; other sessions are signed out.

use leptos::prelude::*;

use super::use_staff;
use crate::staff_api;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let ctx = use_staff();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (c, n, a) = (
            current.get_untracked(),
            new.get_untracked(),
            again.get_untracked(),
        );
        if n != a {
            message.set(Some((false, "The two new passwords are different.".into())));
            return;
        }
        leptos::task::spawn_local(async move {
            match staff_api::change_password(&c, &n).await {
                Ok(()) => {
                    current.try_set(String::new());
                    new.try_set(String::new());
                    again.try_set(String::new());
                    message.try_set(Some((
                        true,
                        "Password changed. You were signed out everywhere else.".into(),
                    )));
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    let field =
        move |id: &'static str, label: &'static str, auto: &'static str, sig: RwSignal<String>| {
            view! {
                <div class="field">
                    <label for=id>{label}</label>
                    <input id=id type="password" autocomplete=auto required
                        prop:value=move || sig.get()
                        on:input=move |ev| sig.set(event_target_value(&ev))/>
                </div>
            }
        };
    view! {
        <h1>"Your sign-in"</h1>
        <form class="card staff-form" aria-labelledby="pw-heading" on:submit=submit>
            <h2 id="pw-heading">"Change your password"</h2>
            {field("pw-current", "Current password", "current-password", current)}
            {field("pw-new", "New password (at least 10 characters; a few words together is easy to remember)", "new-password", new)}
            {field("pw-again", "New password again", "new-password", again)}
            {move || message.get().map(|(ok, t)| view! {
                <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p>
            })}
            <p><button class="button button-primary" type="submit">"Change password"</button></p>
        </form>
        <TwoStep/>
    }
}

/// Two-step sign-in: set up with an authenticator app, turn on with a code, turn off with the
/// password. Strongly suggested for DSLs, who can read reports.
#[component]
fn TwoStep() -> impl IntoView {
    let ctx = use_staff();
    let enabled = move || {
        ctx.me
            .with(|m| m.as_ref().and_then(|m| m.as_ref().map(|m| m.totp_enabled)))
            .unwrap_or(false)
    };
    let setup = RwSignal::new(None::<kite_protocol::staff::TotpSetup>);
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let start = move |_| {
        leptos::task::spawn_local(async move {
            match staff_api::totp_setup().await {
                Ok(s) => {
                    setup.try_set(Some(s));
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    let refresh_me = move || async move {
        if let Ok(me) = staff_api::me().await {
            ctx.me.try_set(Some(me));
        }
    };
    let turn_on = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = code.get_untracked();
        leptos::task::spawn_local(async move {
            match staff_api::totp_enable(&c).await {
                Ok(()) => {
                    setup.try_set(None);
                    message.try_set(Some((true, "Two-step sign-in is on. You'll need a code from the app each time you sign in.".into())));
                    refresh_me().await;
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    let turn_off = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = password.get_untracked();
        leptos::task::spawn_local(async move {
            match staff_api::totp_disable(&p).await {
                Ok(()) => {
                    password.try_set(String::new());
                    message.try_set(Some((true, "Two-step sign-in is off.".into())));
                    refresh_me().await;
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    view! {
        <section class="card staff-form" aria-labelledby="two-step-heading" data-testid="two-step">
            <h2 id="two-step-heading">"Two-step sign-in"</h2>
            {move || message.get().map(|(ok, t)| view! {
                <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p>
            })}
            {move || if enabled() {
                view! {
                    <p>"On: signing in needs your password and a code from your authenticator app."</p>
                    <form on:submit=turn_off>
                        <div class="field">
                            <label for="off-password">"Your password, to turn it off"</label>
                            <input id="off-password" type="password" autocomplete="current-password"
                                prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                        </div>
                        <p><button class="button button-quiet" type="submit">"Turn off two-step sign-in"</button></p>
                    </form>
                }.into_any()
            } else {
                match setup.get() {
                    None => view! {
                        <p>"Off. With it on, someone who learns your password still can't read reports without your phone. Recommended for DSLs."</p>
                        <p><button type="button" class="button button-secondary" on:click=start>"Set up two-step sign-in"</button></p>
                    }.into_any(),
                    Some(s) => view! {
                        <p>"In your authenticator app, add an account and type this key (or paste the address below):"</p>
                        <p class="totp-secret" data-testid="totp-secret">{s.secret.clone()}</p>
                        <p class="staff-hint totp-uri">{s.otpauth_uri.clone()}</p>
                        <form on:submit=turn_on>
                            <div class="field">
                                <label for="totp-code">"The 6-digit code the app shows now"</label>
                                <input id="totp-code" inputmode="numeric" autocomplete="one-time-code" maxlength="8"
                                    prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
                            </div>
                            <p><button class="button button-primary" type="submit">"Turn on"</button></p>
                        </form>
                    }.into_any(),
                }
            }}
        </section>
    }
}
