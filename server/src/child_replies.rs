//! A child answering back: finding which record a reply belongs to from its ticket, and the words
//! the DSL reads in the chronology. A reply whose ticket matches no answer in date (wrong,
//! made at another school, or for an answer that has expired) is kept nowhere; the tablet is
//! told to forget it, and the child, who has already been thanked, is never told anything.

use kite_protocol::child_reply::{ChildReply, ReplyBody, REPLIED_KIND, WANTS_TO_TALK_KIND};
use kite_protocol::sealed::SecretKey;
use uuid::Uuid;

use crate::answer_codes::reply_ticket;
use crate::storage::reports::child_replies::{AnsweredCode, NewChildReply};

/// The chronology kind of a reply: a wish to talk is kept apart so it can stand out.
pub fn reply_kind(reply: &ReplyBody) -> &'static str {
    match reply {
        ReplyBody::WantsToTalk => WANTS_TO_TALK_KIND,
        ReplyBody::Words { .. } | ReplyBody::Feeling { .. } => REPLIED_KIND,
    }
}

/// What the chronology says the child said.
pub fn reply_words(reply: &ReplyBody) -> String {
    match reply {
        ReplyBody::Words { words } => format!("The child answered back: {}", words.trim()),
        ReplyBody::WantsToTalk => "The child would like to talk to a grown-up.".into(),
        ReplyBody::Feeling { feeling } => {
            let name = serde_json::to_value(feeling)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            format!("The child answered with a feeling face: {name}.")
        }
    }
}

/// The reply to write, or `None` when its ticket matches no answer in date. `answered` is
/// newest answer first, so two children given the same pictures reply to the record whose
/// answer they were shown.
pub fn match_reply(
    secret_key: &SecretKey,
    answered: &[AnsweredCode],
    id: Uuid,
    reply: &ChildReply,
) -> Option<NewChildReply> {
    let found = answered
        .iter()
        .find(|a| reply_ticket(secret_key, &a.code_hash) == reply.ticket)?;
    Some(NewChildReply {
        id,
        report_id: found.report_id.clone(),
        answered_by: found.answered_by,
        kind: reply_kind(&reply.reply),
        detail: reply_words(&reply.reply),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::StaffId;
    use kite_protocol::report::Feeling;
    use kite_protocol::sealed::generate_secret_key;

    #[test]
    fn a_reply_finds_the_newest_answered_record_with_its_ticket_and_no_other() {
        let key = generate_secret_key();
        let answered = |report: &str, hash: &str| AnsweredCode {
            report_id: report.into(),
            code_hash: hash.into(),
            answered_by: StaffId(1),
        };
        let list = [
            answered("new", "h1"),
            answered("other", "h2"),
            answered("old", "h1"),
        ];
        let reply = |ticket: String| ChildReply {
            ticket,
            reply: ReplyBody::Feeling {
                feeling: Feeling::Worried,
            },
        };
        let found = match_reply(
            &key,
            &list,
            Uuid::new_v4(),
            &reply(reply_ticket(&key, "h1")),
        );
        let found = found.unwrap();
        assert_eq!(found.report_id, "new");
        assert_eq!(
            found.detail,
            "The child answered with a feeling face: worried."
        );
        let elsewhere = reply_ticket(&generate_secret_key(), "h1");
        assert!(match_reply(&key, &list, Uuid::new_v4(), &reply(elsewhere)).is_none());
        assert!(match_reply(&key, &[], Uuid::new_v4(), &reply(reply_ticket(&key, "h1"))).is_none());
    }
}
