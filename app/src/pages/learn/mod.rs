//! `/learn`: the pupil's lessons, for this tablet's band, as big picture cards, the class's own
//! year's first (see `class_lessons`); `/learn/:id` plays one (see `player`).

mod player;

use kite_protocol::class_years::class_years_band;
use kite_protocol::Band;
use leptos::prelude::*;

use crate::class_lessons::{half_term_today, near_safer_internet_day, ClassLessons};
use crate::components::layout::PupilLayout;
use crate::components::speak_button::SpeakButton;
use crate::components::with_lessons::{Frame, WithLessons};
use crate::curriculum::{self, cover_image, in_tablet_language};
use crate::device::use_tablet;
use crate::i18n::{full_stop, t};
use crate::lesson_pass;
pub use player::LessonPlayerPage;

#[component]
pub fn LearnPage() -> impl IntoView {
    // The whole page waits for the lessons, so the cards never pop in under the heading.
    view! { <WithLessons frame=Frame::Pupil><ChooseLesson/></WithLessons> }
}

#[component]
fn ChooseLesson() -> impl IntoView {
    let tablet = use_tablet();
    // Before lessons, when the school asks: who is learning, and have they signed our rules? Our
    // rules asks (its own bundle, `/aup?next=learn`) and sends the pupil back with a pass naming
    // their class's band, which also says which lessons if the tablet doesn't.
    let pass = lesson_pass::current();
    // A tablet without a band set takes its class's (from the class's year), or lets the pupil
    // pick; the choice lasts while they are here.
    let picked = RwSignal::new(pass);
    let set_band = move || {
        tablet
            .band
            .get()
            .or_else(|| tablet.class_years.with(|y| class_years_band(y)))
    };
    let band = move || set_band().or(picked.get());
    // Starts from the cached setting (offline) and follows the server's when it answers.
    let gate_on = RwSignal::new(
        crate::pages::aup::kiosk_data::cached_aup().is_some_and(|a| a.required_before_lessons),
    );
    let token = tablet.token.get_untracked();
    leptos::task::spawn_local(async move {
        if let Some(a) = crate::pages::aup::kiosk_data::aup(token.as_deref()).await {
            gate_on.try_set(a.required_before_lessons);
        }
    });
    let must_ask = move || gate_on.get() && pass.is_none();
    Effect::new(move |_| {
        if must_ask() {
            // Replace, not push: Back from the question goes where the pupil came from.
            if let Some(window) = web_sys::window() {
                let _ = window.location().replace(lesson_pass::GATE_URL);
            }
        }
    });

    view! {
        <PupilLayout>
            <h1 class="page-title">{t("Learn")}</h1>
            {move || if must_ask() {
                view! { <p class="lead">{t("Before we start: who is learning today?")}</p> }.into_any()
            } else { match band() {
                None => view! { <BandPicker on_pick=Callback::new(move |b| picked.set(Some(b)))/> }.into_any(),
                Some(b) => view! {
                    <LessonCards band=b/>
                    <Show when=move || set_band().is_none()>
                        <p>
                            <button type="button" class="button button-quiet" on:click=move |_| picked.set(None)>
                                {t("Choose a different age group")}
                            </button>
                        </p>
                    </Show>
                }.into_any(),
            }}}
        </PupilLayout>
    }
}

fn band_choice(band: Band) -> (&'static str, &'static str, &'static str) {
    match band {
        Band::Eyfs => (t("Nursery and Reception"), "kind-face.svg", "band-eyfs"),
        Band::Ks1 => (t("Years 1 and 2"), "friends.svg", "band-ks1"),
        Band::Ks2 => (t("Years 3 to 6"), "games-controller.svg", "band-ks2"),
    }
}

#[component]
fn BandPicker(on_pick: Callback<Band>) -> impl IntoView {
    let spoken = format!(
        "{} {}{}",
        t("Which class are you in?"),
        Band::ALL
            .map(|b| band_choice(b).0)
            .join(format!("{} ", full_stop()).as_str()),
        full_stop()
    );
    view! {
        <div class="question-row">
            <p class="lead">{t("Which class are you in?")}</p>
            <SpeakButton text=Signal::derive(move || spoken.clone())/>
        </div>
        <div class="band-cards" role="group" aria-label=t("Choose your class")>
            {Band::ALL.into_iter().map(|band| {
                let (label, image, testid) = band_choice(band);
                view! {
                    <button type="button" class="band-card" data-testid=testid on:click=move |_| on_pick.run(band)>
                        <img src=curriculum::image_url(image) alt="" width="140" height="140"/>
                        <span>{label}</span>
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
fn LessonCards(band: Band) -> impl IntoView {
    let tablet = use_tablet();
    let years = tablet.class_years.get_untracked();
    let half_term = tablet
        .config
        .with_untracked(|c| half_term_today(c.as_ref()));
    let order = ClassLessons::new(
        curriculum::all(),
        band,
        &years,
        near_safer_internet_day(),
        half_term,
    );
    let lessons: Vec<_> = order.for_pupils().collect();
    let titles: Vec<&str> = lessons.iter().map(|l| l.title.as_str()).collect();
    // Read in the tablet's language: a title left in English is read with its sounds.
    let stop = full_stop();
    let spoken = format!(
        "{} {}{stop}",
        t("Choose a lesson."),
        titles.join(format!("{stop} ").as_str())
    );
    curriculum::warm_pictures();
    view! {
        <div class="question-row">
            <p class="lead">{t("Choose a lesson.")}</p>
            <SpeakButton text=Signal::derive(move || spoken.clone())/>
        </div>
        <nav class="lesson-cards" aria-label=t("Lessons")>
            {lessons.into_iter().map(|lesson| {
                let in_english = !in_tablet_language(lesson);
                let now = order.is_this_half_term(lesson);
                view! {
                    <a class="lesson-card" href=format!("/learn/{}", lesson.id) data-testid="lesson-card" data-lesson=lesson.id.as_str() data-year=lesson.year.id()>
                        <img src=cover_image(lesson) alt="" width="120" height="120"/>
                        <span dir="auto" lang=in_english.then_some("en")>{lesson.title.as_str()}</span>
                        {now.then(|| view! { <span class="lesson-card-now" data-testid="this-half-term">{t("This half-term")}</span> })}
                        {in_english.then(|| view! { <span class="lesson-card-language">{t("In English")}</span> })}
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}
