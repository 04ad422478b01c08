//! Per-client limits: one client (here, 127.0.0.2 and 127.0.0.3 on the loopback) at its limit
//! doesn't block another, nobody outside can lock a DSL out, and no address is kept.

use std::net::IpAddr;

use kite_protocol::staff::Role;

use crate::helpers::{fresh_totp_code, TestServer};

fn from(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(address.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

async fn post(client: &reqwest::Client, url: String, body: serde_json::Value) -> u16 {
    client
        .post(url)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn one_client_guessing_parents_codes_does_not_keep_other_parents_out() {
    let s = TestServer::spawn().await;
    let url = || format!("{}/api/v1/parents/session", s.url);
    let guess = serde_json::json!({ "code": "AAAA-BBBB-CCCC" });
    let flooder = from("127.0.0.2");
    let mut refused = false;
    for _ in 0..40 {
        if post(&flooder, url(), guess.clone()).await == 429 {
            refused = true;
            break;
        }
    }
    assert!(refused, "the flooding client is limited");
    // Another parent is still answered (a wrong code here: 401, not 429).
    assert_eq!(post(&from("127.0.0.3"), url(), guess.clone()).await, 401);
}

#[tokio::test]
async fn one_client_guessing_enrolment_codes_does_not_block_another_school() {
    let s = TestServer::spawn().await;
    let url = || format!("{}/api/v1/device/enrol", s.url);
    let guess = serde_json::json!({ "code": "12345678", "name": "Tablet" });
    let flooder = from("127.0.0.2");
    let mut refused = false;
    for _ in 0..30 {
        if post(&flooder, url(), guess.clone()).await == 429 {
            refused = true;
            break;
        }
    }
    assert!(refused, "the flooding client is limited");
    assert_ne!(post(&from("127.0.0.3"), url(), guess.clone()).await, 429);
}

#[tokio::test]
async fn nobody_outside_can_lock_a_dsl_out_of_their_account() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let url = || format!("{}/api/v1/staff/login", s.url);
    let outsider = from("127.0.0.2");
    for _ in 0..30 {
        let wrong =
            serde_json::json!({ "email": dsl.email, "password": "a guess at the password" });
        assert_eq!(post(&outsider, url(), wrong).await, 401);
    }
    // Past its few failures the outsider's tries no longer reach the account: even the right
    // password is refused from there…
    let secret = dsl.totp_secret.as_deref().expect("a DSL's two-step is on");
    let code = fresh_totp_code(&s.state.storage, dsl.id, secret).await;
    let right =
        serde_json::json!({ "email": dsl.email, "password": dsl.password, "totp_code": code });
    assert_eq!(post(&outsider, url(), right).await, 401);
    // …while the DSL, at school, signs in as usual.
    let code = fresh_totp_code(&s.state.storage, dsl.id, secret).await;
    let right =
        serde_json::json!({ "email": dsl.email, "password": dsl.password, "totp_code": code });
    assert_eq!(post(&from("127.0.0.3"), url(), right).await, 200);
}

#[tokio::test]
async fn no_client_address_is_kept() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let client = from("127.0.0.2");
    let body = serde_json::json!({ "email": dsl.email, "password": "a guess at the password" });
    post(&client, format!("{}/api/v1/staff/login", s.url), body).await;
    let code = serde_json::json!({ "code": "AAAA-BBBB-CCCC" });
    post(&client, format!("{}/api/v1/parents/session", s.url), code).await;
    let mut stored = s.stored_bytes().await;
    if !s.is_postgres() {
        stored.extend(crate::helpers::database_bytes(
            &s.data_dir.path().join("kite.limits.db"),
        ));
    }
    let text = String::from_utf8_lossy(&stored);
    assert!(
        text.contains("sign_in_failures_client:"),
        "the client has a bucket"
    );
    assert!(!text.contains("127.0.0.2"));
}
