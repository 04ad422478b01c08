//! The knowledge map's rules, as plain Rust: from what a class was taught and its latest "I can"
//! answers, where each strand stands (not taught yet, taught, understood, needs revisiting) and
//! what to teach again. It is about the class as a whole: there is no score, no ranking and
//! nothing about any child.

use kite_lessons::{Lesson, Strand};
use kite_protocol::class_check::ClassAnswer;
use kite_protocol::lesson_record::ClassCoverage;
use kite_protocol::Band;

use crate::curriculum;

/// The words of a lesson's `i`th "I can" statement.
pub fn outcome_text(lesson: &Lesson, i: usize) -> &str {
    lesson.outcomes[i].text.as_str()
}

/// The strand the `i`th outcome serves (each outcome names one of its lesson's).
pub fn outcome_strands(lesson: &Lesson, i: usize) -> &[Strand] {
    std::slice::from_ref(&lesson.outcomes[i].strand)
}

/// Where a lesson, or a strand, stands for the class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Understanding {
    NotTaught,
    /// Taught, and the class wasn't asked (or the check was skipped).
    Taught,
    Understood,
    /// A "not yet", or mostly "wobbly", the last time the class was asked.
    Revisit,
}

impl Understanding {
    pub fn label(self) -> &'static str {
        match self {
            Understanding::NotTaught => "Not taught yet",
            Understanding::Taught => "Taught",
            Understanding::Understood => "Understood",
            Understanding::Revisit => "Needs revisiting",
        }
    }

    /// A class name for the badge's look (the label always says it in words too).
    pub fn css(self) -> &'static str {
        match self {
            Understanding::NotTaught => "know-not-taught",
            Understanding::Taught => "know-taught",
            Understanding::Understood => "know-understood",
            Understanding::Revisit => "know-revisit",
        }
    }
}

/// From a set of latest answers: any "not yet", or "wobbly" for more than half, means teach it
/// again; otherwise understood. `None` when there are no answers.
pub fn verdict(answers: &[ClassAnswer]) -> Option<Understanding> {
    if answers.is_empty() {
        return None;
    }
    let wobbly = answers
        .iter()
        .filter(|a| **a == ClassAnswer::Wobbly)
        .count();
    Some(
        if answers.contains(&ClassAnswer::NotYet) || wobbly * 2 > answers.len() {
            Understanding::Revisit
        } else {
            Understanding::Understood
        },
    )
}

/// The class's latest answers to the lesson's outcomes that serve `strand` (all of them when
/// `strand` is `None`).
fn answers(coverage: &ClassCoverage, lesson: &Lesson, strand: Option<Strand>) -> Vec<ClassAnswer> {
    coverage
        .checks
        .iter()
        .filter(|c| c.lesson_id == lesson.id)
        .filter(|c| usize::from(c.outcome) < lesson.outcomes.len())
        .filter(|c| strand.is_none_or(|s| outcome_strands(lesson, c.outcome.into()).contains(&s)))
        .map(|c| c.answer)
        .collect()
}

/// Whether the class had the lesson: marked as taught, finished on a tablet, or answered about
/// (a class that answered its "I can"s was taught it, even if nobody pressed "mark as taught").
pub fn taught(coverage: &ClassCoverage, lesson: &Lesson) -> bool {
    coverage.lessons.iter().any(|l| l.lesson_id == lesson.id)
        || coverage.checks.iter().any(|c| c.lesson_id == lesson.id)
}

/// Where one lesson stands, for one strand or (with `None`) as a whole.
pub fn lesson_state(
    coverage: &ClassCoverage,
    lesson: &Lesson,
    strand: Option<Strand>,
) -> Understanding {
    if !taught(coverage, lesson) {
        return Understanding::NotTaught;
    }
    verdict(&answers(coverage, lesson, strand)).unwrap_or(Understanding::Taught)
}

/// Where a strand stands from its lessons': any to revisit, and it needs revisiting; every
/// taught one understood, understood; some taught, taught.
pub fn strand_state(lessons: &[Understanding]) -> Understanding {
    let taught: Vec<Understanding> = lessons
        .iter()
        .copied()
        .filter(|s| *s != Understanding::NotTaught)
        .collect();
    if taught.is_empty() {
        Understanding::NotTaught
    } else if taught.contains(&Understanding::Revisit) {
        Understanding::Revisit
    } else if taught.iter().all(|s| *s == Understanding::Understood) {
        Understanding::Understood
    } else {
        Understanding::Taught
    }
}

