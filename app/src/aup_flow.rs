//! A pupil signing our rules on the kiosk, as plain Rust: their class → their name → each
//! statement in turn → a mark → thank you, with Back and "That's not me" on the way. The page
//! (`pages::aup`) only fetches, speaks and draws this, so the rules of the walk are tested
//! natively. After our rules come the school's own agreements for the class's band (a laptop
//! agreement, say) that the pupil hasn't signed, each the same way; a pupil who has signed our
//! rules already starts with those.

use kite_protocol::agreement::{KioskAgreement, KioskAup, Statement};
use kite_protocol::classes::{KioskClass, KioskPupil};
use kite_protocol::pupil_signature::{Mark, PupilSignature};
use kite_protocol::Band;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Loading,
    Class,
    Name,
    /// The statement at this index of the class's band.
    Statement(usize),
    Sign,
    /// Signed one; the school's agreement `Flow::reading` is next.
    Next,
    Done,
    /// Nothing cached and no connection: say so kindly.
    Unavailable,
}

/// Where the pupil is and what they have chosen. Nothing leaves the tablet until
/// [`Flow::signature`] is queued.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    /// The before-lessons check: a pupil who has already signed goes straight on.
    pub gate: bool,
    pub step: Step,
    pub aup: Option<KioskAup>,
    pub classes: Vec<KioskClass>,
    pub class: Option<KioskClass>,
    pub pupils: Vec<KioskPupil>,
    pub pupil: Option<KioskPupil>,
    /// Whichever mark the pupil made last.
    pub mark: Option<Mark>,
    /// The tablet couldn't keep the signature.
    pub not_saved: bool,
    /// The school's own agreements the class's band signs.
    pub own: Vec<KioskAgreement>,
    /// Which of `own` is being read and signed; `None`: our rules.
    pub reading: Option<usize>,
    /// Those of `own` still to sign after this one, in order.
    to_sign: Vec<usize>,
    /// What this pupil has signed on this visit: our rules, and the names of the school's own.
    pub signed_rules: bool,
    pub signed_own: Vec<String>,
}

/// What picking a name leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Picked {
    /// Reading the statements, from the first.
    Reading,
    /// Already signed this version, at the before-lessons check: on to lessons, with this band.
    Cleared(Band),
}

impl Flow {
    pub fn new(gate: bool) -> Self {
        Self {
            gate,
            step: Step::Loading,
            aup: None,
            classes: Vec::new(),
            class: None,
            pupils: Vec::new(),
            pupil: None,
            mark: None,
            not_saved: false,
            own: Vec::new(),
            reading: None,
            to_sign: Vec::new(),
            signed_rules: false,
            signed_own: Vec::new(),
        }
    }

    /// The class's own agreements have come (or the tablet's copy of them).
    pub fn own_arrived(&mut self, own: Vec<KioskAgreement>) {
        self.own = own;
    }

    /// The school's agreement being read, when it isn't our rules.
    pub fn reading_own(&self) -> Option<&KioskAgreement> {
        self.reading.and_then(|i| self.own.get(i))
    }

    /// The rules and the classes have come (from the server or the tablet's copy). Returns the
    /// class to open straight away: the tablet's own (`wanted`, by name), when it is among them.
    /// Otherwise the pupil picks one, or there is nothing to show without the rules.
    pub fn loaded(
        &mut self,
        aup: Option<KioskAup>,
        classes: Vec<KioskClass>,
        wanted: Option<&str>,
    ) -> Option<KioskClass> {
        let Some(aup) = aup else {
            self.step = Step::Unavailable;
            return None;
        };
        self.aup = Some(aup);
        let mine = wanted.and_then(|w| {
            classes
                .iter()
                .find(|c| c.name.trim().eq_ignore_ascii_case(w.trim()))
                .cloned()
        });
        self.classes = classes;
        if mine.is_none() {
            self.step = Step::Class;
        }
        mine
    }

    /// A class is chosen; its names are being fetched.
    pub fn open_class(&mut self, class: KioskClass) {
        self.class = Some(class);
    }

    /// The chosen class's names have come: "Find your name".
    pub fn names_arrived(&mut self, pupils: Vec<KioskPupil>) {
        self.pupils = pupils;
        self.step = Step::Name;
    }

