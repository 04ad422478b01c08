//! Staff accounts: the admin adds someone with a first password, disables, enables, unlocks; DSL
//! accounts are the DSL's alone (the server refuses an admin), so each sees the actions that are
//! theirs and is told why the others aren't.

use kite_protocol::agreement::AgreementKind;
use kite_protocol::staff::{NewStaff, Role, StaffAccount};
use leptos::prelude::*;

use super::use_staff;
use crate::staff_api;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let ctx = use_staff();
    let my_id = ctx
        .me
        .with_untracked(|m| m.as_ref().and_then(|m| m.as_ref().map(|m| m.id)));
    let is_dsl = ctx.role() == Some(Role::Dsl);
    // Whose accounts this person may change: a DSL the DSLs', an admin everyone else's.
    let mine_to_change = move |role: Role| (role == Role::Dsl) == is_dsl;
    let accounts = RwSignal::new(Vec::<StaffAccount>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match staff_api::accounts().await {
                Ok(a) => {
                    accounts.try_set(a);
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    load();
    let change = move |id: i64, body: serde_json::Value, done: &'static str| {
        leptos::task::spawn_local(async move {
            match staff_api::update_account(id, body).await {
                Ok(a) => {
                    message.try_set(Some((true, format!("{} {done}.", a.email))));
                    load();
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };

    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(if is_dsl { "dsl" } else { "teacher" }.to_string());
    let password = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(r) = Role::parse(&role.get_untracked()) else {
            return;
        };
        let new = NewStaff {
            email: email.get_untracked(),
            name: name.get_untracked(),
            role: r,
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match staff_api::create_account(&new).await {
                Ok(a) => {
                    message.try_set(Some((true, format!("Account made for {}. Give them their password in person; they can change it under Password.", a.email))));
                    email.try_set(String::new());
                    name.try_set(String::new());
                    password.try_set(String::new());
                    load();
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    let text =
        move |id: &'static str, label: &'static str, kind: &'static str, sig: RwSignal<String>| {
            view! {
                <div class="field">
                    <label for=id>{label}</label>
                    <input id=id type=kind autocomplete="off" required prop:value=move || sig.get()
                        on:input=move |ev| sig.set(event_target_value(&ev))/>
                </div>
            }
        };

    view! {
        <h1>"Staff accounts"</h1>
        {move || message.get().map(|(ok, t)| view! { <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p> })}
        <table class="staff-table" data-testid="accounts">
            <thead><tr>
                <th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Role"</th>
                <th scope="col">"State"</th><th scope="col">"Two-step"</th><th scope="col">"AUP"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
            </tr></thead>
            <tbody>
                <For each=move || accounts.get() key=|a| (a.id, a.disabled, a.locked, a.agreement, a.agreement_signed_at_ms, a.is_head, a.is_chair) let:a>
                    <tr>
                        <td>{a.name.clone()}</td>
                        <td>{a.email.clone()}</td>
                        <td>{a.role.label()}{a.is_head.then_some(" (head)")}{a.is_chair.then_some(" (chair)")}</td>
                        <td>{if a.disabled { "Disabled" } else if a.locked { "Locked (wrong passwords)" } else { "Active" }}</td>
                        <td>{if a.totp_enabled { "On" } else { "Off" }}</td>
                        <td>
                            <select aria-label=format!("Which AUP {} signs", a.name)
                                disabled=!mine_to_change(a.role)
                                on:change=move |ev| change(a.id, serde_json::json!({"agreement": event_target_value(&ev)}), "will sign that AUP")>
                                {[AgreementKind::Staff, AgreementKind::Volunteer, AgreementKind::Governor].into_iter().map(|k| view! {
                                    <option value=k.key() selected=a.agreement == Some(k)>{k.label()}</option>
                                }).collect_view()}
                            </select>
                            <br/>
                            {match a.agreement_signed_at_ms {
                                Some(at) => format!("Signed {}", super::format::when_short(at)),
                                None => "Not signed yet".into(),
                            }}
                        </td>
                        <td><span class="row">
                            {(!mine_to_change(a.role)).then(|| view! {
                                <span class="staff-muted">{if is_dsl { "The admin manages this account" } else { "Only a DSL can add or change a DSL account" }}</span>
                            })}
                            {(mine_to_change(a.role) && a.role.works_with_pupils()).then(|| {
                                let head = !a.is_head;
                                view! { <button type="button" class="button button-quiet" data-testid="head-flag"
                                    on:click=move |_| change(a.id, serde_json::json!({"head": head}), if head { "is flagged as the head" } else { "is no longer flagged as the head" })>
                                    {if head { "Make head" } else { "Not head" }}</button> }
                            })}
                            {(mine_to_change(a.role) && a.role == Role::Governor).then(|| {
                                let chair = !a.is_chair;
                                view! { <button type="button" class="button button-quiet" data-testid="chair-flag"
                                    on:click=move |_| change(a.id, serde_json::json!({"chair": chair}), if chair { "is flagged as the chair of governors" } else { "is no longer flagged as the chair of governors" })>
                                    {if chair { "Make chair" } else { "Not chair" }}</button> }
                            })}
                            {(mine_to_change(a.role) && a.locked).then(|| view! {
                                <button type="button" class="button button-quiet"
                                    on:click=move |_| change(a.id, serde_json::json!({"unlock": true}), "was unlocked")>"Unlock"</button>
                            })}
                            {if !mine_to_change(a.role) {
                                ().into_any()
                            } else if Some(a.id) == my_id {
                                view! { <span class="staff-muted">"You"</span> }.into_any()
                            } else if a.disabled {
                                view! { <button type="button" class="button button-quiet"
                                    on:click=move |_| change(a.id, serde_json::json!({"disabled": false}), "was enabled")>"Enable"</button> }.into_any()
                            } else {
                                view! { <button type="button" class="button button-quiet"
                                    on:click=move |_| change(a.id, serde_json::json!({"disabled": true}), "was disabled and signed out")>"Disable"</button> }.into_any()
                            }}
                        </span></td>
                    </tr>
                </For>
            </tbody>
        </table>
        <form class="card staff-form" aria-labelledby="add-heading" on:submit=add>
            <h2 id="add-heading">{if is_dsl { "Add a DSL or deputy DSL" } else { "Add a member of staff" }}</h2>
            <p class="staff-hint" data-testid="dsl-accounts-note">{if is_dsl {
                "Only a DSL can add or change a DSL account. The other DSLs are emailed when you do; the admin manages everyone else's account."
            } else {
                "Only a DSL can add or change a DSL account: ask your DSL to add a deputy."
            }}</p>
            {text("new-email", "Email", "email", email)}
            {text("new-name", "Name (shown in report chronologies)", "text", name)}
            <div class="field">
                <label for="new-role">"Role"</label>
                <select id="new-role" on:change=move |ev| role.set(event_target_value(&ev))>
                    {if is_dsl {
                        view! { <option value="dsl" selected=true>"DSL / deputy DSL (reports and audit log)"</option> }.into_any()
                    } else {
                        view! {
                            <option value="teacher" selected=true>"Teacher (no access to reports)"</option>
                            <option value="admin">"Admin / ICT lead (tablets, accounts, school profile)"</option>
                            <option value="staff">"Staff: teaching assistant, office, lunchtime, volunteer (logs concerns only)"</option>
                            <option value="governor">"Governor (the governors' report only)"</option>
                        }.into_any()
                    }}
                </select>
            </div>
            {text("new-password", "First password (at least 10 characters)", "password", password)}
            <p><button class="button button-primary" type="submit">"Add account"</button></p>
        </form>
    }
}
