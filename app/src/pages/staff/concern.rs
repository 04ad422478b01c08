//! "Log a concern": the form any adult in school fills in, in under a minute, on a laptop or a
//! phone. What is typed is kept on this device as it is typed (localStorage, under the signed-in
//! account), so a lost connection or a closed tab loses nothing; once sent it is retried until
//! the server answers, always with the same id, so it arrives once; the server's receipt clears
//! it from the device. The writer sees the receipt, never the record. The form's first choice is
//! who it is about: a child (this form, for the DSL) or an adult in school (`adult_concern`, for
//! the head).

use std::time::Duration;

use kite_protocol::concern::{
    CameToLight, ConcernPupil, ConcernReceipt, Involvement, MonitoringTool, NewConcern,
    PupilChoice, MAX_CONCERN_SHORT_CHARS, MAX_CONCERN_TEXT_CHARS, MIN_PUPIL_QUERY_CHARS,
};
use kite_protocol::limits::MAX_WEB_ADDRESS_CHARS;
use kite_protocol::staff::Category;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::concern_fields::{
    forget, keep, key, load, local_time, options, AboutChoice, DraftCheck, DraftSelect, DraftText,
};
use super::format::when;
use super::use_staff;
use crate::staff_api;

/// How often a sent draft is tried again while the server can't be reached.
const RETRY: Duration = Duration::from_secs(5);

/// Everything typed, as kept on the device until the server's receipt.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Draft {
    /// The concern's id, made when the form first opens: every send of it uses this one.
    id: Uuid,
    pupils: Vec<(PupilChoice, Involvement)>,
    /// A `datetime-local` value; empty means "just now".
    earlier: String,
    place: String,
    what: String,
    words: String,
    category: String,
    came: String,
    tool: String,
    tool_name: String,
    /// When the monitoring tool flagged it (`datetime-local`; empty: not known).
    #[serde(default)]
    flagged_at: String,
    /// What the monitoring tool flagged, described.
    #[serde(default)]
    flagged: String,
    web_address: String,
    agency: String,
    other: String,
    action: String,
    told_dsl: bool,
    urgent: bool,
    /// Send was pressed: keep trying until the server answers.
    sending: bool,
}

impl Draft {
    fn new() -> Self {
        Draft {
            id: crate::outbox::new_id(),
            pupils: Vec::new(),
            earlier: String::new(),
            place: String::new(),
            what: String::new(),
            words: String::new(),
            category: String::new(),
            came: "seen_by_me".into(),
            tool: String::new(),
            tool_name: String::new(),
            flagged_at: String::new(),
            flagged: String::new(),
            web_address: String::new(),
            agency: String::new(),
            other: String::new(),
            action: String::new(),
            told_dsl: false,
            urgent: false,
            sending: false,
        }
    }

    /// Nothing worth keeping has been typed.
    fn is_blank(&self) -> bool {
        self.pupils.is_empty()
            && [&self.place, &self.what, &self.words, &self.action]
                .iter()
                .all(|s| s.trim().is_empty())
    }

    /// The concern to send, or what is missing, in the form's words.
    fn to_concern(&self) -> Result<NewConcern, String> {
        let category = Category::ALL
            .into_iter()
            .find(|c| c.as_str() == self.category)
            .ok_or("Choose what kind of concern it is.")?;
        let some = |s: &String| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let came_to_light = match self.came.as_str() {
            "child_told_me" => CameToLight::ChildToldMe,
            "monitoring_alert" => CameToLight::MonitoringAlert {
                tool: MonitoringTool::parse(&self.tool)
                    .ok_or("Choose which monitoring tool raised the alert.")?,
                tool_name: some(&self.tool_name),
                flagged_at_ms: local_time(&self.flagged_at, "when the tool flagged it")?,
                flagged: some(&self.flagged),
            },
            "filtering_breach" => CameToLight::FilteringBreach {
                web_address: self.web_address.trim().to_string(),
            },
            "parent" => CameToLight::Parent,
            "another_agency" => CameToLight::AnotherAgency {
                agency: some(&self.agency),
            },
            "other" => CameToLight::Other {
                detail: self.other.trim().to_string(),
            },
            _ => CameToLight::SeenByMe,
        };
        let happened_at_ms = local_time(&self.earlier, "the date and time it happened")?;
        let concern = NewConcern {
            id: self.id,
            pupils: self
                .pupils
                .iter()
                .map(|(p, involvement)| ConcernPupil {
                    pupil_id: p.id,
                    involvement: *involvement,
                })
                .collect(),
            happened_at_ms,
            place: some(&self.place),
            what_happened: self.what.trim().to_string(),
            child_words: some(&self.words),
            category,
            came_to_light,
            action_taken: some(&self.action),
            told_dsl: self.told_dsl,
            urgent: self.urgent,
        };
        concern
            .validate(js_sys::Date::now() as i64)
            .map_err(|e| kite_protocol::concern::message(&e))?;
        Ok(concern)
    }
}

