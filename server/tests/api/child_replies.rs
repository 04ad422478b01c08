//! A child answering back: the reply comes through the sealed outbox carrying the ticket given
//! with the answer, and is written once as a new entry in the same record's chronology. A reply
//! whose ticket is wrong, from another school or for an expired answer is kept nowhere, and the
//! tablet is told to forget it.

use kite_protocol::answer::{AnswerCode, AnswerReply, ANSWER_TEMPLATES};
use kite_protocol::child_reply::{ChildReply, ReplyBody};
use kite_protocol::record::DslHome;
use kite_protocol::report::Feeling;
use kite_protocol::sealed::seal;
use kite_protocol::staff::{ReportDetail, Role};
use kite_protocol::sync::{AckStatus, ItemKind, SyncItem};
use kite_server::answer_codes::{code_hash, reply_ticket};
use uuid::Uuid;

use crate::child_answers::{answer, answer_expired_yesterday, ask, report_asking, CODE};
use crate::helpers::{StaffClient, TestServer};

/// The ticket the tablet is given with the answer to `code`.
async fn ticket_for(s: &TestServer, code: AnswerCode) -> String {
    let reply: AnswerReply = ask(s, &s.token, code).await.json().await.unwrap();
    assert!(reply.answer.is_some(), "answered");
    reply.reply_ticket.expect("a ticket comes with an answer")
}

fn reply_item(s: &TestServer, ticket: &str, body: ReplyBody) -> SyncItem {
    let reply = ChildReply {
        ticket: ticket.into(),
        reply: body,
    };
    SyncItem {
        id: Uuid::new_v4(),
        kind: ItemKind::ChildReply,
        sealed: seal(&s.public_key, &serde_json::to_vec(&reply).unwrap()).unwrap(),
        answer_code: None,
    }
}

/// A report asking for an answer with `code`, answered by a DSL of `s`.
async fn answered(s: &TestServer, code: AnswerCode) -> (String, StaffClient) {
    let dsl = s
        .add_staff(&format!("dsl{}@school.example", Uuid::new_v4()), Role::Dsl)
        .await;
    let c = s.session_for(dsl.id).await;
    let id = report_asking(s, Some(code)).await;
    assert_eq!(answer(&c, &id, ANSWER_TEMPLATES[0]).await.status(), 200);
    (id, c)
}

async fn replies_on(c: &StaffClient, id: &str) -> Vec<(String, String)> {
    let detail: ReportDetail = c.json(&format!("/staff/reports/{id}")).await;
    detail
        .chronology
        .iter()
        .filter(|e| e.kind == "child_replied" || e.kind == "child_wants_to_talk")
        .map(|e| (e.by.clone(), e.detail.clone()))
        .collect()
}

