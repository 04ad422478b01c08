//! The "tell a trusted adult" flow as plain Rust: which step follows which, what the draft holds,
//! and how it becomes a protocol `Report`. The pages only draw this, so the rules are tested
//! natively and the same in every view.

pub mod choices;

use kite_protocol::report::{Feeling, Place, Report, Reporter, TalkTo, WhatHappened};
use kite_protocol::{Band, ValidationError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    What,
    Where,
    /// Only for "a school device showed something": screen off, tell an adult, the web address.
    DeviceHelp,
    Feel,
    Who,
    /// Review and send; anonymous unless the child chooses otherwise.
    Send,
    /// Optional words and drawing, reached from `Send` and returning to it.
    SayMore,
    Done,
}

/// What the child has chosen so far. Lives only in memory and is dropped on send or quick exit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub what: Option<WhatHappened>,
    pub place: Option<Place>,
    pub feeling: Option<Feeling>,
    pub words: String,
    pub drawing_png: Option<String>,
    pub web_address: String,
    pub talk_to: Option<TalkTo>,
    pub give_name: bool,
    pub first_name: String,
    pub class: String,
}

impl Draft {
    pub fn is_urgent(&self) -> bool {
        self.what.is_some_and(WhatHappened::is_urgent)
    }

    /// Records the first answer and says where to go next.
    pub fn choose_what(&mut self, what: WhatHappened) -> Step {
        self.what = Some(what);
        if what == WhatHappened::SchoolDeviceShowedSomething {
            self.place = Some(Place::SchoolDevice);
            Step::DeviceHelp
        } else {
            Step::Where
        }
    }

    pub fn choose_place(&mut self, place: Place) -> Step {
        self.place = Some(place);
        Step::Feel
    }

    pub fn choose_feeling(&mut self, feeling: Feeling) -> Step {
        self.feeling = Some(feeling);
        Step::Who
    }

    pub fn choose_talk_to(&mut self, talk_to: TalkTo) -> Step {
        self.talk_to = Some(talk_to);
        Step::Send
    }

    /// The report to queue. Empty optional text becomes `None`, so nothing blank is sent.
    pub fn to_report(&self, band: Option<Band>, now_ms: i64) -> Result<Report, ValidationError> {
        let what = self
            .what
            .ok_or_else(|| ValidationError::new("what", "was not chosen"))?;
        let non_empty = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let reporter = if self.give_name {
            Reporter::Named {
                first_name: self.first_name.trim().to_string(),
                class: self.class.trim().to_string(),
            }
        } else {
            Reporter::Anonymous
        };
        let report = Report {
            what,
            place: self.place,
            feeling: self.feeling,
            words: non_empty(&self.words),
            drawing_png: self.drawing_png.clone(),
            web_address: non_empty(&self.web_address),
            talk_to: self.talk_to.clone().unwrap_or(TalkTo::AnyGrownUp),
            reporter,
            band,
            made_at_ms: now_ms,
        };
        report.validate()?;
        Ok(report)
    }
}

/// The step before this one, for the in-flow Back button (never the browser's history).
pub fn previous(step: Step, draft: &Draft) -> Option<Step> {
    match step {
        Step::What | Step::Done => None,
        Step::Where | Step::DeviceHelp => Some(Step::What),
        Step::Feel => Some(
            if draft.what == Some(WhatHappened::SchoolDeviceShowedSomething) {
                Step::DeviceHelp
            } else {
                Step::Where
            },
        ),
        Step::Who => Some(Step::Feel),
        Step::Send => Some(Step::Who),
        Step::SayMore => Some(Step::Send),
    }
}

/// Position for the progress dots: (this step's number, how many steps there are).
pub fn progress(step: Step) -> (usize, usize) {
    let n = match step {
        Step::What => 1,
        Step::Where | Step::DeviceHelp => 2,
        Step::Feel => 3,
        Step::Who => 4,
        Step::Send | Step::SayMore => 5,
        Step::Done => 5,
    };
    (n, 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_five_year_old_sends_in_five_taps_and_it_is_anonymous() {
        let mut d = Draft::default();
        let mut step = d.choose_what(WhatHappened::SomeoneWasUnkind); // tap 1
        assert_eq!(step, Step::Where);
        step = d.choose_place(Place::Game); // tap 2
        assert_eq!(step, Step::Feel);
        step = d.choose_feeling(Feeling::Sad); // tap 3
        assert_eq!(step, Step::Who);
        step = d.choose_talk_to(TalkTo::AnyGrownUp); // tap 4
        assert_eq!(step, Step::Send); // tap 5 is "Send"
        let report = d.to_report(Some(Band::Eyfs), 1).unwrap();
        assert_eq!(report.reporter, Reporter::Anonymous);
        assert_eq!(report.words, None);
        assert!(!report.is_urgent());
    }

    #[test]
    fn a_school_device_report_skips_where_and_asks_for_the_address() {
        let mut d = Draft::default();
        assert_eq!(
            d.choose_what(WhatHappened::SchoolDeviceShowedSomething),
            Step::DeviceHelp
        );
        assert_eq!(d.place, Some(Place::SchoolDevice));
        assert_eq!(previous(Step::Feel, &d), Some(Step::DeviceHelp));
        d.web_address = "  games.example/bad  ".into();
        let report = d.to_report(None, 1).unwrap();
        assert_eq!(report.web_address.as_deref(), Some("games.example/bad"));
    }

    #[test]
    fn urgent_answers_are_urgent_in_the_draft_and_the_report() {
        let mut d = Draft::default();
        d.choose_what(WhatHappened::WantsToMeetMe);
        assert!(d.is_urgent());
        assert!(d.to_report(None, 1).unwrap().is_urgent());
    }

    #[test]
    fn choosing_to_give_a_name_needs_the_name_and_class() {
        let mut d = Draft::default();
        d.choose_what(WhatHappened::SomethingElse);
        d.give_name = true;
        d.first_name = "Ava".into();
        assert_eq!(d.to_report(None, 1).unwrap_err().field, "reporter.class");
        d.class = "Oak".into();
        assert!(matches!(
            d.to_report(None, 1).unwrap().reporter,
            Reporter::Named { .. }
        ));
    }

    #[test]
    fn nothing_can_be_sent_before_the_first_answer() {
        assert_eq!(
            Draft::default().to_report(None, 1).unwrap_err().field,
            "what"
        );
    }

    #[test]
    fn back_never_leaves_the_flow_or_returns_from_done() {
        let d = Draft::default();
        assert_eq!(previous(Step::What, &d), None);
        assert_eq!(previous(Step::Done, &d), None);
        assert_eq!(previous(Step::SayMore, &d), Some(Step::Send));
    }
}
