//! Surveys: written by the DSL from a ready-made one, offered to the tablets of the right band
//! only, answered by pupils through the outbox exactly once, by parents once per family and by
//! staff once each; results hide small numbers, and every read of them is audited.

use kite_protocol::sealed::seal;
use kite_protocol::survey::{
    template, Audience, Given, Survey, SurveyAnswer, SurveyResults, SurveySummary,
};
use kite_protocol::sync::{AckStatus, ItemKind, SyncItem};
use kite_protocol::Band;
use reqwest::{Method, StatusCode};
use uuid::Uuid;

use crate::helpers::{months_ago, today, StaffClient, TestServer};
use crate::parents::{sign_in, School};

async fn add_survey(staff: &StaffClient, audience: Audience) -> Survey {
    let draft = template(audience, &today(), &months_ago(-1));
    let r = staff
        .send(Method::POST, "/staff/surveys")
        .json(&draft)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    r.json().await.unwrap()
}

async fn kiosk_surveys(s: &TestServer, band: Band) -> Vec<Survey> {
    let r = s
        .client
        .get(format!("{}/api/v1/device/surveys", s.url))
        .query(&[("band", band.as_str())])
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn answer_item(s: &TestServer, answer: &SurveyAnswer) -> SyncItem {
    SyncItem {
        id: Uuid::new_v4(),
        kind: ItemKind::SurveyAnswer,
        sealed: seal(&s.public_key, &serde_json::to_vec(answer).unwrap()).unwrap(),
        answer_code: None,
    }
}

/// A KS1 pupil's answer: a face for each face question, the first option for a choice.
fn pupil_answer(survey: &Survey, face: u8) -> SurveyAnswer {
    SurveyAnswer {
        survey_id: survey.id,
        answers: survey
            .questions
            .iter()
            .map(|q| match q {
                kite_protocol::survey::Question::Scale { .. } => Some(Given::Scale(face)),
                kite_protocol::survey::Question::Choice { .. } => Some(Given::Choice(0)),
                kite_protocol::survey::Question::Text { .. } => None,
            })
            .collect(),
    }
}

async fn results(staff: &StaffClient, id: i64) -> SurveyResults {
    staff.json(&format!("/staff/surveys/{id}/results")).await
}

async fn audit_actions(s: &TestServer) -> Vec<String> {
    sqlx::query_scalar::<_, String>("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(&s.db().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_pupils_survey_reaches_its_band_and_each_answer_is_kept_once() {
    let school = School::new().await;
    let s = &school.s;
    let dsl = school.staff(&school.dsl).await;
    let survey = add_survey(&dsl, Audience::Ks1).await;
    assert!(survey.questions[0]
        .prompt()
        .contains("who to tell if something online worries you"));

    assert_eq!(kiosk_surveys(s, Band::Ks1).await, vec![survey.clone()]);
    assert!(kiosk_surveys(s, Band::Ks2).await.is_empty());
    assert!(kiosk_surveys(s, Band::Eyfs).await.is_empty());

    // Sent twice (a retry after a lost answer), in one batch and again: kept once.
    let item = answer_item(s, &pupil_answer(&survey, 2));
    assert_eq!(
        s.sync_ok(vec![item.clone()]).await.acks[0].status,
        AckStatus::Stored
    );
    let again = s.sync_ok(vec![item.clone(), item]).await;
    assert!(again.acks.iter().all(|a| a.status == AckStatus::Duplicate));
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_answers")
        .fetch_one(&s.db().await)
        .await
        .unwrap();
    assert_eq!(kept, 1);

    // An answer that doesn't fit, or to a survey that isn't the pupils', stays on the tablet.
    let mut wrong = pupil_answer(&survey, 2);
    wrong.answers[0] = Some(Given::Scale(7));
    let parents = add_survey(&dsl, Audience::Parents).await;
    let for_parents = SurveyAnswer {
        survey_id: parents.id,
        answers: vec![Some(Given::Choice(0)), None, None, None],
    };
    let acks = s
        .sync_ok(vec![answer_item(s, &wrong), answer_item(s, &for_parents)])
        .await
        .acks;
    assert!(
        acks.iter().all(|a| a.status == AckStatus::Rejected),
        "{acks:?}"
    );

    // What is kept says nothing of the tablet or the pupil: the survey and the answers only.
    let columns: Vec<String> = if s.is_postgres() {
        sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns
             WHERE table_name = 'survey_answers' AND table_schema = current_schema()
             ORDER BY column_name",
        )
        .fetch_all(&s.db().await)
        .await
        .unwrap()
    } else {
        sqlx::query_scalar("SELECT name FROM pragma_table_info('survey_answers') ORDER BY name")
            .fetch_all(&s.db().await)
            .await
            .unwrap()
    };
    assert_eq!(columns, vec!["answers", "id", "survey_id"]);
}

#[tokio::test]
async fn results_hide_fewer_than_five_answers_and_every_read_is_audited() {
    let school = School::new().await;
    let s = &school.s;
    let dsl = school.staff(&school.dsl).await;
    let survey = add_survey(&dsl, Audience::Ks1).await;
    let items: Vec<_> = (0..4)
        .map(|_| answer_item(s, &pupil_answer(&survey, 2)))
        .collect();
    s.sync_ok(items).await;

    let r = results(&dsl, survey.id).await;
    assert_eq!(r.answers, None, "4 answers are 'fewer than 5'");
    assert!(r
        .questions
        .iter()
        .flat_map(|q| &q.lines)
        .all(|l| l.count.is_none()));
    let list: Vec<SurveySummary> = dsl.json("/staff/surveys").await;
    assert_eq!(list[0].answers, None);

    let items: Vec<_> = (0..5)
        .map(|_| answer_item(s, &pupil_answer(&survey, 2)))
        .chain([answer_item(s, &pupil_answer(&survey, 0))])
        .collect();
    s.sync_ok(items).await;
    let r = results(&dsl, survey.id).await;
    assert_eq!(r.answers, Some(10));
    let faces = &r.questions[0].lines;
    // Nine happy faces and one sad: the one is hidden, and so is the nine it could be worked
    // out from.
    assert_eq!(faces[0].count, None);
    assert_eq!(faces[1].count, Some(0));
    assert_eq!(faces[2].count, None);
    let choice = &r.questions[2].lines;
    assert_eq!(choice[0].count, Some(10));

    let reads = audit_actions(s)
        .await
        .into_iter()
        .filter(|a| a == "survey_results_read")
        .count();
    assert_eq!(reads, 2);
    assert!(audit_actions(s).await.contains(&"survey_added".to_string()));

    // A teacher doesn't read results.
    let teacher = school.staff(&school.hedgehogs_teacher).await;
    let r = teacher
        .get(&format!("/staff/surveys/{}/results", survey.id))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn short_text_answers_are_listed_only_from_five_answers() {
    let school = School::new().await;
    let s = &school.s;
    let dsl = school.staff(&school.dsl).await;
    let survey = add_survey(&dsl, Audience::Ks2).await;
    let with_words = |words: &str| {
        let mut a = pupil_answer(&survey, 1);
        *a.answers.last_mut().unwrap() = Some(Given::Text(words.into()));
        a
    };
    s.sync_ok(vec![answer_item(s, &with_words("More lessons on games"))])
        .await;
    assert!(results(&dsl, survey.id).await.questions[3].texts.is_empty());
    let items: Vec<_> = (0..4)
        .map(|_| answer_item(s, &with_words("Assemblies")))
        .collect();
    s.sync_ok(items).await;
    let texts = &results(&dsl, survey.id).await.questions[3].texts;
    assert_eq!(texts.len(), 5);
    assert!(texts.contains(&"More lessons on games".to_string()));
}

#[tokio::test]
async fn a_draft_that_breaks_the_rules_is_refused_with_the_field_named() {
    let school = School::new().await;
    let dsl = school.staff(&school.dsl).await;
    let mut draft = template(Audience::Eyfs, &today(), &today());
    draft.questions.push(kite_protocol::survey::Question::Text {
        prompt: "What do you think?".into(),
    });
    let r = dsl
        .send(Method::POST, "/staff/surveys")
        .json(&draft)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().starts_with("questions:"),
        "{body}"
    );
    // A teacher doesn't write surveys.
    let teacher = school.staff(&school.hedgehogs_teacher).await;
    let r = teacher
        .send(Method::POST, "/staff/surveys")
        .json(&template(Audience::Ks1, &today(), &today()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_family_answers_a_parents_survey_once() {
    let school = School::new().await;
    let s = &school.s;
    let dsl = school.staff(&school.dsl).await;
    let survey = add_survey(&dsl, Audience::Parents).await;
    add_survey(&dsl, Audience::Staff).await;
    let codes = school.codes(school.hedgehogs).await;
    let parent = sign_in(s, &codes["Amira"]).await;
    let open: Vec<Survey> = parent
        .send(Method::GET, "/parents/surveys")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(open, vec![survey.clone()], "the parents' survey only");

    let answer = SurveyAnswer {
        survey_id: survey.id,
        answers: vec![Some(Given::Choice(1)), None, Some(Given::Scale(4)), None],
    };
    let post = |parent: &crate::parents::Parent| {
        parent
            .send(
                Method::POST,
                &format!("/parents/surveys/{}/answers", survey.id),
            )
            .json(&answer)
            .send()
    };
    assert_eq!(post(&parent).await.unwrap().status(), 200);
    assert_eq!(post(&parent).await.unwrap().status(), StatusCode::CONFLICT);
    let open: Vec<Survey> = parent
        .send(Method::GET, "/parents/surveys")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(open.is_empty());
    // Signing in again with the same child's letter is the same family.
    let again = sign_in(s, &codes["Amira"]).await;
    assert_eq!(post(&again).await.unwrap().status(), StatusCode::CONFLICT);
    // Another family answers for themselves.
    let other = sign_in(s, &codes["Ben"]).await;
    assert_eq!(post(&other).await.unwrap().status(), 200);
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_answers")
        .fetch_one(&s.db().await)
        .await
        .unwrap();
    assert_eq!(kept, 2);
}

#[tokio::test]
async fn each_member_of_staff_answers_a_staff_survey_once_without_their_name() {
    let school = School::new().await;
    let s = &school.s;
    let dsl = school.staff(&school.dsl).await;
    let survey = add_survey(&dsl, Audience::Staff).await;
    add_survey(&dsl, Audience::Parents).await;
    let teacher = school.staff(&school.hedgehogs_teacher).await;
    let open: Vec<Survey> = teacher.json("/staff/surveys/to-answer").await;
    assert_eq!(open, vec![survey.clone()]);
    let answer = SurveyAnswer {
        survey_id: survey.id,
        answers: vec![
            Some(Given::Scale(3)),
            Some(Given::Choice(0)),
            Some(Given::Text("Spotting grooming in games".into())),
        ],
    };
    let path = format!("/staff/surveys/{}/answers", survey.id);
    let r = teacher
        .send(Method::POST, &path)
        .json(&answer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = teacher
        .send(Method::POST, &path)
        .json(&answer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(teacher
        .json::<Vec<Survey>>("/staff/surveys/to-answer")
        .await
        .is_empty());
    // A parents' survey can't be answered as staff.
    let r = dsl
        .send(
            Method::POST,
            &format!("/staff/surveys/{}/answers", survey.id + 1),
        )
        .json(&SurveyAnswer {
            survey_id: survey.id + 1,
            answers: vec![Some(Given::Choice(0)), None, None, None],
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // The answer row holds no staff id; who answered is kept apart and says nothing of what.
    let answers: Vec<String> = sqlx::query_scalar("SELECT answers FROM survey_answers")
        .fetch_all(&s.db().await)
        .await
        .unwrap();
    assert_eq!(answers.len(), 1);
    assert!(answers[0].contains("Spotting grooming"));
    let audit = audit_actions(s).await;
    assert!(!audit.iter().any(|a| a.contains("answer")), "{audit:?}");
}
