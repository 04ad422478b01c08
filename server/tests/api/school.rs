//! The school profile, edited by an admin: tablets see the trusted adults and idle timeout; the
//! DSL sees the local contacts beside each report.

use kite_protocol::device::DeviceConfig;
use kite_protocol::report::WhatHappened;
use kite_protocol::staff::{ReportDetail, Role, SchoolProfileForm};
use reqwest::Method;

use crate::helpers::{report, TestServer};

#[tokio::test]
async fn an_admin_sets_the_profile_and_tablets_and_the_dsl_see_it() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let c = s.login(&admin).await;
    // As a DSL set it: an admin may lengthen the period, not shorten it (see authority.rs).
    s.state.storage.set_school_settings(&[], 60).await.unwrap();
    let body = serde_json::json!({
        "name": "Oak Hill Primary",
        "idle_timeout_secs": 120,
        "trusted_adults": [{"id": "", "name": "Mrs Khan", "role": "DSL", "photo": null}],
        "local_contacts": [{"who": "LADO", "contact": "01632 960 000"}],
        "retention_months": 72
    });
    let r = c
        .send(Method::PUT, "/staff/school")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let saved: SchoolProfileForm = c.json("/staff/school").await;
    assert_eq!(saved.name, "Oak Hill Primary");
    assert_eq!(
        saved.trusted_adults[0].id, "adult-1",
        "an id is made for a new adult"
    );
    assert_eq!(saved.retention_months, 72);

    let config: DeviceConfig = s
        .client
        .get(format!("{}/api/v1/device/config", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config.school_name, "Oak Hill Primary");
    assert_eq!(config.idle_timeout_secs, 120);
    assert_eq!(config.trusted_adults[0].name, "Mrs Khan");

    let mut bad = body.clone();
    bad["idle_timeout_secs"] = 5.into();
    let r = c
        .send(Method::PUT, "/staff/school")
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let mut bad = body.clone();
    bad["trusted_adults"][0]["photo"] = "https://tracker.example/x.png".into();
    let r = c
        .send(Method::PUT, "/staff/school")
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        400,
        "no third-party pictures on a pupil's tablet"
    );

    let mut to_adult = report(WhatHappened::SomeoneWasUnkind);
    to_adult.talk_to = kite_protocol::report::TalkTo::TrustedAdult {
        id: "adult-1".into(),
    };
    let item = s.item(&to_adult);
    s.sync_ok(vec![item.clone()]).await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let d: ReportDetail = s
        .login(&dsl)
        .await
        .json(&format!("/staff/reports/{}", item.id))
        .await;
    assert_eq!(d.talk_to, "Mrs Khan (DSL)");
    assert_eq!(d.local_contacts[0].who, "LADO");
}

#[tokio::test]
async fn an_admin_uploads_a_trusted_adults_photo_and_only_tablets_and_staff_can_see_it() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let c = s.login(&admin).await;
    let png = b"\x89PNG\r\n\x1a\nnot-really-an-image".to_vec();
    let r = c
        .send(Method::POST, "/staff/school/photos")
        .header("content-type", "image/png")
        .body(png.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let path = r.json::<serde_json::Value>().await.unwrap()["path"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(path.starts_with("/api/v1/photos/"));
    // Not for anyone who asks: the ids are sequential, and these are photos of real people.
    let anonymous = s
        .client
        .get(format!("{}{path}", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let wrong_token = s
        .client
        .get(format!("{}{path}", s.url))
        .bearer_auth("kite_dev_not-a-real-token")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_token.status(), 401);
    // An enrolled tablet, with its token.
    let got = s
        .client
        .get(format!("{}{path}", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "image/png");
    let cache = got.headers()["cache-control"].to_str().unwrap().to_string();
    assert!(
        cache.contains("immutable") && cache.contains("private"),
        "{cache}"
    );
    assert_eq!(got.bytes().await.unwrap().to_vec(), png);
    // Signed-in staff (the school profile's preview), with the session cookie.
    let got = c
        .get(path.trim_start_matches("/api/v1"))
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);

    let gif = c
        .send(Method::POST, "/staff/school/photos")
        .body(b"GIF89a....".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(gif.status(), 400);
    let huge = c
        .send(Method::POST, "/staff/school/photos")
        .body(vec![0u8; 600 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), 413);
}
