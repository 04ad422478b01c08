//! `/staff/visitors`, for the office (admins and DSLs): the poster visitors scan to sign the
//! visitor agreement on their own phone (printed from here; making a new one stops every older
//! poster working), and one day's visitors with the version each signed. The head reads the list
//! too (who is in school is theirs to know) but the poster is the office's.

use kite_protocol::staff::Role;
use kite_protocol::visitor::{SignedOn, VisitorDay, VisitorPoster};
use leptos::prelude::*;

use super::format::{iso_date_label, when};
use super::use_staff;
use crate::staff_api;

#[component]
pub fn VisitorsPage(role: Role) -> impl IntoView {
    let office = matches!(role, Role::Admin | Role::Dsl);
    view! {
        <div class="visitors-page">
            <h1 class="no-print">"Visitors"</h1>
            <VisitorList/>
            {office.then(|| view! { <Poster/> })}
        </div>
    }
}

/// "09:14", when a visitor signed.
fn time_of(ms: i64) -> String {
    when(ms).rsplit(", ").next().unwrap_or_default().to_string()
}

#[component]
fn VisitorList() -> impl IntoView {
    let ctx = use_staff();
    let date = RwSignal::new(String::new());
    let day = RwSignal::new(None::<Result<VisitorDay, String>>);
    Effect::new(move |_| {
        let d = date.get();
        leptos::task::spawn_local(async move {
            let r = staff_api::visitors(&d).await.map_err(|e| ctx.message(&e));
            day.try_set(Some(r));
        });
    });
    view! {
        <section class="card no-print" aria-labelledby="visitors-heading">
            <h2 id="visitors-heading">"Who signed in"</h2>
            <div class="field visitors-date">
                <label for="visitors-day">"Day"</label>
                <input id="visitors-day" type="date" data-testid="visitors-day"
                    prop:value=move || day.with(|d| match d { Some(Ok(d)) => d.date.clone(), _ => date.get() })
                    on:change=move |ev| date.set(event_target_value(&ev))/>
            </div>
            {move || match day.get() {
                None => view! { <p>"Loading\u{2026}"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
                Some(Ok(d)) if d.visitors.is_empty() => view! {
                    <p class="staff-empty" data-testid="visitors-none">{format!("No visitors signed in on {}.", iso_date_label(&d.date))}</p>
                }.into_any(),
                Some(Ok(d)) => {
                    let current = d.current_version;
                    view! {
                        <p>{format!("{} on {}. The visitor agreement in force is version {current}.", match d.visitors.len() { 1 => "1 visitor".to_string(), n => format!("{n} visitors") }, iso_date_label(&d.date))}</p>
                        <div class="table-scroll">
                            <table class="staff-table" data-testid="visitors">
                                <thead><tr>
                                    <th scope="col">"Signed"</th><th scope="col">"Name"</th><th scope="col">"Organisation"</th>
                                    <th scope="col">"Visiting"</th><th scope="col">"Signature"</th><th scope="col">"Version"</th><th scope="col">"On"</th>
                                </tr></thead>
                                <tbody>
                                    {d.visitors.into_iter().map(|v| view! {
                                        <tr data-testid="visitor-row">
                                            <td>{time_of(v.signed_at_ms)}</td>
                                            <td>{v.name}</td>
                                            <td>{v.organisation}</td>
                                            <td>{v.visiting}</td>
                                            <td>{v.signed_name}</td>
                                            <td class=if v.version < current { "needs-sign" } else { "signed" }>
                                                {if v.version < current { format!("{} (a newer version exists)", v.version) } else { v.version.to_string() }}
                                            </td>
                                            <td>{match v.signed_on { SignedOn::Phone => "Their phone", SignedOn::Tablet => "Office tablet" }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Poster() -> impl IntoView {
    let ctx = use_staff();
    let poster = RwSignal::new(None::<Result<Option<VisitorPoster>, String>>);
    let confirming = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let r = staff_api::visitor_poster()
            .await
            .map_err(|e| ctx.message(&e));
        poster.try_set(Some(r));
    });
    let make = move |_| {
        leptos::task::spawn_local(async move {
            let r = staff_api::new_visitor_poster()
                .await
                .map(Some)
                .map_err(|e| ctx.message(&e));
            confirming.try_set(false);
            poster.try_set(Some(r));
        });
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section class="card no-print" aria-labelledby="poster-heading">
            <h2 id="poster-heading">"The visitors' poster"</h2>
            <p>"Pin it up in reception. A visitor scans its QR code with their phone camera, reads the visitor agreement and signs it, with no account. The office tablet can do the same from its set-up page."</p>
            {move || match poster.get() {
                Some(Ok(Some(p))) => view! {
                    <p class="staff-hint">{format!("Made {}{}.", when(p.made_at_ms), p.made_by.map(|b| format!(" by {b}")).unwrap_or_default())}</p>
                    <p class="register-actions">
                        <button type="button" class="button button-primary" data-testid="print-poster" on:click=print>"Print the poster"</button>
                        " "
                        {move || if confirming.get() {
                            view! {
                                <span role="alert">"Every poster already printed will stop working. "</span>
                                <button type="button" class="button button-secondary" data-testid="renew-poster" on:click=make>"Yes, make a new poster"</button>
                                " "
                                <button type="button" class="button button-quiet" on:click=move |_| confirming.set(false)>"Cancel"</button>
                            }.into_any()
                        } else {
                            view! {
                                <button type="button" class="button button-quiet" on:click=move |_| confirming.set(true)>"Make a new poster"</button>
                            }.into_any()
                        }}
                    </p>
                }.into_any(),
                Some(Ok(None)) => view! {
                    <p><button type="button" class="button button-primary" data-testid="make-poster" on:click=make>"Make the poster"</button></p>
                }.into_any(),
                Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
                None => view! { <p>"Loading\u{2026}"</p> }.into_any(),
            }}
        </section>
        {move || match poster.get() {
            Some(Ok(Some(p))) => Some(view! {
                <article class="visitor-poster" data-testid="visitor-poster">
                    <p class="visitor-poster-school">{p.school_name.clone()}</p>
                    <h2 class="visitor-poster-title">"Visitors: please sign in"</h2>
                    <p class="visitor-poster-lead">"Scan this code with your phone's camera to read and sign our visitor agreement. It takes two minutes and needs no account."</p>
                    <div class="visitor-poster-qr" role="img" aria-label="QR code for the visitor agreement" inner_html=p.qr_svg.clone()></div>
                    <p class="visitor-poster-link" data-testid="poster-link">{p.link.clone()}</p>
                    <p class="visitor-poster-small">"No phone? Ask at the office to sign on the office tablet."</p>
                </article>
            }),
            _ => None,
        }}
    }
}
