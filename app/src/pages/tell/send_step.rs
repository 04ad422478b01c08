use kite_protocol::answer::AnswerCode;
use kite_protocol::limits::MAX_NAME_CHARS;
use kite_protocol::Band;
use leptos::prelude::*;

use crate::i18n::t;

use super::done_step::Delivery;
use super::Question;
use crate::components::icons::{self, ChosenTick, Icon};
use crate::components::pictures::random_code;
use crate::device::use_tablet;
use crate::outbox::{queue_report, send_now_and_check, use_sync_status, QueueError};
use crate::report_flow::choices;
use crate::report_flow::Draft;

/// How long the child waits to hear "sent to school" before being told it will go later.
const CONFIRM_WAIT_MS: u32 = 4_000;

/// Review and send. Anonymous is chosen unless the child changes it; the explanation is given
/// right here, at the moment of choosing.
#[component]
pub fn SendStep(
    draft: RwSignal<Draft>,
    band: Option<Band>,
    on_more: Callback<()>,
    on_sent: Callback<(bool, Delivery)>,
    delivery: RwSignal<Delivery>,
    answer_code: RwSignal<Option<AnswerCode>>,
) -> impl IntoView {
    let tablet = use_tablet();
    let status = use_sync_status();
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let give_name = move || draft.with(|d| d.give_name);
    // Only a child who doesn't say their name needs a picture code to hear back: a named child
    // is found by a grown-up, as the explanation above says.
    let wants_answer = RwSignal::new(false);

    let send = move |_| {
        if sending.get_untracked() {
            return;
        }
        let report = match draft.with_untracked(|d| d.to_report(band, js_sys::Date::now() as i64)) {
            Ok(r) => r,
            Err(e) if e.field.starts_with("reporter") => {
                problem.set(Some(
                    t("Please write your first name and your class, or choose not to say your name.")
                        .into(),
                ));
                return;
            }
            Err(_) => {
                problem.set(Some(t("Something in your message can't be sent. Try taking it out, or tell a grown-up in person.").into()));
                return;
            }
        };
        sending.set(true);
        let anonymous = matches!(report.reporter, kite_protocol::report::Reporter::Anonymous);
        let code = (wants_answer.get_untracked() && anonymous).then(random_code);
        leptos::task::spawn_local(async move {
            match queue_report(tablet, &report, code).await {
                Ok(id) => {
                    answer_code.set(code);
                    // Safe in the outbox: forget the draft at once, then see whether it got through.
                    draft.set(Draft::default());
                    on_sent.run((report.is_urgent(), Delivery::Checking));
                    let sent = send_now_and_check(tablet, status, id);
                    let timeout = gloo_timers::future::TimeoutFuture::new(CONFIRM_WAIT_MS);
                    futures::pin_mut!(sent);
                    let result = match futures::future::select(sent, timeout).await {
                        futures::future::Either::Left((true, _)) => Delivery::Sent,
                        _ => Delivery::WillSend,
                    };
                    delivery.set(result);
                }
                Err(QueueError::NotEnrolled) => {
                    problem.set(Some(
                        t("This tablet can't send to school yet. Please tell a grown-up in person.")
                            .into(),
                    ));
                    sending.set(false);
                }
                Err(_) => {
                    problem.set(Some(t("The tablet couldn't save your message. Please tell a grown-up in person. You did nothing wrong.").into()));
                    sending.set(false);
                }
            }
        });
    };

    let more_label = move || {
        if draft.with(|d| !d.words.trim().is_empty() || d.drawing_png.is_some()) {
            t("Change my words or drawing")
        } else {
            t("Add words or a drawing")
        }
    };

    view! {
        <Question text=choices::SEND_QUESTION/>
        <div class="choices" role="group" aria-label=t("Do you want to say your name?")>
            <button
                type="button"
                class="button choice"
                aria-pressed=move || (!give_name()).to_string()
                on:click=move |_| draft.update(|d| d.give_name = false)
                data-testid="anonymous"
            >
                <ChosenTick/>
                <Icon svg=icons::ANONYMOUS/>
                <span>{t("Don't say my name")}</span>
            </button>
            <button
                type="button"
                class="button choice"
                aria-pressed=move || give_name().to_string()
                on:click=move |_| draft.update(|d| d.give_name = true)
                data-testid="give-name"
            >
                <ChosenTick/>
                <Icon svg=icons::NAME_TAG/>
                <span>{t("Say my name")}</span>
            </button>
        </div>
        <p class="explain" data-testid="anonymity-explained">{t(choices::anonymity_explained(band))}</p>
        <Show when=move || !give_name()>
            <button
                type="button"
                class="button choice"
                aria-pressed=move || wants_answer.get().to_string()
                on:click=move |_| wants_answer.update(|w| *w = !*w)
                data-testid="wants-answer"
            >
                <ChosenTick/>
                <Icon svg=icons::THANKS/>
                <span>{t("I'd like an answer")}</span>
            </button>
        </Show>
        <Show when=give_name>
            <div class="row">
                <div class="field">
                    <label for="first-name">{t("My first name")}</label>
                    <input
                        id="first-name"
                        autocomplete="off"
                        maxlength=MAX_NAME_CHARS
                        prop:value=move || draft.with(|d| d.first_name.clone())
                        on:input=move |ev| draft.update(|d| d.first_name = event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="class-name">{t("My class")}</label>
                    <input
                        id="class-name"
                        autocomplete="off"
                        maxlength=MAX_NAME_CHARS
                        prop:value=move || draft.with(|d| d.class.clone())
                        on:input=move |ev| draft.update(|d| d.class = event_target_value(&ev))
                    />
                </div>
            </div>
        </Show>
        <div class="row">
            <button type="button" class="button button-secondary big-action" on:click=move |_| on_more.run(())>
                <Icon svg=icons::PENCIL/> {more_label}
            </button>
            <button
                type="button"
                class="button button-primary big-action"
                on:click=send
                disabled=move || sending.get()
                data-testid="send"
            >
                <Icon svg=icons::SEND/> {t("Send")}
            </button>
        </div>
        {move || problem.get().map(|p| view! { <p class="notice" role="alert">{p}</p> })}
    }
}
