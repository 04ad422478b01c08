//! Guided procedures a DSL follows on a record for a serious incident: the steps in order, each
//! recorded with who and when, and the record not closed until the required steps are in. Each
//! procedure is data (a table of steps and their fields), read by the server to check what is
//! recorded and by the app to draw the form, so a further procedure is one more table here.
//!
//! The words are Kite's own, from the public guidance each procedure names.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::pupil_record::parse_date;
use crate::record::MAX_SHORT_CHARS;
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
    const fn or_no(self) -> Field {
        Field {
            default: Some("no"),
            ..self
        }
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
    /// The record's category that suggests it.
    pub suggested_for: Category,
    /// In order; every step must be recorded before the record closes.
    pub steps: &'static [Step],
}

const fn field(key: &'static str, label: &'static str, kind: FieldKind, needed: Needed) -> Field {
    Field {
        key,
        label,
        kind,
        needed,
        default: None,
    }
}

const fn yes_no_question(key: &'static str, label: &'static str) -> Field {
    field(key, label, FieldKind::YesNo, Needed::Always)
}

/// The step whose "yes" answers force a referral, in the nudes procedure.
const IMMEDIATE_REFERRAL: &str = "immediate_referral";

/// Nudes and semi-nudes shared by or about children (UKCIS 2024).
pub const NUDES: Procedure = Procedure {
    key: "nudes",
    title: "Nudes and semi-nudes",
    source: "UKCIS, Sharing nudes and semi-nudes: advice for education settings (2024)",
    suggested_for: Category::Ypsi,
    steps: &[
        Step {
            key: "first_steps",
            title: "What the adult who found it was told",
            makes_referral: None,
            guidance: "Never view, copy, print, share or save the image, not even to show the \
                DSL. Do not ask the child to show it or send it. Secure the device: switched \
                off, locked away, and passed to the DSL. Write down what the child said, in \
                their words.",
            fields: &[
                field(
                    "told",
                    "The adult was told this, and the device is switched off and secured",
                    FieldKind::Tick,
                    Needed::Always,
                ),
                field(
                    "device_where",
                    "Where the device is now",
                    FieldKind::Short,
                    Needed::Optional,
                ),
            ],
        },
        Step {
            key: "review_meeting",
            title: "Initial review meeting",
            makes_referral: None,
            guidance: "The DSL meets the staff who know about it as soon as possible, to decide \
                whether to refer now or handle it in school. Talk to the children involved only \
                if it helps, and never in a way that makes them feel to blame.",
            fields: &[
                field("who", "Who took part", FieldKind::Short, Needed::Always),
                field("on", "When", FieldKind::Date, Needed::Always),
            ],
        },
        Step {
            key: IMMEDIATE_REFERRAL,
            title: "Questions that mean an immediate referral",
            makes_referral: None,
            guidance: "Answer each one. Any \"yes\" means a referral to the police or \
                children's social care is required now. In a primary school a child under 13 is \
                nearly always involved.",
            fields: &[
                yes_no_question("adult", "Is an adult involved?"),
                yes_no_question(
                    "coercion",
                    "Is there coercion, blackmail or grooming (including sextortion)?",
                ),
                yes_no_question(
                    "capacity",
                    "Is there a concern about a child's capacity to consent?",
                ),
                yes_no_question(
                    "unusual",
                    "Are the acts unusual for the child's age, or violent?",
                ),
                yes_no_question("under_13", "Is any child in the images under 13?"),
                yes_no_question("risk", "Is any child at immediate risk of harm?"),
            ],
        },
        Step {
            key: "referral",
            title: "Referral, or handling it in school",
            makes_referral: Some(("route", "referred")),
            guidance: "Refer to the police or children's social care when any answer above is \
                \"yes\", or when the DSL thinks it right. Handling it in school is only allowed \
                when every answer is \"no\": say why.",
            fields: &[
                field(
                    "route",
                    "What was decided",
                    FieldKind::Choice(&[
                        Choice {
                            key: "referred",
                            label: "Referred to the police or children's social care",
                            only_if_all_no: None,
                        },
                        Choice {
                            key: "in_school",
                            label: "Handled in school",
                            only_if_all_no: Some(IMMEDIATE_REFERRAL),
                        },
                    ]),
                    Needed::Always,
                ),
                field(
                    "to",
                    "Referred to",
                    FieldKind::Short,
                    Needed::When("route", "referred"),
                ),
                field(
                    "on",
                    "Referred on",
                    FieldKind::Date,
                    Needed::When("route", "referred"),
                ),
                field(
                    "reference",
                    "Their reference",
                    FieldKind::Short,
                    Needed::Optional,
                ),
                field(
                    "why_in_school",
                    "Why it is handled in school",
                    FieldKind::Long,
                    Needed::When("route", "in_school"),
                ),
            ],
        },
        Step {
            key: "parents",
            title: "Parents told",
            makes_referral: None,
            guidance: "Tell the parents or carers unless that would put a child at risk; the \
                police or social care may ask you to wait. If they were not told, say why.",
            fields: &[
                field(
                    "told",
                    "Parents were told",
                    FieldKind::YesNo,
                    Needed::Always,
                ),
                field("on", "When", FieldKind::Date, Needed::When("told", "yes")),
                field(
                    "why_not",
                    "Why not",
                    FieldKind::Long,
                    Needed::When("told", "no"),
                ),
            ],
        },
        Step {
            key: "image_viewed",
            title: "Whether an image was viewed",
            makes_referral: None,
            guidance: "Nobody should view the image. Only in the exceptional cases the \
                guidance allows (when there is no other way to decide what to do), with the \
                head teacher's agreement and a second adult present, and it is recorded here.",
            fields: &[
                field(
                    "viewed",
                    "An image was viewed",
                    FieldKind::YesNo,
                    Needed::Always,
                )
                .or_no(),
                field(
                    "head_agreed",
                    "The head teacher agreed beforehand",
                    FieldKind::Tick,
                    Needed::When("viewed", "yes"),
                ),
                field(
                    "viewed_by",
                    "Who viewed it",
                    FieldKind::Short,
                    Needed::When("viewed", "yes"),
                ),
                field(
                    "second_person",
                    "The second adult present",
                    FieldKind::Short,
                    Needed::When("viewed", "yes"),
                ),
                field(
                    "why",
                    "Why it had to be viewed",
                    FieldKind::Long,
                    Needed::When("viewed", "yes"),
                ),
            ],
        },
        Step {
            key: "deletion",
            title: "Deletion confirmed",
            makes_referral: None,
            guidance: "Unless the police have the device, the children delete the images from \
                their devices and any accounts or clouds, and the DSL confirms it.",
            fields: &[
                field(
                    "confirmed",
                    "Deletion was confirmed",
                    FieldKind::Tick,
                    Needed::Always,
                ),
                field("how", "How", FieldKind::Short, Needed::Optional),
            ],
        },
        Step {
            key: "covered",
            title: "Sextortion and AI-generated images",
            makes_referral: None,
            guidance: "This procedure covers sextortion (a child threatened or blackmailed, \
                often for money, over an image) and images made or changed with AI or other \
                tools: treat them the same way, and never tell a child to pay.",
            fields: &[field(
                "considered",
                "Sextortion and AI-generated images were considered",
                FieldKind::Tick,
                Needed::Always,
            )],
        },
        Step {
            key: "report_remove",
            title: "Report Remove",
            makes_referral: None,
            guidance: "Where it fits, help the child use Report Remove (Childline and the IWF) \
                to have the image taken down from the internet.",
            fields: &[
                field(
                    "offered",
                    "Report Remove was offered",
                    FieldKind::YesNo,
                    Needed::Always,
                ),
                field(
                    "why_not",
                    "Why it does not fit",
                    FieldKind::Long,
                    Needed::When("offered", "no"),
                ),
            ],
        },
    ],
};

