//! The DSL's incident inbox: urgent first, then newest; filters by status, urgency, category and
//! date. Refreshes itself when the new-report count changes.

use kite_protocol::staff::{Category, ReportRow, Status};
use leptos::prelude::*;

use super::format::{date_input_ms, what_label_str, when_short};
use super::use_staff;
use crate::staff_api;

#[component]
pub fn InboxPage() -> impl IntoView {
    let ctx = use_staff();
    let status = RwSignal::new("open".to_string());
    let urgency = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let rows = RwSignal::new(None::<Result<Vec<ReportRow>, String>>);

    let query = move || {
        let mut q = vec![format!("status={}", status.get())];
        if !urgency.get().is_empty() {
            q.push(format!("urgency={}", urgency.get()));
        }
        if !category.get().is_empty() {
            q.push(format!("category={}", category.get()));
        }
        if let Some(ms) = date_input_ms(&from.get()) {
            q.push(format!("from_ms={ms}"));
        }
        if let Some(ms) = date_input_ms(&to.get()) {
            q.push(format!("to_ms={}", ms + 24 * 3600 * 1000));
        }
        q.join("&")
    };
    // Reload when a filter changes or new reports arrive.
    Effect::new(move |_| {
        let q = query();
        ctx.new_count.track();
        leptos::task::spawn_local(async move {
            let r = staff_api::reports(&q).await;
            rows.try_set(Some(r.map(|l| l.reports).map_err(|e| ctx.message(&e))));
        });
    });
    let filtered = move || {
        status.get() != "open"
            || !urgency.get().is_empty()
            || !category.get().is_empty()
            || !from.get().is_empty()
            || !to.get().is_empty()
    };

    let select = move |id: &'static str,
                       label: &'static str,
                       sig: RwSignal<String>,
                       options: Vec<(String, String)>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| sig.set(event_target_value(&ev))>
                    {options.into_iter().map(|(v, l)| {
                        let value = v.clone();
                        view! { <option value=v prop:selected=move || sig.get() == value>{l}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let mut status_options = vec![
        ("open".to_string(), "Open (not closed)".to_string()),
        ("all".to_string(), "All".to_string()),
    ];
    status_options.extend(
        Status::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), s.label().to_string())),
    );
    let mut category_options = vec![(String::new(), "Any category".to_string())];
    category_options.extend(
        Category::ALL
            .iter()
            .map(|c| (c.as_str().to_string(), c.label().to_string())),
    );

    view! {
        <h1>"Reports"</h1>
        <form class="staff-filters" aria-label="Filter reports" on:submit=|ev| ev.prevent_default()>
            {select("f-status", "Status", status, status_options)}
            {select("f-urgency", "Urgency", urgency, vec![
                (String::new(), "Any".into()),
                ("urgent".into(), "Urgent only".into()),
                ("not_urgent".into(), "Not urgent".into()),
            ])}
            {select("f-category", "Category", category, category_options)}
            <div class="field">
                <label for="f-from">"Received from"</label>
                <input id="f-from" type="date" on:change=move |ev| from.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="f-to">"to"</label>
                <input id="f-to" type="date" on:change=move |ev| to.set(event_target_value(&ev))/>
            </div>
        </form>
        {move || match rows.get() {
            None => view! { <p>"Loading reports\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => {
                if filtered() {
                    view! { <p class="staff-empty" data-testid="inbox-empty">"No reports match these filters."</p> }.into_any()
                } else {
                    view! {
                        <div class="card staff-empty" data-testid="inbox-empty">
                            <p><strong>"No open reports."</strong></p>
                            <p>"When a pupil tells a trusted adult on a school tablet, their report appears here straight away, urgent ones first. The count at the top updates every 20 seconds."</p>
                            <p>"Closed reports are kept: choose \u{201c}All\u{201d} or \u{201c}Closed\u{201d} under Status to see them."</p>
                        </div>
                    }.into_any()
                }
            }
            Some(Ok(list)) => {
                let n = list.len();
                view! {
                    <p class="staff-summary" role="status">{format!("{n} report{}", if n == 1 { "" } else { "s" })}</p>
                    <table class="staff-table inbox-table" data-testid="inbox">
                        <thead><tr>
                            <th scope="col">"Urgency"</th>
                            <th scope="col">"Received"</th>
                            <th scope="col">"What happened"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Category"</th>
                            <th scope="col">"Tablet"</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|r| {
                                let href = format!("/staff/reports/{}", r.id);
                                let row_class = match (r.urgent, r.status) {
                                    (_, Status::Closed) => "row-closed",
                                    (true, Status::New) => "row-urgent row-new",
                                    (true, _) => "row-urgent",
                                    (false, Status::New) => "row-new",
                                    _ => "",
                                };
                                view! {
                                    <tr class=row_class data-testid="inbox-row">
                                        <td>{if r.urgent { view! { <span class="badge badge-urgent">"Urgent"</span> }.into_any() } else { view! { <span class="badge-none">"\u{2014}"</span> }.into_any() }}</td>
                                        <td>{when_short(r.received_at_ms)}</td>
                                        <td><a href=href>{what_label_str(&r.what)}</a></td>
                                        <td><span class=format!("badge status-{}", r.status.as_str())>{r.status.label()}</span></td>
                                        <td>{r.category.map(|c| c.label()).unwrap_or("\u{2014}")}</td>
                                        <td>{r.device_name}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }
        }}
    }
}
