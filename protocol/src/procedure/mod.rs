//! Guided procedures a DSL follows on a record for a serious incident: the steps in order, each
//! recorded with who and when, and the record not closed until the required steps are in. Each
//! procedure is data (a table of steps and their fields, one file each), read by the server to
//! check what is recorded and by the app to draw the form, so a further procedure is one more
//! table here.
//!
//! The words are Kite's own, from the public guidance each procedure names.

mod misuse;
mod nudes;
mod online_hate;
mod radicalisation;
mod searching;
mod shared;
mod upskirting;

pub use misuse::{misuse_letter, MISUSE};
pub use nudes::NUDES;
pub use online_hate::ONLINE_HATE;
pub use radicalisation::RADICALISATION;
pub use searching::SEARCHING;
pub use upskirting::UPSKIRTING;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::pupil_record::parse_date;
use crate::record::{Agency, MAX_SHORT_CHARS};
use crate::staff::{Category, MAX_NOTE_CHARS};

/// What one field of a step asks for. Every answer travels as text: `yes`/`no`, a date
/// `YYYY-MM-DD`, a choice's key, or the words typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A line of text (a name, a reference).
    Short,
    /// A few sentences (why).
    Long,
    Date,
    /// A question answered yes or no. In a step of questions that force a referral, any `yes`
    /// means referring on.
    YesNo,
    /// A box ticked to confirm: only `yes`.
    Tick,
    /// One of a few answers.
    Choice(&'static [Choice]),
    /// Who a referral went to: one of the referrals' agencies by its key (`police`), or the
    /// words naming someone else, so a referral made in a step reads like any other.
    Agency,
}

/// One answer of a [`FieldKind::Choice`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub key: &'static str,
    pub label: &'static str,
    /// Allowed only when every yes/no question of this step was answered no (handling it in
    /// school, when nothing forces a referral).
    pub only_if_all_no: Option<&'static str>,
}

/// When a field must be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needed {
    Always,
    Optional,
    /// Only when another field of the same step has this answer (the reason for a "no", the
    /// names when an image was viewed).
    When(&'static str, &'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub needed: Needed,
    /// What the form starts with when nothing is recorded yet (an image viewed: no).
    pub default: Option<&'static str>,
}

impl Field {
    pub(crate) const fn or_no(self) -> Field {
        self.starting(Some("no"))
    }

    /// What the form starts with (a referral to the police starts with the police chosen).
    pub(crate) const fn starting(self, default: Option<&'static str>) -> Field {
        Field { default, ..self }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub key: &'static str,
    pub title: &'static str,
    /// What the DSL reads before answering, in plain words.
    pub guidance: &'static str,
    pub fields: &'static [Field],
    /// When this field has this answer, the step is a referral to another agency: the server
    /// adds it to the record's referrals too (from the step's `to`, `on` and `reference`).
    pub makes_referral: Option<(&'static str, &'static str)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Procedure {
    pub key: &'static str,
    pub title: &'static str,
    /// The public guidance it follows.
    pub source: &'static str,
    /// The record's categories that suggest it.
    pub suggested_for: &'static [Category],
    /// In order; every step must be recorded before the record closes.
    pub steps: &'static [Step],
}

pub(crate) const fn field(
    key: &'static str,
    label: &'static str,
    kind: FieldKind,
    needed: Needed,
) -> Field {
    Field {
        key,
        label,
        kind,
        needed,
        default: None,
    }
}

pub(crate) const fn yes_no_question(key: &'static str, label: &'static str) -> Field {
    field(key, label, FieldKind::YesNo, Needed::Always)
}

/// Lists every procedure once, as the full tables and as a light index of titles.
macro_rules! procedures {
    ($($p:ident),+ $(,)?) => {
        /// Every procedure Kite guides. Searching a device comes last: it goes with others,
        /// which a record's category suggests first.
        pub const PROCEDURES: &[Procedure] = &[$($p),+];

        /// Each procedure's title and the categories that suggest it, without its steps: all a
        /// record's page needs to name the one to start, so that page's bundle doesn't carry
        /// every table's guidance.
        const SUGGESTIONS: &[(&str, &[Category])] = &[$(($p.title, $p.suggested_for)),+];
    };
}

procedures!(
    NUDES,
    UPSKIRTING,
    ONLINE_HATE,
    RADICALISATION,
    MISUSE,
    SEARCHING
);

/// The title of the first procedure suggested for a record in this category.
pub fn first_suggested_title(category: Option<Category>) -> Option<&'static str> {
    let category = category?;
    SUGGESTIONS
        .iter()
        .find(|(_, for_categories)| for_categories.contains(&category))
        .map(|(title, _)| *title)
}

pub fn procedure(key: &str) -> Option<&'static Procedure> {
    PROCEDURES.iter().find(|p| p.key == key)
}

