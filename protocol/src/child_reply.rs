//! The child answering back. After reading the answer the DSL wrote, a child on the tablet may
//! say something back: a few words, that they would like to talk to a grown-up, or how they feel.
//! It goes through the sealed outbox like a report, and arrives as a new entry on the same
//! record.
//!
//! The tablet never learns which record that is. With the answer, the server gives the page an
//! opaque reply ticket (see [`crate::answer::AnswerReply`]), which the page holds in memory only
//! and seals into the reply. Only the school's server can tell which record a ticket belongs to,
//! and only while the answer is in date.

use serde::{Deserialize, Serialize};

use crate::report::Feeling;
use crate::validate::required_text;
use crate::ValidationError;

/// The longest reply in words: a sentence or two a young child can type.
pub const MAX_REPLY_CHARS: usize = 200;

/// Characters in a reply ticket (hex of 32 bytes).
pub const TICKET_CHARS: usize = 64;

/// What the child said back.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ReplyBody {
    /// A few words, typed.
    Words { words: String },
    /// "I'd like to talk to a grown-up."
    WantsToTalk,
    /// A feeling face.
    Feeling { feeling: Feeling },
}

/// What the tablet seals into the outbox (item kind `child_reply`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChildReply {
    /// The ticket the server gave with the answer.
    pub ticket: String,
    pub reply: ReplyBody,
}

impl ChildReply {
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.ticket.len() != TICKET_CHARS || !self.ticket.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(ValidationError::new(
                "ticket",
                format!("is not {TICKET_CHARS} hex characters"),
            ));
        }
        match &self.reply {
            ReplyBody::Words { words } => required_text("words", words, MAX_REPLY_CHARS),
            ReplyBody::WantsToTalk | ReplyBody::Feeling { .. } => Ok(()),
        }
    }
}

/// The chronology kind of a reply in words or a face.
pub const REPLIED_KIND: &str = "child_replied";
/// The chronology kind of a child's wish to talk to a grown-up, apart so the DSL's home can find
/// the wishes nobody has acted on yet.
pub const WANTS_TO_TALK_KIND: &str = "child_wants_to_talk";

/// On the DSL's home: a record whose child asked to talk to a grown-up, with nothing written by
/// staff on it since.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildWantsToTalk {
    pub report_id: String,
    /// The record's `what`, as the inbox shows it.
    pub what: String,
    /// When the wish arrived.
    pub at_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(body: ReplyBody) -> ChildReply {
        ChildReply {
            ticket: "ab".repeat(32),
            reply: body,
        }
    }

    #[test]
    fn each_kind_of_reply_is_valid() {
        for body in [
            ReplyBody::Words {
                words: "thank you".into(),
            },
            ReplyBody::WantsToTalk,
            ReplyBody::Feeling {
                feeling: Feeling::Okay,
            },
        ] {
            assert_eq!(reply(body).validate(), Ok(()));
        }
    }

    #[test]
    fn empty_or_long_words_and_odd_tickets_are_named() {
        let empty = reply(ReplyBody::Words { words: "  ".into() });
        assert_eq!(empty.validate().unwrap_err().field, "words");
        let long = reply(ReplyBody::Words {
            words: "a".repeat(MAX_REPLY_CHARS + 1),
        });
        assert_eq!(long.validate().unwrap_err().field, "words");
        let mut odd = reply(ReplyBody::WantsToTalk);
        odd.ticket = "zz".repeat(32);
        assert_eq!(odd.validate().unwrap_err().field, "ticket");
        odd.ticket = "ab".into();
        assert_eq!(odd.validate().unwrap_err().field, "ticket");
    }

    #[test]
    fn the_wire_form_names_the_kind() {
        let json = serde_json::to_value(reply(ReplyBody::Feeling {
            feeling: Feeling::Worried,
        }))
        .unwrap();
        assert_eq!(json["reply"]["kind"], "feeling");
        assert_eq!(json["reply"]["feeling"], "worried");
        let json = serde_json::to_value(reply(ReplyBody::WantsToTalk)).unwrap();
        assert_eq!(json["reply"]["kind"], "wants_to_talk");
    }
}
