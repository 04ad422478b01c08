//! One class's Acceptable Use register: each pupil's pupil-AUP signature, parent co-signature and
//! consent per use (a paper answer marked as paper), in words; a "needs to sign" filter; the CSV download; and, for those
//! who keep the class list, adding a pupil, marking one as left and (admins) the class's teachers.

use kite_protocol::classes::NewPupil;
use kite_protocol::consent::{ConsentState, OnPaper, UseConsent};
use kite_protocol::register::{AgreementSigned, ClassRegister, RegisterRow, Signed};
use kite_protocol::staff::{Role, StaffAccount};
use leptos::prelude::*;

use super::format::when_short;
use super::paper_form::PaperForm;
use super::{use_staff, TextField};
use crate::staff_api;

/// A signature against the current version: when it was, or what is still to do.
fn signed_words(signed: &Option<Signed>, must_sign: bool, again: &str, none: &str) -> String {
    match signed {
        Some(s) if !must_sign => format!("Version {}, {}", s.version, when_short(s.at_ms)),
        Some(s) => format!("{again} (version {} signed)", s.version),
        None => none.into(),
    }
}

/// “paper, recorded by Ms Patel”: a paper answer reads as an online one, with this beside it.
fn paper_note(paper: &Option<OnPaper>) -> Option<AnyView> {
    paper.as_ref().map(|p| {
        // The space keeps the words apart where the note isn't laid out on its own line (a copy).
        view! { " "<span class="paper-note" data-testid="paper-note">{format!("paper, recorded by {}", p.recorded_by)}</span> }
            .into_any()
    })
}

/// A consent in a register cell. No answer yet is a dash, explained once above the table
/// (a register of thirty pupils read "No answer yet" ninety times); screen readers hear the words.
fn consent_cell(c: &UseConsent) -> AnyView {
    let note = paper_note(&c.on_paper);
    match c.state {
        ConsentState::NotAsked => view! {
            <td class="consent consent-none" data-use=c.key.clone()><span aria-hidden="true">"\u{2013}"</span><span class="visually-hidden">"No answer yet"</span></td>
        }
        .into_any(),
        ConsentState::Given { at_ms } => view! {
            <td class="consent consent-yes" data-use=c.key.clone()>{format!("Yes, {}", when_short(at_ms))}{note}</td>
        }
        .into_any(),
        ConsentState::Withdrawn { at_ms } => view! {
            <td class="consent consent-no" data-use=c.key.clone()>{format!("Withdrawn {}", when_short(at_ms))}{note}</td>
        }
        .into_any(),
    }
}

