//! The training register, for the DSL and admins: every adult (a Kite account, or a name for
//! someone without one), each kind of training with the day it was done and when it is due, the
//! documents staff confirm reading (a link, or a PDF kept in Kite) and who has. Training is
//! recorded, never edited: a wrong date is corrected by a new entry that replaces the one shown,
//! and the old one is kept. A record may carry its certificate.

use kite_protocol::training::{
    NewDocument, NewPerson, NewTrainingRecord, PersonRef, TrainingKind, TrainingLine,
    TrainingRegister, TrainingState,
};
use leptos::prelude::*;

use super::format::{iso_date_label, today_input, when_short};
use super::training_due::TrainingDuePanel;
use super::{use_staff, TextField};
use crate::staff_api;

fn who_key(who: PersonRef) -> String {
    match (who.staff_id, who.person_id) {
        (Some(id), _) => format!("s{id}"),
        (_, Some(id)) => format!("p{id}"),
        _ => String::new(),
    }
}

fn who_of(key: &str) -> PersonRef {
    let id = key.get(1..).and_then(|n| n.parse().ok());
    match key.chars().next() {
        Some('s') => PersonRef {
            staff_id: id,
            person_id: None,
        },
        Some('p') => PersonRef {
            staff_id: None,
            person_id: id,
        },
        _ => PersonRef::default(),
    }
}

/// One cell of the register: the day done, where it stands and when it is due, as one line of
/// text (one kind of view for every cell keeps the bundle small).
fn cell(l: &TrainingLine) -> impl IntoView {
    let (said, class) = match l.state {
        TrainingState::UpToDate => ("", ""),
        TrainingState::DueSoon => ("due soon", "badge-soon"),
        TrainingState::Overdue => ("overdue", "badge-overdue"),
        TrainingState::NotRecorded => ("not recorded", "badge-overdue"),
        TrainingState::NotNeeded => ("not needed", "staff-muted"),
    };
    let mut text: Vec<String> = l
        .completed_on
        .as_deref()
        .map(iso_date_label)
        .into_iter()
        .collect();
    if !said.is_empty() {
        text.push(said.to_string());
    }
    if let Some(d) = l.due_on.as_deref() {
        text.push(format!("due {}", iso_date_label(d)));
    }
    let certificate = l.certificate_file.map(|f| {
        view! { " " <a href=format!("/api/v1/staff/training/files/{f}") target="_blank" rel="noopener" data-testid="training-certificate">"certificate"</a> }
    });
    view! { <td class=class data-state=format!("{:?}", l.state)>{text.join(" \u{00b7} ")}{certificate}</td> }
}

