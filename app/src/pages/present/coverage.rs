//! What a class has done and how it felt about it, from `GET /api/v1/device/coverage`, drawn as a
//! knowledge map: the eight strands against the band's lessons (rules in `knowledge`), with what
//! to teach again and what comes next.

use gloo_net::http::Request;
use kite_lessons::Lesson;
use kite_protocol::lesson_record::ClassCoverage;
use kite_protocol::Band;
use leptos::prelude::*;

use super::knowledge::{self, Understanding};
use crate::curriculum;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CoverageError {
    NotConnected,
    Unreachable,
    Refused(u16),
}

impl CoverageError {
    pub fn message(&self) -> &'static str {
        match self {
            CoverageError::NotConnected => {
                "Connect this device to the school server (Set-up) to see what your class has done."
            }
            CoverageError::Unreachable => {
                "Can't reach the school server just now, so what your class has done can't be shown."
            }
            CoverageError::Refused(_) => "The school server couldn't answer just now. Try again later.",
        }
    }
}

pub async fn fetch_coverage(token: &str, class: &str) -> Result<ClassCoverage, CoverageError> {
    let url = format!(
        "/api/v1/device/coverage?class={}",
        String::from(js_sys::encode_uri_component(class.trim()))
    );
    device_json(token, &url).await
}

/// One of the tablet's own reads of the school server (with its device token), as JSON.
pub async fn device_json<T: serde::de::DeserializeOwned>(
    token: &str,
    url: &str,
) -> Result<T, CoverageError> {
    let response = Request::get(url)
        .header("Authorization", &format!("Bearer {}", token.trim()))
        .send()
        .await
        .map_err(|_| CoverageError::Unreachable)?;
    match response.status() {
        200 => response
            .json()
            .await
            .map_err(|_| CoverageError::Refused(200)),
        401 => Err(CoverageError::NotConnected),
        s => Err(CoverageError::Refused(s)),
    }
}

/// "25/11/2026", in the school's locale.
pub fn date(ms: i64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_locale_date_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

fn taught_on(coverage: &ClassCoverage, lesson: &Lesson) -> Option<i64> {
    coverage
        .lessons
        .iter()
        .find(|c| c.lesson_id == lesson.id)
        .map(|c| c.latest_ms)
}

/// Links to lessons, "A, B, C", each opening it on the board.
fn lesson_links(lessons: Vec<&'static Lesson>) -> impl IntoView {
    lessons
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            view! {
                {(i > 0).then_some(", ")}
                <a href=format!("/present/{}", l.id)>{l.title.as_str()}</a>
            }
        })
        .collect_view()
}

/// The class's knowledge map for a band: strands down the side, each with where it stands
/// (not taught yet, taught, understood, needs revisiting) from its lessons and the class's latest
/// "I can" answers, and each lesson marked the same way. Above it, what to teach again and what
/// comes next. About the class as a whole: no scores, nothing about any child.
#[component]
pub fn CoverageMatrix(coverage: ClassCoverage, band: Band) -> impl IntoView {
    let revisit = knowledge::to_revisit(&coverage, band);
    let next: Vec<&'static Lesson> = knowledge::next_up(&coverage, band)
        .into_iter()
        .take(3)
        .collect();
    let taught = curriculum::for_band(band)
        .filter(|l| knowledge::taught(&coverage, l))
        .count();
    let total = curriculum::for_band(band).count();
    let rows = curriculum::strands().iter().map(|strand| {
        let lessons: Vec<&'static Lesson> = curriculum::for_band(band)
            .filter(|l| l.strands.contains(strand))
            .collect();
        let states: Vec<Understanding> = lessons
            .iter()
            .map(|l| knowledge::lesson_state(&coverage, l, Some(*strand)))
            .collect();
        let overall = knowledge::strand_state(&states);
        let cells = lessons
            .into_iter()
            .zip(states)
            .map(|(l, state)| {
                let when = taught_on(&coverage, l).map(|ms| format!(" ({})", date(ms)));
                view! {
                    <li class=format!("cov-lesson {}", state.css()) data-testid="cov-lesson" data-state=state.css()>
                        {l.title.as_str()}
                        {(state != Understanding::NotTaught).then(|| view! {
                            <span class="cov-state">{format!(" \u{2014} {}", state.label())}</span>
                        })}
                        <span class="cov-date">{when}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <tr data-testid="cov-strand" data-strand=strand.label()>
                <th scope="row">{strand.label()}</th>
                <td>
                    <span class=format!("status-pill {}", overall.css()) data-testid="strand-state">{overall.label()}</span>
                </td>
                <td><ul class="cov-list">{cells}</ul></td>
            </tr>
        }
    });
    view! {
        <div class="coverage" data-testid="coverage">
            <p>
                <strong>{coverage.class_label.clone()}</strong>
                {format!(": {taught} of {total} {} lessons taught.", band.label())}
            </p>
            {(!revisit.is_empty()).then(|| view! {
                <p data-testid="teach-again">
                    <strong>"Teach again: "</strong>
                    {lesson_links(revisit)}
                </p>
            })}
            {(!next.is_empty()).then(|| view! {
                <p data-testid="next-up">
                    "Next for " {band.label()} ": "
                    {lesson_links(next)}
                </p>
            })}
            <table class="coverage-table">
                <caption class="visually-hidden">"What the class knows, by strand"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Strand"</th>
                        <th scope="col">"Where the class is"</th>
                        <th scope="col">{format!("{} lessons", band.label())}</th>
                    </tr>
                </thead>
                <tbody>{rows.collect_view()}</tbody>
            </table>
            <p class="explain">
                "From the class\u{2019}s own thumbs at the end of each lesson: a \u{201c}not yet\u{201d}, or mostly \u{201c}wobbly\u{201d}, means teach it again. It is about the class, never a child."
            </p>
        </div>
    }
}
