//! An answer for an anonymous child. When a child sends a report without their name they may ask
//! for an answer: the tablet draws four pictures at random (the picture code) and shows them to
//! the child to remember. The code travels beside the sealed report, the server keeps only a
//! keyed hash of it, and later the child taps the same four pictures on any of the school's
//! tablets to see what the DSL wrote back.
//!
//! Four pictures from [`PICTURE_COUNT`], in order, repeats allowed: 24⁴ = 331,776 codes, enough
//! with the per-tablet limit on wrong codes that guessing one is hopeless.

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// How many pictures a code is drawn from. The app draws and names them; the order here is the
/// order of its picture table, so the number each picture sends never changes.
pub const PICTURE_COUNT: u8 = 24;

/// The pictures in one code.
pub const CODE_LENGTH: usize = 4;

/// The longest answer a DSL may write: a few short sentences a young child can follow.
pub const MAX_ANSWER_CHARS: usize = 400;

/// How long an answer can be seen, and its code used, after it is written.
pub const ANSWER_DAYS: i64 = 14;

/// Four pictures, each a number below [`PICTURE_COUNT`], in the order the child saw them.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerCode(pub [u8; CODE_LENGTH]);

impl AnswerCode {
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.0.iter().any(|p| *p >= PICTURE_COUNT) {
            return Err(ValidationError::new(
                "answer_code",
                format!("each picture is a number below {PICTURE_COUNT}"),
            ));
        }
        Ok(())
    }
}

/// `POST /api/v1/answer`: a child asking, with the four pictures they tapped.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerAsk {
    pub code: AnswerCode,
}

/// What the child sees: the answer, or nothing. A wrong code, a code from another school and an
/// expired answer all give `None`, so the reply tells a guesser nothing.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerReply {
    pub answer: Option<String>,
    /// With an answer: what the child's reply to it carries (see [`crate::child_reply`]). Kept
    /// in the page's memory only; it says nothing about the record to anyone but the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_ticket: Option<String>,
}

/// `POST /api/v1/staff/reports/{id}/answer`: the DSL's answer to the child who sent the report.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewChildAnswer {
    pub message: String,
}

/// Starting points for the DSL's answer. Written so that another child could read them without
/// learning anything: no details of the report, no names, and each ends with who to go to.
pub const ANSWER_TEMPLATES: [&str; 4] = [
    "Thank you for telling us. You did the right thing. A grown-up is helping now. If you want to talk, go to your teacher or the adult on your poster.",
    "Thank you for telling us. We are sorting it out. If it happens again, or you feel worried, tell your teacher straight away.",
    "Thank you for telling us. We would like to talk with you. Please go to your teacher or the adult on your poster when you are ready.",
    "Thank you for telling us. You are not in trouble. If you feel sad or worried, tell your teacher or a grown-up you trust.",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_uses_only_the_pictures_there_are() {
        assert!(AnswerCode([0, 5, 23, 23]).validate().is_ok());
        let e = AnswerCode([0, 5, 24, 1]).validate().unwrap_err();
        assert_eq!(e.field, "answer_code");
    }

    #[test]
    fn every_template_fits_and_ends_with_who_to_go_to() {
        for t in ANSWER_TEMPLATES {
            assert!(t.chars().count() <= MAX_ANSWER_CHARS, "{t}");
            let last = t.rsplit(". ").next().unwrap();
            assert!(
                last.contains("teacher") || last.contains("grown-up"),
                "ends with who to go to: {t}"
            );
        }
    }
}
