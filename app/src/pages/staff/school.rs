//! The school profile, for the admin: the school's name, the trusted adults pupils can choose on
//! a tablet, and how long an unfinished report waits before the tablet clears it.

use kite_protocol::answer::{MAX_ANSWER_DAYS, MIN_ANSWER_DAYS};
use kite_protocol::device::TrustedAdult;
use kite_protocol::staff::{LocalContact, Role, SchoolProfileForm, MIN_RETENTION_MONTHS};
use leptos::prelude::*;

use super::use_staff;
use crate::staff_api;

#[derive(Clone, Copy)]
struct AdultRow {
    key: usize,
    id: RwSignal<String>,
    name: RwSignal<String>,
    role: RwSignal<String>,
    photo: RwSignal<String>,
}

impl AdultRow {
    fn new(key: usize, a: &TrustedAdult) -> Self {
        Self {
            key,
            id: RwSignal::new(a.id.clone()),
            name: RwSignal::new(a.name.clone()),
            role: RwSignal::new(a.role.clone()),
            photo: RwSignal::new(a.photo.clone().unwrap_or_default()),
        }
    }
}

#[derive(Clone, Copy)]
struct ContactRow {
    key: usize,
    who: RwSignal<String>,
    contact: RwSignal<String>,
}

impl ContactRow {
    fn new(key: usize, c: &LocalContact) -> Self {
        Self {
            key,
            who: RwSignal::new(c.who.clone()),
            contact: RwSignal::new(c.contact.clone()),
        }
    }
}

