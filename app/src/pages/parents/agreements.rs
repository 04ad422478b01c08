//! The two agreements to read (the pupil AUP for the child's age group, with its pictures, and
//! the home-school agreement) and the co-signature: a typed name and "we have talked about it
//! together". Only the versions shown can be signed; if the school publishes a new one
//! meanwhile, the server says so and the page asks to read it again.

use kite_protocol::parents::{ChildPage, CoSignRequest, CoSignature};
use leptos::prelude::*;

use super::use_parent;
use crate::components::icons::Icon;
use crate::i18n::{t, tf};
use crate::pages::aup::pictures::statement_icon;
use crate::pages::staff::format::when;
use crate::parents_api;

fn not_yet() -> &'static str {
    t("The school hasn't published this yet. Please come back to this page in a few days.")
}

#[component]
pub fn Agreements(page: ChildPage) -> impl IntoView {
    let name = page.first_name.clone();
    let statements = page.pupil_aup.clone().map(|a| a.statements);
    let signed = RwSignal::new(page.cosigned.clone());
    view! {
        <section class="card parents-section" id="agreement" aria-labelledby="agreement-heading">
            <h2 id="agreement-heading">{tf("What {name} agrees to at school", &[("name", &name)])}</h2>
            {match statements {
                Some(list) => view! {
                    <p>{tf("{name} reads these with their teacher and signs them on the class tablet.", &[("name", &name)])}</p>
                    // The school's own words: English, left to right even on a page read in Urdu.
                    <ul class="parents-statements" data-testid="aup-statements" lang="en" dir="auto">
                        {list.into_iter().map(|s| view! {
                            <li><Icon svg=statement_icon(s.picture.as_deref().unwrap_or(""))/><span>{s.text}</span></li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                None => view! { <p class="staff-muted" data-testid="aup-not-yet">{not_yet()}</p> }.into_any(),
            }}
            {match page.home_school.clone() {
                Some(h) => view! {
                    <div lang="en" dir="auto" data-testid="home-school">
                        <h3>{h.title}</h3>
                        {(!h.intro.is_empty()).then(|| view! { <p>{h.intro.clone()}</p> })}
                        {h.sections.into_iter().map(|sec| view! {
                            <h4>{sec.heading}</h4>
                            <ul class="parents-list">{sec.items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                        }).collect_view()}
                    </div>
                }.into_any(),
                None => view! { <h3>{t("The home-school agreement")}</h3><p class="staff-muted">{not_yet()}</p> }.into_any(),
            }}
            {move || match signed.get() {
                Some(s) if s.current => view! { <SignedNote s=s/> }.into_any(),
                other => view! { <CoSignForm page=page.clone() signed=signed earlier=other/> }.into_any(),
            }}
        </section>
    }
}

fn reload_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

#[component]
fn SignedNote(s: CoSignature) -> impl IntoView {
    view! {
        <p class="parents-done" role="status" data-testid="cosigned">
            {tf("Signed by {name} on {date}. Thank you for talking it through together.", &[("name", &s.parent_name), ("date", &when(s.at_ms))])}
        </p>
    }
}

#[component]
fn CoSignForm(
    page: ChildPage,
    signed: RwSignal<Option<CoSignature>>,
    earlier: Option<CoSignature>,
) -> impl IntoView {
    let versions = page
        .pupil_aup
        .as_ref()
        .zip(page.home_school.as_ref())
        .map(|(p, h)| (p.version, h.version));
    let Some((pupil_version, home_school_version)) = versions else {
        return view! {
            <p class="staff-muted">{t("You can sign once the school has published both agreements.")}</p>
        }
        .into_any();
    };
    let child = page.first_name.clone();
    let send = move |parent_name: String| async move {
        let req = CoSignRequest {
            parent_name,
            pupil_version,
            home_school_version,
            talked_together: true,
        };
        parents_api::cosign(&req).await.map(|s| {
            signed.try_set(Some(s));
        })
    };
    view! {
        <SignForm id="cosign" testid="cosign-form" heading=t("Sign it together").to_string()
            lead=tf("Read the agreement with {name}, talk about what it means at home, then sign below.", &[("name", &child)])
            talked_with=Some(child.clone())
            earlier=earlier.map(|e| (e.parent_name, e.at_ms))
            send=send/>
    }
    .into_any()
}

/// A typed name (and, when the child signs too, "we have talked about it together") sent with
/// `send`; on a refusal its reason shows, and when the school published a newer version meanwhile
/// (409) a button shows it. `earlier`: who signed an older version, and when.
#[component]
pub(super) fn SignForm<F, Fut>(
    #[prop(into)] id: String,
    #[prop(into)] testid: String,
    heading: String,
    lead: String,
    /// The child's name, when the form asks whether the parent talked it through with them.
    talked_with: Option<String>,
    earlier: Option<(String, i64)>,
    send: F,
) -> impl IntoView
where
    F: Fn(String) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = Result<(), parents_api::ApiFailure>> + 'static,
{
    let ctx = use_parent();
    let name = RwSignal::new(String::new());
    let talked = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let stale = RwSignal::new(false);
    let asks_talked = talked_with.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parent_name = name.get_untracked();
        if parent_name.trim().is_empty() {
            error.set(Some(t("Please type your name.").into()));
            return;
        }
        if asks_talked && !talked.get_untracked() {
            error.set(Some(
                t("Please talk it through with your child first, then tick the box.").into(),
            ));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            if let Err(e) = send(parent_name).await {
                // 409: the school published a new version meanwhile; offer to show it.
                stale.try_set(e.status == 409);
                error.try_set(Some(ctx.message(&e)));
                busy.try_set(false);
            }
        });
    };
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let (name_id, talked_id) = (format!("{id}-name"), format!("{id}-talked"));
    view! {
        <form class="parents-form parents-cosign" on:submit=submit aria-labelledby=labelled_by data-testid=testid>
            <h3 id=heading_id>{heading}</h3>
            {earlier.map(|(who, at_ms)| view! {
                <p class="notice-inline" role="status">
                    {tf("{name} signed an earlier version on {date}. The school has updated it since: please read it again and sign.", &[("name", &who), ("date", &when(at_ms))])}
                </p>
            })}
            <p>{lead}</p>
            <div class="field">
                <label for=name_id.clone()>{t("Your name")}</label>
                <input id=name_id autocomplete="name" maxlength="100"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
            </div>
            {talked_with.map(|child| view! {
                <label class="parents-check">
                    <input type="checkbox" id=talked_id prop:checked=move || talked.get()
                        on:change=move |ev| talked.set(event_target_checked(&ev))/>
                    <span>{tf("We have talked about it together, {name} and I.", &[("name", &child)])}</span>
                </label>
            })}
            {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
            <Show when=move || stale.get()>
                <p><button type="button" class="button button-secondary parents-wide" on:click=|_| reload_page()>{t("Show the latest version")}</button></p>
            </Show>
            <p><button class="button button-primary parents-wide" type="submit" disabled=move || busy.get()>{t("Sign the agreement")}</button></p>
        </form>
    }
}