    /// The class's band (KS2 until a class is known).
    pub fn band(&self) -> Band {
        self.class.as_ref().map(|c| c.band).unwrap_or(Band::Ks2)
    }

    /// The statements the pupil reads, in their class's band's words.
    pub fn statements(&self) -> &[Statement] {
        if let Some(own) = self.reading_own() {
            return &own.statements;
        }
        self.aup
            .as_ref()
            .map(|a| a.statements.for_band(self.band()))
            .unwrap_or_default()
    }

    pub fn first_name(&self) -> String {
        self.pupil
            .as_ref()
            .map(|p| p.first_name.clone())
            .unwrap_or_default()
    }

    /// "Ava B.", beside "That's not me", once a name is picked.
    pub fn chosen(&self) -> Option<String> {
        self.pupil
            .as_ref()
            .map(|p| format!("{} {}.", p.first_name, p.last_initial))
    }

    /// Back and "That's not me" are offered while a pupil is finding their name, reading or
    /// making their mark.
    pub fn shows_bar(&self) -> bool {
        matches!(self.step, Step::Name | Step::Statement(_) | Step::Sign)
    }

    /// `already_signed`: this version, by the server's list or on this tablet.
    pub fn pick_pupil(&mut self, pupil: KioskPupil, already_signed: bool) -> Picked {
        self.pick_pupil_with(pupil, already_signed, Vec::new())
    }

    /// As [`Flow::pick_pupil`], with the school's own agreements (indexes into `own`) the pupil
    /// hasn't signed: read after our rules, or straight away when our rules are signed already.
    pub fn pick_pupil_with(
        &mut self,
        pupil: KioskPupil,
        already_signed: bool,
        own_unsigned: Vec<usize>,
    ) -> Picked {
        if self.gate && already_signed {
            return Picked::Cleared(self.band());
        }
        self.pupil = Some(pupil);
        self.to_sign = own_unsigned;
        self.signed_rules = false;
        self.signed_own.clear();
        self.reading = if already_signed && !self.to_sign.is_empty() {
            Some(self.to_sign.remove(0))
        } else {
            None
        };
        self.step = Step::Statement(0);
        Picked::Reading
    }

    /// Nothing of the pupil's kept: who they are, their mark, what they were to sign.
    fn forget_pupil(&mut self) {
        self.pupil = None;
        self.mark = None;
        self.reading = None;
        self.to_sign.clear();
        self.signed_rules = false;
        self.signed_own.clear();
    }

    /// Back to the names, with nothing of this pupil's kept.
    pub fn not_me(&mut self) {
        self.forget_pupil();
        self.step = Step::Name;
    }

    /// The in-flow Back: one statement back, or from the names to the classes when there is a
    /// choice of class. Back to the names forgets who was picked.
    pub fn back(&mut self) {
        let previous = match self.step {
            Step::Name if self.classes.len() > 1 || self.class.is_none() => Step::Class,
            Step::Statement(0) => Step::Name,
            Step::Statement(i) => Step::Statement(i - 1),
            Step::Sign => Step::Statement(self.statements().len().saturating_sub(1)),
            ref other => other.clone(),
        };
        if previous == Step::Name {
            self.forget_pupil();
        }
        self.step = previous;
    }

    /// "I agree": the next statement, or the mark after the last.
    pub fn agree(&mut self) {
        if let Step::Statement(i) = self.step {
            self.step = if i + 1 < self.statements().len() {
                Step::Statement(i + 1)
            } else {
                Step::Sign
            };
        }
    }

    /// What to queue when the pupil taps Sign, or `None` until there is a pupil and a mark.
    pub fn signature(&self, now_ms: i64) -> Option<PupilSignature> {
        let version_id = match self.reading_own() {
            Some(own) => own.version_id,
            None => self.aup.as_ref()?.version_id,
        };
        Some(PupilSignature {
            pupil_id: self.pupil.as_ref()?.id,
            version_id,
            mark: self.mark.clone()?,
            signed_at_ms: now_ms,
        })
    }

    /// The signature is queued: the next of the school's agreements, or thank you.
    pub fn signed(&mut self) {
        match self.reading_own() {
            Some(own) => self.signed_own.push(own.name.clone()),
            None => self.signed_rules = true,
        }
        self.mark = None;
        if self.to_sign.is_empty() {
            self.step = Step::Done;
        } else {
            self.reading = Some(self.to_sign.remove(0));
            self.step = Step::Next;
        }
    }