/// The answers of one step, field key to value.
pub type Answers = BTreeMap<String, String>;

impl Procedure {
    pub fn step(&self, key: &str) -> Option<&'static Step> {
        self.steps.iter().find(|s| s.key == key)
    }

    /// The procedures suggested for a record in this category.
    pub fn suggested(category: Option<Category>) -> Vec<&'static Procedure> {
        PROCEDURES
            .iter()
            .filter(|p| category.is_some_and(|c| p.suggested_for.contains(&c)))
            .collect()
    }

    /// Checks one step's answers against the table and against the steps already recorded
    /// (`recorded`: each step's newest answers). The answers tidied (trimmed, dates as ISO,
    /// fields not asked for dropped), or what to put right, in plain words.
    pub fn check_step(
        &self,
        step: &Step,
        answers: &Answers,
        recorded: &BTreeMap<String, Answers>,
    ) -> Result<Answers, String> {
        if let Some(key) = answers
            .keys()
            .find(|k| !step.fields.iter().any(|f| f.key == k.as_str()))
        {
            return Err(format!("\"{key}\" is not a question of \"{}\"", step.title));
        }
        let given = |key: &str| answers.get(key).map(|v| v.trim()).filter(|v| !v.is_empty());
        let mut tidy = Answers::new();
        for f in step.fields {
            let needed = match f.needed {
                Needed::Always => true,
                Needed::Optional => false,
                Needed::When(other, value) => given(other) == Some(value),
            };
            let asked = match f.needed {
                Needed::When(other, value) => given(other) == Some(value),
                _ => true,
            };
            let Some(value) = given(f.key).filter(|_| asked) else {
                if needed {
                    return Err(format!("\"{}\" needs an answer", f.label));
                }
                continue;
            };
            let value = match f.kind {
                FieldKind::Short | FieldKind::Long => {
                    let max = if f.kind == FieldKind::Short {
                        MAX_SHORT_CHARS
                    } else {
                        MAX_NOTE_CHARS
                    };
                    if value.chars().count() > max {
                        return Err(format!(
                            "\"{}\" is too long (at most {max} characters)",
                            f.label
                        ));
                    }
                    value.to_string()
                }
                FieldKind::Date => parse_date(value)
                    .ok_or_else(|| format!("\"{}\" should be a date like 2026-11-25", f.label))?,
                FieldKind::YesNo if value == "yes" || value == "no" => value.to_string(),
                FieldKind::YesNo => return Err(format!("\"{}\" is answered yes or no", f.label)),
                FieldKind::Tick if value == "yes" => value.to_string(),
                FieldKind::Tick => {
                    return Err(format!("\"{}\" is confirmed with a tick (yes)", f.label))
                }
                FieldKind::Agency => {
                    if value.chars().count() > MAX_SHORT_CHARS {
                        return Err(format!(
                            "\"{}\" is too long (at most {MAX_SHORT_CHARS} characters)",
                            f.label
                        ));
                    }
                    match agency_of(value) {
                        (agency, None) => agency.as_str().to_string(),
                        (_, Some(words)) => words,
                    }
                }
                FieldKind::Choice(choices) => {
                    let choice = choices.iter().find(|c| c.key == value).ok_or_else(|| {
                        let keys: Vec<_> = choices.iter().map(|c| c.key).collect();
                        format!("\"{}\" is one of {}", f.label, keys.join(", "))
                    })?;
                    if let Some(questions) = choice.only_if_all_no {
                        self.all_no(questions, recorded)
                            .map_err(|why| format!("\"{}\" is not allowed: {why}", choice.label))?;
                    }
                    value.to_string()
                }
            };
            tidy.insert(f.key.to_string(), value);
        }
        Ok(tidy)
    }

    /// Whether every yes/no question of `step` was answered no; if not, why not.
    fn all_no(&self, step: &str, recorded: &BTreeMap<String, Answers>) -> Result<(), String> {
        let Some(questions) = self.step(step) else {
            return Ok(());
        };
        let Some(answers) = recorded.get(step) else {
            return Err(format!("answer \"{}\" first", questions.title));
        };
        let yes: Vec<_> = questions
            .fields
            .iter()
            .filter(|f| {
                f.kind == FieldKind::YesNo && answers.get(f.key).map(String::as_str) == Some("yes")
            })
            .map(|f| f.label)
            .collect();
        if yes.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "a \"yes\" to {} means a referral is required",
                yes.join(" and ")
            ))
        }
    }

    /// What is still missing before the record can close: each step not recorded, or whose
    /// newest answers no longer hold (a later "yes" makes handling it in school not allowed).
    pub fn missing(&self, recorded: &BTreeMap<String, Answers>) -> Vec<String> {
        self.steps
            .iter()
            .filter_map(|step| match recorded.get(step.key) {
                None => Some(step.title.to_string()),
                Some(answers) => self
                    .check_step(step, answers, recorded)
                    .err()
                    .map(|why| format!("{}: {why}", step.title)),
            })
            .collect()
    }
}

