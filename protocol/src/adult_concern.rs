//! A concern about an adult in school (`/api/v1/staff/adult-concerns`): any adult logs one; it
//! goes to the head, or to the chair of governors when it is about the head, and to nobody else.
//! The head records the LADO consulted, decisions with their reasons and the outcome. A low-level
//! concern (behaviour that isn't right but doesn't meet the harm threshold) is recorded the same
//! way, marked low-level, so the head can see a pattern for one adult over time.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{optional_text, required_text};
use crate::ValidationError;

/// What happened, the advice, a decision's reasons: each at most this many characters.
pub const MAX_ADULT_TEXT_CHARS: usize = 4000;
/// A name, a role, a place.
pub const MAX_ADULT_SHORT_CHARS: usize = 200;

/// How serious the writer thinks it is.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdultConcernLevel {
    /// The adult may have harmed a child, or may pose a risk to children: the LADO is consulted
    /// within one working day.
    Harm,
    /// Not right for an adult working with children, but not harm: recorded so a pattern shows.
    LowLevel,
}

impl AdultConcernLevel {
    pub const ALL: [AdultConcernLevel; 2] = [AdultConcernLevel::Harm, AdultConcernLevel::LowLevel];

    pub fn as_str(self) -> &'static str {
        match self {
            AdultConcernLevel::Harm => "harm",
            AdultConcernLevel::LowLevel => "low_level",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AdultConcernLevel::Harm => "May have harmed a child",
            AdultConcernLevel::LowLevel => "Low-level",
        }
    }
}

/// `POST /api/v1/staff/adult-concerns`. `id` is made on the device, so sending again after a
/// lost connection never makes a second record.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAdultConcern {
    pub id: Uuid,
    pub level: AdultConcernLevel,
    /// It is about the head teacher: it goes to the chair of governors instead.
    pub about_head: bool,
    /// The adult's name.
    pub about_name: String,
    /// Their job or part in school (teacher, volunteer, supply, contractor, visitor…).
    pub about_role: String,
    /// When it happened, if earlier than now.
    #[serde(default)]
    pub happened_at_ms: Option<i64>,
    #[serde(default)]
    pub place: Option<String>,
    /// What happened: facts, in the writer's words.
    pub what_happened: String,
    /// Someone without a Kite sign-in (a visitor, a parent helper) who told the writer.
    #[serde(default)]
    pub told_by: Option<String>,
    /// What the writer did already.
    #[serde(default)]
    pub action_taken: Option<String>,
}

impl NewAdultConcern {
    pub fn validate(&self, now_ms: i64) -> Result<(), ValidationError> {
        if self.about_name.trim().is_empty() {
            return Err(ValidationError::new(
                "about_name",
                "say who it is about: their name",
            ));
        }
        required_text("about_name", &self.about_name, MAX_ADULT_SHORT_CHARS)?;
        if self.about_role.trim().is_empty() {
            return Err(ValidationError::new(
                "about_role",
                "say what they do in school (teacher, volunteer, visitor…)",
            ));
        }
        required_text("about_role", &self.about_role, MAX_ADULT_SHORT_CHARS)?;
        if let Some(at) = self.happened_at_ms {
            if at > now_ms + 60_000 {
                return Err(ValidationError::new(
                    "happened_at_ms",
                    "is in the future; say when it happened",
                ));
            }
            if at < 0 {
                return Err(ValidationError::new("happened_at_ms", "is before 1970"));
            }
        }
        optional_text("place", &self.place, MAX_ADULT_SHORT_CHARS)?;
        if self.what_happened.trim().is_empty() {
            return Err(ValidationError::new(
                "what_happened",
                "say what happened: what you saw or heard",
            ));
        }
        required_text("what_happened", &self.what_happened, MAX_ADULT_TEXT_CHARS)?;
        optional_text("told_by", &self.told_by, MAX_ADULT_SHORT_CHARS)?;
        optional_text("action_taken", &self.action_taken, MAX_ADULT_TEXT_CHARS)?;
        Ok(())
    }
}

/// Who reads a concern about an adult.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdultConcernReader {
    Head,
    ChairOfGovernors,
}

/// What the writer gets back: that it arrived and who has it, never the record.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdultConcernReceipt {
    pub reference: String,
    pub received_at_ms: i64,
    pub goes_to: AdultConcernReader,
    /// No account is flagged as the head's (or the chair's) yet: the writer must tell them in
    /// person, since nobody can read it in Kite until one is.
    pub reader_named: bool,
}

/// The concern as stored: what was sent, and who wrote it as they were then.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredAdultConcern {
    pub concern: NewAdultConcern,
    /// "Name, role".
    pub written_by: String,
}

/// One thing the head (or chair) records on a concern.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AdultConcernStep {
    /// The LADO was consulted: the day, who was spoken to, and their advice.
    Lado {
        consulted_on: String,
        lado: String,
        advice: String,
    },
    /// A decision and why.
    Decision { decision: String, reason: String },
    /// The outcome, which closes the concern. A concern that may have harmed a child closes only
    /// after the LADO was consulted or with the reason it did not meet the threshold for that.
    Closed {
        outcome: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        below_threshold: Option<String>,
    },
}

