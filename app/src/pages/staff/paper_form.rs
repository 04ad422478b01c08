//! Recording what a parent handed in on paper, under the class register: a consent form (which
//! uses it answers, yes or no) or the co-signed agreements, with the date written on the form.
//! The register it sends back shows the answer at once, marked as paper.

use kite_protocol::consent::{PaperCoSignature, PaperConsent};
use kite_protocol::register::ClassRegister;
use leptos::prelude::*;

use super::format::today_input;
use super::{use_staff, TextField};
use crate::staff_api;

#[component]
pub fn PaperForm(class_id: i64, reg: RwSignal<Option<ClassRegister>>) -> impl IntoView {
    let ctx = use_staff();
    let pupil = RwSignal::new(String::new());
    let cosign = RwSignal::new(false);
    let chosen = RwSignal::new(Vec::<String>::new());
    let given = RwSignal::new(true);
    let parent_name = RwSignal::new(String::new());
    // Left empty, the versions are the current ones (which a new form carries).
    let pupil_version = RwSignal::new(String::new());
    let home_version = RwSignal::new(String::new());
    let form_date = RwSignal::new(today_input());
    let message = RwSignal::new(None::<(bool, String)>);

    let uses = move || {
        reg.with(|r| {
            r.as_ref()
                .and_then(|r| r.pupils.first())
                .map(|p| {
                    p.consents
                        .iter()
                        .map(|c| (c.key.clone(), c.name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let pupils = move || {
        reg.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.pupils
                        .iter()
                        .map(|p| (p.pupil_id, format!("{} {}.", p.first_name, p.last_initial)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        let pupil_id = pupil.get_untracked().parse::<i64>().unwrap_or(0);
        let name = pupils()
            .into_iter()
            .find(|(id, _)| *id == pupil_id)
            .map(|(_, n)| n)
            .unwrap_or_default();
        let date = form_date.get_untracked();
        let is_cosign = cosign.get_untracked();
        let consent = PaperConsent {
            pupil_id,
            uses: chosen.get_untracked(),
            given: given.get_untracked(),
            form_date: date.clone(),
        };
        let (current, current_home) = reg.with_untracked(|r| {
            r.as_ref()
                .map(|r| (r.current_version, r.current_home_school_version))
                .unwrap_or_default()
        });
        let version = |typed: String, current: u32| {
            let typed = typed.trim().to_string();
            if typed.is_empty() {
                current
            } else {
                typed.parse().unwrap_or(0)
            }
        };
        let signature = PaperCoSignature {
            pupil_id,
            parent_name: parent_name.get_untracked(),
            pupil_version: version(pupil_version.get_untracked(), current),
            home_school_version: version(home_version.get_untracked(), current_home),
            form_date: date,
        };
        leptos::task::spawn_local(async move {
            let done = if is_cosign {
                staff_api::paper_cosignature(class_id, &signature).await
            } else {
                staff_api::paper_consent(class_id, &consent).await
            };
            match done {
                Ok(r) => {
                    reg.try_set(Some(r));
                    chosen.try_set(Vec::new());
                    parent_name.try_set(String::new());
                    message.try_set(Some((
                        true,
                        format!("Recorded for {name}, marked as paper."),
                    )));
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };

    view! {
        <section class="card" data-testid="paper-form">
            <h2>"Record a form handed in on paper"</h2>
            <p>"A paper answer counts the same as one given online. A parent can still change it online later; both stay in the history."</p>
            <form on:submit=submit class="staff-form">
                <div class="field">
                    <label for="paper-pupil">"Child"</label>
                    <select id="paper-pupil" required data-testid="paper-pupil" on:change=move |ev| pupil.set(event_target_value(&ev))>
                        <option value="">"Choose\u{2026}"</option>
                        {move || pupils().into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                    </select>
                </div>
                <fieldset class="field paper-choices">
                    <legend>"The form is"</legend>
                    <label><input type="radio" name="paper-kind" prop:checked=move || !cosign.get() on:change=move |_| cosign.set(false)/>" A consent form"</label>
                    <label><input type="radio" name="paper-kind" data-testid="paper-kind-cosign" prop:checked=move || cosign.get() on:change=move |_| cosign.set(true)/>" The signed agreements (pupil AUP and home-school)"</label>
                </fieldset>
                <Show when=move || !cosign.get()>
                    <fieldset class="field paper-choices">
                        <legend>"What the form answers"</legend>
                        {move || uses().into_iter().map(|(key, label)| {
                            let k = key.clone();
                            let k2 = key.clone();
                            view! {
                                <label class="paper-use"><input type="checkbox" data-testid=format!("paper-use-{key}")
                                    prop:checked=move || chosen.with(|c| c.contains(&k))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| { c.retain(|x| x != &k2); if on { c.push(k2.clone()); } });
                                    }/>{format!(" {label}")}</label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <fieldset class="field paper-choices">
                        <legend>"The parent's answer"</legend>
                        <label><input type="radio" name="paper-given" data-testid="paper-yes" prop:checked=move || given.get() on:change=move |_| given.set(true)/>" Yes"</label>
                        <label><input type="radio" name="paper-given" data-testid="paper-no" prop:checked=move || !given.get() on:change=move |_| given.set(false)/>" No"</label>
                    </fieldset>
                </Show>
                <Show when=move || cosign.get()>
                    <TextField id="paper-parent" label="Parent's name as signed" max=100 value=parent_name/>
                    <VersionField id="paper-pupil-version" label="Pupil AUP version on the form" value=pupil_version
                        current=move || reg.with(|r| r.as_ref().map(|r| r.current_version).unwrap_or(0))/>
                    <VersionField id="paper-home-version" label="Home-school agreement version on the form" value=home_version
                        current=move || reg.with(|r| r.as_ref().map(|r| r.current_home_school_version).unwrap_or(0))/>
                </Show>
                <div class="field">
                    <label for="paper-date">"Date on the form"</label>
                    <input id="paper-date" type="date" required data-testid="paper-date" prop:value=move || form_date.get()
                        on:input=move |ev| form_date.set(event_target_value(&ev))/>
                </div>
                <button class="button button-primary" type="submit" data-testid="paper-save">"Record the paper form"</button>
            </form>
            {move || message.get().map(|(ok, t)| view! { <p class=if ok { "ok-text" } else { "error-text" } role="status" data-testid="paper-message">{t}</p> })}
        </section>
    }
}

/// A version number box that may be left empty for the current version, shown as its hint.
#[component]
fn VersionField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    current: impl Fn() -> u32 + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="text" inputmode="numeric" maxlength="4" autocomplete="off"
                placeholder=move || format!("{} (current)", current())
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}