/// Every procedure Kite guides.
pub const PROCEDURES: &[Procedure] = &[NUDES];

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
            .filter(|p| Some(p.suggested_for) == category)
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
                "a \"yes\" to {} means a referral to the police or children's social care is required",
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
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn all(value: &str) -> Answers {
        let step = NUDES.step(IMMEDIATE_REFERRAL).unwrap();
        step.fields
            .iter()
            .map(|f| (f.key.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn every_step_and_field_key_is_unique_and_conditions_name_a_field_of_their_step() {
        for p in PROCEDURES {
            let mut steps: Vec<_> = p.steps.iter().map(|s| s.key).collect();
            steps.dedup();
            assert_eq!(steps.len(), p.steps.len(), "{}", p.key);
            for s in p.steps {
                for f in s.fields {
                    assert_eq!(s.fields.iter().filter(|g| g.key == f.key).count(), 1);
                    if let Needed::When(other, _) = f.needed {
                        assert!(s.fields.iter().any(|g| g.key == other), "{}", f.key);
                    }
                }
            }
        }
    }

    #[test]
    fn handling_in_school_needs_every_question_answered_no() {
        let step = NUDES.step("referral").unwrap();
        let in_school = answers(&[("route", "in_school"), ("why_in_school", "Two Y6 friends")]);
        let mut recorded = BTreeMap::new();
        let err = NUDES.check_step(step, &in_school, &recorded).unwrap_err();
        assert!(err.contains("first"), "{err}");
        recorded.insert(IMMEDIATE_REFERRAL.to_string(), all("no"));
        assert!(NUDES.check_step(step, &in_school, &recorded).is_ok());
        let mut one_yes = all("no");
        one_yes.insert("under_13".into(), "yes".into());
        recorded.insert(IMMEDIATE_REFERRAL.to_string(), one_yes);
        let err = NUDES.check_step(step, &in_school, &recorded).unwrap_err();
        assert!(
            err.contains("under 13") && err.contains("required"),
            "{err}"
        );
    }

    #[test]
    fn a_condition_asks_for_its_fields_only_when_it_holds() {
        let step = NUDES.step("image_viewed").unwrap();
        let none = BTreeMap::new();
        let no = NUDES
            .check_step(
                step,
                &answers(&[("viewed", "no"), ("why", "ignored")]),
                &none,
            )
            .unwrap();
        assert_eq!(
            no,
            answers(&[("viewed", "no")]),
            "unasked answers are dropped"
        );
        let err = NUDES
            .check_step(
                step,
                &answers(&[("viewed", "yes"), ("viewed_by", "Ms Head")]),
                &none,
            )
            .unwrap_err();
        assert!(err.contains("head teacher"), "{err}");
    }

    #[test]
    fn missing_lists_every_unrecorded_step_in_order() {
        let missing = NUDES.missing(&BTreeMap::new());
        assert_eq!(missing.len(), NUDES.steps.len());
        assert_eq!(missing[0], NUDES.steps[0].title);
    }
}
