//! Staff sign-in, at `/staff` only: the other staff bundles send a signed-out adult here with
//! `?next=` (their page) and bring them back to it once signed in.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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
    let next = next_page();
    let ended = use_query_map().with_untracked(|q| q.get("ended").is_some());
    if ended {
        ctx.ended.set(true);
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = next.clone();
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
                    // Back to the page that sent them here, unless two-step must be set up
                    // first (this bundle's page for it).
                    let setting_up = me.totp_required && !me.totp_enabled;
                    if let Some(next) = next.as_deref().filter(|_| !setting_up) {
                        if let Some(window) = web_sys::window() {
                            let _ = window.location().assign(next);
                            return;
                        }
                    }
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

/// `/staff`'s sign-in, coming back to `here` (a path under `/staff`, with its query) once signed
/// in and once the adult's own agreement is signed; `ended` when the session ended by itself, so
/// the form says so.
pub fn sign_in_url(here: &str, ended: bool) -> String {
    let mut url = String::from("/staff?next=");
    for byte in here.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    if ended {
        url.push_str("&ended=1");
    }
    url
}

/// The page of another staff bundle that sent the adult to `/staff` (`?next=`), to go back to.
pub(super) fn next_page() -> Option<String> {
    use_query_map().with_untracked(|q| {
        q.get("next")
            .and_then(|n| safe_next(&n).map(str::to_string))
    })
}

/// `next` if it is a page of Kite's staff bundles, never another site (`//host`, `/\\host`) nor
/// a script: the sign-in goes there.
fn safe_next(next: &str) -> Option<&str> {
    let ours = next.starts_with("/staff/")
        && !next.contains("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    ours.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_in_comes_back_to_the_page_with_its_query() {
        assert_eq!(
            sign_in_url("/staff/classes/3", false),
            "/staff?next=/staff/classes/3"
        );
        assert_eq!(
            sign_in_url("/staff/reports/7?tab=notes&x=a b#top", true),
            "/staff?next=/staff/reports/7%3Ftab%3Dnotes%26x%3Da%20b%23top&ended=1"
        );
    }

    #[test]
    fn only_staff_pages_of_this_site_are_gone_back_to() {
        assert_eq!(
            safe_next("/staff/classes/3?x=1"),
            Some("/staff/classes/3?x=1")
        );
        for bad in [
            "https://evil.example/staff/",
            "//evil.example/staff/",
            "/staff//evil.example",
            "/staff/\\evil.example",
            "/parents",
            "/staff",
            "javascript:alert(1)",
            "/staff/a\nb",
        ] {
            assert_eq!(safe_next(bad), None, "{bad}");
        }
    }
}
