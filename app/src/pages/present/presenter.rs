//! `/present/:id`: a lesson on the whiteboard. Full screen, big type, moved on by a clicker
//! (PageDown/PageUp), the arrow keys, Space, Home and End. Nothing for the teacher is ever on the
//! board: N (or "Presenter view") opens the teacher's own window (`teacher_view`), kept in step
//! with the board. Ends with the class's "I can" check, then "Mark this lesson as taught".

use kite_lessons::Lesson;
use kite_protocol::lesson_record::{LessonRecord, TaughtBy};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::class_check::ClassCheckStep;
use super::link::{Deck, Move};
use super::timer::TalkTimer;
use crate::components::activities::ActivityView;
use crate::components::class_picker::ClassPicker;
use crate::components::display_settings::DisplaySettings;
use crate::components::icons::{self, Icon};
use crate::components::layout::PlainLayout;
use crate::components::slide::SlideView;
use crate::components::with_lessons::{Frame, WithLessons};
use crate::curriculum::{self, band_of};
use crate::device::use_tablet;
use crate::lesson_flow::{closing_message, Stage};
use crate::outbox::{queue_lesson_done, send_now_and_check, use_sync_status, QueueError};

#[component]
pub fn PresenterPage() -> impl IntoView {
    view! { <WithLessons frame=Frame::Plain><LessonFromRoute teacher=false/></WithLessons> }
}

/// The board's lesson (`/present/:id`), or the teacher's view of it (`/present/:id/teacher`).
#[component]
pub(super) fn LessonFromRoute(teacher: bool) -> impl IntoView {
    let lesson = curriculum::from_route();
    move || match lesson() {
        Some(lesson) if teacher => {
            view! { <super::teacher_view::TeacherView lesson=lesson/> }.into_any()
        }
        Some(lesson) => view! { <Presenter lesson=lesson/> }.into_any(),
        None => view! {
            <PlainLayout>
                <h1>"Present a lesson"</h1>
                <p>"We couldn't find that lesson."</p>
                <a class="button button-primary" href="/present">"Choose a lesson"</a>
            </PlainLayout>
        }
        .into_any(),
    }
}

/// What a key press on the board (or in the presenter view) means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAction {
    Move(Move),
    TeacherView,
}

/// Clickers send PageDown/PageUp (some send arrows); Space is "next" as in any slideshow.
pub fn key_action(key: &str) -> Option<KeyAction> {
    let go = |m| Some(KeyAction::Move(m));
    match key {
        "ArrowRight" | "PageDown" | " " | "Spacebar" => go(Move::Next),
        "ArrowLeft" | "PageUp" => go(Move::Previous),
        "Home" => go(Move::First),
        "End" => go(Move::Last),
        "n" | "N" => Some(KeyAction::TeacherView),
        _ => None,
    }
}

/// Calls `act` for each clicker or keyboard key meant for the lesson, until the page goes.
pub(super) fn listen_for_keys(act: impl Fn(KeyAction) + 'static) {
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() {
            return;
        }
        let tag = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|e| e.tag_name())
            .unwrap_or_default();
        // Typing a class name, or choosing in a list, is not a clicker.
        if matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT") {
            return;
        }
        let key = ev.key();
        // Space on a focused button presses that button, as everywhere else.
        if (key == " " || key == "Enter") && tag == "BUTTON" {
            return;
        }
        if let Some(action) = key_action(&key) {
            ev.prevent_default();
            act(action);
        }
    });
    on_cleanup(move || keys.remove());
}

fn toggle_fullscreen() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else if let Some(root) = doc.document_element() {
        let _ = root.request_fullscreen();
    }
}

/// The teacher's window for this lesson: a window of its own (to drag onto the laptop's screen),
/// reused if already open. `false` when the browser blocked it.
fn open_teacher_view(lesson: &Lesson) -> bool {
    web_sys::window()
        .and_then(|w| {
            w.open_with_url_and_target_and_features(
                &teacher_view_url(lesson),
                "kite-presenter-view",
                "popup,width=1366,height=768",
            )
            .ok()
            .flatten()
        })
        .is_some()
}

