//! The school's own agreements, on the admin's agreements page: making one (its name, who signs
//! it, for pupils which band) and retiring one (no longer asked;
//! its versions and signatures stay). Its versions are then written in the same form as the
//! built-in agreements'.

use kite_protocol::agreement::{
    AgreementKind, AgreementKindInfo, NewAgreementKind, Signers, MAX_KIND_NAME_CHARS,
};
use kite_protocol::Band;
use leptos::prelude::*;

use super::{use_staff, TextField};
use crate::staff_api;

/// Who may sign a school's own agreement (visitors have theirs already).
const SIGNERS: [Signers; 5] = [
    Signers::Pupils,
    Signers::Parents,
    Signers::Staff,
    Signers::Governors,
    Signers::Volunteers,
];

/// Who signs it, in words: "KS2 pupils, co-signed by parents", "Staff".
pub fn who_signs(k: &AgreementKindInfo) -> String {
    match (k.signers, k.band) {
        (Signers::Pupils, band) => format!(
            "{} pupils{}",
            band.map(|b| b.label()).unwrap_or("All"),
            if k.parents_cosign {
                ", co-signed by parents"
            } else {
                ""
            }
        ),
        (s, _) => s.label().to_string(),
    }
}

/// `on_added`: the new kind, so the page opens its first version in the form.
#[component]
pub fn OwnAgreementKinds(
    kinds: RwSignal<Vec<AgreementKindInfo>>,
    on_added: Callback<AgreementKind>,
) -> impl IntoView {
    let ctx = use_staff();
    let name = RwSignal::new(String::new());
    let signers = RwSignal::new(Signers::Pupils);
    let band = RwSignal::new(None::<Band>);
    let cosign = RwSignal::new(false);
    // A problem with one field (by its `ValidationError` field name), or the outcome.
    let problem = RwSignal::new(None::<(&'static str, String)>);
    let message = RwSignal::new(None::<(bool, String)>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        let pupils = signers.get_untracked() == Signers::Pupils;
        let k = NewAgreementKind {
            name: name.get_untracked().trim().to_string(),
            signers: signers.get_untracked(),
            band: band.get_untracked().filter(|_| pupils),
            parents_cosign: pupils && cosign.get_untracked(),
        };
        if let Err(e) = k.validate() {
            let words = match e.field {
                "name" => {
                    format!("Please give it a name (up to {MAX_KIND_NAME_CHARS} characters).")
                }
                _ => {
                    let mut p = e.problem.clone();
                    if let Some(first) = p.get(0..1) {
                        p = first.to_uppercase() + &p[1..];
                    }
                    p + "."
                }
            };
            problem.set(Some((e.field, words)));
            return;
        }
        problem.set(None);
        leptos::task::spawn_local(async move {
            match staff_api::add_agreement_kind(&k).await {
                Ok(made) => {
                    name.try_set(String::new());
                    cosign.try_set(false);
                    message.try_set(Some((
                        true,
                        format!(
                            "Added \u{201c}{}\u{201d}. Write its first version below and publish it: nobody is asked to sign it until then.",
                            made.name
                        ),
                    )));
                    let kind = made.kind;
                    kinds.try_update(|list| list.push(made));
                    on_added.run(kind);
                }
                // The server's refusal is about the name (taken) or a field the form checks too.
                Err(e) => {
                    problem.try_set(Some(("name", ctx.message(&e))));
                }
            }
        });
    };
    let retire = move |k: AgreementKindInfo| {
        leptos::task::spawn_local(async move {
            match staff_api::retire_agreement_kind(k.kind).await {
                Ok(list) => {
                    kinds.try_set(list);
                    message.try_set(Some((true, format!(
                        "\u{201c}{}\u{201d} is no longer asked. Its versions and everyone's signatures stay in the record.",
                        k.name
                    ))));
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    let problem_at = move |field: &'static str| {
        move || {
            problem.get().filter(|(f, _)| *f == field).map(|(_, t)| {
                view! { <p class="error-text field-problem" role="alert" data-testid="kind-problem">{t}</p> }
            })
        }
    };
    let own = move || {
        kinds
            .get()
            .into_iter()
            .filter(|k| !k.built_in)
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card" data-testid="own-agreements">
            <h2>"Your school's own agreements"</h2>
            <p>"For example a laptop agreement for KS2 pupils, a social-media agreement for parents or an equipment agreement for staff. Pupils sign theirs on the tablet after our rules; parents on their child's page at home (once for the whole family, or beside their child's when they co-sign); staff, governors and volunteers after their own agreement when they sign in."</p>
            <ul class="consent-uses">
                {move || own().into_iter().map(|k| {
                    let label = format!("Retire {}", k.name);
                    let retired = k.retired_at_ms.is_some();
                    let k2 = k.clone();
                    view! {
                        <li data-testid=format!("kind-{}", k.kind)>
                            <strong>{k.name.clone()}</strong>" \u{2014} "{who_signs(&k)}
                            " "
                            {retired.then(|| view! { <span class="hint">"(retired)"</span> })}
                            {(!retired).then(|| view! {
                                <button type="button" class="button button-quiet" aria-label=label on:click=move |_| retire(k2.clone())>"Retire"</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h3>"Add an agreement"</h3>
            <form on:submit=add class="staff-form" novalidate>
                <TextField id="kind-name" label="Its name, e.g. Laptop agreement" max={MAX_KIND_NAME_CHARS as u32} value=name testid="kind-name"/>
                {problem_at("name")}
                <div class="field">
                    <label for="kind-signers">"Who signs it"</label>
                    <select id="kind-signers" data-testid="kind-signers" on:change=move |ev| {
                        if let Some(s) = Signers::parse(&event_target_value(&ev)) { signers.set(s) }
                    }>
                        {SIGNERS.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || signers.get() == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                    {problem_at("signers")}
                </div>
                <Show when=move || signers.get() == Signers::Pupils>
                    <div class="field">
                        <label for="kind-band">"Which pupils"</label>
                        <select id="kind-band" data-testid="kind-band" on:change=move |ev| band.set(Band::parse(&event_target_value(&ev)))>
                            <option value="" selected=move || band.get().is_none()>"Choose a key stage"</option>
                            {Band::ALL.into_iter().map(|b| view! {
                                <option value=b.as_str() selected=move || band.get() == Some(b)>{format!("{} pupils", b.label())}</option>
                            }).collect_view()}
                        </select>
                        {problem_at("band")}
                    </div>
                    <label class="concern-check">
                        <input type="checkbox" id="kind-cosign" data-testid="kind-cosign"
                            prop:checked=move || cosign.get()
                            on:change=move |ev| cosign.set(event_target_checked(&ev))/>
                        <span>"Parents co-sign it at home, on their child's page"</span>
                    </label>
                    {problem_at("parents_cosign")}
                </Show>
                <p><button class="button button-primary" type="submit" data-testid="kind-add">"Add"</button></p>
            </form>
            <div aria-live="polite">
                {move || message.get().map(|(ok, t)| view! { <p class=if ok { "ok-text" } else { "error-text" } role="status" data-testid="kind-message">{t}</p> })}
            </div>
        </section>
    }
}
