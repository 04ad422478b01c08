//! The DSL's inbox of everything that arrives (pupils' reports, parents' and staff concerns):
//! urgent first, then newest; filters by source, status, urgency, category, date and what this
//! DSL hasn't read; a page at a time with the total. Refreshes itself when the new-report count
//! changes.

use kite_protocol::record::{RecordSource, DEFAULT_PER_PAGE};
use kite_protocol::staff::{Category, ReportList, Status};
use leptos::prelude::*;

use super::format::{date_input_ms, what_label_str, when_short};
use super::use_staff;
use crate::staff_api;

/// `home`: the DSL's home, with what is overdue and unread above the inbox.
#[component]
pub fn InboxPage(#[prop(optional)] home: bool) -> impl IntoView {
    let ctx = use_staff();
    let source = RwSignal::new(String::new());
    let unread_only = RwSignal::new(false);
    let page = RwSignal::new(1u32);
    let status = RwSignal::new("open".to_string());
    let urgency = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let rows = RwSignal::new(None::<Result<ReportList, String>>);

    let query = move || {
        let mut q = vec![
            format!("status={}", status.get()),
            format!("page={}&per_page={DEFAULT_PER_PAGE}", page.get()),
        ];
        if !source.get().is_empty() {
            q.push(format!("source={}", source.get()));
        }
        if unread_only.get() {
            q.push("unread=true".into());
        }
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
            rows.try_set(Some(r.map_err(|e| ctx.message(&e))));
        });
    });
    let filtered = move || {
        status.get() != "open"
            || !source.get().is_empty()
            || unread_only.get()
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
                <select id=id on:change=move |ev| { sig.set(event_target_value(&ev)); page.set(1); }>
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

    let mut source_options = vec![(String::new(), "Everything".to_string())];
    source_options.extend(RecordSource::ALL.iter().map(|s| {
        let label = match s {
            RecordSource::Pupil => "Pupils' reports",
            RecordSource::Parent => "Parents' concerns",
            RecordSource::Staff => "Staff concerns",
        };
        (s.as_str().to_string(), label.to_string())
    }));

    view! {
        <h1>"Reports"</h1>
        {home.then(|| view! { <super::dsl_home::NeedsYou/><super::surveys::SurveysToAnswerCard/> })}
        <form class="staff-filters" aria-label="Filter reports" on:submit=|ev| ev.prevent_default()>
            {select("f-source", "From", source, source_options)}
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
            <div class="field field-check">
                <label>
                    <input type="checkbox" data-testid="f-unread" prop:checked=move || unread_only.get()
                        on:change=move |ev| { unread_only.set(event_target_checked(&ev)); page.set(1); }/>
                    " Not read by me"
                </label>
            </div>
        </form>
        {move || match rows.get() {
            None => view! { <p>"Loading reports\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
            Some(Ok(list)) if list.reports.is_empty() && list.page <= 1 => {
                if filtered() {
                    view! { <p class="staff-empty" data-testid="inbox-empty">"No reports match these filters."</p> }.into_any()
                } else {
                    view! {
                        <div class="card staff-empty" data-testid="inbox-empty">
                            <p><strong>"No open reports."</strong></p>
                            <p>"When a pupil tells a trusted adult on a school tablet, a parent raises a concern or a member of staff logs one, it appears here straight away, urgent ones first. The count at the top updates every 20 seconds."</p>
                            <p>"Closed reports are kept: choose \u{201c}All\u{201d} or \u{201c}Closed\u{201d} under Status to see them."</p>
                        </div>
                    }.into_any()
                }
            }
            Some(Ok(list)) => {
                let first = (i64::from(list.page.max(1)) - 1) * i64::from(list.per_page) + 1;
                let last = first + list.reports.len() as i64 - 1;
                let total = list.total;
                let summary = if list.reports.is_empty() {
                    format!("Nothing on this page: {total} in all")
                } else if total == 1 {
                    "1 report".to_string()
                } else {
                    format!("Showing {first}\u{2013}{last} of {total}")
                };
                let has_previous = list.page > 1;
                let has_next = last < total;
                let pager = move || view! {
                    <nav class="pager" aria-label="Pages of reports">
                        <button type="button" class="button button-quiet" disabled=!has_previous
                            on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>"\u{2190} Previous"</button>
                        <button type="button" class="button button-quiet" disabled=!has_next data-testid="next-page"
                            on:click=move |_| page.update(|p| *p += 1)>"Next \u{2192}"</button>
                    </nav>
                };
                view! {
                    <p class="staff-summary" role="status" data-testid="inbox-summary">{summary}</p>
                    <table class="staff-table inbox-table" data-testid="inbox">
                        <thead><tr>
                            <th scope="col"><span class="visually-hidden">"Read"</span></th>
                            <th scope="col">"Urgency"</th>
                            <th scope="col">"Received"</th>
                            <th scope="col">"What happened"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Category"</th>
                            <th scope="col">"From"</th>
                        </tr></thead>
                        <tbody>
                            {list.reports.into_iter().map(|r| {
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
                                        <td>{r.unread.then(|| view! { <span class="unread-dot" title="Not read by you yet"><span class="visually-hidden">"Not read by you yet"</span></span> })}</td>
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
                    {(has_previous || has_next).then(pager)}
                }.into_any()
            }
        }}
    }
}
