//! One's own sign-in: changing the password (needs the current one; other sessions are signed
//! out) and two-step sign-in. An account that must use two-step and hasn't set it up sees only
//! the set-up, on whatever page it opened: the server answers nothing else until it is on.

use leptos::prelude::*;

use super::use_staff;
use crate::staff_api;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let ctx = use_staff();
    let first_time = ctx
        .me
        .with_untracked(|m| {
            m.as_ref()
                .and_then(|m| m.as_ref().map(|m| m.totp_required && !m.totp_enabled))
        })
        .unwrap_or(false);
    if first_time {
        let sign_out = move |_| {
            leptos::task::spawn_local(async move {
                let _ = staff_api::logout().await;
                ctx.me.try_set(Some(None));
            });
        };
        return view! {
            <h1>"Set up two-step sign-in"</h1>
            <p>"Your account can reach children's safeguarding information or the school's settings, so signing in needs your password and a code from an app on your phone. Set it up now; it takes two minutes."</p>
            <TwoStep/>
            <p><button type="button" class="button button-quiet" on:click=sign_out>"Sign out"</button></p>
        }
        .into_any();
    }
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
        // Everyone's own page, whichever their role: the documents the school asks them to read.
        <super::training_due::ReadingToConfirm/>
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
    .into_any()
}

/// The secret in groups of four, easier to type: `ABCD EFGH …`.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Two-step sign-in: set up with an authenticator app (the password first, then the QR code the
/// server drew, or the key typed), turn on with a code, which shows the recovery codes once; new
/// recovery codes and turning off (where the account may) with the password.
#[component]
fn TwoStep() -> impl IntoView {
    let ctx = use_staff();
    let flag = move |f: fn(&kite_protocol::staff::Me) -> bool| {
        ctx.me
            .with(|m| m.as_ref().and_then(|m| m.as_ref().map(f)))
            .unwrap_or(false)
    };
    let enabled = move || flag(|m| m.totp_enabled);
    let required = move || flag(|m| m.totp_required);
    let setup = RwSignal::new(None::<kite_protocol::staff::TotpSetup>);
    let codes = RwSignal::new(None::<Vec<String>>);
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let fail = move |e: crate::staff_api::StaffError| {
        message.try_set(Some((false, ctx.message(&e))));
    };
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = password.get_untracked();
        leptos::task::spawn_local(async move {
            match staff_api::totp_setup(&p).await {
                Ok(s) => {
                    password.try_set(String::new());
                    message.try_set(None);
                    setup.try_set(Some(s));
                }
                Err(e) => fail(e),
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
                Ok(r) => {
                    setup.try_set(None);
                    message.try_set(Some((true, "Two-step sign-in is on. You'll need a code from the app each time you sign in.".into())));
                    codes.try_set(Some(r.codes));
                }
                Err(e) => fail(e),
            }
        });
    };
    let new_codes = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = password.get_untracked();
        leptos::task::spawn_local(async move {
            match staff_api::new_recovery_codes(&p).await {
                Ok(r) => {
                    password.try_set(String::new());
                    message.try_set(Some((
                        true,
                        "New recovery codes: the old ones no longer work.".into(),
                    )));
                    codes.try_set(Some(r.codes));
                }
                Err(e) => fail(e),
            }
        });
    };
    let turn_off = move |_| {
        let p = password.get_untracked();
        leptos::task::spawn_local(async move {
            match staff_api::totp_disable(&p).await {
                Ok(()) => {
                    password.try_set(String::new());
                    message.try_set(Some((true, "Two-step sign-in is off.".into())));
                    refresh_me().await;
                }
                Err(e) => fail(e),
            }
        });
    };
    // Only once they are written down does the page move on (for a first set-up, to the rest of
    // the staff area): the codes are never shown again.
    let written_down = move |_| {
        codes.set(None);
        leptos::task::spawn_local(refresh_me());
    };
    let password_field = move |label: &'static str| {
        view! {
            <div class="field">
                <label for="two-step-password">{label}</label>
                <input id="two-step-password" type="password" autocomplete="current-password" required
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <section class="card staff-form" aria-labelledby="two-step-heading" data-testid="two-step">
            <h2 id="two-step-heading">"Two-step sign-in"</h2>
            {move || message.get().map(|(ok, t)| view! {
                <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p>
            })}
            {move || if let Some(list) = codes.get() {
                view! {
                    <div data-testid="recovery-codes">
                        <p><strong>"Print these recovery codes or write them down, and keep them somewhere safe away from your phone."</strong>" If you lose your phone, type one in place of the 6-digit code; each works once. They are shown only now."</p>
                        <ol class="recovery-codes">
                            {list.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                        </ol>
                        <p>
                            <button type="button" class="button button-secondary" on:click=move |_| {
                                if let Some(w) = web_sys::window() { let _ = w.print(); }
                            }>"Print"</button>
                            " "
                            <button type="button" class="button button-primary" on:click=written_down>"I've printed or written them down"</button>
                        </p>
                    </div>
                }.into_any()
            } else if enabled() {
                view! {
                    <p>"On: signing in needs your password and a code from your authenticator app."</p>
                    <form on:submit=new_codes>
                        {password_field("Your password, to make new recovery codes or turn two-step off")}
                        <p>
                            <button class="button button-secondary" type="submit">"Make new recovery codes"</button>
                            " "
                            {move || (!required()).then(|| view! {
                                <button class="button button-quiet" type="button" on:click=turn_off>"Turn off two-step sign-in"</button>
                            })}
                        </p>
                    </form>
                    {move || required().then(|| view! {
                        <p class="staff-hint">"Your account must use two-step sign-in, so it can't be turned off. New phone? Sign in with a recovery code, or ask for a reset on the server."</p>
                    })}
                }.into_any()
            } else {
                match setup.get() {
                    None => view! {
                        <p>"With it on, someone who learns your password still can't sign in without your phone. You need an authenticator app on your phone (any will do)."</p>
                        <form on:submit=start>
                            {password_field("Your password, to start")}
                            <p><button class="button button-primary" type="submit">"Set up two-step sign-in"</button></p>
                        </form>
                    }.into_any(),
                    Some(s) => view! {
                        <p>"1. In your authenticator app, add an account and scan this code:"</p>
                        <div class="totp-qr" role="img" aria-label="QR code for your authenticator app" data-testid="totp-qr" inner_html=s.qr_svg.clone()></div>
                        <p>"Can't scan? Type this key instead:"</p>
                        <p class="totp-secret" data-testid="totp-secret">{grouped(&s.secret)}</p>
                        <form on:submit=turn_on>
                            <div class="field">
                                <label for="totp-code">"2. The 6-digit code the app shows now"</label>
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
