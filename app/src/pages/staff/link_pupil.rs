//! The children a record is about, on the record's page, and "Link to a child": the DSL finds a
//! pupil by typing a few letters, says their part in it and why, and the record joins that
//! child's chronology (the server audits the link). An anonymous pupil's report stays anonymous
//! until this is done.

use kite_protocol::pupil_record::{Involvement, LinkPupil, LinkedPupil, PupilHit};
use leptos::prelude::*;

use super::format::when;
use super::use_staff;
use crate::staff_api;

/// The linked children with a link to each one's record, and the form to link another.
/// `on_linked` runs after a link is made (the page reloads the record).
#[component]
pub fn LinkedPupils(
    report_id: String,
    linked: Vec<LinkedPupil>,
    on_linked: Callback<()>,
) -> impl IntoView {
    view! {
        <section class="card link-pupil" aria-labelledby="linked-heading" data-testid="linked-pupils">
            <h2 id="linked-heading">"Children this record is about"</h2>
            {if linked.is_empty() {
                view! { <p class="staff-muted">"Not linked to any child yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="linked-list">
                        {linked.into_iter().map(|p| view! {
                            <li>
                                <a href=format!("/staff/pupils/{}", p.pupil_id)>{p.name}</a>
                                " (" {p.class_name} ") \u{00b7} " {p.involvement.label()}
                                {p.reason.map(|r| view! {
                                    <span class="staff-hint">" \u{00b7} linked by " {p.linked_by.clone()} ", " {when(p.linked_at_ms)} ": " {r}</span>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <LinkForm report_id=report_id on_linked=on_linked/>
        </section>
    }
}

#[component]
fn LinkForm(report_id: String, on_linked: Callback<()>) -> impl IntoView {
    let ctx = use_staff();
    let report_id = StoredValue::new(report_id);
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(None::<PupilHit>);
    let involvement = RwSignal::new(Involvement::Affected);
    let reason = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(pupil) = chosen.get_untracked() else {
            message.set(Some(
                "Find the child first: type a few letters of their name.".into(),
            ));
            return;
        };
        if reason.with_untracked(|r| r.trim().is_empty()) {
            message.set(Some("Say why this record is about this child.".into()));
            return;
        }
        let link = LinkPupil {
            pupil_id: pupil.id,
            involvement: involvement.get_untracked(),
            reason: reason.get_untracked(),
        };
        sending.set(true);
        leptos::task::spawn_local(async move {
            match staff_api::link_pupil(&report_id.get_value(), &link).await {
                Ok(_) => {
                    chosen.try_set(None);
                    reason.try_set(String::new());
                    message.try_set(None);
                    open.try_set(false);
                    on_linked.run(());
                }
                // What was typed stays, so nothing is lost.
                Err(e) => {
                    message.try_set(Some(ctx.message(&e)));
                }
            }
            sending.try_set(false);
        });
    };

    view! {
        <Show when=move || open.get() fallback=move || view! {
            <p><button type="button" class="button button-secondary" data-testid="link-pupil-open"
                on:click=move |_| open.set(true)>"Link to a child"</button></p>
        }>
            <form class="staff-form" on:submit=submit data-testid="link-pupil-form">
                <h3>"Link to a child"</h3>
                <PupilPicker chosen=chosen id="link-find"/>
                <div class="field">
                    <label for="link-involvement">"Their part in it"</label>
                    <select id="link-involvement" on:change=move |ev| {
                        if let Some(i) = Involvement::parse(&event_target_value(&ev)) { involvement.set(i) }
                    }>
                        {Involvement::ALL.into_iter().map(|i| view! {
                            <option value=i.as_str() prop:selected=move || involvement.get() == i>{i.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="link-reason">"Why this record is about this child"</label>
                    <textarea id="link-reason" class="staff-textarea" maxlength="500" data-testid="link-reason"
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                <p class="staff-hint">"The link, your name and the time are kept in the audit log. The child's record will show this record."</p>
                {move || message.get().map(|t| view! { <p class="error-text" role="alert">{t}</p> })}
                <p class="button-row">
                    <button class="button button-primary" type="submit" disabled=move || sending.get()>"Link"</button>
                    <button class="button button-quiet" type="button" on:click=move |_| open.set(false)>"Cancel"</button>
                </p>
            </form>
        </Show>
    }
}

/// Finds a pupil by the first letters of their first or last name; sets `chosen`.
#[component]
pub fn PupilPicker(chosen: RwSignal<Option<PupilHit>>, id: &'static str) -> impl IntoView {
    let ctx = use_staff();
    let query = RwSignal::new(String::new());
    let hits = RwSignal::new(Vec::<PupilHit>::new());
    let error = RwSignal::new(None::<String>);
    let search = move |q: String| {
        query.set(q.clone());
        if q.trim().is_empty() {
            hits.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let found = staff_api::find_pupil_records(q.trim()).await;
            // An answer to letters since changed is dropped.
            if query.try_get_untracked().as_deref() != Some(q.as_str()) {
                return;
            }
            match found {
                Ok(h) => {
                    hits.try_set(h);
                    error.try_set(None);
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    view! {
        {move || match chosen.get() {
            Some(p) => view! {
                <p class="picked" data-testid="picked-pupil">
                    <strong>{p.name.clone()}</strong> " (" {p.class_name.clone()} ") "
                    <button type="button" class="button button-quiet" on:click=move |_| chosen.set(None)>"Change"</button>
                </p>
            }.into_any(),
            None => view! {
                <div class="field">
                    <label for=id>"Child's name"</label>
                    <input id=id type="search" autocomplete="off" placeholder="Type a few letters" data-testid="pupil-search"
                        prop:value=move || query.get() on:input=move |ev| search(event_target_value(&ev))/>
                </div>
                {move || error.get().map(|t| view! { <p class="error-text" role="alert">{t}</p> })}
                <ul class="pupil-hits" data-testid="pupil-hits">
                    {move || hits.get().into_iter().map(|p| {
                        let label = pupil_hit_label(&p);
                        view! {
                            <li><button type="button" class="button button-quiet pupil-hit"
                                on:click=move |_| chosen.set(Some(p.clone()))>{label}</button></li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

/// "Liv Brown · Oak · Year 3" (and "left" for a pupil no longer on a class list).
pub fn pupil_hit_label(p: &PupilHit) -> String {
    let mut label = format!("{} \u{00b7} {}", p.name, p.class_name);
    if let Some(y) = p.year_group {
        label.push_str(" \u{00b7} ");
        label.push_str(y.label());
    }
    if p.left {
        label.push_str(" (left)");
    }
    label
}
