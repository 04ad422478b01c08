//! Kiosk enrolment: an admin's one-time code becomes a tablet's token; used or expired codes are
//! refused clearly; admins list and revoke tablets.

use kite_protocol::device::DeviceConfig;
use kite_protocol::staff::{DeviceRow, EnrolResponse, EnrolmentCode, Role};
use reqwest::Method;

use crate::helpers::TestServer;

async fn enrol(s: &TestServer, code: &str, name: &str) -> reqwest::Response {
    s.client
        .post(format!("{}/api/v1/device/enrol", s.url))
        .json(&serde_json::json!({ "code": code, "name": name }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_code_enrols_one_tablet_once() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let c = s.login(&admin).await;
    let code: EnrolmentCode = c
        .send(Method::POST, "/staff/enrolment-codes")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(code.code.len(), 9);
    assert!(code.expires_at_ms > kite_server::clock::now_ms() + 25 * 60 * 1000);
    // Only the hash is stored.
    let bytes = s.stored_bytes().await;
    assert!(!String::from_utf8_lossy(&bytes).contains(&code.code.replace('-', "")));

    // Typed in lower case with a space: still the code.
    let typed = code.code.to_lowercase().replace('-', " ");
    let r = enrol(&s, &typed, "Year 3 tablet").await;
    assert_eq!(r.status(), 200);
    let token = r.json::<EnrolResponse>().await.unwrap().token;
    let config: DeviceConfig = s
        .client
        .get(format!("{}/api/v1/device/config", s.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config.device_name, "Year 3 tablet");

    let again = enrol(&s, &code.code, "Another").await;
    assert_eq!(again.status(), 400);
    let msg: serde_json::Value = again.json().await.unwrap();
    assert!(
        msg["error"].as_str().unwrap().contains("already been used"),
        "{msg}"
    );
    let unknown = enrol(&s, "ABCD-EFGH", "Another").await;
    assert_eq!(unknown.status(), 400);
    let msg: serde_json::Value = unknown.json().await.unwrap();
    assert!(
        msg["error"].as_str().unwrap().contains("isn't one"),
        "{msg}"
    );

    // Listed, then revoked: the token stops working.
    let devices: Vec<DeviceRow> = c.json("/staff/devices").await;
    let tablet = devices.iter().find(|d| d.name == "Year 3 tablet").unwrap();
    assert!(!tablet.revoked);
    let r = c
        .send(
            Method::POST,
            &format!("/staff/devices/{}/revoke", tablet.id),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let devices: Vec<DeviceRow> = c.json("/staff/devices").await;
    assert!(devices.iter().find(|d| d.id == tablet.id).unwrap().revoked);
    let refused = s
        .client
        .get(format!("{}/api/v1/device/config", s.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
}

#[tokio::test]
async fn an_expired_code_is_refused_with_a_clear_message() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let now = kite_server::clock::now_ms();
    s.state
        .storage
        .create_enrolment_code(
            &kite_server::auth::enrolment::code_hash("WXYZ-2345"),
            admin.id,
            now - 3_600_000,
            now - 1_800_000,
        )
        .await
        .unwrap();
    let r = enrol(&s, "WXYZ-2345", "Old").await;
    assert_eq!(r.status(), 400);
    let msg: serde_json::Value = r.json().await.unwrap();
    assert!(msg["error"].as_str().unwrap().contains("expired"), "{msg}");
}
