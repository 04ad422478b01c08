//! Answering back, under the answer: a few words, "I'd like to talk to a grown-up", or a feeling
//! face. The reply is sealed into the outbox like a report and goes when the tablet can reach
//! school. It carries the ticket the server gave with the answer, never the pictures, and the
//! ticket lives only in this page's memory: it is forgotten the moment the reply is queued.

use kite_protocol::child_reply::{ChildReply, ReplyBody, MAX_REPLY_CHARS};
use kite_protocol::report::Feeling;
use kite_protocol::sync::ItemKind;
use leptos::prelude::*;

use crate::components::icons::{self, Icon};
use crate::components::speak_button::SpeakButton;
use crate::device::Tablet;
use crate::i18n::{t, tf};
use crate::outbox::{queue, sync_now, use_sync_status, QueueError};
use crate::pages::tell::ChoiceStep;
use crate::report_flow::choices::{FEELINGS, FEEL_QUESTION};

use super::words::{
    ANSWER_BACK_QUESTION, SAY_BACK, SHOW_FEELING, TELL_SOMEONE, THANKS, WANTS_TO_TALK,
};

/// Written left to right in every language, as the help strip does.
const CHILDLINE: &str = "0800 1111";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Choose,
    Words,
    Feeling,
    Thanked,
    /// The tablet couldn't keep the reply; the child is pointed to a grown-up.
    Problem(&'static str),
}

/// What is read aloud for each step.
fn spoken(step: Step) -> String {
    match step {
        Step::Choose => [ANSWER_BACK_QUESTION, SAY_BACK, WANTS_TO_TALK, SHOW_FEELING]
            .map(t)
            .join(" "),
        Step::Words => t(SAY_BACK).to_string(),
        Step::Feeling => t(FEEL_QUESTION).to_string(),
        Step::Thanked => format!("{} {} {CHILDLINE}", t(THANKS), t(TELL_SOMEONE)),
        Step::Problem(said) => t(said).to_string(),
    }
}

#[component]
pub fn AnswerBack(tablet: Tablet, ticket: RwSignal<Option<String>>) -> impl IntoView {
    let status = use_sync_status();
    let step = RwSignal::new(Step::Choose);
    let words = RwSignal::new(String::new());
    let sending = RwSignal::new(false);

    let send = move |reply: ReplyBody| {
        let Some(ticket_now) = ticket.get_untracked() else {
            return;
        };
        if sending.get_untracked() {
            return;
        }
        let reply = ChildReply {
            ticket: ticket_now,
            reply,
        };
        if reply.validate().is_err() {
            return;
        }
        sending.set(true);
        leptos::task::spawn_local(async move {
            let queued = queue(tablet, ItemKind::ChildReply, &reply).await;
            sending.set(false);
            match queued {
                Ok(_) => {
                    // Sealed in the outbox: nothing of it stays in the page.
                    ticket.set(None);
                    words.set(String::new());
                    step.set(Step::Thanked);
                    sync_now(tablet, status, true).await;
                }
                Err(QueueError::NotEnrolled) => step.set(Step::Problem(
                    "This tablet can't send to school yet. Please tell a grown-up in person.",
                )),
                Err(_) => step.set(Step::Problem("The tablet couldn't save your message. Please tell a grown-up in person. You did nothing wrong.")),
            }
        });
    };
    let words_ready = move || words.with(|w| !w.trim().is_empty());
    let count = move || words.with(|w| w.chars().count());

    view! {
        <section class="answer-back" data-testid="answer-back" aria-label=t(ANSWER_BACK_QUESTION)>
            // The feelings bring their own question.
            <Show when=move || step.get() != Step::Feeling>
                <div class="question-row">
                    <h2 class="question">{move || match step.get() {
                        Step::Thanked => t(THANKS),
                        Step::Words => t(SAY_BACK),
                        _ => t(ANSWER_BACK_QUESTION),
                    }}</h2>
                    <SpeakButton text=Signal::derive(move || spoken(step.get()))/>
                </div>
            </Show>
            {move || match step.get() {
                Step::Choose => view! {
                    <div class="choices answer-back-choices">
                        <button type="button" class="button choice" on:click=move |_| step.set(Step::Words) data-testid="reply-words">
                            <Icon svg=icons::PENCIL/> <span>{t(SAY_BACK)}</span>
                        </button>
                        <button type="button" class="button choice" disabled=move || sending.get() on:click=move |_| send(ReplyBody::WantsToTalk) data-testid="reply-talk">
                            <Icon svg=icons::ANY_ADULT/> <span>{t(WANTS_TO_TALK)}</span>
                        </button>
                        <button type="button" class="button choice" on:click=move |_| step.set(Step::Feeling) data-testid="reply-feeling">
                            <Icon svg=icons::FACE_OK/> <span>{t(SHOW_FEELING)}</span>
                        </button>
                    </div>
                }.into_any(),
                Step::Words => view! {
                    <div class="field">
                        <label for="reply-words">{t("Write a few words")}</label>
                        <textarea
                            id="reply-words"
                            maxlength=MAX_REPLY_CHARS
                            prop:value=move || words.get()
                            on:input=move |ev| words.set(event_target_value(&ev))
                            data-testid="reply-text"
                        ></textarea>
                        <span class="counter" aria-live="polite">
                            {move || tf("{count} of {most} letters", &[("count", &count().to_string()), ("most", &MAX_REPLY_CHARS.to_string())])}
                        </span>
                    </div>
                    <div class="row">
                        <button type="button" class="button button-secondary" on:click=move |_| step.set(Step::Choose)>
                            <Icon svg=icons::BACK/> {t("Back")}
                        </button>
                        <button
                            type="button"
                            class="button button-primary big-action"
                            disabled=move || !words_ready() || sending.get()
                            on:click=move |_| send(ReplyBody::Words { words: words.get_untracked().trim().to_string() })
                            data-testid="reply-send"
                        >
                            <Icon svg=icons::SEND/> {t("Send")}
                        </button>
                    </div>
                }.into_any(),
                Step::Feeling => view! {
                    <ChoiceStep
                        question=FEEL_QUESTION
                        choices=&FEELINGS
                        selected=Signal::derive(|| None::<Feeling>)
                        on_pick=Callback::new(move |feeling| send(ReplyBody::Feeling { feeling }))
                        urgent_marker=false
                    />
                    <button type="button" class="button button-secondary" on:click=move |_| step.set(Step::Choose)>
                        <Icon svg=icons::BACK/> {t("Back")}
                    </button>
                }.into_any(),
                Step::Thanked => view! {
                    <div class="thanks" role="status" data-testid="reply-thanks">
                        <Icon svg=icons::THANKS/>
                        <p class="explain">{t(TELL_SOMEONE)} " " <strong dir="ltr">{CHILDLINE}</strong></p>
                    </div>
                }.into_any(),
                Step::Problem(said) => view! {
                    <p class="notice" role="status" data-testid="reply-problem">{t(said)}</p>
                }.into_any(),
            }}
        </section>
    }
}
