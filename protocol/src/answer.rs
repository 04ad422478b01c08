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

/// How long an answer can be seen, and its code used, after it is written, until the school
/// chooses otherwise (between [`MIN_ANSWER_DAYS`] and [`MAX_ANSWER_DAYS`]).
pub const DEFAULT_ANSWER_DAYS: u32 = 14;
/// At least a day: a child may not be back at a tablet until tomorrow.
pub const MIN_ANSWER_DAYS: u32 = 1;
/// At most about half a term: an answer is for now, and an old code should find nothing.
pub const MAX_ANSWER_DAYS: u32 = 60;
/// The longest reason for sending an answer back.
pub const MAX_CHECK_REASON_CHARS: usize = 400;

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

/// `POST /api/v1/staff/reports/{id}/answers/{answer}/check`: a second DSL's check of an answer,
/// when the school wants one. Approved, the child can see it; sent back, with the reason, it is
/// never shown and the first DSL writes another.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAnswerCheck {
    pub approved: bool,
    /// Why it was sent back (needed then).
    #[serde(default)]
    pub reason: Option<String>,
}

/// A second DSL's check of one answer.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerCheck {
    pub approved: bool,
    pub reason: Option<String>,
    pub by: String,
    pub at_ms: i64,
}

/// One answer written to the child, as the record's page shows it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildAnswerRow {
    pub id: i64,
    pub message: String,
    pub written_by: String,
    /// The signed-in DSL wrote it (so may not check it).
    pub written_by_you: bool,
    pub written_at_ms: i64,
    pub expires_at_ms: i64,
    /// The school wanted a second DSL's check when it was written.
    pub needs_check: bool,
    pub check: Option<AnswerCheck>,
}

/// An answer waiting for a second DSL's check, on the DSL's home.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerToCheck {
    pub report_id: String,
    pub written_by: String,
    pub written_at_ms: i64,
}

/// Where a child's answer stands, from the newest answer written.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerState {
    /// Nothing written yet.
    WaitingForAnswer,
    /// Written, waiting for a second DSL's check.
    WaitingForCheck,
    /// Sent back by the second DSL: another answer is needed.
    SentBack,
    /// The child can see it until it expires.
    Visible { until_ms: i64 },
    /// Past its expiry: the code finds nothing.
    Expired { at_ms: i64 },
}

impl ChildAnswerRow {
    /// Whether the child can see this answer (if it is in date).
    pub fn cleared(&self) -> bool {
        !self.needs_check || self.check.as_ref().is_some_and(|c| c.approved)
    }
}

/// Where the answer stands at `now_ms`, from the answers written (oldest first). The newest
/// answer decides: one waiting for its check, or sent back, needs someone even if an older
/// answer is still showing.
pub fn answer_state(answers: &[ChildAnswerRow], now_ms: i64) -> AnswerState {
    let Some(newest) = answers.last() else {
        return AnswerState::WaitingForAnswer;
    };
    match &newest.check {
        None if newest.needs_check => AnswerState::WaitingForCheck,
        Some(c) if !c.approved => AnswerState::SentBack,
        _ if newest.expires_at_ms > now_ms => AnswerState::Visible {
            until_ms: newest.expires_at_ms,
        },
        _ => AnswerState::Expired {
            at_ms: newest.expires_at_ms,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(needs_check: bool, check: Option<bool>, expires_at_ms: i64) -> ChildAnswerRow {
        ChildAnswerRow {
            id: 1,
            message: ANSWER_TEMPLATES[0].into(),
            written_by: "A".into(),
            written_by_you: false,
            written_at_ms: 0,
            expires_at_ms,
            needs_check,
            check: check.map(|approved| AnswerCheck {
                approved,
                reason: (!approved).then(|| "Too long".into()),
                by: "B".into(),
                at_ms: 1,
            }),
        }
    }

    #[test]
    fn the_newest_answer_says_where_things_stand() {
        use AnswerState::*;
        assert_eq!(answer_state(&[], 5), WaitingForAnswer);
        assert_eq!(answer_state(&[row(true, None, 10)], 5), WaitingForCheck);
        assert_eq!(answer_state(&[row(true, Some(false), 10)], 5), SentBack);
        assert_eq!(
            answer_state(&[row(true, Some(true), 10)], 5),
            Visible { until_ms: 10 }
        );
        assert_eq!(
            answer_state(&[row(false, None, 10)], 5),
            Visible { until_ms: 10 }
        );
        assert_eq!(
            answer_state(&[row(false, None, 10)], 10),
            Expired { at_ms: 10 }
        );
        assert_eq!(
            answer_state(&[row(false, None, 10), row(true, None, 20)], 5),
            WaitingForCheck
        );
        assert!(!row(true, Some(false), 10).cleared());
        assert!(row(true, Some(true), 10).cleared());
    }

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
