//! Tablet set-up, for a teacher: connect the tablet to the school server, set its class's band,
//! reading-aloud settings, and see whether anything is waiting to send (never what it is).

use kite_protocol::Band;
use leptos::prelude::*;

use crate::api::fetch_device_config;
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
            <ClassBand/>
            <ReadingAloud/>
            <OutboxStatus/>
        </PlainLayout>
    }
}

#[component]
fn Enrolment() -> impl IntoView {
    let tablet = use_tablet();
    let status = use_sync_status();
    let token = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);

    let connect = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let entered = token.get_untracked().trim().to_string();
        if entered.is_empty() {
            message.set(Some((false, "Paste the tablet code first.".into())));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
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
                <div class="field">
                    <label for="token">"Tablet code (from the school's admin)"</label>
                    <input
                        id="token"
                        name="token"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || token.get()
                        on:input=move |ev| token.set(event_target_value(&ev))
                    />
                </div>
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
        </section>
    }
}

#[component]
fn ReadingAloud() -> impl IntoView {
    let tablet = use_tablet();
    view! {
        <section class="card">
            <h2>"Reading aloud"</h2>
            <p>
                <input
                    type="checkbox"
                    id="auto-read"
                    prop:checked=move || tablet.auto_read.get()
                    on:change=move |ev| tablet.set_auto_read(event_target_checked(&ev))
                />
                <label for="auto-read">" Read each step aloud automatically"</label>
            </p>
            <div class="field">
                <label for="rate">"Speaking speed"</label>
                <select
                    id="rate"
                    on:change=move |ev| {
                        if let Ok(r) = event_target_value(&ev).parse() {
                            tablet.set_speech_rate(r)
                        }
                    }
                >
                    {[(0.7, "Slow"), (0.9, "Normal"), (1.1, "Quick")].into_iter().map(|(r, label)| view! {
                        <option value=r.to_string() selected=move || (tablet.speech_rate.get() - r as f32).abs() < 0.01>{label}</option>
                    }).collect_view()}
                </select>
            </div>
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