/// Which of the referrals' agencies an answer of a [`FieldKind::Agency`] names: its key, or
/// words that are its name ("Police"), or else `Other` with the words.
pub fn agency_of(answer: &str) -> (Agency, Option<String>) {
    let answer = answer.trim();
    let named = Agency::ALL
        .into_iter()
        .filter(|a| *a != Agency::Other)
        .find(|a| {
            a.as_str() == answer
                || a.label().eq_ignore_ascii_case(answer)
                || a.as_str().replace('_', " ").eq_ignore_ascii_case(answer)
        });
    match named {
        Some(agency) => (agency, None),
        None => (Agency::Other, Some(answer.to_string())),
    }
}

/// `POST /staff/reports/{id}/procedures`: start a procedure on a record.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartProcedure {
    /// The procedure's key, e.g. `nudes`.
    pub procedure: String,
}

/// `POST /staff/reports/{id}/procedures/{procedure}/steps`: record one step.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordStep {
    pub step: String,
    /// Field key to answer: `yes`/`no`, a date `YYYY-MM-DD`, a choice's key, or words.
    pub answers: Answers,
}

/// One recording of a step: who, when and what they answered.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordedStep {
    pub id: i64,
    pub step: String,
    pub answers: Answers,
    pub recorded_by: String,
    pub recorded_at_ms: i64,
}

/// A procedure started on a record: every recording of its steps, oldest first (a step
/// recorded again keeps the earlier one; the newest counts), and what is missing.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartedProcedure {
    pub procedure: String,
    pub started_by: String,
    pub started_at_ms: i64,
    pub steps: Vec<RecordedStep>,
    pub missing: Vec<String>,
}

impl StartedProcedure {
    /// Each step's newest answers.
    pub fn latest(&self) -> BTreeMap<String, Answers> {
        latest(self.steps.iter().map(|s| (s.step.as_str(), &s.answers)))
    }
}

/// Each step's newest answers, from recordings oldest first.
pub fn latest<'a>(
    recordings: impl Iterator<Item = (&'a str, &'a Answers)>,
) -> BTreeMap<String, Answers> {
    let mut out = BTreeMap::new();
    for (step, answers) in recordings {
        out.insert(step.to_string(), answers.clone());
    }
    out
}

