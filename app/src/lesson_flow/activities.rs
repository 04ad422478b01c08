//! How each kind of activity answers a child: scenario (choose the safe option), sort (into two
//! groups), quiz. Discuss has no answer to check. Every state here only moves forward: a child's
//! less-safe choice is remembered so it can be shown kindly, never counted against them.

use kite_lessons::{Quiz, Scenario, Sort};

use crate::i18n::{lesson_t, lesson_tf};

/// What the app says after a choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feedback {
    /// The safe or best choice: the activity can move on.
    pub good: bool,
    /// The lesson's own words: why it is safe, or (kindly) why another choice is safer.
    pub text: String,
}

/// Heading words for feedback. Never "wrong".
pub fn feedback_heading(good: bool) -> &'static str {
    if good {
        lesson_t("Good thinking!")
    } else {
        lesson_t("Good try. Have another think.")
    }
}

// ---------------------------------------------------------------- scenario

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScenarioState {
    /// Options tapped so far, in order.
    pub tried: Vec<usize>,
    pub last: Option<Feedback>,
    /// A safe option has been found.
    pub done: bool,
}

impl ScenarioState {
    pub fn choose(&mut self, scenario: &Scenario, option: usize) -> Option<Feedback> {
        let chosen = scenario.options.get(option)?;
        if !self.tried.contains(&option) {
            self.tried.push(option);
        }
        let feedback = Feedback {
            good: chosen.safe,
            text: chosen.feedback.clone(),
        };
        self.done |= chosen.safe;
        self.last = Some(feedback.clone());
        Some(feedback)
    }

    pub fn was_tried(&self, option: usize) -> bool {
        self.tried.contains(&option)
    }
}

// ---------------------------------------------------------------- sort

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortFeedback {
    pub item: usize,
    pub group: usize,
    pub good: bool,
    pub why: String,
}

/// Sorting cards into two groups, by tapping a card then a group, or by dragging a card onto a
/// group. A card put in the other group bounces back with the lesson's "why", to try again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SortState {
    /// For each item, the group it has been sorted into (only ever the right one).
    pub placed: Vec<Option<usize>>,
    /// The card picked up by a tap, waiting for a group.
    pub selected: Option<usize>,
    pub last: Option<SortFeedback>,
}

impl SortState {
    pub fn new(sort: &Sort) -> Self {
        Self {
            placed: vec![None; sort.items.len()],
            selected: None,
            last: None,
        }
    }

    /// Tapping a card picks it up; tapping it again puts it down. Sorted cards stay sorted.
    pub fn select(&mut self, item: usize) {
        if self.placed.get(item).copied().flatten().is_some() {
            return;
        }
        self.selected = if self.selected == Some(item) {
            None
        } else {
            Some(item)
        };
    }

    /// Tapping a group puts the picked-up card there (nothing happens with no card picked up).
    pub fn drop_selected(&mut self, sort: &Sort, group: usize) -> Option<SortFeedback> {
        let item = self.selected?;
        self.place(sort, item, group)
    }

    /// Puts `item` in `group` (from a tap or a drag) and says how that went.
    pub fn place(&mut self, sort: &Sort, item: usize, group: usize) -> Option<SortFeedback> {
        let it = sort.items.get(item)?;
        if group > 1 || self.placed.get(item).copied().flatten().is_some() {
            return None;
        }
        let good = it.group == group;
        if good {
            self.placed[item] = Some(group);
        }
        self.selected = None;
        let feedback = SortFeedback {
            item,
            group,
            good,
            why: it.why.clone(),
        };
        self.last = Some(feedback.clone());
        Some(feedback)
    }

    pub fn in_group(&self, group: usize) -> impl Iterator<Item = usize> + '_ {
        self.placed
            .iter()
            .enumerate()
            .filter(move |(_, g)| **g == Some(group))
            .map(|(i, _)| i)
    }

    pub fn unsorted(&self) -> impl Iterator<Item = usize> + '_ {
        self.placed
            .iter()
            .enumerate()
            .filter(|(_, g)| g.is_none())
            .map(|(i, _)| i)
    }

    pub fn done(&self) -> bool {
        self.placed.iter().all(Option::is_some)
    }
}

// ---------------------------------------------------------------- quiz

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuizState {
    pub question: usize,
    /// Answers tried on this question.
    pub tried: Vec<usize>,
    pub last: Option<Feedback>,
    /// This question's best answer has been found.
    pub answered: bool,
}

impl QuizState {
    pub fn choose(&mut self, quiz: &Quiz, option: usize) -> Option<Feedback> {
        let q = quiz.questions.get(self.question)?;
        if option >= q.options.len() || self.answered {
            return None;
        }
        if !self.tried.contains(&option) {
            self.tried.push(option);
        }
        let good = option == q.answer;
        self.answered = good;
        let feedback = Feedback {
            good,
            // The why explains the best answer. After a less-good one, a nudge first; after a
            // second, the why itself as a clue, so nobody is left stuck.
            text: if good {
                q.why.clone()
            } else if self.tried.len() < 2 {
                lesson_t("Think about what would keep you safe and happy, then try another answer.")
                    .into()
            } else {
                lesson_tf("Here is a clue: {why}", &[("why", q.why.as_str())])
            },
        };
        self.last = Some(feedback.clone());
        Some(feedback)
    }

