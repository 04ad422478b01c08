//! The uses the school asks parents' consent for, on the admin's agreements page: each with its
//! one-line explanation, adding one, and retiring one (no longer asked; answers already given
//! stay in every child's record).

use kite_protocol::consent::{ConsentUse, NewConsentUse};
use leptos::prelude::*;

use super::{use_staff, TextField};
use crate::staff_api;

#[component]
pub fn ConsentUses() -> impl IntoView {
    let ctx = use_staff();
    let uses = RwSignal::new(Vec::<ConsentUse>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let name = RwSignal::new(String::new());
    let explanation = RwSignal::new(String::new());
    let answered = move |r: Result<Vec<ConsentUse>, staff_api::StaffError>, done: String| match r {
        Ok(list) => {
            uses.try_set(list);
            message.try_set(Some((true, done)));
        }
        Err(e) => {
            message.try_set(Some((false, ctx.message(&e))));
        }
    };
    leptos::task::spawn_local(async move {
        if let Ok(list) = staff_api::consent_uses().await {
            uses.try_set(list);
        }
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let u = NewConsentUse {
            name: name.get_untracked(),
            explanation: explanation.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let r = staff_api::add_consent_use(&u).await;
            if r.is_ok() {
                name.try_set(String::new());
                explanation.try_set(String::new());
            }
            answered(
                r,
                format!(
                    "Added \u{201c}{}\u{201d}: parents are asked from now on.",
                    u.name.trim()
                ),
            );
        });
    };
    let retire = move |u: ConsentUse| {
        leptos::task::spawn_local(async move {
            answered(
                staff_api::retire_consent_use(u.key).await,
                format!("\u{201c}{}\u{201d} is no longer asked. Answers already given stay in the record.", u.name),
            );
        });
    };
    view! {
        <section class="card" data-testid="consent-uses">
            <h2>"What parents are asked consent for"</h2>
            <p>"Parents answer each of these on their page, or on paper. Retiring one stops it being asked; what parents said stays in each child's record."</p>
            <ul class="consent-uses">
                {move || uses.get().into_iter().filter(|u| !u.retired).map(|u| {
                    let label = format!("Retire {}", u.name);
                    let u2 = u.clone();
                    view! {
                        <li data-testid=format!("use-{}", u.key)>
                            <strong>{u.name.clone()}</strong>" \u{2014} "{u.explanation.clone()}
                            " "<button type="button" class="button button-quiet" aria-label=label on:click=move |_| retire(u2.clone())>"Retire"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || {
                let retired: Vec<String> = uses.get().into_iter().filter(|u| u.retired).map(|u| u.name).collect();
                (!retired.is_empty()).then(|| view! { <p class="hint">{format!("Retired: {}.", retired.join(", "))}</p> })
            }}
            <h3>"Add a use"</h3>
            <form on:submit=add class="staff-form">
                <TextField id="use-name" label="Short name" max=60 value=name testid="use-name"/>
                <TextField id="use-explanation" label="One line for parents: what saying yes allows" max=200 value=explanation testid="use-explanation"/>
                <button class="button button-primary" type="submit">"Add"</button>
            </form>
            {move || message.get().map(|(ok, t)| view! { <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p> })}
        </section>
    }
}
