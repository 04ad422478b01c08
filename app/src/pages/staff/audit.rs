//! The audit trail for the DSL: every view and change by staff, newest first, in words, found by
//! person, record, dates and words, a page at a time (the server does the finding and paging).
//! Read-only here and on the server.

use kite_protocol::audit::{action_label, detail_words};
use kite_protocol::staff::AuditEntry;
use leptos::prelude::*;

use super::format::{date_input_ms, when};
use super::use_staff;
use crate::staff_api;

/// What the DSL is looking for.
#[derive(Clone, Default, PartialEq)]
struct Filters {
    who: String,
    report: String,
    from: String,
    to: String,
    words: String,
    limit: String,
}

impl Filters {
    /// The query for the page of entries older than `before` (the newest page when `None`).
    fn query(&self, before: Option<i64>) -> Vec<(&'static str, String)> {
        let mut q = vec![("limit", self.limit.clone())];
        let text = [
            ("who", &self.who),
            ("report", &self.report),
            ("q", &self.words),
        ];
        q.extend(
            text.into_iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (k, v.trim().to_string())),
        );
        if let Some(from) = date_input_ms(&self.from) {
            q.push(("from_ms", from.to_string()));
        }
        // Up to the end of the day chosen.
        if let Some(to) = date_input_ms(&self.to) {
            q.push(("to_ms", (to + 24 * 3_600_000).to_string()));
        }
        if let Some(b) = before {
            q.push(("before", b.to_string()));
        }
        q
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let ctx = use_staff();
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let error = RwSignal::new(None::<String>);
    let filters = RwSignal::new(Filters {
        limit: "50".into(),
        ..Filters::default()
    });
    // The `before` of each page shown so far: the last is this page's; going back pops it.
    let pages = RwSignal::new(vec![None::<i64>]);
    let more = RwSignal::new(false);
    let load = move || {
        let before = pages.with_untracked(|p| p.last().copied().flatten());
        let f = filters.get_untracked();
        let limit: usize = f.limit.parse().unwrap_or(50);
        leptos::task::spawn_local(async move {
            match staff_api::audit(&f.query(before)).await {
                Ok(page) => {
                    error.try_set(None);
                    more.try_set(page.entries.len() == limit);
                    entries.try_set(page.entries);
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    load();
    let find = move || {
        pages.set(vec![None]);
        load();
    };
    let older = move |_| {
        if let Some(last) = entries.with_untracked(|e| e.last().map(|l| l.id)) {
            pages.update(|p| p.push(Some(last)));
            load();
        }
    };
    let newer = move |_| {
        pages.update(|p| {
            if p.len() > 1 {
                p.pop();
            }
        });
        load();
    };
    type Get = fn(&Filters) -> String;
    type Set = fn(&mut Filters, String);
    let field =
        move |id: &'static str, label: &'static str, kind: &'static str, get: Get, set: Set| {
            view! {
                <div class="field">
                    <label for=id>{label}</label>
                    <input id=id type=kind prop:value=move || filters.with(get)
                        on:change=move |ev| filters.update(|f| set(f, event_target_value(&ev)))/>
                </div>
            }
        };
    view! {
        <h1>"Audit log"</h1>
        <p class="staff-hint">"Every time staff open or change a report, sign in, or change a setting, it is recorded here. Entries can't be edited or deleted."</p>
        <form class="audit-filters" data-testid="audit-filters"
            on:submit=move |ev| { ev.prevent_default(); find(); }>
            {field("a-who", "Person", "text", |f| f.who.clone(), |f, v| f.who = v)}
            {field("a-report", "Report or record", "text", |f| f.report.clone(), |f, v| f.report = v)}
            {field("a-from", "From", "date", |f| f.from.clone(), |f, v| f.from = v)}
            {field("a-to", "To", "date", |f| f.to.clone(), |f, v| f.to = v)}
            {field("a-words", "Search", "search", |f| f.words.clone(), |f, v| f.words = v)}
            <div class="field">
                <label for="a-limit">"Per page"</label>
                <select id="a-limit" on:change=move |ev| { filters.update(|f| f.limit = event_target_value(&ev)); find(); }>
                    {["25", "50", "100", "200"].into_iter().map(|n| view! {
                        <option value=n selected=move || filters.with(|f| f.limit == n)>{n}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="audit-filter-buttons">
                <button type="submit" class="button button-primary">"Find"</button>
                <button type="button" class="button button-quiet" on:click=move |_| {
                    filters.update(|f| *f = Filters { limit: f.limit.clone(), ..Filters::default() });
                    find();
                }>"Clear"</button>
            </div>
        </form>
        {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
        <table class="staff-table audit-table" data-testid="audit">
            <thead><tr>
                <th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th>
                <th scope="col">"Report"</th><th scope="col">"Detail"</th>
            </tr></thead>
            <tbody>
                <For each=move || entries.get() key=|e| e.id let:e>
                    <tr data-testid="audit-entry">
                        <td>{when(e.at_ms)}</td>
                        <td data-testid="audit-who">
                            <button type="button" class="link-button" title="Show only this person's entries"
                                on:click={
                                    let who = e.staff_email.clone();
                                    move |_| { filters.update(|f| f.who = who.clone()); find(); }
                                }>{e.staff_email.clone()}</button>
                        </td>
                        <td>{action_label(&e.action).to_string()}</td>
                        <td>{e.report_id.clone().map(|id| {
                            let short = id.chars().take(8).collect::<String>();
                            view! { <a href=format!("/staff/reports/{id}")>{short}</a> }
                        })}</td>
                        <td>{detail_words(&e.detail)}</td>
                    </tr>
                </For>
            </tbody>
        </table>
        <Show when=move || entries.with(Vec::is_empty) && error.with(Option::is_none)>
            <p class="staff-muted">"No entries match."</p>
        </Show>
        <p class="row audit-pages">
            <button type="button" class="button button-secondary" disabled=move || pages.with(|p| p.len() <= 1)
                on:click=newer>"Newer entries"</button>
            <span class="staff-muted">{move || format!("Page {}", pages.with(Vec::len))}</span>
            <button type="button" class="button button-secondary" disabled=move || !more.get()
                on:click=older>"Older entries"</button>
        </p>
    }
}