async fn count(s: &TestServer, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&s.db().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reply_is_written_once_on_the_record_it_answers() {
    let s = TestServer::spawn().await;
    let (id, c) = answered(&s, CODE).await;
    // Another child's answered report, which the reply must not touch.
    let (other, _) = answered(&s, AnswerCode([1, 1, 1, 1])).await;
    let ticket = ticket_for(&s, CODE).await;
    assert!(!ticket.contains(&id), "the ticket is not the record's id");
    assert_ne!(ticket, code_hash(&s.state.secret_key, &CODE));

    let words = reply_item(
        &s,
        &ticket,
        ReplyBody::Words {
            words: "thank you it stopped".into(),
        },
    );
    let acks = s.sync_ok(vec![words.clone()]).await;
    assert_eq!(acks.acks[0].status, AckStatus::Stored);
    // The tablet sends the batch again (its ack was lost): still once.
    let acks = s.sync_ok(vec![words.clone(), words.clone()]).await;
    assert_eq!(
        acks.acks.iter().map(|a| a.status).collect::<Vec<_>>(),
        vec![AckStatus::Duplicate, AckStatus::Duplicate]
    );
    let talk = reply_item(&s, &ticket, ReplyBody::WantsToTalk);
    let face = reply_item(
        &s,
        &ticket,
        ReplyBody::Feeling {
            feeling: Feeling::Worried,
        },
    );
    let acks = s.sync_ok(vec![talk, face]).await;
    assert!(acks.acks.iter().all(|a| a.status == AckStatus::Stored));

    let by = "The child (on a tablet)".to_string();
    assert_eq!(
        replies_on(&c, &id).await,
        vec![
            (
                by.clone(),
                "The child answered back: thank you it stopped".into()
            ),
            (
                by.clone(),
                "The child would like to talk to a grown-up.".into()
            ),
            (
                by,
                "The child answered with a feeling face: worried.".into()
            ),
        ]
    );
    assert!(replies_on(&c, &other).await.is_empty());

    // The wish to talk waits on the DSL's home until someone on staff writes on the record.
    let home: DslHome = c.json("/staff/dsl-home").await;
    let waiting: Vec<_> = home
        .children_to_talk_to
        .iter()
        .map(|w| &w.report_id)
        .collect();
    assert_eq!(waiting, vec![&id]);
    let r = c
        .send(
            reqwest::Method::POST,
            &format!("/staff/reports/{id}/actions"),
        )
        .json(&serde_json::json!({"action_type": "spoke_with_pupil", "detail": "Talked with the class"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let home: DslHome = c.json("/staff/dsl-home").await;
    assert!(home.children_to_talk_to.is_empty());
    // Nothing of the ticket is kept.
    let stored = String::from_utf8_lossy(&s.stored_bytes().await).to_string();
    assert!(!stored.contains(&ticket));
    // Replies are only added to.
    assert_eq!(count(&s, "SELECT COUNT(*) FROM child_replies").await, 3);
    let db = s.db().await;
    for sql in [
        "UPDATE child_replies SET report_id = 'x'",
        "DELETE FROM child_replies",
    ] {
        assert!(sqlx::query(sql).execute(&db).await.is_err(), "{sql}");
    }
}

#[tokio::test]
async fn a_reply_with_a_wrong_foreign_or_expired_ticket_is_kept_nowhere_and_forgotten() {
    let s = TestServer::spawn().await;
    let (id, c) = answered(&s, CODE).await;

    // The same pictures answered at another school: its ticket means nothing here.
    let elsewhere = TestServer::spawn().await;
    answered(&elsewhere, CODE).await;
    let foreign = ticket_for(&elsewhere, CODE).await;

    // An answer past its date: the ticket it once had no longer finds it.
    let expired_code = AnswerCode([2, 2, 2, 2]);
    let expired_id = report_asking(&s, Some(expired_code)).await;
    let dsl = s.add_staff("late@school.example", Role::Dsl).await;
    answer_expired_yesterday(&s, dsl.id, &expired_id).await;
    let expired = reply_ticket(
        &s.state.secret_key,
        &code_hash(&s.state.secret_key, &expired_code),
    );

    let guessed = "0123456789abcdef".repeat(4);
    let words = |ticket: &str| {
        reply_item(
            &s,
            ticket,
            ReplyBody::Words {
                words: "nobody should keep this".into(),
            },
        )
    };
    let items = vec![words(&foreign), words(&expired), words(&guessed)];
    let acks = s.sync_ok(items.clone()).await;
    assert!(
        acks.acks
            .iter()
            .all(|a| a.status == AckStatus::Discarded && a.reason.is_none()),
        "{acks:?}"
    );
    assert!(
        AckStatus::Discarded.releases_item(),
        "the tablet forgets it"
    );
    // Sent again, still nothing.
    s.sync_ok(items).await;

    // Not a ticket at all: refused and kept on the tablet, where a teacher sees why.
    let acks = s.sync_ok(vec![words("not-a-ticket")]).await;
    assert_eq!(acks.acks[0].status, AckStatus::Rejected);

    assert_eq!(count(&s, "SELECT COUNT(*) FROM child_replies").await, 0);
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM report_events WHERE kind IN ('child_replied', 'child_wants_to_talk')"
        )
        .await,
        0
    );
    assert!(replies_on(&c, &id).await.is_empty());
    assert!(replies_on(&c, &expired_id).await.is_empty());
    let stored = String::from_utf8_lossy(&s.stored_bytes().await).to_string();
    assert!(!stored.contains("nobody should keep this"));
}

#[tokio::test]
async fn a_report_with_no_answer_gives_no_ticket() {
    let s = TestServer::spawn().await;
    report_asking(&s, Some(CODE)).await;
    let reply: AnswerReply = ask(&s, &s.token, CODE).await.json().await.unwrap();
    assert_eq!(reply.answer, None);
    assert_eq!(reply.reply_ticket, None);
}