/// What to teach again: the band's lessons whose latest answers say revisit, in teaching order.
pub fn to_revisit(coverage: &ClassCoverage, band: Band) -> Vec<&'static Lesson> {
    curriculum::for_band(band)
        .filter(|l| lesson_state(coverage, l, None) == Understanding::Revisit)
        .collect()
}

/// The band's lessons the class hasn't had yet, in teaching order.
pub fn next_up(coverage: &ClassCoverage, band: Band) -> Vec<&'static Lesson> {
    curriculum::for_band(band)
        .filter(|l| !taught(coverage, l))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kite_protocol::class_check::LatestCheck;
    use kite_protocol::lesson_record::LessonCoverage;
    use ClassAnswer::*;
    use Understanding::*;

    fn coverage(taught: &[&Lesson], checks: &[(&Lesson, u8, ClassAnswer)]) -> ClassCoverage {
        ClassCoverage {
            class_label: "Oak".into(),
            lessons: taught
                .iter()
                .map(|l| LessonCoverage {
                    lesson_id: l.id.clone(),
                    band: curriculum::band_of(l),
                    times: 1,
                    taught_by_teacher: true,
                    latest_ms: 1,
                })
                .collect(),
            checks: checks
                .iter()
                .map(|(l, outcome, answer)| LatestCheck {
                    lesson_id: l.id.clone(),
                    outcome: *outcome,
                    answer: *answer,
                    answered_at_ms: 1,
                })
                .collect(),
        }
    }

    #[test]
    fn any_not_yet_or_mostly_wobbly_means_teach_it_again() {
        assert_eq!(verdict(&[]), None);
        assert_eq!(verdict(&[ThumbsUp, ThumbsUp]), Some(Understood));
        assert_eq!(
            verdict(&[ThumbsUp, Wobbly]),
            Some(Understood),
            "half wobbly is fine"
        );
        assert_eq!(verdict(&[Wobbly, Wobbly, ThumbsUp]), Some(Revisit));
        assert_eq!(verdict(&[ThumbsUp, ThumbsUp, NotYet]), Some(Revisit));
    }

    #[test]
    fn a_strand_needs_revisiting_if_any_lesson_does_and_is_understood_when_all_are() {
        assert_eq!(strand_state(&[]), NotTaught);
        assert_eq!(strand_state(&[NotTaught, NotTaught]), NotTaught);
        assert_eq!(strand_state(&[Understood, NotTaught]), Understood);
        assert_eq!(strand_state(&[Understood, Taught]), Taught);
        assert_eq!(strand_state(&[Understood, Revisit, Taught]), Revisit);
    }

    #[test]
    fn the_map_follows_the_class_answers_and_lists_what_to_teach_again() {
        let ks1: Vec<&Lesson> = curriculum::for_band(Band::Ks1).take(3).collect();
        let (a, b, c) = (ks1[0], ks1[1], ks1[2]);
        // a: taught, not asked. b: answered (and so taught) with a "not yet". c: not taught.
        let map = coverage(&[a], &[(b, 0, ThumbsUp), (b, 1, NotYet)]);
        assert_eq!(lesson_state(&map, a, None), Taught);
        assert_eq!(lesson_state(&map, b, None), Revisit);
        assert_eq!(lesson_state(&map, c, None), NotTaught);
        assert_eq!(
            to_revisit(&map, Band::Ks1)
                .iter()
                .map(|l| &l.id)
                .collect::<Vec<_>>(),
            vec![&b.id]
        );
        let next = next_up(&map, Band::Ks1);
        assert_eq!(next[0].id, c.id, "untaught lessons in teaching order");
        assert!(!next.iter().any(|l| l.id == a.id || l.id == b.id));

        let strand = b.strands[0];
        assert_eq!(lesson_state(&map, b, Some(strand)), Revisit);
        // Answered again, all thumbs up: understood.
        let map = coverage(&[a, b], &[(b, 0, ThumbsUp), (b, 1, ThumbsUp)]);
        assert_eq!(lesson_state(&map, b, None), Understood);
        assert!(to_revisit(&map, Band::Ks1).is_empty());
    }

    #[test]
    fn an_answer_to_an_outcome_the_lesson_no_longer_has_is_left_out() {
        let lesson = curriculum::for_band(Band::Ks2).next().unwrap();
        let past_the_end = u8::try_from(lesson.outcomes.len()).unwrap();
        let map = coverage(&[lesson], &[(lesson, past_the_end, NotYet)]);
        assert_eq!(lesson_state(&map, lesson, None), Taught);
    }
}
