//! What recent reports ask this class to be taught: for each topic the key stage's reports and
//! concerns were mostly about (from `GET /api/v1/device/teach-next`, already hidden below three
//! on the server), the band's lesson that meets it best, when the class hasn't had it. Beside
//! it, what the class has been taught this school year. Nothing here is about a child or about
//! this class's own reports: the topics are the whole key stage's.

use kite_lessons::Lesson;
use kite_protocol::lesson_record::ClassCoverage;
use kite_protocol::teach_next::{TeachNext, Topic};
use kite_protocol::Band;
use leptos::prelude::*;

use super::coverage::date;
use super::knowledge;
use crate::curriculum;

/// Topics beyond this many are left out: a teacher acts on the first few.
const MOST_TOPICS: usize = 3;

/// The band's lesson that meets a topic best: the most of its strands, then the fewest others
/// (a lesson about just this), then the earliest in teaching order.
pub fn best_lesson(topic: Topic, band: Band) -> Option<&'static Lesson> {
    let wanted = topic.strands();
    curriculum::for_band(band)
        .enumerate()
        .filter_map(|(order, lesson)| {
            let met = lesson
                .strands
                .iter()
                .filter(|s| wanted.contains(&s.id()))
                .count();
            (met > 0).then_some(((met, lesson.strands.len() - met, order), lesson))
        })
        .min_by_key(|((met, others, order), _)| (usize::MAX - met, *others, *order))
        .map(|(_, lesson)| lesson)
}

/// One of the key stage's first topics, the lesson that meets it, and whether the class has had
/// that lesson (then there is no suggestion, only a note that it has).
pub struct Asked {
    pub topic: Topic,
    pub lesson: &'static Lesson,
    pub had: bool,
}

pub fn asked_of_class(asked: &TeachNext, coverage: &ClassCoverage, band: Band) -> Vec<Asked> {
    asked
        .topics(band)
        .iter()
        .take(MOST_TOPICS)
        .filter_map(|t| {
            let lesson = best_lesson(*t, band)?;
            Some(Asked {
                topic: *t,
                lesson,
                had: knowledge::taught(coverage, lesson),
            })
        })
        .collect()
}

/// The lessons the class has had since `since_ms`, most recent first.
pub fn taught_since(coverage: &ClassCoverage, since_ms: i64) -> Vec<(&'static Lesson, i64)> {
    coverage
        .lessons
        .iter()
        .filter(|l| l.latest_ms >= since_ms)
        .filter_map(|l| Some((curriculum::by_id(&l.lesson_id)?, l.latest_ms)))
        .collect()
}

/// 1 September of the school year today is in, in the tablet's time zone.
fn school_year_start_ms() -> i64 {
    let today = js_sys::Date::new_0();
    let year = today.get_full_year() - u32::from(today.get_month() < 8);
    js_sys::Date::new_with_year_month_day(year, 8, 1).get_time() as i64
}

#[component]
pub fn TeachNextCard(asked: TeachNext, coverage: ClassCoverage, band: Band) -> impl IntoView {
    if asked.topics(band).is_empty() {
        return None;
    }
    let class = coverage.class_label.clone();
    let lines = asked_of_class(&asked, &coverage, band)
        .into_iter()
        .enumerate()
        .map(|(i, Asked { topic, lesson, had })| {
            let about = if i == 0 {
                format!(
                    "Reports in {} over the last half-term were mostly about {}",
                    band.label(),
                    topic.label()
                )
            } else {
                format!("They were also about {}", topic.label())
            };
            let title = view! { <em>{lesson.title.as_str()}</em> };
            if had {
                view! {
                    <li data-testid="teach-next-had" data-lesson=lesson.id.as_str()>
                        {format!("{about}. {class} has had ")}{title}"."
                    </li>
                }
                .into_any()
            } else {
                view! {
                    <li data-testid="teach-next-suggestion" data-lesson=lesson.id.as_str()>
                        {format!("{about}: ")}
                        <a href=format!("/present/{}", lesson.id)>{title}</a>
                        {format!(" has not been taught to {class} yet.")}
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    let this_year = taught_since(&coverage, school_year_start_ms());
    let taught = if this_year.is_empty() {
        view! { <p>"Nothing taught yet this school year."</p> }.into_any()
    } else {
        view! {
            <ul class="teach-next-taught">
                {this_year.into_iter().map(|(lesson, ms)| view! {
                    <li>{lesson.title.as_str()}<span class="cov-date">{format!(" ({})", date(ms))}</span></li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    Some(view! {
        <div class="teach-next" data-testid="teach-next">
            <div class="teach-next-asked">
                <h3>"What reports ask for"</h3>
                <ul class="teach-next-list">{lines}</ul>
                <p class="explain">"From the whole key stage\u{2019}s reports and concerns, never one child\u{2019}s or one class\u{2019}s. Shown only when three or more were about the same thing."</p>
            </div>
            <div class="teach-next-this-year" data-testid="taught-this-year">
                <h3>{format!("Taught to {} this school year", coverage.class_label)}</h3>
                {taught}
            </div>
        </div>
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kite_protocol::lesson_record::LessonCoverage;
    use kite_protocol::teach_next::AskedFor;

    fn had(lessons: &[&str]) -> ClassCoverage {
        ClassCoverage {
            class_label: "5B".into(),
            lessons: lessons
                .iter()
                .map(|id| LessonCoverage {
                    lesson_id: (*id).into(),
                    band: Band::Ks2,
                    times: 1,
                    taught_by_teacher: true,
                    latest_ms: 1,
                })
                .collect(),
            checks: vec![],
        }
    }

    #[test]
    fn group_chats_are_met_by_the_group_chats_lesson() {
        assert_eq!(
            best_lesson(Topic::GroupChats, Band::Ks2).unwrap().id,
            "group-chats"
        );
        assert_eq!(
            best_lesson(Topic::Games, Band::Ks2).unwrap().id,
            "games-gems-and-loot-boxes"
        );
        // Every topic has a lesson in KS1 and KS2.
        for topic in Topic::ALL {
            for band in [Band::Ks1, Band::Ks2] {
                assert!(best_lesson(topic, band).is_some(), "{topic:?} in {band:?}");
            }
        }
    }

    #[test]
    fn a_class_that_had_the_lesson_gets_no_suggestion_for_it() {
        let asked = TeachNext {
            days: 49,
            key_stages: vec![AskedFor {
                band: Band::Ks2,
                topics: vec![Topic::GroupChats, Topic::Games],
            }],
        };
        let suggested = |coverage: &ClassCoverage| {
            asked_of_class(&asked, coverage, Band::Ks2)
                .into_iter()
                .filter(|a| !a.had)
                .map(|a| a.lesson.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            suggested(&had(&[])),
            ["group-chats", "games-gems-and-loot-boxes"]
        );
        assert_eq!(
            suggested(&had(&["group-chats"])),
            ["games-gems-and-loot-boxes"]
        );
        // Nothing asked of KS1.
        assert!(asked_of_class(&asked, &had(&[]), Band::Ks1).is_empty());
    }
}
