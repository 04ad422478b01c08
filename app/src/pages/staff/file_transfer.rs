//! The child's record, "Moving school": what is recorded about their child protection file (sent
//! to the new school, when and how; the receipt that came back; a file received from the school
//! they were at before), and a form to record the next step. Append-only: a mistake is put right
//! by recording again.

use kite_protocol::file_transfer::{FileTransfer, NewTransfer, TransferKind, TransferMethod};
use leptos::prelude::*;

use super::format::{iso_date_label, today_input};
use super::use_staff;
use crate::staff_api;

fn line(t: &FileTransfer) -> String {
    let mut text = format!("{}: {}", iso_date_label(&t.on_day), t.kind.label());
    if let Some(s) = &t.school {
        text.push_str(&format!(", {s}"));
    }
    if let Some(m) = t.method {
        text.push_str(&format!(", {}", m.label().to_lowercase()));
    }
    text.push('.');
    if let Some(n) = &t.note {
        text.push_str(&format!(" {n}"));
    }
    format!("{text} (recorded by {})", t.recorded_by)
}

#[component]
pub fn FileTransfers(
    pupil_id: i64,
    transfers: Vec<FileTransfer>,
    leaving_to: Option<String>,
) -> impl IntoView {
    let ctx = use_staff();
    let list = RwSignal::new(transfers);
    let kind = RwSignal::new(TransferKind::Sent);
    let on_day = RwSignal::new(today_input());
    let method = RwSignal::new(None::<TransferMethod>);
    let school = RwSignal::new(leaving_to.unwrap_or_default());
    let note = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let k = kind.get_untracked();
        let t = NewTransfer {
            kind: k,
            on_day: on_day.get_untracked(),
            method: (k == TransferKind::Sent)
                .then(|| method.get_untracked())
                .flatten(),
            school: (k != TransferKind::Receipt).then(|| school.get_untracked()),
            note: Some(note.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match staff_api::record_file_transfer(pupil_id, &t).await {
                Ok(done) => {
                    // Shown at once as the server keeps it (trimmed, the date as ISO).
                    let t = kite_protocol::file_transfer::check_transfer(&t).unwrap_or(t);
                    let me = ctx.me.get_untracked().flatten().map(|m| m.name);
                    list.update(|l| {
                        l.push(FileTransfer {
                            id: done["id"].as_i64().unwrap_or_default(),
                            kind: t.kind,
                            on_day: t.on_day,
                            method: t.method,
                            school: t.school,
                            note: t.note,
                            recorded_by: me.unwrap_or_default(),
                            recorded_at_ms: js_sys::Date::now() as i64,
                        })
                    });
                    note.set(String::new());
                    message.try_set(Some((true, "Recorded.".into())));
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="moving-heading" data-testid="file-transfers">
            <h2 id="moving-heading">"Moving school"</h2>
            <p class="staff-hint">"When a child leaves, send their child protection file to the new school within five school days, separately from the main school file, and record the receipt. Note a file that arrives with a new pupil here too."</p>
            {move || {
                let l = list.get();
                if l.is_empty() {
                    view! { <p class="staff-muted">"Nothing recorded about this child's file."</p> }.into_any()
                } else {
                    view! { <ul class="chrono-events" data-testid="transfer-log">{l.iter().map(|t| view! { <li>{line(t)}</li> }).collect_view()}</ul> }.into_any()
                }
            }}
            <form class="staff-form" on:submit=save data-testid="transfer-form">
                <div class="field">
                    <label for="ft-kind">"What happened"</label>
                    <select id="ft-kind" data-testid="ft-kind" on:change=move |ev| {
                        if let Some(k) = TransferKind::parse(&event_target_value(&ev)) { kind.set(k) }
                    }>
                        {TransferKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() prop:selected=move || kind.get() == k>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="ft-day">"On"</label>
                    <input id="ft-day" type="date" data-testid="ft-day" prop:value=move || on_day.get()
                        on:input=move |ev| on_day.set(event_target_value(&ev))/>
                </div>
                {move || (kind.get() == TransferKind::Sent).then(|| view! {
                    <div class="field">
                        <label for="ft-method">"How it was sent"</label>
                        <select id="ft-method" data-testid="ft-method" on:change=move |ev| method.set(TransferMethod::parse(&event_target_value(&ev)))>
                            <option value="" prop:selected=move || method.get().is_none()>"Choose\u{2026}"</option>
                            {TransferMethod::ALL.into_iter().map(|m| view! {
                                <option value=m.as_str() prop:selected=move || method.get() == Some(m)>{m.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                })}
                {move || (kind.get() != TransferKind::Receipt).then(|| view! {
                    <div class="field">
                        <label for="ft-school">{move || if kind.get() == TransferKind::Sent { "Sent to (school)" } else { "Received from (school)" }}</label>
                        <input id="ft-school" type="text" maxlength="120" autocomplete="off" data-testid="ft-school"
                            prop:value=move || school.get() on:input=move |ev| school.set(event_target_value(&ev))/>
                    </div>
                })}
                <div class="field">
                    <label for="ft-note">"Note (optional)"</label>
                    <input id="ft-note" type="text" maxlength="500" autocomplete="off" data-testid="ft-note"
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                </div>
                {move || message.get().map(|(ok, t)| view! {
                    <p class=if ok { "ok-text" } else { "error-text" } role="alert">{t}</p>
                })}
                <p><button class="button button-primary" type="submit" data-testid="ft-save">"Record"</button></p>
            </form>
        </section>
    }
}
