//! Agreements: the admin's list of versions with "publish a new version" (the annual review),
//! and the page every staff member sees at sign-in until they have signed the current version of
//! their own AUP (staff, volunteer or governor).

use kite_protocol::agreement::{
    AgreementContent, AgreementKind, AgreementVersion, MyAgreement, PublishAgreement, SignAgreement,
};
use leptos::prelude::*;

use super::format::when_short;
use super::{use_staff, TextField};
use crate::staff_api;

/// The content as a reader sees it.
#[component]
pub fn AgreementText(content: AgreementContent) -> impl IntoView {
    match content {
        AgreementContent::Sections(doc) => view! {
            <div class="agreement-text">
                <p>{doc.intro}</p>
                {doc.sections.into_iter().map(|s| view! {
                    <h3>{s.heading}</h3>
                    <ul>{s.points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                }).collect_view()}
            </div>
        }.into_any(),
        AgreementContent::Pupil(aup) => view! {
            <div class="agreement-text">
                {kite_protocol::Band::ALL.into_iter().map(|b| view! {
                    <h3>{b.label()}</h3>
                    <ol>{aup.for_band(b).iter().map(|s| view! { <li>{s.text.clone()}</li> }).collect_view()}</ol>
                }).collect_view()}
            </div>
        }.into_any(),
    }
}

/// Shown before anything else in the staff area until the person has signed their AUP.
#[component]
pub fn SignOwnAgreement(mine: MyAgreement, on_signed: Callback<()>) -> impl IntoView {
    let ctx = use_staff();
    let name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let version_id = mine.current.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = SignAgreement {
            version_id,
            signed_name: name.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match staff_api::sign_agreement(&s).await {
                Ok(_) => on_signed.run(()),
                Err(e) => {
                    message.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    view! {
        <h1 data-testid="staff-aup">{format!("{} (version {})", mine.current.kind.label(), mine.current.version)}</h1>
        <p>"Before you use Kite, please read the school's agreement and sign it by typing your full name."</p>
        <section class="card"><AgreementText content=mine.current.content.clone()/></section>
        <form on:submit=submit class="card staff-form">
            <TextField id="staff-aup-name" label="Your full name" max=80 value=name testid="staff-aup-name"/>
            <p><button class="button button-primary" type="submit" data-testid="staff-aup-sign">"I agree and sign"</button></p>
            {move || message.get().map(|t| view! { <p class="error-text" role="alert">{t}</p> })}
        </form>
    }
}

#[component]
pub fn AgreementsPage() -> impl IntoView {
    let ctx = use_staff();
    let versions = RwSignal::new(Vec::<AgreementVersion>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match staff_api::agreements().await {
                Ok(v) => {
                    versions.try_set(v);
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    load();
    let kind = RwSignal::new(AgreementKind::Pupil);
    // The new version is edited as the JSON the server stores, started from the current one.
    let draft = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let start_from_current = move || {
        let k = kind.get_untracked();
        if let Some(v) = versions.with_untracked(|vs| vs.iter().find(|v| v.kind == k).cloned()) {
            draft.set(serde_json::to_string_pretty(&v.content).unwrap_or_default());
        }
    };
    Effect::new(move |_| {
        versions.track();
        kind.track();
        start_from_current();
    });
    let publish = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let content: AgreementContent = match serde_json::from_str(&draft.get_untracked()) {
            Ok(c) => c,
            Err(e) => {
                message.set(Some((
                    false,
                    format!("The text isn't in the right shape: {e}"),
                )));
                return;
            }
        };
        let k = kind.get_untracked();
        let p = PublishAgreement {
            content,
            summary: summary.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match staff_api::publish_agreement(k.as_str(), &p).await {
                Ok(v) => {
                    message.try_set(Some((true, format!("{} version {} published. Everyone it applies to will be asked to sign again.", v.kind.label(), v.version))));
                    summary.try_set(String::new());
                    load();
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    view! {
        <h1>"Agreements"</h1>
        {move || message.get().map(|(ok, t)| view! { <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p> })}
        {AgreementKind::ALL.into_iter().map(|k| view! {
            <section class="card">
                <h2>{k.label()}</h2>
                <table class="staff-table">
                    <thead><tr><th>"Version"</th><th>"Published"</th><th>"By"</th><th>"What changed"</th></tr></thead>
                    <tbody>
                        {move || versions.get().into_iter().filter(|v| v.kind == k).map(|v| view! {
                            <tr><td>{v.version}</td><td>{when_short(v.published_at_ms)}</td>
                            <td>{v.published_by.clone().unwrap_or_else(|| "Kite (first version)".into())}</td><td>{v.summary.clone()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <details><summary>"Read the current version"</summary>
                    {move || versions.get().into_iter().find(|v| v.kind == k).map(|v| view! { <AgreementText content=v.content/> })}
                </details>
            </section>
        }).collect_view()}
        <section class="card">
            <h2>"Publish a new version"</h2>
            <form on:submit=publish class="staff-form">
                <div class="field">
                    <label for="publish-kind">"Agreement"</label>
                    <select id="publish-kind" on:change=move |ev| if let Some(k) = AgreementKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                        {AgreementKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                <p class="hint">"Edit the text below (it starts as the current version). Pupil statements need a picture name: "
                    {kite_protocol::agreement::STATEMENT_PICTURES.join(", ")} "."</p>
                <textarea class="agreement-draft" rows="16" aria-label="The new version's text" prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                <TextField id="publish-summary" label="What changed (staff see this)" max=500 value=summary/>
                <p><button class="button button-primary" type="submit">"Publish"</button></p>
            </form>
        </section>
    }
}
