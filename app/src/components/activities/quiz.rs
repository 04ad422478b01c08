use kite_lessons::Quiz;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{read_choices, read_feedback, AnswerPicture, FeedbackBox};
use crate::components::speak_button::SpeakButton;
use crate::device::use_tablet;
use crate::i18n::{lesson_t, lesson_tf};
use crate::lesson_flow::activities::QuizState;
use crate::speech::read_each_if_set;

/// Questions one at a time. A less-good answer is a nudge to try another, never a cross; the best
/// answer brings the lesson's reason, then the next question.
#[component]
pub fn QuizActivity(quiz: &'static Quiz, auto_read: bool, on_done: Callback<()>) -> impl IntoView {
    let tablet = use_tablet();
    let state = RwSignal::new(QuizState::default());
    // A memo, so choosing an answer doesn't redraw the options (and drop keyboard focus).
    let question_memo = Memo::new(move |_| state.with(|s| s.question));
    let question = move || question_memo.get();
    let spoken = Signal::derive(move || {
        let q = &quiz.questions[question()];
        let options: Vec<&str> = q.options.iter().map(String::as_str).collect();
        read_choices(&q.read_aloud, &options)
    });
    if auto_read {
        read_each_if_set(tablet, spoken);
    }
    let feedback =
        Signal::derive(move || state.with(|s| s.last.as_ref().map(|f| (f.good, f.text.clone()))));
    read_feedback(auto_read, feedback);
    let total = quiz.questions.len();
    let options_ref = NodeRef::<leptos::html::Div>::new();
    // After "Next question", keyboard focus goes to the new question's first answer.
    let focus_first_answer = move || {
        request_animation_frame(move || {
            if let Some(first) = options_ref
                .get_untracked()
                .and_then(|div| div.query_selector("button").ok().flatten())
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = first.focus();
            }
        })
    };

    view! {
        <section class="activity activity-quiz" data-testid="activity-quiz" aria-labelledby="activity-prompt">
            <p class="activity-kind">
                {move || if total > 1 {
                    let n = (question() + 1).to_string();
                    lesson_tf("Quiz · question {n} of {of}", &[("n", n.as_str()), ("of", total.to_string().as_str())])
                } else {
                    lesson_t("Quiz").to_string()
                }}
            </p>
            <div class="activity-head">
                <h2 class="activity-prompt" id="activity-prompt">{move || quiz.questions[question()].question.clone()}</h2>
                <SpeakButton text=spoken/>
            </div>
            {move || {
                let q = question();
                view! {
                    <div class="options" role="group" aria-label=lesson_t("Choose an answer") node_ref=options_ref>
                        {quiz.questions[q].options.iter().enumerate().map(|(i, text)| {
                            let best = i == quiz.questions[q].answer;
                            view! {
                                <button
                                    type="button"
                                    class="option"
                                    class:option-tried=move || state.with(|s| s.tried.contains(&i) && !best)
                                    class:option-safe=move || state.with(|s| s.tried.contains(&i) && best)
                                    aria-pressed=move || state.with(|s| s.tried.last() == Some(&i)).to_string()
                                    data-testid="option"
                                    on:click=move |_| {
                                        state.update(|s| { s.choose(quiz, i); });
                                        if state.with_untracked(|s| s.done(quiz)) {
                                            on_done.run(());
                                        }
                                    }
                                >
                                    <AnswerPicture image=quiz.questions[q].images.get(i).map(String::as_str)/>
                                    <span>{text.as_str()}</span>
                                </button>
                            }
                        }).collect_view()}
                    </div>
                }
            }}
            <FeedbackBox feedback=feedback/>
            <Show when=move || state.with(|s| s.answered && !s.is_last_question(quiz))>
                <p>
                    <button
                        type="button"
                        class="button button-primary big-action"
                        data-testid="next-question"
                        on:click=move |_| {
                            state.update(|s| { s.next_question(quiz); });
                            focus_first_answer();
                        }
                    >
                        {lesson_t("Next question")}
                    </button>
                </p>
            </Show>
        </section>
    }
}
