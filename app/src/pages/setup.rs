//! Tablet set-up, for a teacher: connect the tablet to the school server, choose its class (whose
//! year group comes from the school's class list) and band,
//! display and reading-aloud settings, and see whether anything is waiting to send (never what it is).

use kite_protocol::class_years::class_years_label;
use kite_protocol::Band;
use leptos::prelude::*;

use crate::api::{enrol_with_code, fetch_device_config};
use crate::components::class_picker::ClassPicker;
use crate::components::display_settings::DisplaySettingsControls;
use crate::components::icons::{self, Icon};
use crate::components::layout::PlainLayout;
use crate::device::use_tablet;
use crate::outbox::{held_reasons, sync_now, use_sync_status, SyncState};

#[component]
pub fn SetupPage() -> impl IntoView {
    view! {
        <PlainLayout>
            <h1>"Tablet set-up"</h1>
            <Icon svg=icons::TABLET/>
            <p>"For teachers and school staff. Pupils don't need this page."</p>
            <Enrolment/>
            <VisitorDesk/>
            <ClassBand/>
            <DisplayAndReading/>
            <OutboxStatus/>
        </PlainLayout>
    }
}

/// The office tablet doubles as the visitors' desk: a visitor signs the visitor agreement on it
/// with the tablet's own connection, no account of their own.
#[component]
fn VisitorDesk() -> impl IntoView {
    let tablet = use_tablet();
    view! {
        <Show when=move || tablet.token.get().is_some()>
            <section class="card">
                <h2>"Visitors"</h2>
                <p>"A visitor, supply teacher or contractor reads and signs the visitor agreement here. The office sees who signed today."</p>
                <p><a class="button button-primary" href="/aup/visitor" data-testid="visitor-button">"A visitor signs in"</a></p>
            </section>
        </Show>
    }
}

#[component]
fn Enrolment() -> impl IntoView {
    let tablet = use_tablet();
    let status = use_sync_status();
    let token = RwSignal::new(String::new());
    let tablet_name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);

    let connect = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let entered = token.get_untracked().trim().to_string();
        if entered.is_empty() {
            message.set(Some((false, "Type the enrolment code first.".into())));
            return;
        }
        // An enrolment code (short, from /staff) or, as before, a device token pasted whole.
        let is_token = entered.starts_with("kite_dev_");
        let name = tablet_name.get_untracked().trim().to_string();
        if !is_token && name.is_empty() {
            message.set(Some((
                false,
                "Give this tablet a name, for example \u{201c}Year 2 tablet 1\u{201d}.".into(),
            )));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let entered = if is_token {
                entered
            } else {
                match enrol_with_code(&entered, &name).await {
                    Ok(t) => t,
                    Err(m) => {
                        message.set(Some((false, m)));
                        busy.set(false);
                        return;
                    }
                }
            };
            match fetch_device_config(&entered).await {
                Ok(config) => {
                    let text = format!(
                        "Connected to {} as \u{201c}{}\u{201d}.",
                        config.school_name, config.device_name
                    );
                    tablet.enrol(entered, config);
                    token.set(String::new());
                    message.set(Some((true, text)));
                    sync_now(tablet, status, true).await;
                }
                Err(e) => message.set(Some((false, e.message()))),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card" aria-labelledby="enrol-heading">
            <h2 id="enrol-heading">"Connect to the school server"</h2>
            <Show when=move || tablet.needs_enrolment.get()>
                <p class="error-text" role="alert" data-testid="needs-enrolment">
                    "The school server no longer recognises this tablet. Anything waiting to send is kept safe on it. Connect it again with a new code."
                </p>
            </Show>
            {move || match tablet.config.get() {
                Some(c) => view! {
                    <p data-testid="enrolled">
                        "This tablet is connected to " <strong>{c.school_name}</strong>
                        " as " <strong>{c.device_name}</strong> "."
                    </p>
                }.into_any(),
                None => view! { <p data-testid="not-enrolled">"This tablet is not connected yet."</p> }.into_any(),
            }}
            <form on:submit=connect>
                <div class="enrol-fields">
                <div class="field">
                    <label for="token">"Enrolment code (from the school's admin, at /staff)"</label>
                    <input
                        id="token"
                        name="token"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        prop:value=move || token.get()
                        on:input=move |ev| token.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="tablet-name">"A name for this tablet (for example \u{201c}Year 2 tablet 1\u{201d})"</label>
                    <input
                        id="tablet-name"
                        name="tablet-name"
                        autocomplete="off"
                        maxlength="60"
                        prop:value=move || tablet_name.get()
                        on:input=move |ev| tablet_name.set(event_target_value(&ev))
                    />
                </div>
                </div>
                <p class="explain">"A device token from the server's command line (it starts kite_dev_) also works in the code box; then no name is needed."</p>
                <p>
                    <button class="button button-primary" type="submit" disabled=move || busy.get()>
                        "Connect"
                    </button>
                </p>
            </form>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "ok-text" } else { "error-text" } role="status" data-testid="enrol-message">{text}</p>
            })}
        </section>
    }
}

