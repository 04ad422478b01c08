//! The code from the school's letter: typed (any case, dashes or not) when the link wasn't used.

use leptos::prelude::*;

use super::{use_parent, Stage};
use crate::components::icons::{self, Icon};
use crate::i18n::t;
use crate::parents_api;

#[component]
pub fn CodeEntry(ended: bool, problem: Option<String>) -> impl IntoView {
    let ctx = use_parent();
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(problem);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked();
        if typed.trim().is_empty() {
            error.set(Some(t("Type the code from your letter.").into()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match parents_api::sign_in(&typed).await {
                Ok(s) => {
                    ctx.stage.try_set(Stage::SignedIn(s));
                }
                Err(e) => {
                    error.try_set(Some(e.message));
                    busy.try_set(false);
                }
            }
        });
    };
    view! {
        <div class="parents-welcome">
            <Icon svg=icons::FAMILY/>
            <div>
                <h1>{t("For parents and carers")}</h1>
                <p>{t("Your child's school uses Kite to teach children how to stay safe online. With the code from the school's letter you can read and sign your child's online safety agreement, choose where photos of your child may be used, and see what their class is learning.")}</p>
            </div>
        </div>
        <form class="card parents-form" on:submit=submit aria-labelledby="code-heading">
            <h2 id="code-heading">{t("Enter your code")}</h2>
            {ended.then(|| view! {
                <p class="notice-inline" role="status" data-testid="parent-session-ended">
                    {t("For your child's privacy you were signed out after a while. Please enter your code again.")}
                </p>
            })}
            <div class="field">
                <label for="parent-code">{t("The code on your letter (12 letters and numbers)")}</label>
                <input id="parent-code" class="parents-code-input" autocomplete="off" autocapitalize="characters"
                    spellcheck="false" placeholder="KT7M-9QXH-2PDA" maxlength="20" dir="ltr"
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))/>
            </div>
            {move || error.get().map(|e| view! { <p class="error-text" role="alert" data-testid="code-error">{e}</p> })}
            <p>
                <button class="button button-primary parents-wide" type="submit" disabled=move || busy.get()>{t("Open my child's page")}</button>
            </p>
            <p class="parents-small">{t("Lost your letter, or has someone else seen your code? Ask the school office for a new letter: the old code then stops working.")}</p>
        </form>
    }
}
