//! Cookies and transport over HTTPS: HSTS, `__Host-` session cookies, and Secure by default when
//! the public address is https.

use kite_protocol::staff::Role;

use crate::helpers::{Options, TestServer};

async fn behind_https() -> TestServer {
    TestServer::spawn_with(Options {
        configure: |c| c.public_url = Some("https://kite.school.example".into()),
        ..Options::default()
    })
    .await
}

#[tokio::test]
async fn an_https_public_address_marks_cookies_secure_and_for_this_host_only() {
    let s = behind_https().await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let r = s.post_login(&teacher.email, &teacher.password).await;
    assert_eq!(r.status(), 200);
    let set = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(set.starts_with("__Host-kite_staff="), "{set}");
    assert!(set.contains("; Secure") && set.contains("Path=/"), "{set}");
    assert!(!set.contains("Domain"), "{set}");

    // The __Host- cookie is the session; the same id under the plain name (as a sibling host on
    // the same site could set it) is not.
    let pair = set.split(';').next().unwrap().to_string();
    let me = |cookie: String| {
        s.client
            .get(format!("{}/api/v1/staff/me", s.url))
            .header("cookie", cookie)
            .send()
    };
    assert_eq!(me(pair.clone()).await.unwrap().status(), 200);
    let planted = pair.trim_start_matches("__Host-").to_string();
    assert_eq!(me(planted).await.unwrap().status(), 401);
}

#[tokio::test]
async fn a_parents_cookie_is_for_this_host_only_too() {
    let s = behind_https().await;
    let code = a_letters_code(&s).await;
    let r = s
        .client
        .post(format!("{}/api/v1/parents/session", s.url))
        .json(&serde_json::json!({ "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let set = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(set.starts_with("__Host-kite_parent="), "{set}");
    assert!(set.contains("; Secure") && set.contains("Path=/;"), "{set}");
}

#[tokio::test]
async fn hsts_is_sent_when_cookies_are_secure_and_not_on_plain_http() {
    let s = behind_https().await;
    for path in ["/api/v1/health", "/staff"] {
        let r = s
            .client
            .get(format!("{}{path}", s.url))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.headers()
                .get("strict-transport-security")
                .map(|v| v.to_str().unwrap()),
            Some("max-age=31536000"),
            "{path}"
        );
    }
    let laptop = TestServer::spawn().await;
    let r = laptop
        .client
        .get(format!("{}/api/v1/health", laptop.url))
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
}

/// A class of one pupil, and the code on the letter its admin prints.
async fn a_letters_code(s: &TestServer) -> String {
    let db = crate::class_fixture::ClassFixture::open(s).await;
    let class = db.class("Hedgehogs", "ks1").await;
    db.pupil(class, "Amira", "B").await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let admin = s.login(&admin).await;
    let r = admin
        .send(
            reqwest::Method::POST,
            &format!("/staff/classes/{class}/parent-letters"),
        )
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let letters: kite_protocol::parents::ParentLetters = r.json().await.unwrap();
    letters.letters[0].code.clone()
}
