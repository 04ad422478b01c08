//! `/present/:id/teacher`: the presenter view, on the teacher's own screen while the board shows
//! the lesson. This screen's notes, the lesson's notes (with what to do about a disclosure), what
//! comes next, the talk timer and the class. Moving here moves the board, and the other way round
//! (`link`). The board opens it in a window of its own (N, or "Presenter view").

use kite_lessons::{Activity, Lesson};
use leptos::prelude::*;

use super::link::Deck;
use super::presenter::{listen_for_keys, KeyAction, LessonFromRoute, PresenterFoot};
use crate::components::with_lessons::{Frame, WithLessons};
use crate::curriculum::image_url;
use crate::device::use_tablet;
use crate::lesson_flow::Stage;

#[component]
pub fn TeacherViewPage() -> impl IntoView {
    view! { <WithLessons frame=Frame::Plain><LessonFromRoute teacher=true/></WithLessons> }
}

#[component]
pub(super) fn TeacherView(lesson: &'static Lesson) -> impl IntoView {
    let deck = Deck::new(lesson);
    let (plan, stage) = (deck.plan, deck.stage);
    let tablet = use_tablet();
    listen_for_keys(move |action| {
        if let KeyAction::Move(m) = action {
            deck.go(m);
        }
    });
    let class = move || match tablet.class_label.get() {
        Some(c) => format!("Class: {c}"),
        None => "No class chosen".to_string(),
    };

    view! {
        <div class="presenter teacher-view">
            <header class="presenter-bar">
                <h1 class="presenter-title">"Presenter view: "{lesson.title.as_str()}</h1>
                <span class="teacher-view-class" data-testid="teacher-class">{class}</span>
                <span class="presenter-counter" data-testid="counter">{move || plan.counter(stage.get())}</span>
            </header>
            // The lesson's notes sit beside `main`, not in it: a complementary landmark is top level.
            <div class="teacher-view-main">
                <main id="main" class="teacher-view-stages">
                    <section class="card" aria-labelledby="now-heading" data-testid="now">
                        <h2 id="now-heading">"On the board"</h2>
                        {move || view! { <StageSummary lesson=lesson stage=stage.get()/> }}
                        <h3>"Notes for this screen"</h3>
                        <div class="screen-notes" data-testid="screen-notes">
                            {move || paragraphs(&screen_notes(lesson, stage.get()))}
                        </div>
                    </section>
                    <section class="card teacher-view-next" aria-labelledby="next-heading" data-testid="next-stage">
                        <h2 id="next-heading">"Next"</h2>
                        {move || match stage.get() {
                            Stage::End => view! { <p>"This is the last screen."</p> }.into_any(),
                            now => view! { <StageSummary lesson=lesson stage=plan.next(now)/> }.into_any(),
                        }}
                    </section>
                </main>
                <LessonNotes lesson=lesson/>
            </div>
            <PresenterFoot deck=deck/>
        </div>
    }
}

/// A screen in a line or two: a slide's words and picture, or an activity's kind and question.
#[component]
fn StageSummary(lesson: &'static Lesson, stage: Stage) -> impl IntoView {
    match stage {
        Stage::Slide(i) => {
            let slide = &lesson.slides[i];
            view! {
                <div class="stage-summary">
                    <img src=image_url(&slide.image) alt="" width="96" height="96"/>
                    <p><strong>{format!("Slide {}: ", i + 1)}</strong>{slide.text.as_str()}</p>
                </div>
            }
            .into_any()
        }
        Stage::Activity(i) => {
            let (kind, question) = activity_summary(&lesson.activities[i]);
            view! {
                <div class="stage-summary">
                    <p><strong>{format!("{kind}: ")}</strong>{question}</p>
                </div>
            }
            .into_any()
        }
        Stage::End => view! {
            <div class="stage-summary">
                <p><strong>"The end: "</strong>"tell a trusted adult, and mark the lesson as taught."</p>
            </div>
        }
        .into_any(),
    }
}

/// The activity's kind in words and the question it asks the class.
fn activity_summary(activity: &'static Activity) -> (&'static str, &'static str) {
    match activity {
        Activity::Scenario(s) => ("What would you do?", s.prompt.as_str()),
        Activity::Sort(s) => ("Sort", s.prompt.as_str()),
        Activity::Quiz(q) => (
            "Quiz",
            q.questions.first().map_or("", |q| q.question.as_str()),
        ),
        Activity::Discuss(d) => ("Talk about it", d.prompt.as_str()),
    }
}

/// What the teacher needs on this screen: a slide's own notes, or an activity's answers.
pub fn screen_notes(lesson: &Lesson, stage: Stage) -> String {
    match stage {
        Stage::Slide(i) => lesson.slides[i]
            .notes
            .clone()
            .unwrap_or_else(|| "No notes for this slide.".into()),
        Stage::Activity(i) => match &lesson.activities[i] {
            Activity::Scenario(s) => {
                let safe: Vec<_> = s.options.iter().filter(|o| o.safe).map(|o| o.text.as_str()).collect();
                format!("The safe choice: {}", safe.join(" / "))
            }
            Activity::Quiz(q) => q
                .questions
                .iter()
                .map(|q| format!("{} {}", q.question, q.options.get(q.answer).map_or("", String::as_str)))
                .collect::<Vec<_>>()
                .join("\n\n"),
            Activity::Sort(s) => format!("Groups: {}. Each card says why when it is placed.", s.groups.join(" and ")),
            Activity::Discuss(_) => "No right answer: let pairs talk, then share a few ideas.".into(),
        },
        Stage::End => "Ask the class who their trusted adults are, then mark the lesson as taught on the board.".into(),
    }
}

fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n")
        .map(|p| view! { <p>{p.replace('\n', " ")}</p> })
        .collect_view()
}

/// The lesson's own notes (always with what to do about a disclosure), outcomes and prompts.
#[component]
fn LessonNotes(lesson: &'static Lesson) -> impl IntoView {
    view! {
        // Focusable, because long notes scroll: a keyboard user must be able to scroll them.
        <aside class="teacher-notes" aria-labelledby="lesson-notes-heading" data-testid="teacher-notes" tabindex="0">
            <h2 id="lesson-notes-heading">"Notes for the whole lesson"</h2>
            {paragraphs(&lesson.teacher_notes)}
            <h3>"Learning outcomes"</h3>
            <ul>{lesson.outcomes.iter().map(|o| view! { <li>{o.text.as_str()}</li> }).collect_view()}</ul>
            <h3>"Discussion prompts"</h3>
            <ul data-testid="discussion-prompts">
                {lesson.discussion_prompts.iter().map(|q| view! { <li>{q.as_str()}</li> }).collect_view()}
            </ul>
        </aside>
    }
}
