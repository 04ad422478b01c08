//! `/tell`: a pupil tells a trusted adult. Picture-first, read aloud, five taps for a
//! five-year-old. The draft lives only in this page's memory: quick exit, the idle timeout,
//! leaving the page and sending all drop it, and once sent it is sealed in the outbox where the
//! tablet can't read it.

mod adult_picture;
mod choice_step;
mod device_help_step;
mod done_step;
mod say_more_step;
mod send_step;
mod spoken;
mod who_step;

use std::time::Duration;

use kite_protocol::answer::AnswerCode;

use leptos::prelude::*;

use crate::i18n::{t, tf};

use crate::components::icons::{self, Icon};
use crate::components::layout::PupilLayout;
use crate::components::speak_button::SpeakButton;
use crate::device::use_tablet;
use crate::report_flow::choices::{self, FEELINGS, WHAT, WHERE};
use crate::report_flow::{previous, progress, Draft, Step};
use crate::speech::{read_each_if_set, stop};
pub(crate) use choice_step::ChoiceStep;
use device_help_step::DeviceHelpStep;
use done_step::{Delivery, DoneStep};
use say_more_step::SayMoreStep;
use send_step::SendStep;
use who_step::WhoStep;

#[component]
pub fn TellPage() -> impl IntoView {
    let tablet = use_tablet();
    view! {
        <Show when=move || tablet.is_enrolled() fallback=|| view! { <NotConnected/> }>
            <TellFlow/>
        </Show>
    }
}

/// A tablet that isn't connected to school can't send: say so before a child starts, kindly,
/// and point to people who can help right now.
#[component]
fn NotConnected() -> impl IntoView {
    view! {
        <PupilLayout>
            <h1 class="page-title">{t("Tell a trusted adult")}</h1>
            <div class="notice" data-testid="tell-not-connected">
                <p>{t("This tablet can't send messages to school yet.")}</p>
                <p>{t("You can still tell a grown-up you trust: a teacher, a teaching assistant, or someone at home.")}</p>
            </div>
        </PupilLayout>
    }
}

#[component]
fn TellFlow() -> impl IntoView {
    let tablet = use_tablet();
    let draft = RwSignal::new(Draft::default());
    let step = RwSignal::new(Step::What);
    let delivery = RwSignal::new(Delivery::Checking);
    let was_urgent = RwSignal::new(false);
    // A picture code lives only here, on screen, until the child leaves; the copy in the outbox
    // leaves with the report.
    let answer_code = RwSignal::new(None::<AnswerCode>);

    // Quick exit and the idle timeout: forget everything and go to the neutral home page.
    let leave = leave_privately(tablet, move || {
        draft.set(Draft::default());
        answer_code.set(None);
    });
    let quick_exit = move |_| leave.run(());

    // Read each step aloud when it appears, if the tablet is set to.
    let spoken_text = Signal::derive(move || {
        spoken::for_step(step.get(), &draft.get(), tablet, answer_code.get())
    });
    read_each_if_set(tablet, spoken_text);

    // A new step: move keyboard (and screen reader) focus to its question, so the next Tab goes
    // to its first answer and the question is announced. Not on the first step: arriving on the
    // page already starts there.
    Effect::new(move |prev: Option<Step>| {
        let now = step.get();
        if prev.is_some_and(|p| p != now) {
            focus_step_heading();
        }
        now
    });

    let go = move |next: Step| step.set(next);
    let back = move |_| {
        if let Some(p) = previous(step.get_untracked(), &draft.get_untracked()) {
            step.set(p);
        }
    };
    let band = move || tablet.band.get_untracked();

    let body = move || {
        match step.get() {
        Step::What => view! {
            <ChoiceStep
                question=choices::WHAT_QUESTION
                choices=&WHAT
                selected=Signal::derive(move || draft.with(|d| d.what))
                on_pick=Callback::new(move |v| go(draft.try_update(|d| d.choose_what(v)).unwrap_or(Step::What)))
                urgent_marker=true
            />
        }.into_any(),
        Step::Where => view! {
            <ChoiceStep
                question=choices::WHERE_QUESTION
                choices=&WHERE
                selected=Signal::derive(move || draft.with(|d| d.place))
                on_pick=Callback::new(move |v| go(draft.try_update(|d| d.choose_place(v)).unwrap_or(Step::Where)))
                urgent_marker=false
            />
        }.into_any(),
        Step::DeviceHelp => view! { <DeviceHelpStep draft=draft on_next=Callback::new(move |_| go(Step::Feel))/> }.into_any(),
        Step::Feel => view! {
            <ChoiceStep
                question=choices::FEEL_QUESTION
                choices=&FEELINGS
                selected=Signal::derive(move || draft.with(|d| d.feeling))
                on_pick=Callback::new(move |v| go(draft.try_update(|d| d.choose_feeling(v)).unwrap_or(Step::Feel)))
                urgent_marker=false
            />
        }.into_any(),
        Step::Who => view! { <WhoStep draft=draft on_next=Callback::new(go)/> }.into_any(),
        Step::Send => view! {
            <SendStep
                draft=draft
                band=band()
                on_more=Callback::new(move |_| go(Step::SayMore))
                on_sent=Callback::new(move |(urgent, d): (bool, Delivery)| {
                    was_urgent.set(urgent);
                    delivery.set(d);
                    go(Step::Done);
                })
                delivery=delivery
                answer_code=answer_code
            />
        }.into_any(),
        Step::SayMore => view! { <SayMoreStep draft=draft on_done=Callback::new(move |_| go(Step::Send))/> }.into_any(),
        Step::Done => view! {
            <DoneStep delivery=delivery urgent=was_urgent answer_code=answer_code on_finish=leave/>
        }.into_any(),
    }
    };

    view! {
        <PupilLayout>
            <h1 class="visually-hidden">{t("Tell a trusted adult")}</h1>
            <div class="tell-flow">
                <div class="tell-bar">
                    <div class="row">
                        <Show when=move || previous(step.get(), &draft.get()).is_some()>
                            <button type="button" class="button button-quiet" on:click=back>
                                <span class="icon-flip-rtl"><Icon svg=icons::BACK/></span> {t("Back")}
                            </button>
                        </Show>
                        <ProgressDots step=step/>
                    </div>
                    <div class="row">
                        <SpeakButton text=spoken_text/>
                        <button type="button" class="button quick-exit" on:click=quick_exit data-testid="quick-exit">
                            <Icon svg=icons::EXIT/> {t("Leave")}
                        </button>
                    </div>
                </div>
                <Show when=move || draft.with(Draft::is_urgent) && step.get() != Step::Done>
                    <div class="notice" role="status" data-testid="urgent-notice">{t(choices::URGENT_NOTICE)}</div>
                </Show>
                {body}
            </div>
        </PupilLayout>
    }
}

