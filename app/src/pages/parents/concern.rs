//! "Raise a concern with the school": it goes to the school's designated safeguarding lead (DSL)
//! and deputies, with the parent's name and the child's name unless the parent chooses to stay
//! anonymous. Says who reads it and what happens next; an emergency is 999, not a form.

use kite_protocol::parents::ConcernRequest;
use leptos::prelude::*;

use super::use_parent;
use crate::i18n::{full_stop, t, tf};
use crate::parents_api;

#[component]
pub fn ConcernForm(first_name: String) -> impl IntoView {
    let ctx = use_parent();
    let text = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let anonymous = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = ConcernRequest {
            text: text.get_untracked(),
            parent_name: name.get_untracked(),
            contact: contact.get_untracked(),
            anonymous: anonymous.get_untracked(),
        };
        if req.text.trim().is_empty() {
            error.set(Some(t("Please write what is worrying you.").into()));
            return;
        }
        if !req.anonymous && req.parent_name.trim().is_empty() {
            error.set(Some(
                t("Please add your name, so the school knows who to talk to.").into(),
            ));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match parents_api::concern(&req).await {
                Ok(()) => {
                    sent.try_set(true);
                }
                // Nothing typed is lost: the form stays as it was (a "too many today" answer too,
                // whose words say what to do instead).
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
            busy.try_set(false);
        });
    };
    let who_sees = StoredValue::new(tf(
        "The school will see your name, {name}'s name and class.",
        &[("name", &first_name)],
    ));
    view! {
        <section class="card parents-section" id="concern" aria-labelledby="concern-heading">
            <h2 id="concern-heading">{t("Raise a concern with the school")}</h2>
            <p class="parents-emergency">{t("If a child is in danger now, call")} " " <strong>"999"</strong> {full_stop()} " " {t("If the school needs to know today, phone the school office as well.")}</p>
            <Show
                when=move || !sent.get()
                fallback=move || view! {
                    <p class="parents-done" role="status" data-testid="concern-sent">
                        {t("Thank you. The school's safeguarding lead has your message and will follow it up. If you gave your details, they will contact you, usually within a school day.")}
                    </p>
                }
            >
                <p>{t("Your message goes to the school's designated safeguarding lead (DSL) and their deputies, and no one else. They read every message, decide what to do, and keep a record, as the school's safeguarding policy says.")}</p>
                <form class="parents-form" on:submit=submit data-testid="concern-form">
                    <div class="field">
                        <label for="concern-text">{t("What is worrying you?")}</label>
                        <textarea id="concern-text" maxlength="4000"
                            prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    </div>
                    <Show when=move || !anonymous.get() fallback=move || view! {
                        <p class="notice-inline">{t("The school won't know who sent this, so they can't reply to you or check how things are. If you can, please leave your name.")}</p>
                    }>
                        <div class="field">
                            <label for="concern-name">{t("Your name")}</label>
                            <input id="concern-name" autocomplete="name" maxlength="100"
                                prop:value=move || name.get()
                                on:input=move |ev| name.set(event_target_value(&ev))/>
                        </div>
                        <div class="field">
                            <label for="concern-contact">{t("A phone number or email, so they can reply (optional)")}</label>
                            <input id="concern-contact" autocomplete="tel" maxlength="200"
                                prop:value=move || contact.get()
                                on:input=move |ev| contact.set(event_target_value(&ev))/>
                        </div>
                        <p class="parents-small">{move || who_sees.get_value()}</p>
                    </Show>
                    <label class="parents-check">
                        <input type="checkbox" prop:checked=move || anonymous.get()
                            on:change=move |ev| anonymous.set(event_target_checked(&ev))/>
                        <span>{t("Send without my name or my child's name")}</span>
                    </label>
                    {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
                    <p><button class="button button-primary parents-wide" type="submit" disabled=move || busy.get()>{t("Send to the school")}</button></p>
                </form>
            </Show>
        </section>
    }
}
