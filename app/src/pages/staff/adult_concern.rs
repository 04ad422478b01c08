//! "It is about an adult in school": the concern form's second path. What is typed is kept on
//! this device (like the form about a child) until the server's receipt; it goes to the head, or
//! to the chair of governors when it is about the head, and never to the DSL's inbox.

use kite_protocol::adult_concern::{
    message, AdultConcernLevel, AdultConcernReader, AdultConcernReceipt, NewAdultConcern,
    MAX_ADULT_SHORT_CHARS, MAX_ADULT_TEXT_CHARS,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::concern_fields::{
    forget, keep, key, load, local_time, AboutChoice, DraftCheck, DraftSelect, DraftText,
};
use super::format::when;
use super::use_staff;
use crate::staff_api;

/// Everything typed, as kept on the device until the server's receipt.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct AdultDraft {
    id: Uuid,
    about_head: bool,
    name: String,
    role: String,
    level: String,
    /// A `datetime-local` value; empty means "just now".
    earlier: String,
    place: String,
    what: String,
    told_by: String,
    action: String,
}

impl AdultDraft {
    fn new() -> Self {
        AdultDraft {
            id: crate::outbox::new_id(),
            about_head: false,
            name: String::new(),
            role: String::new(),
            level: String::new(),
            earlier: String::new(),
            place: String::new(),
            what: String::new(),
            told_by: String::new(),
            action: String::new(),
        }
    }