    /// Moves to the next question; `false` when there are no more (the quiz is done).
    pub fn next_question(&mut self, quiz: &Quiz) -> bool {
        if !self.answered || self.question + 1 >= quiz.questions.len() {
            return false;
        }
        *self = QuizState {
            question: self.question + 1,
            ..Default::default()
        };
        true
    }

    pub fn is_last_question(&self, quiz: &Quiz) -> bool {
        self.question + 1 >= quiz.questions.len()
    }

    pub fn done(&self, quiz: &Quiz) -> bool {
        self.answered && self.is_last_question(quiz)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kite_lessons::{QuizQuestion, ScenarioOption, SortItem};

    fn scenario() -> Scenario {
        let option = |text: &str, safe| ScenarioOption {
            text: text.into(),
            safe,
            feedback: format!("because {text}"),
            image: None,
        };
        Scenario {
            prompt: "A pop-up".into(),
            read_aloud: "A pop-up".into(),
            image: None,
            options: vec![option("tap it", false), option("tell", true)],
        }
    }

    fn sort() -> Sort {
        let item = |text: &str, group| SortItem {
            text: text.into(),
            group,
            why: format!("why {text}"),
            image: None,
        };
        Sort {
            prompt: "Sort".into(),
            read_aloud: "Sort".into(),
            groups: vec!["OK".into(), "Ask first".into()],
            items: vec![item("game", 0), item("address", 1), item("password", 1)],
        }
    }

    fn quiz() -> Quiz {
        let q = |answer| QuizQuestion {
            question: "Q".into(),
            read_aloud: "Q".into(),
            options: vec!["a".into(), "b".into(), "c".into()],
            answer,
            why: format!("because {answer}"),
            images: Vec::new(),
        };
        Quiz {
            questions: vec![q(1), q(2)],
        }
    }

    #[test]
    fn a_less_safe_choice_explains_and_lets_the_child_try_again() {
        let s = scenario();
        let mut state = ScenarioState::default();
        let f = state.choose(&s, 0).unwrap();
        assert!(!f.good);
        assert_eq!(f.text, "because tap it");
        assert!(!state.done);
        assert!(state.was_tried(0));
        let f = state.choose(&s, 1).unwrap();
        assert!(f.good);
        assert!(state.done);
        assert_eq!(state.choose(&s, 7), None);
        assert!(!feedback_heading(false).to_lowercase().contains("wrong"));
    }

    #[test]
    fn sorting_by_tap_picks_up_then_drops_on_a_group() {
        let s = sort();
        let mut state = SortState::new(&s);
        assert_eq!(state.drop_selected(&s, 0), None, "nothing picked up");
        state.select(1);
        assert_eq!(state.selected, Some(1));
        state.select(1);
        assert_eq!(state.selected, None, "tap again to put it down");
        state.select(1);
        let f = state.drop_selected(&s, 0).unwrap();
        assert!(!f.good, "the address isn't OK to share");
        assert_eq!(f.why, "why address");
        assert_eq!(state.placed[1], None, "it bounces back to try again");
        assert_eq!(state.selected, None);
        state.select(1);
        assert!(state.drop_selected(&s, 1).unwrap().good);
        assert_eq!(state.in_group(1).collect::<Vec<_>>(), vec![1]);
        state.select(1);
        assert_eq!(state.selected, None, "a sorted card stays sorted");
    }

    #[test]
    fn sorting_by_drag_places_directly_and_finishes_when_all_are_sorted() {
        let s = sort();
        let mut state = SortState::new(&s);
        assert!(state.place(&s, 0, 0).unwrap().good);
        assert!(!state.done());
        assert_eq!(state.place(&s, 0, 1), None, "already sorted");
        assert_eq!(state.place(&s, 9, 0), None);
        assert_eq!(state.place(&s, 1, 2), None, "only two groups");
        assert!(state.place(&s, 1, 1).unwrap().good);
        assert_eq!(state.unsorted().collect::<Vec<_>>(), vec![2]);
        assert!(state.place(&s, 2, 1).unwrap().good);
        assert!(state.done());
    }

    #[test]
    fn a_quiz_moves_on_only_after_the_best_answer() {
        let q = quiz();
        let mut state = QuizState::default();
        assert!(!state.next_question(&q), "not answered yet");
        let f = state.choose(&q, 0).unwrap();
        assert!(!f.good);
        assert!(f.text.contains("try another"));
        let f = state.choose(&q, 1).unwrap();
        assert!(f.good);
        assert_eq!(f.text, "because 1");
        assert_eq!(state.choose(&q, 0), None, "answered: no more choosing");
        assert!(!state.done(&q));
        assert!(state.next_question(&q));
        assert_eq!(state.question, 1);
        assert!(state.tried.is_empty());
        state.choose(&q, 0);
        let clue = state.choose(&q, 1).unwrap();
        assert!(!clue.good);
        assert_eq!(
            clue.text, "Here is a clue: because 2",
            "a second miss gets the why"
        );
        state.choose(&q, 2);
        assert!(state.done(&q));
        assert!(!state.next_question(&q));
    }
}
