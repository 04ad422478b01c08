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
use crate::i18n::{close_lesson, lesson_t, lesson_tf, open_lesson, t, tf};
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
                    <p>{t("We couldn't find that lesson.")}</p>
                    <a class="button button-primary big-action" href="/learn">
                        {t("Choose a lesson")}
                    </a>
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
    // A lesson not translated into the tablet's language is English throughout, read aloud
    // with an English voice; the page around it (Back, Next, Tell) stays in the child's language.
    let in_english = !curriculum::in_tablet_language(lesson);
    let opening = open_lesson(in_english);
    let lesson_lang = in_english.then_some("en");
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
        Stage::End => format!("{} {}", lesson_t("Well done!"), closing_message(band)),
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
    on_cleanup(move || {
        stop();
        close_lesson(opening);
    });

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
                    <a class="button button-quiet" href="/learn"><span class="icon-flip-rtl"><Icon svg=icons::BACK/></span>{t("All lessons")}</a>
                    <span class="player-counter" data-testid="counter" dir="ltr" aria-label=move || screen_label(plan, stage.get())>
                        {move || plan.counter(stage.get())}
                    </span>
                    <Show when=move || !matches!(stage.get(), Stage::Activity(_))>
                        <SpeakButton text=spoken/>
                    </Show>
                </div>
                // A lesson left in English on an Urdu page still runs left to right, with each
                // full stop at the end; a translated one takes the page's direction.
                <h1 class="lesson-title" dir="auto" lang=lesson_lang>{lesson.title.as_str()}</h1>
                {in_english.then(|| view! {
                    <p class="lesson-in-english" data-testid="lesson-in-english">{t("This lesson is in English.")}</p>
                })}
                <div class="stage" node_ref=stage_ref tabindex="-1" data-testid="stage" dir="auto" lang=lesson_lang>{body}</div>
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

/// "Screen 2 of 9", for a screen reader.
fn screen_label(plan: Plan, stage: Stage) -> String {
    let n = (plan.index(stage) + 1).to_string();
    tf(
        "Screen {n} of {of}",
        &[("n", n.as_str()), ("of", plan.total().to_string().as_str())],
    )
}

#[component]
fn LessonEnd(lesson: &'static Lesson) -> impl IntoView {
    let band = band_of(lesson);
    view! {
        <div class="lesson-end" data-testid="lesson-end">
            <Icon svg=icons::THANKS/>
            <p class="lesson-end-well-done">
                {lesson_tf("Well done! You finished \u{201c}{title}\u{201d}.", &[("title", lesson.title.as_str())])}
            </p>
            <p class="lesson-end-message" data-testid="closing-message">{closing_message(band)}</p>
            <a class="tell-big" href="/tell" data-testid="end-tell">
                <Icon svg=icons::TELL/>
                <span lang=crate::i18n::current().bcp47()>{t("Tell a trusted adult")}</span>
            </a>
            <a class="button button-secondary big-action" href="/learn" lang=crate::i18n::current().bcp47()>{t("Choose another lesson")}</a>
        </div>
    }
}
