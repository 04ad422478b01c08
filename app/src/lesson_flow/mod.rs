//! Playing a lesson, as plain Rust: where we are (a slide, an activity, the end), and how each
//! activity answers a child. The pupil player and the teacher's presenter only draw this, so the
//! rules are tested natively and are the same on the tablet and the whiteboard.
//!
//! Feedback is kind: a less-safe choice is never "wrong", it gets the lesson's own words about
//! why, and the child can always try again. Nothing is scored.

pub mod activities;

use kite_lessons::Lesson;

use crate::i18n::lesson_t;

/// One screen of a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Slide(usize),
    Activity(usize),
    /// "If something online worries you, tell a trusted adult", with the Tell button.
    End,
}

/// The shape of a lesson: how many slides and activities, so stages can be counted and walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    pub slides: usize,
    pub activities: usize,
}

impl Plan {
    pub fn of(lesson: &Lesson) -> Self {
        Self {
            slides: lesson.slides.len(),
            activities: lesson.activities.len(),
        }
    }

    /// Screens in all: every slide, every activity, and the end.
    pub fn total(&self) -> usize {
        self.slides + self.activities + 1
    }

    /// 0-based position of a stage.
    pub fn index(&self, stage: Stage) -> usize {
        match stage {
            Stage::Slide(i) => i.min(self.slides.saturating_sub(1)),
            Stage::Activity(i) => self.slides + i.min(self.activities.saturating_sub(1)),
            Stage::End => self.total() - 1,
        }
    }

    /// The stage at a 0-based position (clamped to the lesson).
    pub fn at(&self, index: usize) -> Stage {
        if index < self.slides {
            Stage::Slide(index)
        } else if index < self.slides + self.activities {
            Stage::Activity(index - self.slides)
        } else {
            Stage::End
        }
    }

    pub fn first(&self) -> Stage {
        self.at(0)
    }

    pub fn next(&self, stage: Stage) -> Stage {
        self.at(self.index(stage) + 1)
    }

    /// `None` on the first screen.
    pub fn previous(&self, stage: Stage) -> Option<Stage> {
        self.index(stage).checked_sub(1).map(|i| self.at(i))
    }

    /// "3 / 9": this screen's number and how many there are.
    pub fn counter(&self, stage: Stage) -> String {
        format!("{} / {}", self.index(stage) + 1, self.total())
    }
}

/// The closing message, in words for the band. The lesson's own last slide says it too; this is
/// the app's fixed promise that every lesson ends on it.
pub fn closing_message(band: kite_protocol::Band) -> &'static str {
    match band {
        kite_protocol::Band::Eyfs => {
            lesson_t("If something online worries you, tell a grown-up you trust.")
        }
        _ => lesson_t("If something online worries you, tell a trusted adult."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: Plan = Plan {
        slides: 5,
        activities: 3,
    };

    #[test]
    fn slides_then_activities_then_the_end() {
        let mut stage = PLAN.first();
        let mut seen = vec![stage];
        while stage != Stage::End {
            stage = PLAN.next(stage);
            seen.push(stage);
        }
        assert_eq!(seen.len(), PLAN.total());
        assert_eq!(seen[4], Stage::Slide(4));
        assert_eq!(seen[5], Stage::Activity(0));
        assert_eq!(seen[7], Stage::Activity(2));
        assert_eq!(PLAN.next(Stage::End), Stage::End, "the end stays put");
    }

    #[test]
    fn back_walks_the_same_way_and_stops_at_the_first_slide() {
        assert_eq!(PLAN.previous(Stage::Slide(0)), None);
        assert_eq!(PLAN.previous(Stage::Activity(0)), Some(Stage::Slide(4)));
        assert_eq!(PLAN.previous(Stage::End), Some(Stage::Activity(2)));
    }

    #[test]
    fn the_counter_counts_every_screen() {
        assert_eq!(PLAN.counter(Stage::Slide(0)), "1 / 9");
        assert_eq!(PLAN.counter(Stage::Slide(2)), "3 / 9");
        assert_eq!(PLAN.counter(Stage::Activity(0)), "6 / 9");
        assert_eq!(PLAN.counter(Stage::End), "9 / 9");
        assert_eq!(PLAN.at(99), Stage::End);
        assert_eq!(PLAN.index(Stage::Slide(99)), 4, "clamped");
    }

    #[test]
    fn every_embedded_lesson_plays_through_and_ends_on_telling() {
        for lesson in crate::curriculum::all() {
            let plan = Plan::of(lesson);
            assert!(plan.slides > 0 && plan.activities > 0, "{}", lesson.id);
            assert_eq!(plan.at(plan.total() - 1), Stage::End);
        }
        assert!(closing_message(kite_protocol::Band::Ks2).contains("trusted adult"));
        assert!(closing_message(kite_protocol::Band::Eyfs).contains("grown-up"));
    }
}