#[component]
pub fn TrainingPage() -> impl IntoView {
    let ctx = use_staff();
    let register = RwSignal::new(None::<TrainingRegister>);
    let message = RwSignal::new(None::<(bool, String)>);
    // Bumped after each save: the due panel reloads and the file inputs are drawn again, empty.
    let reload_due = RwSignal::new(0u32);
    let certificate = RwSignal::new(None::<i64>);
    let pdf = RwSignal::new(None::<i64>);
    leptos::task::spawn_local(async move {
        match staff_api::training_register().await {
            Ok(r) => register.set(Some(r)),
            Err(e) => message.set(Some((false, ctx.message(&e)))),
        }
    });
    let saved = move |r: Result<TrainingRegister, staff_api::StaffError>, done: &str| match r {
        Ok(r) => {
            register.set(Some(r));
            certificate.set(None);
            pdf.set(None);
            reload_due.update(|n| *n += 1);
            message.set(Some((true, done.to_string())));
        }
        Err(e) => message.set(Some((false, ctx.message(&e)))),
    };
    // A file chosen is uploaded at once; the form then sends the kept file's id.
    let attach = move |into: RwSignal<Option<i64>>, done: &'static str| {
        move |ev: leptos::ev::Event| {
            super::chosen_file::send_chosen(&ev, move |bytes, kind| async move {
                let sent = staff_api::upload_training_file(&bytes, &kind).await;
                into.try_set(sent.as_ref().ok().copied());
                message.try_set(Some(match sent {
                    Ok(_) => (true, done.to_string()),
                    Err(e) => (false, ctx.message(&e)),
                }));
            });
        }
    };
    let file_input = move |id: &'static str, accept: &'static str, into, done| {
        move || {
            reload_due.track();
            view! { <input id=id type="file" accept=accept on:change=attach(into, done)/> }
        }
    };

    // Recording training.
    let who = RwSignal::new(String::new());
    let kind = RwSignal::new(TrainingKind::AnnualUpdate.as_str().to_string());
    let day = RwSignal::new(today_input());
    let provider = RwSignal::new(String::new());
    let corrects = RwSignal::new(false);
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let person = who_of(&who.get_untracked());
        let kind = TrainingKind::parse(&kind.get_untracked()).unwrap_or(TrainingKind::Induction);
        // A correction replaces the entry shown for that person and kind.
        let replaces = corrects.get_untracked().then(|| {
            register.with_untracked(|r| {
                r.as_ref().and_then(|r| {
                    r.people
                        .iter()
                        .find(|p| p.who == person)
                        .and_then(|p| p.training.iter().find(|l| l.kind == kind))
                        .and_then(|l| l.record_id)
                })
            })
        });
        let body = NewTrainingRecord {
            who: person,
            kind,
            completed_on: day.get_untracked(),
            provider: provider.get_untracked(),
            notes: String::new(),
            replaces: replaces.flatten(),
            certificate_file: certificate.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            saved(
                staff_api::training_change("records", &body).await,
                "Training recorded.",
            );
            corrects.set(false);
        });
    };

    // Adding an adult without a sign-in.
    let name = RwSignal::new(String::new());
    let job = RwSignal::new(String::new());
    let add_person = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewPerson {
            name: name.get_untracked(),
            role: job.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            saved(
                staff_api::training_change("people", &body).await,
                "Added to the register.",
            );
            name.set(String::new());
            job.set(String::new());
        });
    };

    // Publishing a document (or a new version of one).
    let title = RwSignal::new(String::new());
    let link = RwSignal::new(String::new());
    let counts = RwSignal::new(false);
    let replaces = RwSignal::new(None::<i64>);
    let publish = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewDocument {
            title: title.get_untracked(),
            link: link.get_untracked(),
            file_id: pdf.get_untracked(),
            replaces: replaces.get_untracked(),
            counts_as: counts.get_untracked().then_some(TrainingKind::KcsiePart1),
        };
        leptos::task::spawn_local(async move {
            saved(
                staff_api::training_change("documents", &body).await,
                "Published: everyone is asked to confirm reading it.",
            );
            replaces.set(None);
        });
    };

    view! {
        <h1>"Training"</h1>
        <p class="staff-hint">"Every adult in school: their safeguarding training, when it is next due, and the documents they have confirmed reading. "
            <a href="/api/v1/staff/training/export.csv" download="kite-training-register.csv" data-testid="training-csv">"Download as CSV"</a></p>
        {move || message.get().map(|(ok, t)| view! { <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p> })}
        <TrainingDuePanel reload=reload_due/>
        <section class="card" aria-labelledby="record-heading">
            <h2 id="record-heading">"Record training"</h2>
            <form class="staff-form" data-testid="record-training" on:submit=record>
                <div class="field">
                    <label for="training-who">"Who"</label>
                    <select id="training-who" required on:change=move |ev| who.set(event_target_value(&ev))>
                        <option value="">"Choose a person"</option>
                        {move || register.get().map(|r| r.people.into_iter().map(|p| {
                            let key = who_key(p.who);
                            let chosen = who.get_untracked() == key;
                            view! { <option value=key selected=chosen>{format!("{} ({})", p.name, p.role)}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="training-kind">"Training"</label>
                    <select id="training-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        {TrainingKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=k == TrainingKind::AnnualUpdate>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="training-day">"Day it was done"</label>
                    <input id="training-day" type="date" required prop:value=move || day.get()
                        on:input=move |ev| day.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="training-provider">"Provider (optional)"</label>
                    <input id="training-provider" type="text" maxlength="120" autocomplete="off"
                        prop:value=move || provider.get() on:input=move |ev| provider.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="training-certificate">"Certificate (optional: a PDF or a photo)"</label>
                    {file_input("training-certificate", "application/pdf,image/*", certificate, "Certificate attached.")}
                </div>
                <label class="concern-check"><input type="checkbox" prop:checked=move || corrects.get()
                    on:change=move |ev| corrects.set(event_target_checked(&ev))/>
                    " This corrects the day shown for them (the earlier entry is kept)"</label>
                <p><button class="button button-primary" type="submit" data-testid="record-training-save">"Record"</button></p>
            </form>
        </section>
        <section class="card" aria-labelledby="register-heading">
            <h2 id="register-heading">"The register"</h2>
            {move || match register.get() {
                None => view! { <p>"Loading\u{2026}"</p> }.into_any(),
                Some(r) => {
                    let docs = r.documents.clone();
                    view! {
                        <div class="table-scroll">
                        <table class="staff-table training-register" data-testid="training-register">
                            <thead><tr>
                                <th scope="col">"Person"</th>
                                {r.kinds.iter().map(|k| view! { <th scope="col" title=format!("{}: {}", k.label, k.renewal)>{k.kind.short_label()}</th> }).collect_view()}
                                {docs.iter().map(|d| view! { <th scope="col">{format!("Read: {} (v{})", d.title, d.version)}</th> }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {r.people.into_iter().map(|p| {
                                    // Someone without a sign-in can't confirm reading in Kite.
                                    let read: Vec<String> = if p.read.is_empty() {
                                        docs.iter().map(|_| "no sign-in".to_string()).collect()
                                    } else {
                                        p.read.iter().map(|r| r.confirmed_at_ms.map_or_else(|| "not yet".into(), when_short)).collect()
                                    };
                                    view! {
                                        <tr data-testid="training-person">
                                            <th scope="row">{format!("{} ({})", p.name, p.role)}</th>
                                            {p.training.iter().map(cell).collect_view()}
                                            {read.into_iter().map(|t| view! { <td>{t}</td> }).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                        <p class="staff-hint">{r.kinds.into_iter().map(|k| format!("{}: {}.", k.label, k.renewal)).collect::<Vec<_>>().join(" ")}</p>
                    }.into_any()
                }
            }}
        </section>
        <section class="card" aria-labelledby="person-heading">
            <h2 id="person-heading">"Someone without a Kite sign-in"</h2>
            <p class="staff-hint">"Lunchtime staff, volunteers, visiting coaches: a name and their job is enough."</p>
            <form class="staff-form" data-testid="add-person" on:submit=add_person>
                <TextField id="person-name" label="Name" max=80 value=name/>
                <TextField id="person-job" label="Their job" max=80 value=job/>
                <p><button class="button" type="submit">"Add to the register"</button></p>
            </form>
        </section>
        <section class="card" aria-labelledby="documents-heading">
            <h2 id="documents-heading">"Documents to read"</h2>
            <p class="staff-hint">"Every member of staff sees these on their own page and confirms \u{201c}I have read it\u{201d}. A new version asks everyone again."</p>
            <ul class="needs-list">
                {move || register.get().map(|r| r.documents.into_iter().map(|d| {
                    let (id, t, l) = (d.id, d.title.clone(), d.link.clone());
                    let kind = if d.file_id.is_some() { ", PDF" } else { "" };
                    view! {
                        <li>
                            <a href=d.href() target="_blank" rel="noopener">{format!("{} (version {}{kind})", d.title, d.version)}</a> " "
                            <button type="button" class="button button-quiet" on:click=move |_| {
                                replaces.set(Some(id));
                                title.set(t.clone());
                                link.set(l.clone());
                            }>"Publish a new version"</button>
                        </li>
                    }
                }).collect_view())}
            </ul>
            <form class="staff-form" data-testid="publish-document" on:submit=publish>
                {move || replaces.get().map(|_| view! { <p class="staff-hint">"A new version: everyone will be asked to confirm reading it again."</p> })}
                <TextField id="document-title" label="Title" max=120 value=title/>
                <div class="field">
                    <label for="document-link">"Web address"</label>
                    <input id="document-link" type="url" maxlength="500" placeholder="https://"
                        prop:value=move || link.get() on:input=move |ev| link.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="document-pdf">"Or the document itself, as a PDF"</label>
                    {file_input("document-pdf", "application/pdf", pdf, "PDF ready to publish.")}
                </div>
                <label class="concern-check"><input type="checkbox" prop:checked=move || counts.get()
                    on:change=move |ev| counts.set(event_target_checked(&ev))/>
                    " Reading it counts as \u{201c}Read KCSIE Part 1\u{201d}"</label>
                <p><button class="button button-primary" type="submit">"Publish"</button></p>
            </form>
        </section>
    }
}