#[component]
pub fn RegisterPage(id: i64) -> impl IntoView {
    let ctx = use_staff();
    let role = ctx.role();
    let editor = role != Some(Role::Dsl);
    let reg = RwSignal::new(None::<ClassRegister>);
    let message = RwSignal::new(None::<(bool, String)>);
    let only_unsigned = RwSignal::new(false);
    let load = move || {
        leptos::task::spawn_local(async move {
            match staff_api::register(id).await {
                Ok(r) => {
                    reg.try_set(Some(r));
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    load();

    let first = RwSignal::new(String::new());
    let initial = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = NewPupil {
            first_name: first.get_untracked(),
            last_initial: initial.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match staff_api::add_pupil(id, &p).await {
                Ok(_) => {
                    message.try_set(Some((
                        true,
                        format!("{} {}. added.", p.first_name.trim(), p.last_initial.trim()),
                    )));
                    first.try_set(String::new());
                    initial.try_set(String::new());
                    load();
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    let left = move |pupil: i64| {
        leptos::task::spawn_local(async move {
            match staff_api::mark_pupil_left(pupil).await {
                Ok(()) => {
                    message.try_set(Some((
                        true,
                        "Marked as left; kept in the register's history.".into(),
                    )));
                    load();
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };

    let agreements =
        move || reg.with(|r| r.as_ref().map(|r| r.agreements.clone()).unwrap_or_default());
    let row = move |p: RegisterRow| {
        let pupil = p.pupil_id;
        let signed = signed_words(
            &p.pupil_signed,
            p.pupil_must_sign,
            "Sign again",
            "Not signed",
        );
        let parent = signed_words(
            &p.parent_signed,
            p.parent_must_sign,
            "Co-sign again",
            "Not yet",
        );
        let own = agreements();
        let name = format!("{} {}.", p.first_name, p.last_initial);
        view! {
            <tr data-testid="register-row" data-pupil=p.first_name.clone() data-must-sign=p.pupil_must_sign.to_string()>
                <th scope="row"><a href=format!("/staff/classes/{id}/pupils/{pupil}") title="Record details">{name.clone()}</a></th>
                <td class=if p.pupil_must_sign { "needs-sign" } else { "signed" }>{signed}</td>
                <td>{parent}{paper_note(&p.parent_on_paper)}</td>
                {p.agreements.iter().zip(own).map(|(a, k)| {
                    let key = a.kind.key();
                    let pupil_cell = k.pupils_sign.then(|| view! {
                        <td class=if a.must_sign { "needs-sign" } else { "signed" } data-kind=key.clone() data-testid="register-own">
                            {signed_words(&a.signed, a.must_sign, "Sign again", "Not signed")}
                        </td>
                    });
                    let parent_cell = k.parents_sign.then(|| view! {
                        <td class=if a.parent_must_sign { "needs-sign" } else { "signed" } data-kind=key.clone() data-testid="register-own-parent">
                            {signed_words(&a.parent_signed, a.parent_must_sign, "Sign again", "Not yet")}
                        </td>
                    });
                    (pupil_cell, parent_cell)
                }).collect_view()}
                {p.consents.iter().map(consent_cell).collect_view()}
                <Show when=move || editor>
                    <td class="register-actions">
                        <details class="row-menu">
                            <summary aria-label=format!("More for {name}")>"\u{22ef}"</summary>
                            <div class="row-menu-body">
                                <button type="button" class="button button-quiet" on:click=move |_| left(pupil)>"Left the class"</button>
                            </div>
                        </details>
                    </td>
                </Show>
            </tr>
        }
    };

    view! {
        <div class="register-page">
        <p class="back-link"><a href="/staff/classes">"\u{2190} All classes"</a></p>
        {move || message.get().map(|(ok, t)| view! { <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p> })}
        {move || reg.get().map(|r| {
            let version = r.current_version;
            let total = r.pupils.len();
            let to_sign = r.pupils.iter().filter(|p| p.pupil_must_sign).count();
            let rows: Vec<RegisterRow> = r.pupils.iter().filter(|p| !only_unsigned.get() || p.pupil_must_sign).cloned().collect();
            // Every pupil is asked about the same uses, in the school's order.
            let uses: Vec<String> = r.pupils.first().map(|p| p.consents.iter().map(|c| c.name.clone()).collect()).unwrap_or_default();
            // The school's own agreements this class or its parents sign, after the AUP's: a
            // column for the pupils' signatures and one for the parents'.
            let own: Vec<String> = r.agreements.iter().flat_map(|a| {
                let pupils = a.pupils_sign.then(|| format!("{} (version {})", a.name, a.current_version));
                let parents = a.parents_sign.then(|| format!("{}: parent (version {})", a.name, a.current_version));
                pupils.into_iter().chain(parents)
            }).collect();
            view! {
                <h1>{format!("{} ({}) \u{2014} Acceptable Use register", r.class_name, r.band.label())}</h1>
                <p data-testid="register-summary">{format!("Pupil AUP version {version}: {} of {total} pupils have signed; {to_sign} need to sign.", total - to_sign)}</p>
                {r.agreements.iter().enumerate().map(|(i, a)| {
                    let count = |must: fn(&AgreementSigned) -> bool| r.pupils.iter().filter(|p| p.agreements.get(i).is_none_or(must)).count();
                    let pupils = a.pupils_sign.then(|| count(|s| s.must_sign)).map(|unsigned| format!(
                        "{total_signed} of {total} pupils have signed; {unsigned} need to sign", total_signed = total - unsigned));
                    let parents = a.parents_sign.then(|| count(|s| s.parent_must_sign)).map(|unsigned| format!(
                        "{signed} of {total} pupils' parents have signed; {unsigned} still to sign", signed = total - unsigned));
                    let counts: Vec<String> = pupils.into_iter().chain(parents).collect();
                    view! {
                        <p data-testid="register-own-summary">{format!("{} version {}: {}.", a.name, a.current_version, counts.join("; "))}</p>
                    }
                }).collect_view()}
                <div class="row">
                    <label><input type="checkbox" data-testid="needs-sign-filter" prop:checked=move || only_unsigned.get() on:change=move |ev| only_unsigned.set(event_target_checked(&ev))/>" Only pupils who need to sign"</label>
                    <a class="button" href=format!("/api/v1/staff/classes/{id}/register.csv") download="" data-testid="register-csv">"Download CSV"</a>
                    <a class="button button-quiet" href=format!("/staff/classes/{id}/letters") data-testid="parent-letters">"Letters for parents"</a>
                </div>
                <p class="register-legend">"Permissions: \u{2013} means no answer yet, which counts as no."</p>
                <div class="table-scroll">
                <table class="staff-table register" data-testid="register">
                    <thead><tr>
                        <th scope="col">"Pupil"</th><th scope="col">"Pupil AUP"</th><th scope="col">"Parent co-signature"</th>
                        {own.into_iter().map(|a| view! { <th scope="col">{a}</th> }).collect_view()}
                        {uses.into_iter().map(|u| view! { <th scope="col">{u}</th> }).collect_view()}
                        <Show when=move || editor><th scope="col" class="register-actions"><span class="visually-hidden">"More"</span></th></Show>
                    </tr></thead>
                    <tbody>{rows.into_iter().map(&row).collect_view()}</tbody>
                </table>
                </div>
            }
        })}
        <PaperForm class_id=id reg=reg/>
        <Show when=move || editor>
            <section class="card">
                <h2>"Add a pupil"</h2>
                <form on:submit=add class="staff-form">
                    <TextField id="pupil-first" label="First name" max=40 value=first/>
                    <TextField id="pupil-initial" label="Last-name initial (one letter)" max=2 value=initial/>
                    <button class="button button-primary" type="submit">"Add pupil"</button>
                </form>
            </section>
        </Show>
        <Show when=move || role == Some(Role::Admin)>
            <ClassTeachers id=id/>
        </Show>
        </div>
    }
}

/// Admin: tick who teaches this class.
#[component]
fn ClassTeachers(id: i64) -> impl IntoView {
    let ctx = use_staff();
    let teachers = RwSignal::new(Vec::<StaffAccount>::new());
    let chosen = RwSignal::new(Vec::<i64>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    leptos::task::spawn_local(async move {
        let accounts = staff_api::accounts().await;
        let classes = staff_api::classes().await;
        match (accounts, classes) {
            (Ok(a), Ok(c)) => {
                teachers.try_set(
                    a.into_iter()
                        .filter(|a| a.role == Role::Teacher && !a.disabled)
                        .collect(),
                );
                if let Some(class) = c.into_iter().find(|c| c.id == id) {
                    chosen.try_set(class.teachers.iter().map(|t| t.id).collect());
                }
            }
            (Err(e), _) | (_, Err(e)) => {
                message.try_set(Some((false, ctx.message(&e))));
            }
        }
    });
    let save = move |_| {
        let ids = chosen.get_untracked();
        leptos::task::spawn_local(async move {
            match staff_api::set_class_teachers(id, ids).await {
                Ok(_) => message.try_set(Some((true, "Teachers saved.".into()))),
                Err(e) => message.try_set(Some((false, ctx.message(&e)))),
            };
        });
    };
    view! {
        <section class="card">
            <h2>"Teachers of this class"</h2>
            <p>"They see this register and can change the class list."</p>
            {move || teachers.get().into_iter().map(|t| {
                let tid = t.id;
                view! {
                    <p><label><input type="checkbox"
                        prop:checked=move || chosen.with(|c| c.contains(&tid))
                        on:change=move |ev| chosen.update(|c| { c.retain(|x| *x != tid); if event_target_checked(&ev) { c.push(tid); } })
                    />{format!(" {} ({})", t.name, t.email)}</label></p>
                }
            }).collect_view()}
            <button type="button" class="button button-primary" on:click=save>"Save teachers"</button>
            {move || message.get().map(|(ok, t)| view! { <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p> })}
        </section>
    }
}