    /// "Start" on the next agreement.
    pub fn start_next(&mut self) {
        if self.step == Step::Next {
            self.step = Step::Statement(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kite_protocol::agreement::PupilAup;

    fn statement(text: &str) -> Statement {
        Statement {
            text: text.into(),
            read_aloud: text.into(),
            picture: "kind".into(),
        }
    }

    fn aup() -> KioskAup {
        KioskAup {
            version_id: 7,
            version: 2,
            statements: PupilAup {
                eyfs: vec![statement("Be kind")],
                ks1: vec![statement("Be kind"), statement("Tell")],
                ks2: vec![statement("Be kind"), statement("Tell"), statement("Ask")],
            },
            required_before_lessons: true,
        }
    }

    fn class(id: i64, name: &str, band: Band) -> KioskClass {
        KioskClass {
            id,
            name: name.into(),
            band,
            years: Vec::new(),
        }
    }

    fn pupil(id: i64, first: &str) -> KioskPupil {
        KioskPupil {
            id,
            first_name: first.into(),
            last_initial: "B".into(),
            symbol: "blue-fox".into(),
            signed_current: false,
        }
    }

    fn two_classes() -> Vec<KioskClass> {
        vec![class(1, "Oak", Band::Ks1), class(2, "Ash", Band::Ks2)]
    }

    #[test]
    fn a_pupil_picks_their_class_and_name_reads_each_statement_and_signs() {
        let mut f = Flow::new(false);
        assert_eq!(f.loaded(Some(aup()), two_classes(), None), None);
        assert_eq!(f.step, Step::Class);
        f.open_class(f.classes[0].clone());
        assert_eq!(
            f.step,
            Step::Class,
            "still the classes until the names come"
        );
        f.names_arrived(vec![pupil(5, "Ava")]);
        assert_eq!(f.step, Step::Name);
        assert_eq!(f.pick_pupil(pupil(5, "Ava"), false), Picked::Reading);
        assert_eq!(f.chosen().as_deref(), Some("Ava B."));
        assert_eq!(f.statements().len(), 2, "KS1's words");
        f.agree();
        assert_eq!(f.step, Step::Statement(1));
        assert_eq!(f.signature(1), None, "no mark yet");
        f.agree();
        assert_eq!(f.step, Step::Sign);
        f.mark = Some(Mark::Initials("AB".into()));
        let s = f.signature(42).unwrap();
        assert_eq!((s.pupil_id, s.version_id, s.signed_at_ms), (5, 7, 42));
        f.signed();
        assert_eq!(f.step, Step::Done);
        assert_eq!(f.first_name(), "Ava");
        assert!(!f.shows_bar());
    }

    fn laptop() -> KioskAgreement {
        KioskAgreement {
            kind: kite_protocol::agreement::AgreementKind::Custom(7),
            name: "Laptop agreement".into(),
            version_id: 30,
            version: 1,
            statements: vec![statement("Two hands")],
            signed_pupils: Vec::new(),
        }
    }

    #[test]
    fn after_our_rules_come_the_schools_own_agreements() {
        let mut f = Flow::new(false);
        f.loaded(Some(aup()), two_classes(), None);
        f.open_class(f.classes[1].clone());
        f.names_arrived(vec![pupil(5, "Yara")]);
        f.own_arrived(vec![laptop()]);
        assert_eq!(
            f.pick_pupil_with(pupil(5, "Yara"), false, vec![0]),
            Picked::Reading
        );
        assert_eq!(f.statements().len(), 3, "our rules first");
        for _ in 0..3 {
            f.agree();
        }
        f.mark = Some(Mark::Initials("YA".into()));
        assert_eq!(f.signature(1).unwrap().version_id, 7);
        f.signed();
        assert_eq!(f.step, Step::Next);
        assert_eq!(f.mark, None, "a new mark for the next one");
        assert_eq!(f.reading_own().unwrap().name, "Laptop agreement");
        f.start_next();
        assert_eq!(f.step, Step::Statement(0));
        assert_eq!(f.statements()[0].text, "Two hands");
        f.agree();
        assert_eq!(f.step, Step::Sign);
        f.mark = Some(Mark::Initials("YA".into()));
        assert_eq!(f.signature(2).unwrap().version_id, 30);
        f.signed();
        assert_eq!(f.step, Step::Done);
        assert!(f.signed_rules);
        assert_eq!(f.signed_own, vec!["Laptop agreement".to_string()]);
    }

    #[test]
    fn a_pupil_who_signed_our_rules_starts_with_the_schools_own() {
        let mut f = Flow::new(false);
        f.loaded(Some(aup()), two_classes(), None);
        f.open_class(f.classes[1].clone());
        f.names_arrived(vec![pupil(5, "Yara")]);
        f.own_arrived(vec![laptop()]);
        f.pick_pupil_with(pupil(5, "Yara"), true, vec![0]);
        assert_eq!(f.statements()[0].text, "Two hands");
        // Back to the names forgets what they were to sign.
        f.back();
        assert_eq!((f.step.clone(), f.reading), (Step::Name, None));
        // At the lessons check, our rules signed is enough to go on.
        let mut g = Flow::new(true);
        g.loaded(Some(aup()), two_classes(), None);
        g.open_class(g.classes[1].clone());
        g.own_arrived(vec![laptop()]);
        assert_eq!(
            g.pick_pupil_with(pupil(5, "Yara"), true, vec![0]),
            Picked::Cleared(Band::Ks2)
        );
    }

    #[test]
    fn the_tablets_own_class_opens_by_name() {
        let mut f = Flow::new(false);
        let mine = f.loaded(Some(aup()), two_classes(), Some(" ash "));
        assert_eq!(mine.map(|c| c.id), Some(2));
        assert_eq!(f.step, Step::Loading, "waits for the names");
    }

    #[test]
    fn without_the_rules_the_tablet_says_so() {
        let mut f = Flow::new(false);
        assert_eq!(f.loaded(None, two_classes(), Some("Oak")), None);
        assert_eq!(f.step, Step::Unavailable);
    }

    #[test]
    fn back_walks_the_statements_then_the_names_then_the_classes() {
        let mut f = Flow::new(false);
        f.loaded(Some(aup()), two_classes(), None);
        f.open_class(f.classes[1].clone());
        f.names_arrived(vec![pupil(5, "Ava")]);
        f.pick_pupil(pupil(5, "Ava"), false);
        f.agree();
        f.agree();
        f.agree();
        assert_eq!(f.step, Step::Sign);
        f.back();
        assert_eq!(f.step, Step::Statement(2), "the last KS2 statement");
        f.back();
        f.back();
        f.back();
        assert_eq!(f.step, Step::Name);
        assert_eq!(f.pupil, None, "back to the names forgets the pupil");
        f.back();
        assert_eq!(f.step, Step::Class);
    }

    #[test]
    fn with_only_the_tablets_class_back_stays_on_the_names() {
        let mut f = Flow::new(false);
        let mine = f.loaded(Some(aup()), vec![class(1, "Oak", Band::Eyfs)], Some("Oak"));
        f.open_class(mine.unwrap());
        f.names_arrived(vec![]);
        f.back();
        assert_eq!(f.step, Step::Name);
    }

    #[test]
    fn not_me_forgets_the_pupil_and_their_mark() {
        let mut f = Flow::new(false);
        f.loaded(Some(aup()), two_classes(), None);
        f.open_class(f.classes[0].clone());
        f.names_arrived(vec![pupil(5, "Ava")]);
        f.pick_pupil(pupil(5, "Ava"), false);
        f.mark = Some(Mark::Initials("AB".into()));
        f.not_me();
        assert_eq!(
            (f.step.clone(), f.pupil.clone(), f.mark.clone()),
            (Step::Name, None, None)
        );
    }

    #[test]
    fn at_the_lessons_check_a_pupil_who_signed_goes_straight_on() {
        let mut f = Flow::new(true);
        f.loaded(Some(aup()), two_classes(), None);
        f.open_class(f.classes[0].clone());
        f.names_arrived(vec![pupil(5, "Ava")]);
        assert_eq!(
            f.pick_pupil(pupil(5, "Ava"), true),
            Picked::Cleared(Band::Ks1)
        );
        assert_eq!(f.step, Step::Name);
        // Outside the check, signing again is allowed.
        let mut f = Flow::new(false);
        f.loaded(Some(aup()), two_classes(), None);
        assert_eq!(f.pick_pupil(pupil(5, "Ava"), true), Picked::Reading);
    }
}