#[component]
pub fn SchoolPage() -> impl IntoView {
    let contacts = RwSignal::new(Vec::<ContactRow>::new());
    let retention = RwSignal::new(String::new());
    let require_two_step = RwSignal::new(false);
    let aup_before_lessons = RwSignal::new(false);
    let answer_days = RwSignal::new(String::new());
    let answer_needs_check = RwSignal::new(false);
    let ctx = use_staff();
    let name = RwSignal::new(String::new());
    let idle = RwSignal::new(String::new());
    let adults = RwSignal::new(Vec::<AdultRow>::new());
    let next_key = StoredValue::new(0usize);
    let loaded = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String)>);
    // Two-step and shortening retention are the DSL's: an admin's password alone must open no way
    // to reports (the server refuses it too).
    let is_dsl = ctx.role() == Some(Role::Dsl);
    // The school's sign-in provider is the admin's (the server refuses anyone else).
    let is_admin = ctx.role() == Some(Role::Admin);
    let fill = move |p: SchoolProfileForm| {
        // The page may have been left while the server answered.
        if loaded.try_get_untracked().is_none() {
            return;
        }
        name.set(p.name);
        idle.set(p.idle_timeout_secs.to_string());
        let rows: Vec<AdultRow> = p
            .trusted_adults
            .iter()
            .enumerate()
            .map(|(i, a)| AdultRow::new(i, a))
            .collect();
        let contact_rows: Vec<ContactRow> = p
            .local_contacts
            .iter()
            .enumerate()
            .map(|(i, c)| ContactRow::new(1000 + i, c))
            .collect();
        retention.set(p.retention_months.to_string());
        require_two_step.set(p.require_teacher_two_step);
        aup_before_lessons.set(p.aup_before_lessons);
        answer_days.set(p.answer_days.to_string());
        answer_needs_check.set(p.answer_needs_check);
        next_key.set_value(rows.len() + contact_rows.len() + 2000);
        adults.set(rows);
        contacts.set(contact_rows);
        loaded.set(true);
    };
    leptos::task::spawn_local(async move {
        match staff_api::school().await {
            Ok(p) => fill(p),
            Err(e) => {
                message.try_set(Some((false, ctx.message(&e))));
            }
        }
    });
    let add_adult = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        adults.update(|a| {
            a.push(AdultRow::new(
                key,
                &TrustedAdult {
                    id: String::new(),
                    name: String::new(),
                    role: String::new(),
                    photo: None,
                },
            ))
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(idle_timeout_secs) = idle.get_untracked().trim().parse::<u32>() else {
            message.set(Some((
                false,
                "The idle timeout is a number of seconds.".into(),
            )));
            return;
        };
        let Ok(retention_months) = retention.get_untracked().trim().parse::<u32>() else {
            message.set(Some((false, "The retention period is a number of months (0 to keep reports until the school decides).".into())));
            return;
        };
        let Ok(answer_days) = answer_days.get_untracked().trim().parse::<u32>() else {
            message.set(Some((
                false,
                format!("How long an answer lasts is a number of days ({MIN_ANSWER_DAYS} to {MAX_ANSWER_DAYS})."),
            )));
            return;
        };
        let form = SchoolProfileForm {
            answer_days,
            answer_needs_check: answer_needs_check.get_untracked(),
            local_contacts: contacts
                .get_untracked()
                .iter()
                .map(|c| LocalContact {
                    who: c.who.get_untracked(),
                    contact: c.contact.get_untracked(),
                })
                .collect(),
            retention_months,
            require_teacher_two_step: require_two_step.get_untracked(),
            aup_before_lessons: aup_before_lessons.get_untracked(),
            name: name.get_untracked(),
            idle_timeout_secs,
            trusted_adults: adults
                .get_untracked()
                .iter()
                .map(|a| TrustedAdult {
                    id: a.id.get_untracked(),
                    name: a.name.get_untracked(),
                    role: a.role.get_untracked(),
                    photo: Some(a.photo.get_untracked()).filter(|p| !p.trim().is_empty()),
                })
                .collect(),
        };
        leptos::task::spawn_local(async move {
            match staff_api::save_school(&form).await {
                Ok(p) => {
                    fill(p);
                    message.try_set(Some((
                        true,
                        "Saved. Tablets pick this up next time they connect.".into(),
                    )));
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    let input = move |id: String, label: &'static str, sig: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id autocomplete="off" prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev))/>
            </div>
        }
    };

    view! {
        <h1>"School profile"</h1>
        <Show when=move || loaded.get() fallback=|| view! { <p>"Loading\u{2026}"</p> }>
            <form class="staff-form" on:submit=save>
                <section class="card">
                    {input("school-name".into(), "School name", name)}
                    {input("idle".into(), "Seconds without a touch before a tablet clears an unfinished report (15\u{2013}3600)", idle)}
                </section>
                <section class="card" aria-labelledby="adults-heading">
                    <h2 id="adults-heading">"Trusted adults"</h2>
                    <p class="staff-hint">"Pupils choose who they would like to talk to from these. Add a photo by uploading a picture (PNG, JPEG or WebP, up to 512 KB); it is kept when you save the profile."</p>
                    <For each=move || adults.get() key=|a| a.key let:a>
                        <fieldset class="adult-row">
                            <legend>"Trusted adult"</legend>
                            {input(format!("adult-name-{}", a.key), "Name", a.name)}
                            {input(format!("adult-role-{}", a.key), "Role", a.role)}
                            <AdultPhoto photo=a.photo key=a.key can_upload=!is_dsl/>
                            <button type="button" class="button button-quiet"
                                on:click=move |_| adults.update(|v| v.retain(|x| x.key != a.key))>"Remove"</button>
                        </fieldset>
                    </For>
                    <p><button type="button" class="button button-secondary" on:click=add_adult>"Add a trusted adult"</button></p>
                </section>
                <section class="card" aria-labelledby="contacts-heading">
                    <h2 id="contacts-heading">"Local safeguarding contacts"</h2>
                    <p class="staff-hint">"Shown to the DSL beside every report: for example the LADO, children's services front door, police non-emergency."</p>
                    <For each=move || contacts.get() key=|c| c.key let:c>
                        <fieldset class="adult-row">
                            <legend>"Contact"</legend>
                            {input(format!("contact-who-{}", c.key), "Who", c.who)}
                            {input(format!("contact-how-{}", c.key), "Phone, email or web address", c.contact)}
                            <button type="button" class="button button-quiet"
                                on:click=move |_| contacts.update(|v| v.retain(|x| x.key != c.key))>"Remove"</button>
                        </fieldset>
                    </For>
                    <p><button type="button" class="button button-secondary" on:click=move |_| {
                        let key = next_key.get_value();
                        next_key.set_value(key + 1);
                        contacts.update(|v| v.push(ContactRow::new(key, &LocalContact { who: String::new(), contact: String::new() })));
                    }>"Add a contact"</button></p>
                </section>
                <section class="card">
                    {input("retention".into(), "Keep closed reports for (months; 0 = until the school decides)", retention)}
                    <p class="staff-hint" id="retention-hint">{format!(
                        "At least {MIN_RETENTION_MONTHS} months, so a closed safeguarding record is never deleted within a year. {}",
                        if is_dsl { "A DSL can put a record on hold from its page to keep it longer." } else { "Only a DSL can shorten it; you can lengthen it." }
                    )}</p>
                </section>
                <section class="card">
                    <p>
                        <input
                            type="checkbox"
                            id="require-two-step"
                            disabled=!is_dsl
                            aria-describedby="two-step-hint"
                            prop:checked=move || require_two_step.get()
                            on:change=move |ev| require_two_step.set(event_target_checked(&ev))
                        />
                        <label for="require-two-step">" Teachers and other staff must use two-step sign-in too (a code from a phone app; DSLs, admins and trust accounts always do)"</label>
                    </p>
                    <p class="staff-hint" id="two-step-hint">{if is_dsl {
                        "The other DSLs are emailed when this or the retention period changes."
                    } else {
                        "Only a DSL can change this."
                    }}</p>
                    <p>
                        <input
                            type="checkbox"
                            id="aup-before-lessons"
                            data-testid="aup-before-lessons"
                            prop:checked=move || aup_before_lessons.get()
                            on:change=move |ev| aup_before_lessons.set(event_target_checked(&ev))
                        />
                        <label for="aup-before-lessons">" Pupils sign the current pupil AUP on the tablet before lessons start (telling an adult is never blocked)"</label>
                    </p>
                </section>
                <AnswerSettings days=answer_days needs_check=answer_needs_check is_dsl=is_dsl/>
                {move || message.get().map(|(ok, t)| view! { <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p> })}
                <p><button class="button button-primary" type="submit">"Save profile"</button></p>
            </form>
        </Show>
        <super::term_dates::TermDates/>
        <Show when=move || is_admin>
            <super::school_account::SchoolAccountSettings/>
        </Show>
    }
}

/// How long an answer to an anonymous child lasts, and whether a second DSL checks each one
/// first. Both are the DSL's (the server refuses anyone else's change).
#[component]
fn AnswerSettings(
    days: RwSignal<String>,
    needs_check: RwSignal<bool>,
    is_dsl: bool,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="answers-heading" data-testid="answer-settings">
            <h2 id="answers-heading">"Answers to children"</h2>
            <p class="staff-hint">"A child who tells without their name can ask for an answer, and looks for it on a tablet with four pictures."</p>
            <div class="field">
                <label for="answer-days">{format!("Days an answer can be seen ({MIN_ANSWER_DAYS}\u{2013}{MAX_ANSWER_DAYS})")}</label>
                <input id="answer-days" type="number" min=MIN_ANSWER_DAYS max=MAX_ANSWER_DAYS disabled=!is_dsl
                    aria-describedby="answer-days-hint" prop:value=move || days.get()
                    on:input=move |ev| days.set(event_target_value(&ev))/>
            </div>
            <p class="staff-hint" id="answer-days-hint">"After this the answer is gone and the four pictures find nothing. A change counts for answers written from then on."</p>
            <p>
                <input type="checkbox" id="answer-needs-check" data-testid="answer-needs-check" disabled=!is_dsl
                    aria-describedby="answer-check-hint" prop:checked=move || needs_check.get()
                    on:change=move |ev| needs_check.set(event_target_checked(&ev))/>
                <label for="answer-needs-check">" A second DSL checks each answer before the child can see it"</label>
            </p>
            <p class="staff-hint" id="answer-check-hint">{if is_dsl {
                "Off to begin with: while an answer waits for a check, a child who looks finds nothing. Turn it on if your school has two or more DSLs and wants a second pair of eyes on every answer."
            } else {
                "Only a DSL can change these."
            }}</p>
        </section>
    }
}

/// A trusted adult's photo: the picture itself (never its address), with a way to upload one,
/// replace it or take it off. Uploading is the admin's; a DSL can still take a photo off.
#[component]
fn AdultPhoto(photo: RwSignal<String>, key: usize, can_upload: bool) -> impl IntoView {
    let ctx = use_staff();
    let error = RwSignal::new(None::<String>);
    let id = format!("adult-upload-{key}");
    let has_photo = move || !photo.with(|p| p.trim().is_empty());
    let on_change = move |ev: leptos::ev::Event| {
        let Some(file) = super::chosen_file::first_file(&ev) else {
            return;
        };
        let content_type = file.type_();
        leptos::task::spawn_local(async move {
            let Some(bytes) = super::chosen_file::bytes(&file).await else {
                error.try_set(Some("That file could not be read.".into()));
                return;
            };
            match staff_api::upload_photo(&bytes, &content_type).await {
                Ok(path) => {
                    error.try_set(None);
                    photo.try_set(path);
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    view! {
        <div class="adult-photo-field" data-testid="adult-photo">
            {move || if has_photo() {
                view! { <img class="adult-photo-preview" src=photo.get() alt="Photo"/> }.into_any()
            } else {
                view! { <span class="adult-photo-none">"No photo"</span> }.into_any()
            }}
            {can_upload.then(|| view! {
                <div class="field photo-upload">
                    <label for=id.clone()>{move || if has_photo() { "Replace the photo" } else { "Upload a photo" }}</label>
                    <input id=id type="file" accept="image/png,image/jpeg,image/webp" on:change=on_change/>
                </div>
            })}
            <Show when=has_photo>
                <button type="button" class="button button-quiet" on:click=move |_| photo.set(String::new())>"Remove the photo"</button>
            </Show>
            {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
        </div>
    }
}
