//! `/learn/:id`: a pupil plays a lesson, slide by slide (read aloud), then its activities, and it
//! ends on telling a trusted adult. Finishing queues a lesson record through the outbox.

use kite_lessons::Lesson;
use kite_protocol::lesson_record::{LessonRecord, TaughtBy};
use leptos::html::Div;
use leptos::prelude::*;

use crate::components::activities::ActivityView;
use crate::components::icons::{self, Icon};
use crate::components::layout::PupilLayout;
use crate::components::slide::SlideView;
use crate::components::speak_button::SpeakButton;
use crate::components::with_lessons::{Frame, WithLessons};
use crate::curriculum::{self, band_of};
use crate::device::{use_tablet, Tablet};
use crate::i18n::t;
use crate::lesson_flow::{closing_message, Plan, Stage};
use crate::outbox::{queue_lesson_done, sync_now, use_sync_status, SyncStatus};
use crate::speech::{read_each_if_set, stop};

#[component]
pub fn LessonPlayerPage() -> impl IntoView {
    view! { <WithLessons frame=Frame::Pupil><LessonFromRoute/></WithLessons> }
}

#[component]
fn LessonFromRoute() -> impl IntoView {
    let lesson = curriculum::from_route();
    move || match lesson() {
        Some(lesson) => view! { <Player lesson=lesson/> }.into_any(),
        None => view! {
            <PupilLayout>
                <h1 class="page-title">{t("Learn")}</h1>
                <div class="notice">
                    <p>"We couldn't find that lesson."</p>
                    <a class="button button-primary big-action" href="/learn">"Choose a lesson"</a>
                </div>
            </PupilLayout>
        }
        .into_any(),
    }
}

/// Queues "this lesson was finished on this tablet". A tablet not yet connected to school keeps
/// nothing: the lesson itself worked just the same.
fn record_finished(tablet: Tablet, status: SyncStatus, lesson: &'static Lesson) {
    let record = LessonRecord {
        lesson_id: lesson.id.clone(),
        band: band_of(lesson),
        class_label: tablet.class_label.get_untracked(),
        class_id: tablet.class_id.get_untracked(),
        by: TaughtBy::Pupil,
        completed_at_ms: js_sys::Date::now() as i64,
    };
    leptos::task::spawn_local(async move {
        if queue_lesson_done(tablet, &record).await.is_ok() {
            sync_now(tablet, status, true).await;
        }
    });
}

#[component]
fn Player(lesson: &'static Lesson) -> impl IntoView {
    let tablet = use_tablet();
    let status = use_sync_status();
    crate::curriculum::warm_pictures();
    let plan = Plan::of(lesson);
    let stage = RwSignal::new(plan.first());
    // Which activities are finished, so Next appears for them (and stays if the child goes back).
    let done = RwSignal::new(vec![false; plan.activities]);
    let recorded = StoredValue::new(false);
    let stage_ref = NodeRef::<Div>::new();
    let band = band_of(lesson);

    let spoken = Signal::derive(move || match stage.get() {
        Stage::Slide(i) => lesson.slides[i].read_aloud.clone(),
        Stage::Activity(_) => String::new(),
        Stage::End => format!("Well done! {}", closing_message(band)),
    });
    // Slides and the end are read here; activities read their own prompts and feedback.
    read_each_if_set(tablet, spoken);
    // A new screen: put keyboard focus at its start, so Tab goes to its first control.
    Effect::new(move |prev: Option<Stage>| {
        let now = stage.get();
        if prev.is_some_and(|p| p != now) {
            if let Some(el) = stage_ref.get_untracked() {
                let _ = el.focus();
            }
        }
        if now == Stage::End && !recorded.get_value() {
            recorded.set_value(true);
            record_finished(tablet, status, lesson);
        }
        now
    });
    on_cleanup(stop);

    let can_go_on = move || match stage.get() {
        Stage::Slide(_) => true,
        Stage::Activity(i) => done.with(|d| d[i]),
        Stage::End => false,
    };
    let next = move |_| stage.update(|s| *s = plan.next(*s));
    let back = move |_| {
        if let Some(p) = plan.previous(stage.get_untracked()) {
            stage.set(p);
        }
    };

    let body = move || match stage.get() {
        Stage::Slide(i) => view! { <SlideView slide=&lesson.slides[i]/> }.into_any(),
        Stage::Activity(i) => view! {
            <ActivityView
                activity=&lesson.activities[i]
                auto_read=true
                on_done=Callback::new(move |_| done.update(|d| d[i] = true))
            />
        }
        .into_any(),
        Stage::End => view! { <LessonEnd lesson=lesson/> }.into_any(),
    };

    view! {
        <PupilLayout>
            <div class="player">
                <div class="player-bar">
                    <a class="button button-quiet" href="/learn"><span class="icon-flip-rtl"><Icon svg=icons::BACK/></span>"All lessons"</a>
                    <span class="player-counter" data-testid="counter" dir="ltr" aria-label=move || format!("Screen {}", plan.counter(stage.get()).replace(" / ", " of "))>
                        {move || plan.counter(stage.get())}
                    </span>
                    <Show when=move || !matches!(stage.get(), Stage::Activity(_))>
                        <SpeakButton text=spoken/>
                    </Show>
                </div>
                // The lessons are written in English: in an Urdu page their sentences still run
                // left to right, with each full stop at the end.
                <h1 class="lesson-title" dir="auto">{lesson.title.as_str()}</h1>
                <div class="stage" node_ref=stage_ref tabindex="-1" data-testid="stage" dir="auto">{body}</div>
                <div class="player-nav">
                    <Show when=move || plan.previous(stage.get()).is_some()>
                        <button type="button" class="button button-quiet big-action" data-testid="back" on:click=back>
                            <Icon svg=icons::BACK/>{t("Back")}
                        </button>
                    </Show>
                    <Show when=can_go_on>
                        <button type="button" class="button button-primary big-action" data-testid="next" on:click=next>
                            {t("Next")}
                        </button>
                    </Show>
                </div>
            </div>
        </PupilLayout>
    }
}

#[component]
fn LessonEnd(lesson: &'static Lesson) -> impl IntoView {
    let band = band_of(lesson);
    view! {
        <div class="lesson-end" data-testid="lesson-end">
            <Icon svg=icons::THANKS/>
            <p class="lesson-end-well-done">"Well done! You finished \u{201c}" {lesson.title.as_str()} "\u{201d}."</p>
            <p class="lesson-end-message" data-testid="closing-message">{closing_message(band)}</p>
            <a class="tell-big" href="/tell" data-testid="end-tell">
                <Icon svg=icons::TELL/>
                <span>"Tell a trusted adult"</span>
            </a>
            <a class="button button-secondary big-action" href="/learn">"Choose another lesson"</a>
        </div>
    }
}
