//! "Answer the child", near the top of a record whose child sent it without their name and asked
//! for an answer: where the answer stands (waiting for one, waiting for a second DSL's check,
//! sent back, visible to the child until a date, expired), the answers written with their
//! checks, a second DSL's approve or send back, and the form for a new answer from kind
//! templates. Every answer and check is a new entry in the record, never an edit.

use kite_protocol::answer::{
    answer_state, AnswerState, ChildAnswerRow, NewAnswerCheck, NewChildAnswer, ANSWER_TEMPLATES,
};
use leptos::prelude::*;

use super::format::when;
use super::record::{error_line, send_change, text_area};
use super::report::Reload;

/// Where the answer stands, in a few words for the badge and a sentence after it.
fn state_words(state: AnswerState, answers: &[ChildAnswerRow]) -> (&'static str, String) {
    match state {
        AnswerState::WaitingForAnswer => (
            "Waiting for an answer",
            "The child asked for an answer and is looking for one on the tablets.".into(),
        ),
        AnswerState::WaitingForCheck => (
            "Waiting for a check",
            "A second DSL must approve the newest answer before the child can see it.".into(),
        ),
        AnswerState::SentBack => {
            let why = answers
                .last()
                .and_then(|a| a.check.as_ref())
                .map(|c| {
                    format!(
                        "{} sent it back: {}",
                        c.by,
                        c.reason.clone().unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            ("Sent back", format!("{why}. Write another answer."))
        }
        AnswerState::Visible { until_ms } => (
            "Visible to the child",
            format!(
                "The child can see it with their pictures until {}.",
                when(until_ms)
            ),
        ),
        AnswerState::Expired { at_ms } => (
            "Expired",
            format!(
                "It expired on {}: the child's pictures find nothing now.",
                when(at_ms)
            ),
        ),
    }
}

fn badge_class(state: AnswerState) -> &'static str {
    match state {
        AnswerState::WaitingForAnswer | AnswerState::WaitingForCheck | AnswerState::SentBack => {
            "badge badge-overdue"
        }
        AnswerState::Visible { .. } => "badge status-closed",
        AnswerState::Expired { .. } => "badge",
    }
}

#[component]
pub fn AnswerChild(id: String, answers: Vec<ChildAnswerRow>, reload: Reload) -> impl IntoView {
    let state = answer_state(&answers, js_sys::Date::now() as i64);
    let (badge, sentence) = state_words(state, &answers);
    let id = StoredValue::new(id);
    view! {
        <section class="card" aria-labelledby="answer-heading" data-testid="answer-card">
            <h2 id="answer-heading">"Answer the child"</h2>
            <p data-testid="answer-state">
                <span class=badge_class(state)>{badge}</span> " " {sentence}
            </p>
            {(!answers.is_empty()).then(|| view! {
                <ol class="record-list" data-testid="answers-written">
                    {answers.into_iter().map(|a| view! { <WrittenAnswer id=id.get_value() a=a reload=reload/> }).collect_view()}
                </ol>
            })}
            <AnswerForm id=id.get_value() reload=reload/>
        </section>
    }
}

/// One answer written, with its check, or the buttons to check it for a DSL who didn't write it.
#[component]
fn WrittenAnswer(id: String, a: ChildAnswerRow, reload: Reload) -> impl IntoView {
    let status = match (&a.check, a.needs_check) {
        (Some(c), _) if c.approved => format!("Approved by {}, {}", c.by, when(c.at_ms)),
        (Some(c), _) => format!(
            "Sent back by {}, {}: {}",
            c.by,
            when(c.at_ms),
            c.reason.clone().unwrap_or_default()
        ),
        (None, true) if a.written_by_you => "Waiting for another DSL's check".to_string(),
        (None, true) => "Waiting for your check".to_string(),
        (None, false) => String::new(),
    };
    let can_check = a.needs_check && a.check.is_none() && !a.written_by_you;
    view! {
        <li data-testid="answer-written">
            <span class="staff-muted">{a.written_by.clone()} ", " {when(a.written_at_ms)}</span>
            <br/>
            {a.message.clone()}
            {(!status.is_empty()).then(|| view! { <br/><em data-testid="answer-check-status">{status}</em> })}
            {can_check.then(|| view! { <CheckForm id=id answer=a.id reload=reload/> })}
        </li>
    }
}

/// A second DSL's check: approve, or send back saying why.
#[component]
fn CheckForm(id: String, answer: i64, reload: Reload) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let id = StoredValue::new(id);
    let check = move |approved: bool| {
        if !approved && reason.get_untracked().trim().is_empty() {
            message.set(Some("Say why it is sent back.".into()));
            return;
        }
        send_change(
            reload,
            id.get_value(),
            format!("answers/{answer}/check"),
            NewAnswerCheck {
                approved,
                reason: (!approved).then(|| reason.get_untracked()),
            },
            message,
            || {},
        );
    };
    view! {
        <div class="staff-form" data-testid="answer-check">
            <p><button type="button" class="button button-primary" data-testid="answer-approve"
                on:click=move |_| check(true)>"Approve: the child can see it"</button></p>
            <div class="field">
                <label for=format!("send-back-{answer}")>"Or send it back: why"</label>
                <input id=format!("send-back-{answer}") type="text" autocomplete="off" prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))/>
            </div>
            <p><button type="button" class="button button-secondary" data-testid="answer-send-back"
                on:click=move |_| check(false)>"Send it back"</button></p>
            {error_line(message)}
        </div>
    }
}

/// A new answer, from one of the kind templates or written.
#[component]
fn AnswerForm(id: String, reload: Reload) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    let words = RwSignal::new(String::new());
    let id = StoredValue::new(id);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if words.get_untracked().trim().is_empty() {
            message.set(Some("Choose a message or write one.".into()));
            return;
        }
        send_change(
            reload,
            id.get_value(),
            "answer".into(),
            NewChildAnswer {
                message: words.get_untracked(),
            },
            message,
            move || words.set(String::new()),
        );
    };
    view! {
        <form class="staff-form" on:submit=send data-testid="answer-form">
            <p class="staff-hint">
                "The child sees the newest answer on the school's tablets with their four pictures, for as many days as the school set. "
                "Another child might see it too: no details of what happened, no names, and end with who to go to."
            </p>
            <div class="row" role="group" aria-label="Start from">
                {ANSWER_TEMPLATES.iter().enumerate().map(|(i, template)| view! {
                    <button type="button" class="button button-secondary" on:click=move |_| words.set((*template).to_string())
                        data-testid=format!("answer-template-{i}")>
                        {format!("Message {}", i + 1)}
                    </button>
                }).collect_view()}
            </div>
            {text_area("answer-words", "The answer (you can change it)", words)}
            {error_line(message)}
            <p><button class="button button-primary" type="submit">"Send the answer"</button></p>
        </form>
    }
}