impl AdultConcernStep {
    pub fn key(&self) -> &'static str {
        match self {
            AdultConcernStep::Lado { .. } => "lado",
            AdultConcernStep::Decision { .. } => "decision",
            AdultConcernStep::Closed { .. } => "closed",
        }
    }

    /// Checks the boxes; the server checks the day and the closing rule.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let said = |field, text: &str, max| {
            if text.trim().is_empty() {
                Err(ValidationError::new(field, "is empty"))
            } else {
                required_text(field, text, max)
            }
        };
        match self {
            AdultConcernStep::Lado {
                consulted_on,
                lado,
                advice,
            } => {
                said("consulted_on", consulted_on, MAX_ADULT_SHORT_CHARS)?;
                said("lado", lado, MAX_ADULT_SHORT_CHARS)?;
                said("advice", advice, MAX_ADULT_TEXT_CHARS)
            }
            AdultConcernStep::Decision { decision, reason } => {
                said("decision", decision, MAX_ADULT_TEXT_CHARS)?;
                said("reason", reason, MAX_ADULT_TEXT_CHARS)
            }
            AdultConcernStep::Closed {
                outcome,
                below_threshold,
            } => {
                said("outcome", outcome, MAX_ADULT_TEXT_CHARS)?;
                optional_text("below_threshold", below_threshold, MAX_ADULT_TEXT_CHARS)
            }
        }
    }
}

/// A step as recorded: who and when.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordedAdultStep {
    pub step: AdultConcernStep,
    pub by: String,
    pub at_ms: i64,
}

/// One line of the head's list.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdultConcernLine {
    pub id: Uuid,
    pub reference: String,
    pub level: AdultConcernLevel,
    pub about_name: String,
    pub about_role: String,
    pub about_head: bool,
    pub received_at_ms: i64,
    /// When the LADO should have been consulted by: one working day after it arrived. `None`
    /// for a low-level concern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lado_due_ms: Option<i64>,
    pub lado_consulted: bool,
    /// Open, the LADO not consulted, and past `lado_due_ms`.
    pub lado_overdue: bool,
    pub closed: bool,
}

/// One adult's concerns over time, so a pattern of low-level concerns shows.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdultPattern {
    pub about_name: String,
    pub low_level: u32,
    pub harm: u32,
    pub first_ms: i64,
    pub last_ms: i64,
}

/// `GET /api/v1/staff/adult-concerns`: the concerns that go to the reader, newest first, and the
/// adults they are about.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdultConcernList {
    pub reader: AdultConcernReader,
    pub concerns: Vec<AdultConcernLine>,
    /// Adults with more than one concern, most first.
    pub patterns: Vec<AdultPattern>,
}

/// `GET /api/v1/staff/adult-concerns/{id}`: the whole record.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdultConcernRecord {
    pub line: AdultConcernLine,
    pub stored: StoredAdultConcern,
    pub happened_at_ms: i64,
    pub steps: Vec<RecordedAdultStep>,
}

/// `GET /api/v1/staff/adult-concerns/summary`: for the head's (or chair's) home.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeadSummary {
    pub reader: AdultConcernReader,
    pub open: u32,
    pub lado_overdue: u32,
    /// The head is the senior leader for filtering: the yearly review's status. `None` for the
    /// chair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filtering_review: Option<crate::filtering::ReviewStatus>,
}

/// A validation error as the writer should read it.
pub fn message(err: &ValidationError) -> String {
    let label = match err.field {
        "about_name" => "Their name",
        "about_role" => "What they do in school",
        "happened_at_ms" => "When it happened",
        "place" => "Where",
        "what_happened" => "What happened",
        "told_by" => "Who told you",
        "action_taken" => "What you did",
        "consulted_on" => "The day the LADO was consulted",
        "lado" => "Who you spoke to",
        "advice" => "Their advice",
        "decision" => "The decision",
        "reason" => "Why",
        "outcome" => "The outcome",
        "below_threshold" => "Why it did not need the LADO",
        other => other,
    };
    if err.problem.starts_with("is ") || err.problem.starts_with("contains ") {
        format!("{label} {}", err.problem)
    } else {
        let mut p = err.problem.clone();
        if let Some(first) = p.get(0..1) {
            p.replace_range(0..1, &first.to_uppercase());
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concern() -> NewAdultConcern {
        NewAdultConcern {
            id: Uuid::nil(),
            level: AdultConcernLevel::LowLevel,
            about_head: false,
            about_name: "Sam Jones".into(),
            about_role: "Teaching assistant".into(),
            happened_at_ms: None,
            place: None,
            what_happened: "Shared a personal phone number with a pupil.".into(),
            told_by: None,
            action_taken: None,
        }
    }

    #[test]
    fn a_concern_names_the_adult_and_what_happened() {
        assert!(concern().validate(0).is_ok());
        let mut c = concern();
        c.about_name = " ".into();
        assert_eq!(c.validate(0).unwrap_err().field, "about_name");
        let mut c = concern();
        c.what_happened = String::new();
        assert_eq!(c.validate(0).unwrap_err().field, "what_happened");
        let mut c = concern();
        c.happened_at_ms = Some(10 * 60_000);
        assert_eq!(c.validate(0).unwrap_err().field, "happened_at_ms");
    }

    #[test]
    fn a_step_needs_its_reasons() {
        let decision = AdultConcernStep::Decision {
            decision: "Spoke to them".into(),
            reason: "".into(),
        };
        assert_eq!(decision.validate().unwrap_err().field, "reason");
        let lado = AdultConcernStep::Lado {
            consulted_on: "2026-11-25".into(),
            lado: "A. Patel".into(),
            advice: "Handle in school".into(),
        };
        assert!(lado.validate().is_ok());
        assert_eq!(message(&decision.validate().unwrap_err()), "Why is empty");
    }
}
