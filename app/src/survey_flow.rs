//! Answering a survey one question at a time (the kiosk's way): where the pupil is, what they
//! chose, and the answer to send once the last question is answered or skipped. Kept apart from
//! the page so the steps are tested on the host.

use kite_protocol::survey::{Given, Survey, SurveyAnswer};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyFlow {
    pub survey: Survey,
    /// The question on screen; `questions.len()` once every one is answered or skipped.
    pub at: usize,
    pub answers: Vec<Option<Given>>,
}

impl SurveyFlow {
    pub fn new(survey: Survey) -> Self {
        let answers = vec![None; survey.questions.len()];
        Self {
            survey,
            at: 0,
            answers,
        }
    }

    pub fn is_done(&self) -> bool {
        self.at >= self.survey.questions.len()
    }

    /// Keeps the answer to the question on screen and moves on.
    pub fn answer(&mut self, given: Given) {
        if let Some(slot) = self.answers.get_mut(self.at) {
            *slot = Some(given);
            self.at += 1;
        }
    }

    /// Leaves the question on screen unanswered and moves on: every question can be skipped.
    pub fn skip(&mut self) {
        if !self.is_done() {
            self.answers[self.at] = None;
            self.at += 1;
        }
    }

    /// Back one question, keeping what was chosen there so it shows as chosen.
    pub fn back(&mut self) {
        self.at = self.at.saturating_sub(1);
    }

    /// What goes to school: `None` when every question was skipped (nothing to send).
    pub fn finished(&self) -> Option<SurveyAnswer> {
        let answer = SurveyAnswer {
            survey_id: self.survey.id,
            answers: self.answers.clone(),
        };
        answer.validate().is_ok().then_some(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kite_protocol::survey::{template, Audience};

    fn flow() -> SurveyFlow {
        SurveyFlow::new(Survey::new(
            3,
            template(Audience::Ks1, "2026-12-01", "2026-12-18"),
        ))
    }

    #[test]
    fn each_question_is_answered_or_skipped_in_turn() {
        let mut f = flow();
        let n = f.survey.questions.len();
        f.answer(Given::Scale(2));
        f.skip();
        assert_eq!(f.at, 2);
        f.back();
        f.answer(Given::Scale(4));
        while !f.is_done() {
            f.skip();
        }
        let a = f.finished().unwrap();
        assert_eq!(a.survey_id, 3);
        assert_eq!(a.answers.len(), n);
        assert_eq!(a.answers[0], Some(Given::Scale(2)));
        assert_eq!(a.answers[1], Some(Given::Scale(4)));
        assert!(a.validate_for(&f.survey).is_ok());
        // Answering past the end changes nothing.
        f.answer(Given::Choice(0));
        assert_eq!(f.finished().unwrap(), a);
    }

    #[test]
    fn a_survey_skipped_throughout_sends_nothing() {
        let mut f = flow();
        while !f.is_done() {
            f.skip();
        }
        assert_eq!(f.finished(), None);
    }
}
