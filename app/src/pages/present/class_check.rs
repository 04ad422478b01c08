//! "What can we do now?": at the end of a lesson on the whiteboard, before the closing message,
//! the class answers each of the lesson's "I can" statements together: thumbs up, wobbly or not
//! yet. One answer for the whole class (no names, nothing per child, never a score), each queued
//! in the outbox like a lesson taught, so it reaches the school once, even from offline. Any
//! statement can be skipped.

use kite_lessons::Lesson;
use kite_protocol::class_check::{ClassAnswer, ClassCheck};
use leptos::prelude::*;

use super::knowledge::outcome_text;
use super::presenter::queue_problem;
use crate::components::class_picker::ClassPicker;
use crate::components::icons::{self, Icon};
use crate::components::speak_button::SpeakButton;
use crate::device::use_tablet;
use crate::outbox::{queue_class_check, send_now_and_check, use_sync_status};
use crate::speech::read_each_if_set;

fn picture(answer: ClassAnswer) -> &'static str {
    match answer {
        ClassAnswer::ThumbsUp => icons::THUMBS_UP,
        ClassAnswer::Wobbly => icons::THUMB_SIDEWAYS,
        ClassAnswer::NotYet => icons::THUMB_DOWN,
    }
}

fn words(answer: ClassAnswer) -> &'static str {
    match answer {
        ClassAnswer::ThumbsUp => "Thumbs up",
        ClassAnswer::Wobbly => "Wobbly",
        ClassAnswer::NotYet => "Not yet",
    }
}

/// One statement at a time; `on_done` once the last is answered or skipped.
#[component]
pub(super) fn ClassCheckStep(lesson: &'static Lesson, on_done: Callback<()>) -> impl IntoView {
    let tablet = use_tablet();
    let status = use_sync_status();
    let total = lesson.outcomes.len();
    let at = RwSignal::new(0usize);
    let saving = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let statement = move || outcome_text(lesson, at.get().min(total - 1)).to_string();
    let read = Signal::derive(move || format!("{} Thumbs up, wobbly, or not yet?", statement()));
    read_each_if_set(tablet, read);

    let next = move || {
        problem.set(None);
        if at.get_untracked() + 1 >= total {
            on_done.run(());
        } else {
            at.update(|i| *i += 1);
        }
    };
    let answer = move |answer: ClassAnswer| {
        let (class_id, class_label) = (
            tablet.class_id.get_untracked(),
            tablet.class_label.get_untracked(),
        );
        if class_id.is_none() && class_label.is_none() {
            problem.set(Some(
                "Choose the class first, so its answer is kept.".into(),
            ));
            return;
        }
        let check = ClassCheck {
            lesson_id: lesson.id.clone(),
            outcome: u8::try_from(at.get_untracked()).unwrap_or(u8::MAX),
            answer,
            class_label,
            class_id,
            answered_at_ms: js_sys::Date::now() as i64,
        };
        saving.set(true);
        leptos::task::spawn_local(async move {
            let queued = queue_class_check(tablet, &check).await;
            saving.set(false);
            match queued {
                Ok(id) => {
                    next();
                    send_now_and_check(tablet, status, id).await;
                }
                Err(e) => problem.set(Some(queue_problem(&e))),
            }
        });
    };

    view! {
        <section class="class-check" data-testid="class-check" aria-labelledby="class-check-heading">
            <h2 id="class-check-heading" class="class-check-ask">"What can we do now?"</h2>
            <div class="class-check-statement">
                <p data-testid="check-outcome">{statement}</p>
                <SpeakButton text=read/>
            </div>
            <div class="class-check-answers" role="group" aria-labelledby="class-check-heading">
                {ClassAnswer::ALL.into_iter().map(|a| view! {
                    <button
                        type="button"
                        class="button class-check-answer"
                        data-testid="check-answer"
                        data-answer=a.as_str()
                        disabled=move || saving.get()
                        on:click=move |_| answer(a)
                    >
                        <Icon svg=picture(a)/>
                        <span>{words(a)}</span>
                    </button>
                }).collect_view()}
            </div>
            <div class="class-check-foot">
                <span data-testid="check-count">{move || format!("{} of {total}", at.get() + 1)}</span>
                <ClassPicker id="check-class" label="Class"/>
                <button type="button" class="button button-quiet" data-testid="check-skip" on:click=move |_| next()>
                    "Skip"
                </button>
            </div>
            <p role="status" data-testid="check-status">{move || problem.get()}</p>
        </section>
    }
}
