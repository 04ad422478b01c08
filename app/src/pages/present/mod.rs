//! `/present`: the teacher chooses a lesson (any band: the class's own year first, then the rest
//! of its band, then the other bands folded away) and sees what the class has done;
//! `/present/:id` presents it full screen (see `presenter`), and `/present/:id/teacher` is the
//! teacher's presenter view of it on their own screen (see `teacher_view`).

mod class_check;
mod coverage;
mod knowledge;
mod link;
mod presenter;
mod suggestions;
mod teacher_view;
mod timer;

use kite_lessons::{calendar, Lesson};
use kite_protocol::class_years::{class_years_band, class_years_label};
use kite_protocol::lesson_record::ClassCoverage;
use kite_protocol::Band;
use leptos::prelude::*;

use crate::class_lessons::{half_term_today, ClassLessons};
use crate::components::class_picker::ClassPicker;
use crate::components::icons::{self, Icon};
use crate::components::layout::PlainLayout;
use crate::components::with_lessons::{Frame, WithLessons};
use crate::curriculum::{self, cover_image};
use crate::device::use_tablet;
use coverage::{date, device_json, fetch_coverage, CoverageError, CoverageMatrix};
use kite_protocol::teach_next::TeachNext;
pub use presenter::PresenterPage;
use suggestions::TeachNextCard;
pub use teacher_view::TeacherViewPage;

#[component]
pub fn PresentPage() -> impl IntoView {
    view! { <WithLessons frame=Frame::Plain><ChooseLesson/></WithLessons> }
}

