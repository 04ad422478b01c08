//! The sync batch a tablet posts to `POST /api/v1/sync`, and the server's answer per item.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::answer::AnswerCode;
use crate::limits::{MAX_BATCH_ITEMS, MAX_SEALED_ITEM};
use crate::{ValidationError, PROTOCOL_VERSION};

/// What a queued item is. The server opens the sealed payload and parses it as this kind.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Report,
    /// A lesson finished by a pupil or taught to a class (see [`crate::lesson_record`]).
    LessonDone,
    /// A pupil signed the pupil AUP on a kiosk (see [`crate::pupil_signature`]).
    AupSigned,
    /// A class's answer to one of a lesson's "I can" statements (see [`crate::class_check`]).
    ClassCheck,
    /// A child answering back to the answer the DSL wrote them (see [`crate::child_reply`]).
    ChildReply,
    /// A pupil's answers to a survey, with nothing about the pupil (see [`crate::survey`]).
    SurveyAnswer,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Report => "report",
            ItemKind::LessonDone => "lesson_done",
            ItemKind::AupSigned => "aup_signed",
            ItemKind::ClassCheck => "class_check",
            ItemKind::ChildReply => "child_reply",
            ItemKind::SurveyAnswer => "survey_answer",
        }
    }

    /// The inverse of [`ItemKind::as_str`], for stores that keep the kind as text.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "report" => Some(ItemKind::Report),
            "lesson_done" => Some(ItemKind::LessonDone),
            "aup_signed" => Some(ItemKind::AupSigned),
            "class_check" => Some(ItemKind::ClassCheck),
            "child_reply" => Some(ItemKind::ChildReply),
            "survey_answer" => Some(ItemKind::SurveyAnswer),
            _ => None,
        }
    }
}

/// One outbox item on the wire. The `id` is the idempotency key made on the tablet when the item
/// was queued: the server stores each id once, however often it arrives.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncItem {
    pub id: Uuid,
    pub kind: ItemKind,
    /// The item's JSON, sealed to the school's public key (see [`crate::sealed`]), in base64.
    pub sealed: String,
    /// A report's picture code, when an anonymous child asked for an answer. Outside the sealed
    /// part because the server keeps only a keyed hash of it, apart from the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_code: Option<AnswerCode>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncBatch {
    pub protocol: u16,
    pub items: Vec<SyncItem>,
}

impl SyncBatch {
    pub fn new(items: Vec<SyncItem>) -> Self {
        Self {
            protocol: PROTOCOL_VERSION,
            items,
        }
    }

    /// Checks the envelope. Problems with one item's contents are answered per item, so that one
    /// bad item never blocks the good ones sent with it.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.protocol != PROTOCOL_VERSION {
            return Err(ValidationError::new(
                "protocol",
                format!(
                    "version {} is not supported; this server speaks {PROTOCOL_VERSION}",
                    self.protocol
                ),
            ));
        }
        if self.items.is_empty() {
            return Err(ValidationError::new("items", "is empty"));
        }
        if self.items.len() > MAX_BATCH_ITEMS {
            return Err(ValidationError::new(
                "items",
                format!(
                    "has {} items; the most in one batch is {MAX_BATCH_ITEMS}",
                    self.items.len()
                ),
            ));
        }
        Ok(())
    }
}

impl SyncItem {
    /// Checks what can be checked without the server's key.
    pub fn validate_envelope(&self) -> Result<(), ValidationError> {
        if self.id.get_version_num() != 4 {
            return Err(ValidationError::new("id", "is not a random (v4) UUID"));
        }
        if self.sealed.len() > MAX_SEALED_ITEM {
            return Err(ValidationError::new(
                "sealed",
                format!(
                    "is {} bytes; the most is {MAX_SEALED_ITEM}",
                    self.sealed.len()
                ),
            ));
        }
        if let Some(code) = &self.answer_code {
            if self.kind != ItemKind::Report {
                return Err(ValidationError::new(
                    "answer_code",
                    "comes only with a report",
                ));
            }
            code.validate()?;
        }
        Ok(())
    }
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AckStatus {
    /// Written durably for the first time.
    Stored,
    /// Already stored by an earlier request: the tablet may forget it just the same.
    Duplicate,
    /// Cannot be stored as sent (the reason says why); the tablet keeps it and shows a teacher.
    Rejected,
    /// Kept nowhere, and never will be: a child's reply to an answer this server no longer has
    /// (expired, or from another school). The tablet forgets it, so nothing of it lingers there.
    Discarded,
}

impl AckStatus {
    /// Whether the tablet may now delete the item from its outbox.
    pub fn releases_item(self) -> bool {
        matches!(
            self,
            AckStatus::Stored | AckStatus::Duplicate | AckStatus::Discarded
        )
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ack {
    pub id: Uuid,
    pub status: AckStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncResponse {
    pub acks: Vec<Ack>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> SyncItem {
        SyncItem {
            id: Uuid::new_v4(),
            kind: ItemKind::Report,
            sealed: "AAAA".into(),
            answer_code: None,
        }
    }

    #[test]
    fn a_batch_of_the_current_version_within_limits_is_valid() {
        assert_eq!(SyncBatch::new(vec![item()]).validate(), Ok(()));
    }

    #[test]
    fn empty_oversized_and_old_batches_are_refused() {
        assert!(SyncBatch::new(vec![]).validate().is_err());
        let many = SyncBatch::new((0..MAX_BATCH_ITEMS + 1).map(|_| item()).collect());
        assert!(many.validate().unwrap_err().problem.contains("the most"));
        let mut old = SyncBatch::new(vec![item()]);
        old.protocol = 0;
        assert_eq!(old.validate().unwrap_err().field, "protocol");
    }

    #[test]
    fn ids_must_be_random_uuids_and_items_bounded() {
        let mut it = item();
        it.id = Uuid::nil();
        assert_eq!(it.validate_envelope().unwrap_err().field, "id");
        let mut it = item();
        it.sealed = "A".repeat(MAX_SEALED_ITEM + 1);
        assert_eq!(it.validate_envelope().unwrap_err().field, "sealed");
    }

    #[test]
    fn a_picture_code_comes_only_with_a_report_and_only_of_known_pictures() {
        let mut it = item();
        it.answer_code = Some(AnswerCode([0, 1, 2, 3]));
        assert_eq!(it.validate_envelope(), Ok(()));
        it.answer_code = Some(AnswerCode([0, 1, 2, 99]));
        assert_eq!(it.validate_envelope().unwrap_err().field, "answer_code");
        it.answer_code = Some(AnswerCode([0, 1, 2, 3]));
        it.kind = ItemKind::LessonDone;
        assert_eq!(it.validate_envelope().unwrap_err().field, "answer_code");
        let json = serde_json::to_string(&item()).unwrap();
        assert!(!json.contains("answer_code"), "left out when there is none");
    }

    #[test]
    fn item_kinds_round_trip_through_their_names() {
        for kind in [
            ItemKind::Report,
            ItemKind::LessonDone,
            ItemKind::AupSigned,
            ItemKind::ClassCheck,
            ItemKind::ChildReply,
            ItemKind::SurveyAnswer,
        ] {
            assert_eq!(ItemKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(ItemKind::parse("aliens"), None);
    }

    #[test]
    fn only_stored_and_duplicate_release_an_item() {
        assert!(AckStatus::Stored.releases_item());
        assert!(AckStatus::Duplicate.releases_item());
        assert!(AckStatus::Discarded.releases_item());
        assert!(!AckStatus::Rejected.releases_item());
    }
}
