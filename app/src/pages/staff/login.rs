//! Staff sign-in.

use leptos::prelude::*;

use super::use_staff;
use crate::components::icons::{self, Icon};
use crate::staff_api;

#[component]
pub fn Login() -> impl IntoView {
    let ctx = use_staff();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // Shown once the server says this account uses two-step sign-in.
    let needs_code = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (e, p) = (email.get_untracked(), password.get_untracked());
        let c = Some(code.get_untracked().trim().to_string()).filter(|c| !c.is_empty());
        if e.trim().is_empty() || p.is_empty() {
            error.set(Some("Enter your email and password.".into()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match staff_api::login(&e, &p, c).await {
                Ok(me) => {
                    password.try_set(String::new());
                    ctx.ended.try_set(false);
                    ctx.me.try_set(Some(Some(me)));
                }
                Err(err) => {
                    if err.status == 401 && err.message.contains("6-digit code") {
                        needs_code.try_set(true);
                        code.try_set(String::new());
                    }
                    error.try_set(Some(err.message));
                }
            }
            busy.try_set(false);
        });
    };

    view! {
        <h1 class="staff-title"><Icon svg=icons::SHIELD/>"Staff"</h1>
        <p>"For the school's DSL and deputies, admins and teachers. Pupils don't need this page."</p>
        <super::school_account::SchoolAccountSignIn/>
        <form class="card staff-form staff-login" aria-labelledby="sign-in-heading" on:submit=submit>
            <h2 id="sign-in-heading">"Sign in"</h2>
            <Show when=move || ctx.ended.get()>
                <p class="notice-inline" role="status" data-testid="session-ended">
                    "Your session ended (after 30 minutes without use, or at the end of the day). Sign in again to carry on."
                </p>
            </Show>
            <div class="field">
                <label for="staff-email">"Email"</label>
                <input id="staff-email" type="email" autocomplete="username" required
                    prop:value=move || email.get()
                    on:input=move |ev| email.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="staff-password">"Password"</label>
                <input id="staff-password" type="password" autocomplete="current-password" required
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))/>
            </div>
            <Show when=move || needs_code.get()>
                <div class="field">
                    <label for="staff-code">"Two-step code (6 digits, from your authenticator app), or a recovery code"</label>
                    <input id="staff-code" autocomplete="one-time-code" maxlength="12"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))/>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <p class="error-text" role="alert" data-testid="login-error">{e}</p> })}
            <p>
                <button class="button button-primary" type="submit" disabled=move || busy.get()>"Sign in"</button>
            </p>
            <p class="staff-hint">
                "Forgotten your password? Ask the school's admin. The first admin account is made on the server with "
                <code>"kite-server staff add"</code> "."
            </p>
        </form>
    }
}