#[component]
fn ChooseLesson() -> impl IntoView {
    crate::curriculum::warm_pictures();
    let tablet = use_tablet();
    let band = RwSignal::new(tablet.band.get_untracked().unwrap_or(Band::Ks1));
    let class = move || tablet.class_label.get().unwrap_or_default();
    let coverage = RwSignal::new(None::<Result<ClassCoverage, CoverageError>>);
    // A class whose year is known is taught in its youngest year's band.
    Effect::new(move |_| {
        if let Some(b) = tablet.class_years.with(|y| class_years_band(y)) {
            band.set(b);
        }
    });

    // Ask the server what this class has done whenever the class changes.
    Effect::new(move |_| {
        let class = class();
        let token = tablet.token.get();
        if class.trim().is_empty() {
            coverage.set(None);
            return;
        }
        let Some(token) = token else {
            coverage.set(Some(Err(CoverageError::NotConnected)));
            return;
        };
        leptos::task::spawn_local(async move {
            coverage.set(Some(fetch_coverage(&token, &class).await));
        });
    });
    // What the key stage's recent reports ask for: the same for every class, so asked once.
    let asked = RwSignal::new(None::<TeachNext>);
    Effect::new(move |_| {
        if let Some(token) = tablet.token.get() {
            leptos::task::spawn_local(async move {
                asked.set(device_json(&token, "/api/v1/device/teach-next").await.ok());
            });
        }
    });
    let covered = move |lesson: &Lesson| {
        coverage.with(|c| match c {
            Some(Ok(c)) => c
                .lessons
                .iter()
                .find(|l| l.lesson_id == lesson.id)
                .map(|l| l.latest_ms),
            _ => None,
        })
    };

    view! {
        <PlainLayout>
            <div class="present-heading">
                <Icon svg=icons::WHITEBOARD/>
                <h1>"Present a lesson"</h1>
            </div>
            <p>"Choose a lesson to show on the board. Your notes open on your own screen: press N, or Presenter view."</p>
            <SaferInternetDay/>
            <section class="card present-class" aria-labelledby="class-heading">
                <h2 id="class-heading">"Your class"</h2>
                <div class="row">
                    <ClassPicker id="present-class" label="Class"/>
                    <div class="field">
                        <label for="present-band">"Age group"</label>
                        <select
                            id="present-band"
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(b) = Band::ALL.into_iter().find(|b| b.label() == v) {
                                    band.set(b);
                                }
                            }
                        >
                            {Band::ALL.into_iter().map(|b| view! {
                                <option value=b.label() selected=move || band.get() == b>{b.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                {move || match coverage.get() {
                    None => view! { <p class="explain">"Choose your class to see which lessons it has done."</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="explain" data-testid="coverage-problem">{e.message()}</p> }.into_any(),
                    Some(Ok(c)) => view! {
                        {asked.get().map(|a| view! { <TeachNextCard asked=a coverage=c.clone() band=band.get()/> })}
                        <CoverageMatrix coverage=c band=band.get()/>
                    }.into_any(),
                }}
            </section>
            {move || {
                let years = tablet.class_years.get();
                // Safer Internet Day has its own card above in its week.
                let half_term = tablet.config.with(|c| half_term_today(c.as_ref()));
                let order = ClassLessons::new(curriculum::all(), band.get(), &years, false, half_term);
                let due: Vec<&'static str> = order.this_half_term.iter().map(|l| l.id.as_str()).collect();
                let own = (!order.own_years.is_empty()).then(|| view! {
                    <section class="present-band" aria-labelledby="own-year" data-testid="present-own-year">
                        <h2 id="own-year">{format!("{} lessons", class_years_label(&years))}</h2>
                        <LessonList lessons=order.own_years covered=covered due=due.clone()/>
                    </section>
                });
                let heading = if own.is_some() {
                    format!("More {} lessons", band.get().label())
                } else {
                    format!("{} lessons", band.get().label())
                };
                view! {
                    {own}
                    <section class="present-band" aria-labelledby="band-rest">
                        <h2 id="band-rest">{heading}</h2>
                        <LessonList lessons=order.rest_of_band covered=covered due=due.clone()/>
                    </section>
                    {order.other_bands.into_iter().map(|(b, lessons)| view! {
                        <details class="present-band present-other-band" data-testid="present-other-band">
                            <summary><h2>{format!("{} lessons", b.label())}</h2></summary>
                            <LessonList lessons=lessons covered=covered due=due.clone()/>
                        </details>
                    }).collect_view()}
                }
            }}
        </PlainLayout>
    }
}

/// Lessons to choose from, each with its year group, strands and when this class last had it.
#[component]
fn LessonList(
    lessons: Vec<&'static Lesson>,
    covered: impl Fn(&Lesson) -> Option<i64> + Copy + Send + Sync + 'static,
    /// This half-term's lessons for the class (`ClassLessons::this_half_term`).
    due: Vec<&'static str>,
) -> impl IntoView {
    view! {
        <ul class="present-lessons">
            {lessons.into_iter().map(|lesson| view! {
                <li>
                    <a class="present-lesson" href=format!("/present/{}", lesson.id) data-testid="present-lesson" data-lesson=lesson.id.as_str() data-year=lesson.year.id()>
                        <img src=cover_image(lesson) alt="" width="64" height="64"/>
                        <span class="present-lesson-title">{lesson.title.as_str()}</span>
                        {due.contains(&lesson.id.as_str()).then(|| view! {
                            <span class="status-pill status-now" data-testid="this-half-term">"This half-term"</span>
                        })}
                        <span class="present-lesson-strands">
                            <span class="present-lesson-year" data-testid="lesson-year">{lesson.year.label()}</span>
                            {lesson.strands.iter().map(|s| format!(" \u{b7} {}", s.label())).collect::<String>()}
                        </span>
                        {move || covered(lesson).map(|ms| view! {
                            <span class="status-pill">{format!("Done {}", date(ms))}</span>
                        })}
                    </a>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// In the days before Safer Internet Day (each February), its lessons first, so a teacher
/// planning the week finds them without looking.
#[component]
fn SaferInternetDay() -> impl IntoView {
    let today = js_sys::Date::new_0();
    let (year, month, day) = (
        today.get_full_year() as i32,
        today.get_month() + 1,
        today.get_date(),
    );
    calendar::near_safer_internet_day(year, month, day).then(|| {
        let lessons = curriculum::all()
            .iter()
            .filter(|l| l.id.starts_with(calendar::SAFER_INTERNET_DAY_PREFIX));
        view! {
            <section class="card present-sid" aria-labelledby="sid-heading" data-testid="safer-internet-day">
                <h2 id="sid-heading">{format!("Safer Internet Day is on Tuesday {} February", calendar::safer_internet_day(year))}</h2>
                <p>"A lesson for it that works with any year's theme:"</p>
                <ul class="present-lessons">
                    {lessons.map(|lesson| view! {
                        <li>
                            <a class="present-lesson" href=format!("/present/{}", lesson.id) data-testid="sid-lesson">
                                <img src=cover_image(lesson) alt="" width="64" height="64"/>
                                <span class="present-lesson-title">{lesson.title.as_str()}</span>
                                <span class="present-lesson-strands">{curriculum::band_of(lesson).label()}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