    fn is_blank(&self) -> bool {
        [
            &self.name,
            &self.role,
            &self.place,
            &self.what,
            &self.told_by,
            &self.action,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }

    fn to_concern(&self) -> Result<NewAdultConcern, String> {
        let some = |s: &String| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let concern = NewAdultConcern {
            id: self.id,
            level: AdultConcernLevel::parse(&self.level)
                .ok_or("Choose how serious it seems: it may have harmed a child, or low-level.")?,
            about_head: self.about_head,
            about_name: self.name.trim().to_string(),
            about_role: self.role.trim().to_string(),
            happened_at_ms: local_time(&self.earlier, "the date and time it happened")?,
            place: some(&self.place),
            what_happened: self.what.trim().to_string(),
            told_by: some(&self.told_by),
            action_taken: some(&self.action),
        };
        concern
            .validate(js_sys::Date::now() as i64)
            .map_err(|e| message(&e))?;
        Ok(concern)
    }
}

const FORM: &str = "adult-concern";

/// A draft about an adult is waiting on this device: the page opens that form.
pub fn has_draft(staff_id: i64) -> bool {
    load::<AdultDraft>(&key(FORM, staff_id)).is_some()
}

const LEVELS: [(&str, &str); 3] = [
    ("", "Choose\u{2026}"),
    (
        "harm",
        "They may have harmed a child, or may be a risk to children",
    ),
    (
        "low_level",
        "Low-level: not right for an adult working with children, but not harm",
    ),
];

#[component]
pub fn AdultConcernForm(staff_id: i64, about_adult: RwSignal<bool>) -> impl IntoView {
    let ctx = use_staff();
    let stored_key = StoredValue::new(key(FORM, staff_id));
    let draft = RwSignal::new(
        stored_key
            .with_value(|k| load(k))
            .unwrap_or_else(AdultDraft::new),
    );
    let receipt = RwSignal::new(None::<AdultConcernReceipt>);
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    Effect::new(move |_| draft.with(|d| stored_key.with_value(|k| keep(k, d, !d.is_blank()))));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let concern = match draft.with_untracked(AdultDraft::to_concern) {
            Ok(c) => c,
            Err(e) => return error.set(Some(e)),
        };
        sending.set(true);
        leptos::task::spawn_local(async move {
            match staff_api::log_adult_concern(&concern).await {
                Ok(r) => {
                    stored_key.try_with_value(|k| forget(k));
                    receipt.try_set(Some(r));
                    draft.try_set(AdultDraft::new());
                }
                Err(e) if e.status == 0 || e.status >= 500 => {
                    error.try_set(Some("Can't reach the school server just now. What you wrote is kept on this device: press Send again in a moment. If a child may be at risk today, tell the head in person now.".into()));
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
            sending.try_set(false);
        });
    };
    let to_chair = move || draft.with(|d| d.about_head);

    move || {
        match receipt.get() {
        Some(r) => view! { <AdultReceipt r=r on_another=Callback::new(move |_| receipt.set(None))/> }.into_any(),
        None => view! {
            <h1>"Log a concern"</h1>
            <AboutChoice about_adult=about_adult/>
            <details class="concern-guidance" open>
                <summary>"Before you write"</summary>
                <ul>
                    <li>"Write what you saw or heard, when and where: facts, not opinions."</li>
                    <li>"Don't look into it yourself, and don't tell the adult you are logging it."</li>
                    <li>"If a child may be at risk today, tell the head in person now (the chair of governors if it is about the head). If you can't reach them, tell the DSL."</li>
                </ul>
            </details>
            <form class="staff-form concern-form card" on:submit=submit data-testid="adult-concern-form" novalidate>
                <DraftCheck draft=draft id="adult-about-head" get=|d| d.about_head set=|d, v| d.about_head = v>
                    "It is about the head teacher"
                </DraftCheck>
                <DraftText draft=draft id="adult-name" label="Their name" max=MAX_ADULT_SHORT_CHARS
                    get=|d| d.name.clone() set=|d, v| d.name = v/>
                <DraftText draft=draft id="adult-role" label="What they do in school"
                    hint="For example: teacher, teaching assistant, supply teacher, volunteer, visitor, contractor."
                    max=MAX_ADULT_SHORT_CHARS get=|d| d.role.clone() set=|d, v| d.role = v/>
                <DraftSelect draft=draft id="adult-level" label="How serious it seems" items=LEVELS.to_vec()
                    get=|d| d.level.clone() set=|d, v| d.level = v/>
                <DraftText draft=draft id="adult-at" label="When it happened (leave empty for just now)" kind="datetime-local"
                    max=MAX_ADULT_SHORT_CHARS get=|d| d.earlier.clone() set=|d, v| d.earlier = v/>
                <DraftText draft=draft id="adult-place" label="Where (optional)" max=MAX_ADULT_SHORT_CHARS
                    get=|d| d.place.clone() set=|d, v| d.place = v/>
                <DraftText draft=draft id="adult-what" label="What happened" multiline=true
                    hint="What you saw or heard: facts, not opinions. Name any child it involved."
                    max=MAX_ADULT_TEXT_CHARS get=|d| d.what.clone() set=|d, v| d.what = v/>
                <DraftText draft=draft id="adult-told-by" label="Who told you, if they have no Kite sign-in (optional)"
                    hint="A visitor, a parent helper, a contractor: their name and who they are."
                    max=MAX_ADULT_SHORT_CHARS get=|d| d.told_by.clone() set=|d, v| d.told_by = v/>
                <DraftText draft=draft id="adult-action" label="What you did already (optional)" multiline=true
                    max=MAX_ADULT_TEXT_CHARS get=|d| d.action.clone() set=|d, v| d.action = v/>
                {move || error.get().map(|e| view! { <p class="error-text" role="alert" data-testid="adult-concern-error">{e}</p> })}
                <p><button class="button button-primary concern-send" type="submit" data-testid="adult-concern-send"
                    disabled=move || sending.get()>
                    {move || match (sending.get(), to_chair()) {
                        (true, _) => "Sending\u{2026}",
                        (false, true) => "Send to the chair of governors",
                        (false, false) => "Send to the head",
                    }}
                </button></p>
                <p class="staff-hint">
                    {move || if to_chair() {
                        "Only the chair of governors will read this: not the head, not the DSL. You will get a reference, not a copy."
                    } else {
                        "Only the head will read this, not the DSL. You will get a reference, not a copy."
                    }}
                </p>
            </form>
        }
        .into_any(),
    }
    }
}

/// What the writer keeps: who has it, when, and the reference.
#[component]
fn AdultReceipt(r: AdultConcernReceipt, on_another: Callback<()>) -> impl IntoView {
    let who = match r.goes_to {
        AdultConcernReader::Head => "the head",
        AdultConcernReader::ChairOfGovernors => "the chair of governors",
    };
    view! {
        <section class="card concern-receipt" role="status" data-testid="adult-concern-receipt">
            <h1>{format!("Sent to {who}")}</h1>
            <p>{format!("Only {who} can read your concern. Nothing of it is kept on this device.")}</p>
            {(!r.reader_named).then(|| view! {
                <p class="concern-warning" data-testid="adult-concern-nobody">
                    {format!("Kite has no account marked as {who}'s yet, so nobody can read it here: tell {who} in person today, and ask the admin to mark their account.")}
                </p>
            })}
            <dl class="facts">
                <dt>"Received"</dt><dd>{when(r.received_at_ms)}</dd>
                <dt>"Reference"</dt><dd class="concern-reference" data-testid="adult-receipt-reference">{r.reference.clone()}</dd>
            </dl>
            <p class="concern-receipt-actions">
                <button type="button" class="button" on:click=move |_| on_another.run(())>"Log another concern"</button>
                <a class="button button-quiet" href="/staff">"Back to the staff home"</a>
            </p>
        </section>
    }
}
