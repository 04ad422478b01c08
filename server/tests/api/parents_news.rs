//! The school's own news and guides for parents: an admin or the DSL posts them (nobody else),
//! for every family or chosen year groups, from a day; a family sees those for any of its
//! children's years, whichever child is on screen; a post taken down stays in the school's list
//! and leaves the parents' page; a picture must be an image and small, and reaches only the
//! families who see its post. (Another school's host: `schools.rs` tries Oak's posts and
//! pictures at Elm.)

use kite_protocol::school_posts::{PostKind, SchoolPost, SchoolPostRow};
use reqwest::{Method, StatusCode};

use crate::helpers::{months_ago, today, StaffClient};
use crate::parents::{sign_in, Parent, School};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n a class photo";

async fn post(c: &StaffClient, body: serde_json::Value) -> reqwest::Response {
    c.send(Method::POST, "/staff/parents-news")
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Posts news for `years`, shown from `on`; its id.
async fn news(c: &StaffClient, title: &str, years: &[&str], on: &str) -> i64 {
    let r = post(
        c,
        serde_json::json!({"kind": "news", "title": title, "text": "Some words.", "years": years, "published_on": on}),
    )
    .await;
    assert_eq!(r.status(), 200, "{title}");
    r.json::<SchoolPostRow>().await.unwrap().post.id
}

async fn upload(c: &StaffClient, bytes: Vec<u8>) -> reqwest::Response {
    c.send(Method::POST, "/staff/parents-news/pictures")
        .header("content-type", "image/png")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

async fn error_of(r: reqwest::Response) -> String {
    r.json::<serde_json::Value>().await.unwrap()["error"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn titles(p: &Parent, query: &str) -> Vec<String> {
    let r = p
        .send(Method::GET, &format!("/parents/news{query}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json::<Vec<SchoolPost>>()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect()
}

async fn set_years(c: &StaffClient, class: i64, years: &[&str]) {
    let r = c
        .send(Method::PUT, &format!("/staff/classes/{class}/years"))
        .json(&serde_json::json!({ "years": years }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn only_an_admin_or_the_dsl_posts_and_each_field_is_checked() {
    let school = School::new().await;
    let admin = school.staff(&school.admin).await;
    let dsl = school.staff(&school.dsl).await;
    let teacher = school.staff(&school.hedgehogs_teacher).await;
    let body =
        serde_json::json!({"kind": "news", "title": "Safer Internet Day", "text": "On Tuesday."});
    assert_eq!(post(&teacher, body.clone()).await.status(), 403);
    assert_eq!(upload(&teacher, PNG.to_vec()).await.status(), 403);
    assert_eq!(post(&dsl, body.clone()).await.status(), 200);
    let r = post(&admin, body).await;
    assert_eq!(r.status(), 200);
    let kept: SchoolPostRow = r.json().await.unwrap();
    assert_eq!(
        kept.post.published_on,
        today(),
        "today when no day is given"
    );
    assert_eq!(kept.posted_by, "admin@school.example");
    assert!(kept.years.is_empty() && kept.taken_down_at_ms.is_none());

    for (body, words) in [
        (
            serde_json::json!({"kind": "news", "title": " ", "text": "Words."}),
            "title",
        ),
        (
            serde_json::json!({"kind": "guide", "title": "Apps", "text": ""}),
            "parents should read",
        ),
        (
            serde_json::json!({"kind": "news", "title": "Trip", "text": "Words.", "published_on": "next week"}),
            "like 2026-09-04",
        ),
        (
            serde_json::json!({"kind": "news", "title": "Trip", "text": "Words.", "published_on": months_ago(-14)}),
            "more than a year away",
        ),
        (
            serde_json::json!({"kind": "news", "title": "Trip", "text": "Words.", "picture_id": 999, "picture_alt": "A bus"}),
            "choose it again",
        ),
    ] {
        let r = post(&admin, body.clone()).await;
        assert_eq!(r.status(), 400, "{body}");
        assert!(error_of(r).await.contains(words), "{body}");
    }
    // Nothing refused was kept; what was kept is in the audit log.
    let list: Vec<SchoolPostRow> = admin.json("/staff/parents-news").await;
    assert_eq!(list.len(), 2);
    let log = school.s.state.storage.list_audit(50, None).await.unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.action == "parents_news_posted")
            .count(),
        2
    );
}

/// Hedgehogs is Year 1 (Amira, Ben), Owls Year 3 (Cara); Amira and Cara are sisters.
#[tokio::test]
async fn a_family_sees_the_news_for_any_of_its_childrens_years() {
    let school = School::new().await;
    let s = &school.s;
    let admin = school.staff(&school.admin).await;
    set_years(&admin, school.hedgehogs, &["y1"]).await;
    set_years(&admin, school.owls, &["y3"]).await;
    news(&admin, "Everyone", &[], "").await;
    news(&admin, "Year 3 trip", &["y3"], "").await;
    news(&admin, "Years 1 and 2", &["y2", "y1"], &months_ago(1)).await;
    news(&admin, "Year 5 only", &["y5"], "").await;
    news(&admin, "Year 3, next month", &["y3"], &months_ago(-1)).await;
    let r = post(
        &admin,
        serde_json::json!({"kind": "guide", "title": "Tablets at bedtime", "text": "One.\n\nTwo.", "years": ["y1"]}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let guide: SchoolPostRow = r.json().await.unwrap();
    assert_eq!(guide.post.kind, PostKind::Guide);
    assert_eq!(guide.post.paragraphs(), ["One.", "Two."]);

    let hedgehogs = school.codes(school.hedgehogs).await;
    let owls = school.codes(school.owls).await;
    let ben = sign_in(s, &hedgehogs["Ben"]).await;
    assert_eq!(
        titles(&ben, "").await,
        ["Tablets at bedtime", "Everyone", "Years 1 and 2"],
        "newest first; not another year's, nor one not shown yet"
    );
    let cara = sign_in(s, &owls["Cara"]).await;
    assert_eq!(titles(&cara, "").await, ["Year 3 trip", "Everyone"]);

    // Amira's parent adds Cara: the family sees both years' news, on either child's page.
    let family = sign_in(s, &hedgehogs["Amira"]).await;
    let r = family
        .send(Method::POST, "/parents/children")
        .json(&serde_json::json!({ "code": owls["Cara"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let both = [
        "Everyone",
        "Year 3 trip",
        "Tablets at bedtime",
        "Years 1 and 2",
    ];
    let mut seen = titles(&family, "").await;
    seen.sort();
    let mut expected = both.to_vec();
    expected.sort();
    assert_eq!(seen, expected);
    let mut on_caras_page = titles(&family, &format!("?child={}", school.cara)).await;
    on_caras_page.sort();
    assert_eq!(on_caras_page, expected);

    // A class whose year isn't set yet sees only the news for everyone.
    let owls_2 = school.db.class("Kestrels", "ks2").await;
    school.db.pupil(owls_2, "Dev", "E").await;
    let dev = sign_in(s, &school.codes(owls_2).await["Dev"]).await;
    assert_eq!(titles(&dev, "").await, ["Everyone"]);
    // A mixed-age class sees both its years.
    set_years(&admin, owls_2, &["y3", "y4"]).await;
    assert_eq!(titles(&dev, "").await, ["Year 3 trip", "Everyone"]);
}

#[tokio::test]
async fn a_post_taken_down_leaves_the_parents_page_and_stays_in_the_schools_list() {
    let school = School::new().await;
    let s = &school.s;
    let admin = school.staff(&school.admin).await;
    let dsl = school.staff(&school.dsl).await;
    let teacher = school.staff(&school.owls_teacher).await;
    let id = news(&admin, "Photo day", &[], "").await;
    news(&admin, "Sports day", &[], "").await;
    let cara = sign_in(s, &school.codes(school.owls).await["Cara"]).await;
    assert_eq!(titles(&cara, "").await.len(), 2);

    let take_down = |c: &StaffClient, id: i64| {
        c.send(Method::POST, &format!("/staff/parents-news/{id}/take-down"))
            .send()
    };
    assert_eq!(take_down(&teacher, id).await.unwrap().status(), 403);
    assert_eq!(take_down(&dsl, 9999).await.unwrap().status(), 404);
    let r = take_down(&dsl, id).await.unwrap();
    assert_eq!(r.status(), 200);
    let down: SchoolPostRow = r.json().await.unwrap();
    assert!(down.taken_down_at_ms.is_some());
    let r = take_down(&admin, id).await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(error_of(r).await.contains("taken down already"));

    assert_eq!(titles(&cara, "").await, ["Sports day"]);
    let list: Vec<SchoolPostRow> = admin.json("/staff/parents-news").await;
    let kept = list.iter().find(|p| p.post.id == id).unwrap();
    assert_eq!(kept.post.title, "Photo day");
    assert!(kept.taken_down_at_ms.is_some());
    let log = s.state.storage.list_audit(50, None).await.unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "parents_news_taken_down" && e.staff_email == "dsl@school.example"));

    // Kept as written: the database refuses an edit, bringing it back, or deleting it.
    let db = s.db().await;
    for sql in [
        "UPDATE school_posts SET title = 'Changed' WHERE id = $1",
        "UPDATE school_posts SET taken_down_at_ms = NULL, taken_down_by = NULL WHERE id = $1",
        "DELETE FROM school_posts WHERE id = $1",
    ] {
        assert!(
            sqlx::query(sql).bind(id).execute(&db).await.is_err(),
            "{sql}"
        );
    }
}

#[tokio::test]
async fn a_picture_must_be_a_small_image_and_reaches_only_the_families_who_see_its_post() {
    let school = School::new().await;
    let s = &school.s;
    let admin = school.staff(&school.admin).await;
    set_years(&admin, school.hedgehogs, &["y1"]).await;
    set_years(&admin, school.owls, &["y3"]).await;

    // Not an image (a GIF, a PDF): refused, saying what is accepted.
    for bytes in [b"GIF89a....".to_vec(), b"%PDF-1.4 a letter".to_vec()] {
        let r = upload(&admin, bytes).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(error_of(r).await.contains("PNG, JPEG or WebP"));
    }
    // Too big, just over and far over the limit: refused, saying what the most is.
    for size in [1024 * 1024 + 1, 3 * 1024 * 1024] {
        let mut big = PNG.to_vec();
        big.resize(size, 0);
        let r = upload(&admin, big).await;
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE, "{size}");
        assert!(error_of(r).await.contains("the most is 1 MB"), "{size}");
    }
    let r = upload(&admin, PNG.to_vec()).await;
    assert_eq!(r.status(), 200);
    let picture = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();

    // A picture needs its description.
    let body = |alt: &str| {
        serde_json::json!({"kind": "news", "title": "Year 3 trip", "text": "We went to the museum.",
            "years": ["y3"], "picture_id": picture, "picture_alt": alt})
    };
    let r = post(&admin, body(" ")).await;
    assert_eq!(r.status(), 400);
    assert!(error_of(r).await.contains("what the picture shows"));
    let r = post(&admin, body("Year 3 at the museum")).await;
    assert_eq!(r.status(), 200);
    let kept: SchoolPostRow = r.json().await.unwrap();
    assert_eq!(kept.post.picture_id, Some(picture));
    assert_eq!(
        kept.post.picture_alt.as_deref(),
        Some("Year 3 at the museum")
    );
    let r = admin
        .get(&format!("/staff/parents-news/pictures/{picture}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let picture_for = |p: &Parent| {
        p.send(Method::GET, &format!("/parents/news/pictures/{picture}"))
            .send()
    };
    let cara = sign_in(s, &school.codes(school.owls).await["Cara"]).await;
    let r = picture_for(&cara).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().as_ref(), PNG);
    let amira = sign_in(s, &school.codes(school.hedgehogs).await["Amira"]).await;
    assert_eq!(picture_for(&amira).await.unwrap().status(), 404);
    let r = admin
        .send(
            Method::POST,
            &format!("/staff/parents-news/{}/take-down", kept.post.id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(picture_for(&cara).await.unwrap().status(), 404);
}
