//! Tablets, for the admin: make a one-time enrolment code, see tablets, revoke one. It is the
//! admin's home, so the staff training that is due shows here too.

use kite_protocol::staff::{DeviceRow, EnrolmentCode};
use leptos::prelude::*;

use super::format::{when, when_short};
use super::use_staff;
use crate::staff_api;

#[component]
pub fn DevicesPage() -> impl IntoView {
    let ctx = use_staff();
    let devices = RwSignal::new(None::<Vec<DeviceRow>>);
    let code = RwSignal::new(None::<EnrolmentCode>);
    let error = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(None::<i64>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match staff_api::devices().await {
                Ok(d) => {
                    devices.try_set(Some(d));
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    load();
    let make_code = move |_| {
        leptos::task::spawn_local(async move {
            match staff_api::new_enrolment_code().await {
                Ok(c) => {
                    code.try_set(Some(c));
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    let revoke = move |id: i64| {
        leptos::task::spawn_local(async move {
            match staff_api::revoke_device(id).await {
                Ok(()) => {
                    confirming.try_set(None);
                    load();
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };

    view! {
        <h1>"Tablets"</h1>
        <section class="card" aria-labelledby="enrol-heading">
            <h2 id="enrol-heading">"Enrol a tablet"</h2>
            <p>"Make a one-time code, then on the tablet open " <strong>"/setup"</strong> " and type it in with a name for the tablet."</p>
            <p><button type="button" class="button button-primary" data-testid="new-code" on:click=make_code>"Make an enrolment code"</button></p>
            {move || code.get().map(|c| view! {
                <div class="enrol-code-box" role="status">
                    <p class="enrol-code" data-testid="enrolment-code">{c.code.clone()}</p>
                    <p>"Works once, until " {when(c.expires_at_ms)} ". It is not shown again."</p>
                </div>
            })}
        </section>
        {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
        {move || match devices.get() {
            None => view! { <p>"Loading tablets\u{2026}"</p> }.into_any(),
            Some(list) if list.is_empty() => view! {
                <p class="card staff-empty">"No tablets yet. Make an enrolment code above and type it into a tablet's /setup page."</p>
            }.into_any(),
            Some(list) => view! {
                <table class="staff-table" data-testid="devices">
                    <thead><tr>
                        <th scope="col">"Name"</th><th scope="col">"Enrolled"</th>
                        <th scope="col">"Last seen"</th><th scope="col">"State"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr></thead>
                    <tbody>
                        {list.into_iter().map(|d| {
                            let id = d.id;
                            view! {
                                <tr data-testid="device-row">
                                    <td>{d.name.clone()}</td>
                                    <td>{when_short(d.created_at_ms)}</td>
                                    <td>{d.last_seen_ms.map(when_short).unwrap_or_else(|| "Never".into())}</td>
                                    <td>{if d.revoked { "Revoked" } else { "Active" }}</td>
                                    <td>{(!d.revoked).then(|| view! {
                                        {move || if confirming.get() == Some(id) {
                                            view! {
                                                <button type="button" class="button button-secondary" on:click=move |_| revoke(id)>"Yes, revoke"</button>
                                                " "
                                                <button type="button" class="button button-quiet" on:click=move |_| confirming.set(None)>"Cancel"</button>
                                            }.into_any()
                                        } else {
                                            view! {
                                                <button type="button" class="button button-quiet" on:click=move |_| confirming.set(Some(id))>"Revoke"</button>
                                            }.into_any()
                                        }}
                                    })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="staff-hint">"A revoked tablet can't send any more. Anything waiting on it stays safe there until it is enrolled again."</p>
            }.into_any(),
        }}
        <super::policy::PolicyDueLine/>
        <super::training_due::TrainingDuePanel/>
    }
}