/// `GET /staff/reports/{id}/procedures`: what is started on a record, and what its category
/// suggests.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordProcedures {
    pub started: Vec<StartedProcedure>,
    /// Keys of procedures the record's category suggests and not yet started.
    pub suggested: Vec<String>,
    pub closed: bool,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Records each step in turn as the server would, each checked against those before it;
    /// the first refusal, or every step's answers.
    pub(crate) fn walk(
        p: &Procedure,
        steps: &[(&str, &[(&str, &str)])],
    ) -> Result<BTreeMap<String, Answers>, String> {
        let mut recorded = BTreeMap::new();
        for (key, given) in steps {
            let step = p.step(key).ok_or(format!("no step {key}"))?;
            let tidy = p.check_step(step, &answers(given), &recorded)?;
            recorded.insert(key.to_string(), tidy);
        }
        Ok(recorded)
    }

    /// Whether recording this step (after `before`) would add a referral to the record.
    pub(crate) fn refers(p: &Procedure, step: &str, answers: &Answers) -> bool {
        p.step(step)
            .and_then(|s| s.makes_referral)
            .is_some_and(|(field, value)| answers.get(field).map(String::as_str) == Some(value))
    }

    #[test]
    fn the_title_a_record_suggests_is_its_first_suggested_procedures() {
        for category in Category::ALL {
            assert_eq!(
                first_suggested_title(Some(category)),
                Procedure::suggested(Some(category))
                    .first()
                    .map(|p| p.title),
                "{category:?}"
            );
        }
        assert_eq!(
            first_suggested_title(Some(Category::Ypsi)),
            Some(NUDES.title)
        );
        assert_eq!(first_suggested_title(None), None);
    }

    #[test]
    fn every_step_and_field_key_is_unique_and_conditions_name_a_field_of_their_step() {
        let mut keys: Vec<_> = PROCEDURES.iter().map(|p| p.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), PROCEDURES.len());
        for p in PROCEDURES {
            let mut steps: Vec<_> = p.steps.iter().map(|s| s.key).collect();
            steps.sort();
            steps.dedup();
            assert_eq!(steps.len(), p.steps.len(), "{}", p.key);
            assert!(!p.suggested_for.is_empty(), "{}", p.key);
            for s in p.steps {
                for f in s.fields {
                    assert_eq!(s.fields.iter().filter(|g| g.key == f.key).count(), 1);
                    if let Needed::When(other, _) = f.needed {
                        assert!(s.fields.iter().any(|g| g.key == other), "{}", f.key);
                    }
                    if let FieldKind::Choice(choices) = f.kind {
                        for c in choices.iter().filter_map(|c| c.only_if_all_no) {
                            let questions = p.step(c).expect("names a step");
                            assert!(questions.fields.iter().any(|q| q.kind == FieldKind::YesNo));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_referral_step_asks_who_and_when_as_the_record_s_referrals_do() {
        for p in PROCEDURES {
            for s in p.steps {
                let Some((trigger, value)) = s.makes_referral else {
                    continue;
                };
                let kind = |k: &str| s.fields.iter().find(|f| f.key == k).map(|f| f.kind);
                assert!(kind(trigger).is_some(), "{} {}", p.key, s.key);
                assert_eq!(kind("to"), Some(FieldKind::Agency), "{} {}", p.key, s.key);
                assert_eq!(kind("on"), Some(FieldKind::Date), "{} {}", p.key, s.key);
                for key in ["to", "on"] {
                    let f = s.fields.iter().find(|f| f.key == key).unwrap();
                    assert!(
                        f.needed == Needed::Always || f.needed == Needed::When(trigger, value),
                        "{} {} asks {key} whenever it refers",
                        p.key,
                        s.key
                    );
                }
            }
        }
    }

    #[test]
    fn an_agency_is_its_key_or_its_name_and_anyone_else_is_other_with_the_words() {
        assert_eq!(agency_of("prevent"), (Agency::Prevent, None));
        assert_eq!(agency_of(" Police "), (Agency::Police, None));
        assert_eq!(agency_of("social care"), (Agency::SocialCare, None));
        assert_eq!(
            agency_of("Children's social care, front door"),
            (
                Agency::Other,
                Some("Children's social care, front door".into())
            )
        );
        assert_eq!(agency_of("other"), (Agency::Other, Some("other".into())));
    }

    #[test]
    fn missing_lists_every_unrecorded_step_in_order() {
        for p in PROCEDURES {
            let missing = p.missing(&BTreeMap::new());
            assert_eq!(missing.len(), p.steps.len());
            assert_eq!(missing[0], p.steps[0].title);
        }
    }

    #[test]
    fn each_category_that_has_a_procedure_suggests_it() {
        let keys = |c| -> Vec<_> {
            Procedure::suggested(Some(c))
                .iter()
                .map(|p| p.key)
                .collect()
        };
        assert_eq!(keys(Category::Ypsi), ["nudes", "searching"]);
        assert_eq!(keys(Category::Upskirting), ["upskirting", "searching"]);
        assert_eq!(keys(Category::OnlineHate), ["online_hate"]);
        assert_eq!(keys(Category::RadicalisationExtremism), ["radicalisation"]);
        assert_eq!(keys(Category::Misuse), ["misuse", "searching"]);
        assert!(keys(Category::Commerce).is_empty());
        assert!(Procedure::suggested(None).is_empty());
    }
}
