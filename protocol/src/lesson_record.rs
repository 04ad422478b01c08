//! A lesson done: a pupil finished it on a tablet, or a teacher taught it to a class. These make
//! the school's lesson-coverage register. They say which lesson, for which class and band, and
//! when: never which pupil (pupils don't log in, and the register is about classes).

use serde::{Deserialize, Serialize};

use crate::limits::{MAX_CLASS_LABEL_CHARS, MAX_LESSON_ID_CHARS};
use crate::validate::required_text;
use crate::{Band, ValidationError};

/// Who finished the lesson.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaughtBy {
    /// A pupil worked through it on a kiosk tablet.
    Pupil,
    /// A teacher presented it to the class on the whiteboard.
    Teacher,
}

impl TaughtBy {
    pub fn as_str(self) -> &'static str {
        match self {
            TaughtBy::Pupil => "pupil",
            TaughtBy::Teacher => "teacher",
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LessonRecord {
    /// The lesson's id from the curriculum, e.g. `kind-words`.
    pub lesson_id: String,
    pub band: Band,
    /// The class as the tablet or teacher names it, e.g. "Oak – Year 2". A pupil's tablet may not
    /// have one yet; a teacher's record always does (it is what the register is kept by).
    #[serde(default)]
    pub class_label: Option<String>,
    /// The class's id from the school's class list, as the tablet was set up with. The server
    /// records the lesson for that class (by its name in the list), whatever the label says; a
    /// tablet set up before classes were chosen from the list sends only a label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_id: Option<i64>,
    pub by: TaughtBy,
    /// When it was finished, by the device's clock (unix milliseconds).
    pub completed_at_ms: i64,
}

/// Lowercase ASCII letters, digits and single inner hyphens: the curriculum's id rule.
fn is_lesson_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The lesson id rule, with the field named for the error.
pub(crate) fn check_lesson_id(id: &str) -> Result<(), ValidationError> {
    if id.chars().count() > MAX_LESSON_ID_CHARS {
        return Err(ValidationError::new(
            "lesson_id",
            format!("is longer than {MAX_LESSON_ID_CHARS} characters"),
        ));
    }
    if !is_lesson_id(id) {
        return Err(ValidationError::new(
            "lesson_id",
            "must be lowercase letters, digits and single hyphens",
        ));
    }
    Ok(())
}

/// A class's name as a device sends it: bounded, one line.
pub(crate) fn check_class_label(label: &str) -> Result<(), ValidationError> {
    required_text("class_label", label, MAX_CLASS_LABEL_CHARS)?;
    if label.contains(['\n', '\r', '\t']) {
        return Err(ValidationError::new("class_label", "must be one line"));
    }
    Ok(())
}

/// Trimmed, `None` when blank: how a class label is stored and matched.
pub(crate) fn trimmed_class(label: Option<&str>) -> Option<&str> {
    label.map(str::trim).filter(|s| !s.is_empty())
}

impl LessonRecord {
    pub fn validate(&self) -> Result<(), ValidationError> {
        check_lesson_id(&self.lesson_id)?;
        match (&self.class_label, self.by) {
            (Some(label), _) => check_class_label(label)?,
            (None, TaughtBy::Teacher) if self.class_id.is_none() => {
                return Err(ValidationError::new(
                    "class_label",
                    "is needed when a teacher records a lesson",
                ))
            }
            (None, _) => {}
        }
        if self.completed_at_ms < 0 {
            return Err(ValidationError::new("completed_at_ms", "is before 1970"));
        }
        Ok(())
    }

    /// The class label as stored and matched: trimmed, `None` when blank.
    pub fn class(&self) -> Option<&str> {
        trimmed_class(self.class_label.as_deref())
    }
}

/// Answer to `GET /api/v1/device/coverage?class=LABEL`: what was recorded for one class.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassCoverage {
    /// The class as asked for (trimmed).
    pub class_label: String,
    /// One row per lesson recorded for the class, most recent first.
    pub lessons: Vec<LessonCoverage>,
    /// The class's latest "I can" answer for each lesson outcome it was asked about (see
    /// [`crate::class_check`]); older answers are kept on the server but not sent.
    #[serde(default)]
    pub checks: Vec<crate::class_check::LatestCheck>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LessonCoverage {
    pub lesson_id: String,
    pub band: Band,
    /// How many records there are for it (pupils finishing it, teachers marking it taught).
    pub times: u32,
    /// Whether a teacher marked it as taught to the whole class.
    pub taught_by_teacher: bool,
    /// The most recent `completed_at_ms`.
    pub latest_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> LessonRecord {
        LessonRecord {
            lesson_id: "kind-words".into(),
            band: Band::Eyfs,
            class_label: Some("Oak – Year 2".into()),
            class_id: None,
            by: TaughtBy::Teacher,
            completed_at_ms: 1_764_000_000_000,
        }
    }

    #[test]
    fn a_teacher_record_with_a_class_is_valid() {
        assert_eq!(record().validate(), Ok(()));
    }

    #[test]
    fn a_pupil_record_may_have_no_class() {
        let mut r = record();
        r.by = TaughtBy::Pupil;
        r.class_label = None;
        assert_eq!(r.validate(), Ok(()));
        assert_eq!(r.class(), None);
    }

    #[test]
    fn a_teacher_record_needs_a_class() {
        let mut r = record();
        r.class_label = None;
        assert_eq!(r.validate().unwrap_err().field, "class_label");
        r.class_label = Some("   ".into());
        assert_eq!(r.validate().unwrap_err().field, "class_label");
    }

    #[test]
    fn a_teacher_record_may_name_its_class_by_id_alone() {
        let mut r = record();
        r.class_label = None;
        r.class_id = Some(7);
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn lesson_ids_follow_the_curriculum_rule() {
        for bad in [
            "",
            "Kind-Words",
            "kind words",
            "-kind",
            "kind--words",
            "kind_words",
        ] {
            let mut r = record();
            r.lesson_id = bad.into();
            assert_eq!(r.validate().unwrap_err().field, "lesson_id", "{bad:?}");
        }
        let mut r = record();
        r.lesson_id = "a".repeat(MAX_LESSON_ID_CHARS + 1);
        assert!(r.validate().unwrap_err().problem.contains("longer"));
    }

    #[test]
    fn class_labels_are_bounded_one_line_text() {
        let mut r = record();
        r.class_label = Some("x".repeat(MAX_CLASS_LABEL_CHARS + 1));
        assert!(r.validate().unwrap_err().problem.contains("the most is"));
        r.class_label = Some("Oak\nYear 2".into());
        assert_eq!(r.validate().unwrap_err().field, "class_label");
    }

    #[test]
    fn times_before_1970_are_refused() {
        let mut r = record();
        r.completed_at_ms = -1;
        assert_eq!(r.validate().unwrap_err().field, "completed_at_ms");
    }

    #[test]
    fn the_wire_format_is_snake_case_and_names_no_pupil() {
        let json = serde_json::to_string(&record()).unwrap();
        assert!(json.contains(r#""by":"teacher""#), "{json}");
        assert!(json.contains(r#""band":"eyfs""#), "{json}");
        let mut value = serde_json::to_value(record()).unwrap();
        value["first_name"] = "Ava".into();
        assert!(
            serde_json::from_value::<LessonRecord>(value).is_err(),
            "no extra fields"
        );
    }
}
