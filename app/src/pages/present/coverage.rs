//! What a class has done, from `GET /api/v1/device/coverage`, drawn as the eight strands against
//! the lessons (taught ones ticked), with what comes next for the band.

use gloo_net::http::Request;
use kite_lessons::Lesson;
use kite_protocol::lesson_record::ClassCoverage;
use kite_protocol::Band;
use leptos::prelude::*;

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
    let response = Request::get(&url)
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

/// The lessons of a band not yet recorded for the class, in teaching order.
pub fn next_up(coverage: &ClassCoverage, band: Band) -> Vec<&'static Lesson> {
    curriculum::for_band(band)
        .filter(|l| taught_on(coverage, l).is_none())
        .collect()
}

/// Strands down the side; in each row, that strand's lessons for the band, the taught ones
/// ticked with their date. A lesson serving two strands appears in both rows.
#[component]
pub fn CoverageMatrix(coverage: ClassCoverage, band: Band) -> impl IntoView {
    let next: Vec<&'static Lesson> = next_up(&coverage, band).into_iter().take(3).collect();
    let taught = curriculum::for_band(band)
        .filter(|l| taught_on(&coverage, l).is_some())
        .count();
    let total = curriculum::for_band(band).count();
    let rows = curriculum::strands().iter().map(|strand| {
        let lessons: Vec<&'static Lesson> = curriculum::for_band(band)
            .filter(|l| l.strands.contains(strand))
            .collect();
        let cells = lessons
            .into_iter()
            .map(|l| match taught_on(&coverage, l) {
                Some(ms) => view! {
                    <li class="cov-lesson cov-taught" data-testid="cov-taught">
                        <span aria-hidden="true">"\u{2713} "</span>
                        {l.title.as_str()}
                        <span class="cov-date">" (" {date(ms)} ")"</span>
                    </li>
                }
                .into_any(),
                None => view! { <li class="cov-lesson">{l.title.as_str()}</li> }.into_any(),
            })
            .collect_view();
        view! {
            <tr>
                <th scope="row">{strand.label()}</th>
                <td><ul class="cov-list">{cells}</ul></td>
            </tr>
        }
    });
    view! {
        <div class="coverage" data-testid="coverage">
            <p>
                <strong>{coverage.class_label.clone()}</strong>
                {format!(": {taught} of {total} {} lessons done.", band.label())}
            </p>
            {(!next.is_empty()).then(|| view! {
                <p data-testid="next-up">
                    "Next for " {band.label()} ": "
                    {next.iter().enumerate().map(|(i, l)| view! {
                        {(i > 0).then_some(", ")}
                        <a href=format!("/present/{}", l.id)>{l.title.as_str()}</a>
                    }).collect_view()}
                </p>
            })}
            <table class="coverage-table">
                <caption class="visually-hidden">"Lessons by strand, taught ones ticked"</caption>
                <thead><tr><th scope="col">"Strand"</th><th scope="col">{format!("{} lessons", band.label())}</th></tr></thead>
                <tbody>{rows.collect_view()}</tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kite_protocol::lesson_record::LessonCoverage;

    #[test]
    fn next_up_is_the_bands_untaught_lessons_in_teaching_order() {
        let first_two: Vec<&Lesson> = curriculum::for_band(Band::Ks1).take(2).collect();
        let coverage = ClassCoverage {
            class_label: "Oak".into(),
            lessons: vec![LessonCoverage {
                lesson_id: first_two[0].id.clone(),
                band: Band::Ks1,
                times: 1,
                taught_by_teacher: true,
                latest_ms: 1,
            }],
        };
        let next = next_up(&coverage, Band::Ks1);
        assert_eq!(next[0].id, first_two[1].id);
        assert_eq!(next.len(), curriculum::for_band(Band::Ks1).count() - 1);
        assert_eq!(taught_on(&coverage, first_two[0]), Some(1));
        assert!(next_up(&coverage, Band::Eyfs)
            .iter()
            .all(|l| curriculum::band_of(l) == Band::Eyfs));
    }
}