#[component]
fn ClassBand() -> impl IntoView {
    let tablet = use_tablet();
    let options = [
        (None, "Not set"),
        (Some(Band::Eyfs), "EYFS (nursery and reception)"),
        (Some(Band::Ks1), "KS1 (Years 1 and 2)"),
        (Some(Band::Ks2), "KS2 (Years 3 to 6)"),
    ];
    view! {
        <section class="card">
            <h2>"This tablet's class"</h2>
            <ClassPicker id="tablet-class" label="Class"/>
            <Show when=move || tablet.class_id.get().is_none()>
                <p class="explain" data-testid="choose-class"><strong>"Choose this tablet\u{2019}s class"</strong>" from the school\u{2019}s list, so lessons finished on it count for that class."</p>
            </Show>
            {move || tablet.class_id.get().map(|_| {
                let years = class_years_label(&tablet.class_years.get());
                if years.is_empty() {
                    view! {
                        <p class="explain" data-testid="class-year-unknown">"The school\u{2019}s class list doesn\u{2019}t say this class\u{2019}s year group yet. The class teacher or an admin sets it in Classes at /staff; until then Learn shows the whole age group."</p>
                    }.into_any()
                } else {
                    view! {
                        <p data-testid="class-year">"Year group: " <strong>{years}</strong> ". Learn shows this year\u{2019}s lessons first."</p>
                    }.into_any()
                }
            })}
            <fieldset>
                <legend>"Age group"</legend>
                {options.into_iter().enumerate().map(|(i, (band, label))| {
                    let id = format!("band-{i}");
                    view! {
                        <p>
                            <input
                                type="radio"
                                name="band"
                                id=id.clone()
                                prop:checked=move || tablet.band.get() == band
                                on:change=move |_| tablet.set_band(band)
                            />
                            <label for=id>" " {label}</label>
                        </p>
                    }
                }).collect_view()}
            </fieldset>
            <p class="explain">"Lessons finished on this tablet are recorded for this class. No pupil names are kept."</p>
        </section>
    }
}

/// The same settings as the "Aa" panel on every page, laid out for the teacher setting up.
#[component]
fn DisplayAndReading() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="display-heading">
            <h2 id="display-heading">"Display and reading aloud"</h2>
            <p class="explain">"Pupils can change these too, with the \u{201c}Aa Settings\u{201d} button at the top of every page. They stay set on this tablet."</p>
            <DisplaySettingsControls/>
        </section>
    }
}

#[component]
fn OutboxStatus() -> impl IntoView {
    let tablet = use_tablet();
    let status = use_sync_status();
    let reasons = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        if status.held.get() > 0 {
            leptos::task::spawn_local(async move { reasons.set(held_reasons().await) });
        }
    });
    let state_text = move || match status.state.get() {
        SyncState::Idle => "Everything has been sent.",
        SyncState::Sending => "Sending now…",
        SyncState::Waiting => "Can't reach the school server; will keep trying.",
        SyncState::NeedsEnrolment => "Waiting for the tablet to be connected again.",
        SyncState::StorageProblem => "The browser's storage had a problem; will try again.",
    };
    view! {
        <section class="card">
            <h2>"Sending to school"</h2>
            <dl class="facts">
                <dt>"Waiting to send"</dt>
                <dd data-testid="outbox-waiting">{move || status.waiting.get()}</dd>
                <dt>"Not accepted by the server"</dt>
                <dd data-testid="outbox-held">{move || status.held.get()}</dd>
                <dt>"Status"</dt>
                <dd data-testid="outbox-state">{state_text}</dd>
            </dl>
            <p class="explain">"What is waiting is sealed for the school's safeguarding lead: it can't be read on this tablet."</p>
            <Show when=move || !reasons.get().is_empty()>
                <p>"The server said:"</p>
                <ul>{move || reasons.get().into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            </Show>
            <button
                class="button button-secondary"
                type="button"
                on:click=move |_| leptos::task::spawn_local(async move { sync_now(tablet, status, true).await })
            >
                "Send now"
            </button>
        </section>
    }
}