pub(super) fn teacher_view_url(lesson: &Lesson) -> String {
    format!("/present/{}/teacher", lesson.id)
}

#[component]
fn Presenter(lesson: &'static Lesson) -> impl IntoView {
    crate::curriculum::warm_pictures();
    let deck = Deck::new(lesson);
    let (plan, stage) = (deck.plan, deck.stage);
    let blocked = RwSignal::new(false);
    let open_view = move || blocked.set(!open_teacher_view(lesson));
    listen_for_keys(move |action| match action {
        KeyAction::Move(m) => deck.go(m),
        KeyAction::TeacherView => open_view(),
    });

    let body = move || {
        match stage.get() {
        Stage::Slide(i) => view! { <SlideView slide=&lesson.slides[i]/> }.into_any(),
        Stage::Activity(i) => view! {
            <ActivityView activity=&lesson.activities[i] auto_read=false on_done=Callback::new(|_| {})/>
        }
        .into_any(),
        Stage::End => view! { <PresentEnd lesson=lesson/> }.into_any(),
    }
    };

    view! {
        <div class="presenter">
            <header class="presenter-bar">
                <a class="button button-quiet" href="/present"><Icon svg=icons::BACK/>"All lessons"</a>
                <h1 class="presenter-title">{lesson.title.as_str()}</h1>
                <span class="presenter-counter" data-testid="counter">{move || plan.counter(stage.get())}</span>
                <button
                    type="button"
                    class="button button-quiet"
                    data-testid="open-teacher-view"
                    on:click=move |_| open_view()
                >
                    "Presenter view (N)"
                </button>
                <DisplaySettings/>
                <button type="button" class="button button-quiet" on:click=move |_| toggle_fullscreen()>
                    "Full screen"
                </button>
            </header>
            <Show when=move || blocked.get()>
                <p class="presenter-blocked" role="status">
                    "The browser stopped the presenter view opening. Allow pop-ups for this site, or open "
                    <a href=teacher_view_url(lesson) target="kite-presenter-view">"the presenter view"</a>
                    " on your own screen."
                </p>
            </Show>
            <div class="presenter-main">
                <main id="main" class="present-stage" data-testid="stage">{body}</main>
            </div>
            <PresenterFoot deck=deck/>
        </div>
    }
}

/// The timer and Back and Next, the same on the board and on the teacher's own screen.
#[component]
pub(super) fn PresenterFoot(deck: Deck) -> impl IntoView {
    view! {
        <footer class="presenter-foot">
            <TalkTimer state=deck.timer change=Callback::new(move |t| deck.set_timer(t))/>
            <MoveButtons deck=deck/>
        </footer>
    }
}