#[component]
fn ProgressDots(step: RwSignal<Step>) -> impl IntoView {
    let label = move || {
        let (n, of) = progress(step.get());
        tf(
            "Step {n} of {of}",
            &[("n", &n.to_string()), ("of", &of.to_string())],
        )
    };
    // The words say the step; the dots are a picture of the same thing.
    view! {
        <div class="step-progress">
            <div class="step-dots" aria-hidden="true">
                {(1..=5usize).map(|i| view! {
                    <span class="step-dot" class:done={move || progress(step.get()).0 >= i}></span>
                }).collect_view()}
            </div>
            <span class="step-count" data-testid="step-count">{label}</span>
        </div>
    }
}

/// The way out of a pupil's private page, by its Leave button or the idle timeout: `forget`
/// clears what the page held, speech stops, and the neutral home page replaces this one in the
/// history so Back doesn't return to it.
pub(crate) fn leave_privately(
    tablet: crate::device::Tablet,
    forget: impl Fn() + Send + Sync + 'static,
) -> Callback<()> {
    let navigator = crate::here::use_navigator();
    let leave = Callback::new(move |()| {
        forget();
        stop();
        navigator.go("/", true);
    });
    let secs = tablet
        .config
        .with_untracked(|c| c.as_ref().map(|c| c.idle_timeout_secs).unwrap_or(90));
    idle_timeout(secs, move || leave.run(()));
    leave
}

/// Calls `on_idle` after `secs` seconds without a touch, click or key press.
fn idle_timeout(secs: u32, on_idle: impl Fn() + Clone + 'static) {
    let last = StoredValue::new(js_sys::Date::now());
    let handles = [
        window_event_listener(leptos::ev::pointerdown, move |_| {
            last.set_value(js_sys::Date::now())
        }),
        window_event_listener(leptos::ev::keydown, move |_| {
            last.set_value(js_sys::Date::now())
        }),
    ];
    let limit_ms = secs as f64 * 1000.0;
    let interval = set_interval_with_handle(
        move || {
            if js_sys::Date::now() - last.get_value() > limit_ms {
                last.set_value(js_sys::Date::now());
                on_idle();
            }
        },
        Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        for h in handles {
            h.remove();
        }
        if let Some(i) = interval {
            i.clear();
        }
    });
}

/// Focuses the current step's heading (`tabindex="-1"` makes it focusable, not tabbable).
fn focus_step_heading() {
    use wasm_bindgen::JsCast;
    let heading = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(".tell-flow [data-step-heading]")
                .ok()
                .flatten()
        })
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(h) = heading {
        let _ = h.focus();
    }
}

/// Shared by steps: the question with its speaker button.
#[component]
fn Question(text: &'static str) -> impl IntoView {
    view! {
        <div class="question-row">
            <h2 class="question" data-testid="question" tabindex="-1" data-step-heading="">{t(text)}</h2>
        </div>
    }
}
