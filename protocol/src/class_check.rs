//! A class's "I can" check: at the end of a lesson on the whiteboard the class answers each of the
//! lesson's outcomes together, with one answer for the whole class. It says which lesson, which
//! outcome, which class and when; never anything about a pupil, and never a score. Kept per class,
//! so the teacher's knowledge map can say what was understood and what to teach again.

use serde::{Deserialize, Serialize};

use crate::lesson_record::{check_class_label, check_lesson_id, trimmed_class};
use crate::ValidationError;

/// No lesson has more "I can" statements than this; an index past it is a mistake.
pub const MAX_OUTCOMES: u8 = 12;

/// How the class feels about one "I can" statement.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClassAnswer {
    /// Thumbs up: we can do this.
    ThumbsUp,
    /// Wobbly: we can, a bit.
    Wobbly,
    /// Not yet: we need more time on this.
    NotYet,
}

impl ClassAnswer {
    pub const ALL: [ClassAnswer; 3] = [
        ClassAnswer::ThumbsUp,
        ClassAnswer::Wobbly,
        ClassAnswer::NotYet,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClassAnswer::ThumbsUp => "thumbs_up",
            ClassAnswer::Wobbly => "wobbly",
            ClassAnswer::NotYet => "not_yet",
        }
    }

    /// The inverse of [`ClassAnswer::as_str`], for stores that keep the answer as text.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// What the whiteboard sends (sealed, through the outbox) for one outcome answered.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClassCheck {
    /// The lesson's id from the curriculum.
    pub lesson_id: String,
    /// Which of the lesson's "I can" statements, counting from 0.
    pub outcome: u8,
    pub answer: ClassAnswer,
    /// The class as the whiteboard names it.
    #[serde(default)]
    pub class_label: Option<String>,
    /// The class's id from the school's class list; the server keeps the check under that
    /// class's name, whatever the label says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<i64>,
    /// When the class answered, by the device's clock (unix milliseconds).
    pub answered_at_ms: i64,
}

impl ClassCheck {
    pub fn validate(&self) -> Result<(), ValidationError> {
        check_lesson_id(&self.lesson_id)?;
        if self.outcome >= MAX_OUTCOMES {
            return Err(ValidationError::new(
                "outcome",
                format!("is the number of an \"I can\" statement, below {MAX_OUTCOMES}"),
            ));
        }
        match &self.class_label {
            Some(label) => check_class_label(label)?,
            None if self.class_id.is_none() => {
                return Err(ValidationError::new(
                    "class_label",
                    "is needed: say which class answered",
                ))
            }
            None => {}
        }
        if self.answered_at_ms < 0 {
            return Err(ValidationError::new("answered_at_ms", "is before 1970"));
        }
        Ok(())
    }

    /// The class label as stored and matched: trimmed, `None` when blank.
    pub fn class(&self) -> Option<&str> {
        trimmed_class(self.class_label.as_deref())
    }
}

/// The class's latest answer to one outcome, as `GET /api/v1/device/coverage` gives it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LatestCheck {
    pub lesson_id: String,
    pub outcome: u8,
    pub answer: ClassAnswer,
    pub answered_at_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check() -> ClassCheck {
        ClassCheck {
            lesson_id: "kind-online".into(),
            outcome: 1,
            answer: ClassAnswer::Wobbly,
            class_label: Some("Oak".into()),
            class_id: None,
            answered_at_ms: 1_764_000_000_000,
        }
    }

    #[test]
    fn a_check_with_a_class_is_valid_by_label_or_by_id() {
        assert_eq!(check().validate(), Ok(()));
        let mut c = check();
        c.class_label = None;
        c.class_id = Some(3);
        assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn a_check_must_say_which_class() {
        let mut c = check();
        c.class_label = None;
        assert_eq!(c.validate().unwrap_err().field, "class_label");
        c.class_label = Some("  ".into());
        assert_eq!(c.validate().unwrap_err().field, "class_label");
        c.class_label = Some("Oak\nAsh".into());
        assert_eq!(c.validate().unwrap_err().field, "class_label");
    }

    #[test]
    fn bad_lesson_ids_outcomes_and_times_are_named() {
        let mut c = check();
        c.lesson_id = "Kind Online".into();
        assert_eq!(c.validate().unwrap_err().field, "lesson_id");
        let mut c = check();
        c.outcome = MAX_OUTCOMES;
        assert_eq!(c.validate().unwrap_err().field, "outcome");
        let mut c = check();
        c.answered_at_ms = -1;
        assert_eq!(c.validate().unwrap_err().field, "answered_at_ms");
    }

    #[test]
    fn the_wire_format_is_snake_case_and_names_no_pupil() {
        let json = serde_json::to_string(&check()).unwrap();
        assert!(json.contains(r#""answer":"wobbly""#), "{json}");
        let mut value = serde_json::to_value(check()).unwrap();
        value["first_name"] = "Ava".into();
        assert!(serde_json::from_value::<ClassCheck>(value).is_err());
        for a in ClassAnswer::ALL {
            assert_eq!(ClassAnswer::parse(a.as_str()), Some(a));
        }
        assert_eq!(ClassAnswer::parse("7/10"), None);
    }
}