/// Back and Next, big enough for the board.
#[component]
fn MoveButtons(deck: Deck) -> impl IntoView {
    let (plan, stage) = (deck.plan, deck.stage);
    view! {
        <div class="row">
            <button
                type="button"
                class="button button-quiet big-action"
                data-testid="present-back"
                disabled=move || plan.previous(stage.get()).is_none()
                on:click=move |_| deck.go(Move::Previous)
            >
                <Icon svg=icons::BACK/>"Back"
            </button>
            <button
                type="button"
                class="button button-primary big-action"
                data-testid="present-next"
                disabled=move || stage.get() == Stage::End
                on:click=move |_| deck.go(Move::Next)
            >
                "Next"
            </button>
        </div>
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Marked {
    Not,
    Saving,
    /// Queued; `true` once the server has it.
    Saved {
        class: String,
        sent: bool,
    },
    Problem(String),
}

/// What a teacher is told when something couldn't be queued.
pub(super) fn queue_problem(e: &QueueError) -> String {
    match e {
        QueueError::NotEnrolled => {
            "This device isn't connected to the school server yet: connect it in Set-up to record lessons.".into()
        }
        QueueError::Invalid(e) => format!("That can't be recorded: {e}"),
        QueueError::Storage(_) => "The browser couldn't save that just now. Try again.".into(),
    }
}

/// The end of the lesson: the class's "I can" check (when the lesson has statements), then the
/// closing message.
#[component]
fn PresentEnd(lesson: &'static Lesson) -> impl IntoView {
    let checking = RwSignal::new(!lesson.outcomes.is_empty());
    move || {
        if checking.get() {
            view! { <ClassCheckStep lesson=lesson on_done=Callback::new(move |_| checking.set(false))/> }
                .into_any()
        } else {
            view! { <LessonEnding lesson=lesson/> }.into_any()
        }
    }
}

/// The closing message, and "Mark this lesson as taught to class X".
#[component]
fn LessonEnding(lesson: &'static Lesson) -> impl IntoView {
    let tablet = use_tablet();
    let status = use_sync_status();
    let band = band_of(lesson);
    let class = move || tablet.class_label.get().unwrap_or_default();
    let marked = RwSignal::new(Marked::Not);

    let mark = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(class_id), Some(label)) = (
            tablet.class_id.get_untracked(),
            tablet.class_label.get_untracked(),
        ) else {
            marked.set(Marked::Problem("Choose the class first.".into()));
            return;
        };
        let record = LessonRecord {
            lesson_id: lesson.id.clone(),
            band,
            class_label: Some(label.clone()),
            class_id: Some(class_id),
            by: TaughtBy::Teacher,
            completed_at_ms: js_sys::Date::now() as i64,
        };
        marked.set(Marked::Saving);
        leptos::task::spawn_local(async move {
            match queue_lesson_done(tablet, &record).await {
                Ok(id) => {
                    marked.set(Marked::Saved {
                        class: label.clone(),
                        sent: false,
                    });
                    let sent = send_now_and_check(tablet, status, id).await;
                    marked.set(Marked::Saved { class: label, sent });
                }
                Err(e) => marked.set(Marked::Problem(queue_problem(&e))),
            }
        });
    };

    view! {
        <div class="lesson-end present-end" data-testid="lesson-end">
            <p class="lesson-end-message" data-testid="closing-message">{closing_message(band)}</p>
            <p class="present-end-how">
                <Icon svg=icons::TELL/>
                "On our tablets, the purple \u{201c}Tell a trusted adult\u{201d} button is always at the top."
            </p>
            <form class="mark-taught" on:submit=mark>
                <ClassPicker id="taught-class" label="Class"/>
                <button
                    type="submit"
                    class="button button-primary big-action"
                    data-testid="mark-taught"
                    disabled=move || matches!(marked.get(), Marked::Saving | Marked::Saved { .. })
                >
                    {move || {
                        let c = class();
                        let c = c.trim();
                        if let Marked::Saved { class, .. } = marked.get() {
                            format!("\u{2713} Marked as taught to {class}")
                        } else if c.is_empty() {
                            "Mark this lesson as taught".to_string()
                        } else {
                            format!("Mark this lesson as taught to {c}")
                        }
                    }}
                </button>
            </form>
            <p role="status" data-testid="mark-status">
                {move || match marked.get() {
                    Marked::Not | Marked::Saving => String::new(),
                    Marked::Saved { class, sent: true } => format!("Recorded for {class} and sent to school."),
                    Marked::Saved { class, sent: false } => format!("Recorded for {class}. It will reach school when this device is online."),
                    Marked::Problem(p) => p,
                }}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicker_and_keyboard_keys_move_through_the_lesson() {
        for k in ["PageDown", "ArrowRight", " "] {
            assert_eq!(key_action(k), Some(KeyAction::Move(Move::Next)), "{k}");
        }
        for k in ["PageUp", "ArrowLeft"] {
            assert_eq!(key_action(k), Some(KeyAction::Move(Move::Previous)), "{k}");
        }
        assert_eq!(key_action("Home"), Some(KeyAction::Move(Move::First)));
        assert_eq!(key_action("End"), Some(KeyAction::Move(Move::Last)));
        assert_eq!(key_action("n"), Some(KeyAction::TeacherView));
        assert_eq!(key_action("N"), Some(KeyAction::TeacherView));
        assert_eq!(key_action("x"), None);
    }
}