/// How it came to light, as the form offers it.
const CAME: [(&str, &str); 7] = [
    ("seen_by_me", "I saw or heard it"),
    ("child_told_me", "A child told me"),
    ("monitoring_alert", "A monitoring alert"),
    ("filtering_breach", "A filtering breach"),
    ("parent", "A parent or carer told me"),
    ("another_agency", "Another agency told us"),
    ("other", "Another way"),
];

/// `/staff/concern`: first who it is about, then the form for a child or for an adult. A draft
/// of the adult form left on this device opens that form again.
#[component]
pub fn ConcernPage() -> impl IntoView {
    let ctx = use_staff();
    let staff_id = ctx
        .me
        .with_untracked(|m| m.as_ref().and_then(|m| m.as_ref().map(|m| m.id)))
        .unwrap_or_default();
    let about_adult = RwSignal::new(super::adult_concern::has_draft(staff_id));
    move || {
        if about_adult.get() {
            view! { <super::adult_concern::AdultConcernForm staff_id=staff_id about_adult=about_adult/> }
                .into_any()
        } else {
            view! { <PupilConcernForm staff_id=staff_id about_adult=about_adult/> }.into_any()
        }
    }
}

/// The form for a concern about one or more children, for the DSL.
#[component]
fn PupilConcernForm(staff_id: i64, about_adult: RwSignal<bool>) -> impl IntoView {
    let ctx = use_staff();
    let key = key("concern", staff_id);
    let draft = RwSignal::new(load(&key).unwrap_or_else(Draft::new));
    let receipt = RwSignal::new(None::<ConcernReceipt>);
    let error = RwSignal::new(None::<String>);
    let waiting = RwSignal::new(false);
    let in_flight = StoredValue::new(false);

    // Kept on the device as it is typed.
    let stored_key = StoredValue::new(key);
    Effect::new(move |_| {
        draft.with(|d| stored_key.with_value(|k| keep(k, d, !d.is_blank() || d.sending)))
    });
    let clear_draft = move || {
        stored_key.try_with_value(|k| forget(k));
    };

    let attempt = move || {
        if in_flight.get_value() || !draft.with_untracked(|d| d.sending) {
            return;
        }
        let concern = match draft.with_untracked(Draft::to_concern) {
            Ok(c) => c,
            Err(e) => {
                draft.update(|d| d.sending = false);
                error.set(Some(e));
                return;
            }
        };
        in_flight.set_value(true);
        leptos::task::spawn_local(async move {
            match staff_api::log_concern(&concern).await {
                Ok(r) => {
                    clear_draft();
                    waiting.try_set(false);
                    receipt.try_set(Some(r));
                    draft.try_set(Draft::new());
                    clear_draft();
                }
                // The server can't be reached: kept here, tried again shortly.
                Err(e) if e.status == 0 || e.status >= 500 => {
                    waiting.try_set(true);
                }
                // Something to put right (or a session that ended): nothing typed is lost.
                Err(e) => {
                    waiting.try_set(false);
                    draft.try_update(|d| d.sending = false);
                    error.try_set(Some(ctx.message(&e)));
                }
            }
            in_flight.set_value(false);
        });
    };
    // A draft sent before the tab closed, or while the server was away, goes as soon as it can.
    attempt();
    let interval = set_interval_with_handle(attempt, RETRY).ok();
    on_cleanup(move || {
        if let Some(i) = interval {
            i.clear();
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        match draft.with_untracked(Draft::to_concern) {
            Ok(_) => {
                draft.update(|d| d.sending = true);
                attempt();
            }
            Err(e) => error.set(Some(e)),
        }
    };

    move || {
        match receipt.get() {
        Some(r) => view! { <Receipt r=r on_another=Callback::new(move |_| receipt.set(None))/> }
            .into_any(),
        None => view! {
            <h1>"Log a concern"</h1>
            <AboutChoice about_adult=about_adult/>
            <Guidance draft=draft/>
            <form class="staff-form concern-form card" on:submit=submit data-testid="concern-form" novalidate>
                <PupilPicker draft=draft/>
                <WhenWhere draft=draft/>
                <DraftText draft=draft id="concern-what" label="What happened" multiline=true
                    hint="What you saw or heard: facts, not opinions." max=MAX_CONCERN_TEXT_CHARS
                    get=|d| d.what.clone() set=|d, v| d.what = v/>
                <DraftText draft=draft id="concern-words" multiline=true max=MAX_CONCERN_TEXT_CHARS
                    label="What the child said, in their own words (if they said anything)"
                    hint="Write their words as they said them, even if they are rude or unclear."
                    get=|d| d.words.clone() set=|d, v| d.words = v/>
                <DraftSelect draft=draft id="concern-category" label="What kind of concern"
                    items=std::iter::once(("", "Choose\u{2026}")).chain(Category::ALL.into_iter().map(|c| (c.as_str(), c.label()))).collect()
                    get=|d| d.category.clone() set=|d, v| d.category = v/>
                <CameToLightFields draft=draft/>
                <DraftText draft=draft id="concern-action" label="What you did already (optional)" multiline=true
                    max=MAX_CONCERN_TEXT_CHARS get=|d| d.action.clone() set=|d, v| d.action = v/>
                <DraftCheck draft=draft id="concern-urgent" get=|d| d.urgent set=|d, v| d.urgent = v>
                    "Urgent: a child may be at risk of harm today"
                </DraftCheck>
                <DraftCheck draft=draft id="concern-told" get=|d| d.told_dsl set=|d, v| d.told_dsl = v>
                    "I have told a DSL in person"
                    {move || draft.with(|d| d.urgent).then_some(" (needed for an urgent concern)")}
                </DraftCheck>
                {move || error.get().map(|e| view! { <p class="error-text" role="alert" data-testid="concern-error">{e}</p> })}
                {move || waiting.get().then(|| view! {
                    <p class="notice-inline" role="status" data-testid="concern-waiting">
                        "Can't reach the school server just now. Your concern is kept on this device and will be sent as soon as the server answers. If it is urgent, tell a DSL in person now."
                    </p>
                })}
                <p><button class="button button-primary concern-send" type="submit" data-testid="concern-send"
                    disabled=move || draft.with(|d| d.sending) && !waiting.get()>
                    {move || if draft.with(|d| d.sending) { "Sending\u{2026}" } else { "Send to the DSL" }}
                </button></p>
                <p class="staff-hint">"Only the school's DSL and deputies will read this. You will get a reference, not a copy."</p>
            </form>
        }
        .into_any(),
    }
    }
}

/// Kite's guidance, at the point of writing.
#[component]
fn Guidance(draft: RwSignal<Draft>) -> impl IntoView {
    let ypsi = move || draft.with(|d| d.category == Category::Ypsi.as_str());
    view! {
        <Show when=ypsi>
            <div class="concern-warning" role="alert" data-testid="concern-ypsi">
                <strong>"Never copy, screenshot, forward or save a nude or semi-nude image, even to show the DSL."</strong>
                " Don't look at it again and don't ask anyone to send or show it. Describe what you were told or saw, and leave the device with the DSL."
            </div>
        </Show>
        <details class="concern-guidance" open>
            <summary>"Before you write"</summary>
            <ul>
                <li>"Write facts, not opinions: what you saw and heard, when and where."</li>
                <li>"Put the child's own words in their own box, as they said them."</li>
                <li>"Never ask a child to show or send you an image. Never copy, screenshot or forward a nude or semi-nude image."</li>
                <li>"For anything urgent, tell a DSL in person now, then log it here."</li>
            </ul>
        </details>
    }
}

/// Type a few letters, tap the child; each chosen child with their part in it.
#[component]
fn PupilPicker(draft: RwSignal<Draft>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<PupilChoice>::new());
    let asked = StoredValue::new(0u32);
    let search = move |q: String| {
        query.set(q.clone());
        let n = asked.get_value() + 1;
        asked.set_value(n);
        if q.trim().chars().count() < MIN_PUPIL_QUERY_CHARS {
            found.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let result = staff_api::find_pupils(q.trim()).await.unwrap_or_default();
            // Only the newest search's answer is shown.
            if asked.try_get_value() == Some(n) {
                found.try_set(result);
            }
        });
    };
    let choose = move |p: PupilChoice| {
        draft.update(|d| {
            if !d.pupils.iter().any(|(q, _)| q.id == p.id) {
                d.pupils.push((p, Involvement::Affected));
            }
        });
        query.set(String::new());
        found.set(Vec::new());
    };
    view! {
        <fieldset class="concern-pupils">
            <legend>"The children"</legend>
            <ul class="concern-chosen" data-testid="concern-chosen">
                {move || draft.with(|d| d.pupils.clone()).into_iter().map(|(p, involvement)| {
                    let id = p.id;
                    let name = format!("{} {}. ({})", p.first_name, p.last_initial, p.class_name);
                    let select_id = format!("involvement-{id}");
                    view! {
                        <li>
                            <label for=select_id.clone()>{name.clone()}</label>
                            <select id=select_id
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    draft.update(|d| {
                                        if let (Some(i), Some(row)) = (Involvement::parse(&v), d.pupils.iter_mut().find(|(q, _)| q.id == id)) {
                                            row.1 = i;
                                        }
                                    });
                                }>
                                {options(
                                    Involvement::ALL.into_iter().map(|i| (i.as_str(), i.label())).collect(),
                                    involvement.as_str(),
                                )}
                            </select>
                            <button type="button" class="button button-quiet"
                                aria-label=format!("Remove {name}")
                                on:click=move |_| draft.update(|d| d.pupils.retain(|(q, _)| q.id != id))>
                                "Remove"
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="field">
                <label for="concern-find">"Find a child: type the first letters of their name"</label>
                <input id="concern-find" type="search" autocomplete="off" autocapitalize="words" spellcheck="false"
                    enterkeyhint="search" data-testid="concern-find"
                    prop:value=move || query.get()
                    on:input=move |ev| search(event_target_value(&ev))
                    on:keydown=move |ev| {
                        // Enter picks the only match rather than sending the form.
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            if let [only] = found.get_untracked().as_slice() {
                                choose(only.clone());
                            }
                        }
                    }/>
            </div>
            <ul class="concern-found" data-testid="concern-found">
                {move || found.get().into_iter().map(|p| {
                    let label = format!("{} {}. \u{00b7} {}", p.first_name, p.last_initial, p.class_name);
                    view! {
                        <li><button type="button" class="button concern-found-button" on:click=move |_| choose(p.clone())>{label}</button></li>
                    }
                }).collect_view()}
            </ul>
            {move || (query.with(|q| q.trim().chars().count() >= MIN_PUPIL_QUERY_CHARS) && found.with(Vec::is_empty)).then(|| view! {
                <p class="staff-hint">"No child on a class list matches those letters yet."</p>
            })}
        </fieldset>
    }
}

/// When (just now, or earlier) and where.
#[component]
fn WhenWhere(draft: RwSignal<Draft>) -> impl IntoView {
    let earlier = RwSignal::new(draft.with_untracked(|d| !d.earlier.is_empty()));
    view! {
        <fieldset class="concern-when">
            <legend>"When"</legend>
            <label class="concern-check">
                <input type="radio" name="concern-when" prop:checked=move || !earlier.get()
                    on:change=move |_| { earlier.set(false); draft.update(|d| d.earlier.clear()); }/>
                <span>"Just now"</span>
            </label>
            <label class="concern-check">
                <input type="radio" name="concern-when" data-testid="concern-earlier" prop:checked=move || earlier.get()
                    on:change=move |_| earlier.set(true)/>
                <span>"Earlier"</span>
            </label>
            <Show when=move || earlier.get()>
                <div class="field">
                    <label for="concern-at">"Date and time it happened"</label>
                    <input id="concern-at" type="datetime-local" data-testid="concern-at"
                        prop:value=move || draft.with(|d| d.earlier.clone())
                        on:input=move |ev| draft.update(|d| d.earlier = event_target_value(&ev))/>
                </div>
            </Show>
        </fieldset>
        <DraftText draft=draft id="concern-place" label="Where (optional)" max=MAX_CONCERN_SHORT_CHARS
            get=|d| d.place.clone() set=|d, v| d.place = v/>
    }
}

/// How it came to light, with the tool or the web address when they apply.
#[component]
fn CameToLightFields(draft: RwSignal<Draft>) -> impl IntoView {
    let came = Memo::new(move |_| draft.with(|d| d.came.clone()));
    let other_tool = Memo::new(move |_| draft.with(|d| d.tool == MonitoringTool::Other.as_str()));
    view! {
        <DraftSelect draft=draft id="concern-came" label="How it came to light" items=CAME.to_vec()
            get=|d| d.came.clone() set=|d, v| d.came = v/>
        {move || match came.get().as_str() {
            "monitoring_alert" => view! {
                <DraftSelect draft=draft id="concern-tool" label="Which monitoring tool"
                    items=std::iter::once(("", "Choose\u{2026}")).chain(MonitoringTool::ALL.into_iter().map(|t| (t.as_str(), t.label()))).collect()
                    get=|d| d.tool.clone() set=|d, v| d.tool = v/>
                <Show when=move || other_tool.get()>
                    <DraftText draft=draft id="concern-tool-name" label="The tool's name" max=MAX_CONCERN_SHORT_CHARS
                        get=|d| d.tool_name.clone() set=|d, v| d.tool_name = v/>
                </Show>
                <DraftText draft=draft id="concern-flagged" label="What the tool flagged"
                    hint="In a few words: a search, a message, a site, and what about. Never copy the content itself."
                    max=MAX_CONCERN_SHORT_CHARS get=|d| d.flagged.clone() set=|d, v| d.flagged = v/>
                <DraftText draft=draft id="concern-flagged-at" label="When the tool flagged it (if you know)" kind="datetime-local"
                    max=MAX_CONCERN_SHORT_CHARS get=|d| d.flagged_at.clone() set=|d, v| d.flagged_at = v/>
            }.into_any(),
            "filtering_breach" => view! {
                <DraftText draft=draft id="concern-web" label="The web address that got through" kind="url"
                    max=MAX_WEB_ADDRESS_CHARS get=|d| d.web_address.clone() set=|d, v| d.web_address = v/>
            }.into_any(),
            "another_agency" => view! {
                <DraftText draft=draft id="concern-agency" label="Which agency (optional)" max=MAX_CONCERN_SHORT_CHARS
                    get=|d| d.agency.clone() set=|d, v| d.agency = v/>
            }.into_any(),
            "other" => view! {
                <DraftText draft=draft id="concern-other" label="Say how" max=MAX_CONCERN_SHORT_CHARS
                    get=|d| d.other.clone() set=|d, v| d.other = v/>
            }.into_any(),
            _ => ().into_any(),
        }}
    }
}

/// What the writer keeps: that it arrived, when, and the reference. Nothing they wrote.
#[component]
fn Receipt(r: ConcernReceipt, on_another: Callback<()>) -> impl IntoView {
    view! {
        <section class="card concern-receipt" role="status" data-testid="concern-receipt">
            <h1>"Sent to the DSL"</h1>
            <p>"The school's DSL and deputies have your concern. Nothing of it is kept on this device."</p>
            <dl class="facts">
                <dt>"Received"</dt><dd data-testid="receipt-time">{when(r.received_at_ms)}</dd>
                <dt>"Reference"</dt><dd class="concern-reference" data-testid="receipt-reference">{r.reference.clone()}</dd>
            </dl>
            <p>"If the DSL asks, give them this reference. If anything more happens, log it as a new concern, and tell a DSL in person if it is urgent."</p>
            <p class="concern-receipt-actions">
                <button type="button" class="button" on:click=move |_| on_another.run(())>"Log another concern"</button>
                <a class="button button-quiet" href="/staff">"Back to the staff home"</a>
            </p>
        </section>
    }
}
