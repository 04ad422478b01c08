//! One pupil's record details, typed: full name, date of birth, year group, UPN, admission and
//! leaving dates, and the school they move to (where their child protection file goes). For
//! those who keep the class list (admins, the class's teachers) and the DSL; the kiosk, the
//! register and parents' letters never show them. Works at phone width.

use kite_protocol::pupil_record::{PupilDetails, PupilDetailsPage, YearGroup};
use leptos::prelude::*;

use super::use_staff;
use crate::staff_api::{self, StaffError};

/// `/staff/classes/{class}/pupils/{id}`.
#[component]
pub fn PupilDetailsForm(class_id: i64, id: i64) -> impl IntoView {
    let ctx = use_staff();
    let page = RwSignal::new(None::<Result<PupilDetailsPage, StaffError>>);
    leptos::task::spawn_local(async move {
        let r = staff_api::pupil_details(id).await;
        if let Err(e) = &r {
            ctx.message(e);
        }
        page.try_set(Some(r));
    });
    view! {
        <p><a href=format!("/staff/classes/{class_id}")>"\u{2190} Back to the class"</a></p>
        {move || match page.get() {
            None => view! { <p class="staff-loading">"Loading\u{2026}"</p> }.into_any(),
            Some(Err(e)) if e.status == 404 => view! {
                <div class="card"><h1>"No such pupil"</h1><p>"Go back to the class and choose the pupil again."</p></div>
            }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" role="alert">{e.message}</p> }.into_any(),
            Some(Ok(p)) => view! { <Form p=p/> }.into_any(),
        }}
    }
}

fn text(v: &Option<String>) -> RwSignal<String> {
    RwSignal::new(v.clone().unwrap_or_default())
}

fn given(s: RwSignal<String>) -> Option<String> {
    Some(s.get_untracked()).filter(|v| !v.trim().is_empty())
}

#[component]
fn Form(p: PupilDetailsPage) -> impl IntoView {
    let ctx = use_staff();
    let id = p.id;
    let last_name = text(&p.details.last_name);
    let dob = text(&p.details.date_of_birth);
    let year = RwSignal::new(p.details.year_group);
    let upn = text(&p.details.upn);
    let admitted = text(&p.details.admitted_on);
    let leaving = text(&p.details.leaving_on);
    let leaving_to = text(&p.details.leaving_to);
    let message = RwSignal::new(None::<(bool, String)>);
    let saving = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = PupilDetails {
            last_name: given(last_name),
            date_of_birth: given(dob),
            year_group: year.get_untracked(),
            upn: given(upn),
            admitted_on: given(admitted),
            leaving_on: given(leaving),
            leaving_to: given(leaving_to),
        };
        saving.set(true);
        leptos::task::spawn_local(async move {
            // On an error every box keeps what was typed.
            let m = match staff_api::save_pupil_details(id, &d).await {
                Ok(_) => (true, "Saved.".to_string()),
                Err(e) => (false, ctx.message(&e)),
            };
            message.try_set(Some(m));
            saving.try_set(false);
        });
    };
    let date_field = |fid: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=fid>{label}</label>
                <input id=fid type="date" prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <h1>{format!("{} {}.", p.first_name, p.last_initial)}</h1>
        <p class="staff-summary">{format!("{}. These details are for the school's safeguarding record: only the DSL reads the record. Tablets, the register and parents' letters keep showing the first name and initial.", p.class_name)}</p>
        <form class="card staff-form pupil-details-form" on:submit=save data-testid="pupil-details-form">
            <div class="field">
                <label for="pd-last">"Last name"</label>
                <input id="pd-last" type="text" maxlength="40" autocomplete="off" data-testid="pd-last"
                    prop:value=move || last_name.get() on:input=move |ev| last_name.set(event_target_value(&ev))/>
            </div>
            {date_field("pd-dob", "Date of birth", dob)}
            <div class="field">
                <label for="pd-year">"Year group"</label>
                <select id="pd-year" on:change=move |ev| {
                    year.set(YearGroup::ALL.into_iter().find(|y| y.as_str() == event_target_value(&ev)))
                }>
                    <option value="" prop:selected=move || year.get().is_none()>"Not recorded"</option>
                    {YearGroup::ALL.into_iter().map(|y| view! {
                        <option value=y.as_str() prop:selected=move || year.get() == Some(y)>{y.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="pd-upn">"UPN (unique pupil number, from the school's MIS)"</label>
                <input id="pd-upn" type="text" maxlength="13" autocomplete="off" autocapitalize="characters" spellcheck="false"
                    prop:value=move || upn.get() on:input=move |ev| upn.set(event_target_value(&ev))/>
            </div>
            {date_field("pd-admitted", "Admission date", admitted)}
            {date_field("pd-leaving", "Leaving date", leaving)}
            <div class="field">
                <label for="pd-leaving-to">"School they are moving to"</label>
                <input id="pd-leaving-to" type="text" maxlength="120" autocomplete="off" data-testid="pd-leaving-to"
                    prop:value=move || leaving_to.get() on:input=move |ev| leaving_to.set(event_target_value(&ev))/>
            </div>
            {move || message.get().map(|(ok, t)| view! {
                <p class=if ok { "ok-text" } else { "error-text" } role="alert">{t}</p>
            })}
            <p><button class="button button-primary" type="submit" disabled=move || saving.get()>"Save"</button></p>
        </form>
    }
}
