//! Two-step sign-in: compulsory for DSLs, admins and trust accounts (their first sign-in can only
//! set it up), the school's choice for teachers and other staff; set-up needs the password;
//! one-time recovery codes; secrets sealed at rest.

use kite_protocol::staff::{Me, RecoveryCodes, Role, SchoolProfileForm, TotpSetup};
use reqwest::{Method, StatusCode};

use crate::helpers::{create_staff_in, fresh_totp_code, StaffClient, TestServer};

async fn status(c: &StaffClient, method: Method, path: &str) -> StatusCode {
    c.send(method, path)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn dsl_admin_and_trust_accounts_without_two_step_can_only_set_it_up() {
    let s = TestServer::spawn().await;
    for (role, email, path) in [
        (Role::Dsl, "dsl@school.example", "/staff/reports"),
        (Role::Admin, "admin@school.example", "/staff/accounts"),
        (Role::Trust, "ceo@trust.example", "/staff/trust/overview"),
    ] {
        let mut who = create_staff_in(&s.state.storage, email, role).await;
        // The password is accepted: the session is for setting two-step up.
        let c = s.login(&who).await;
        let me: Me = c.json("/staff/me").await;
        assert!(me.totp_required && !me.totp_enabled, "{role:?}");
        for (method, path) in [
            (Method::GET, path),
            (Method::GET, "/staff/agreement"),
            (Method::POST, "/staff/password"),
            (Method::POST, "/staff/totp/recovery-codes"),
        ] {
            let r = c
                .send(method.clone(), path)
                .json(&serde_json::json!({}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 403, "{role:?} {method} {path}");
            let body: serde_json::Value = r.json().await.unwrap();
            assert!(
                body["error"]
                    .as_str()
                    .unwrap()
                    .contains("set up two-step sign-in first"),
                "{body}"
            );
        }
        // Setting it up (as a person would) opens the rest, in this same session.
        let setup: TotpSetup = c
            .send(Method::POST, "/staff/totp/setup")
            .json(&serde_json::json!({ "password": who.password }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let code = fresh_totp_code(&s.state.storage, who.id, &setup.secret).await;
        let on = c
            .send(Method::POST, "/staff/totp/enable")
            .json(&serde_json::json!({ "code": code }))
            .send()
            .await
            .unwrap();
        assert_eq!(on.status(), 200);
        assert_ne!(status(&c, Method::GET, path).await, 403, "{role:?} {path}");
        // From now on the password alone is not enough.
        let r = s.post_login(&who.email, &who.password).await;
        assert_eq!(r.status(), 401, "{role:?}");
        who.totp_secret = Some(setup.secret);
        let again = s.login(&who).await;
        assert_ne!(status(&again, Method::GET, path).await, 403);
    }
}

#[tokio::test]
async fn setting_up_two_step_needs_the_current_password_and_draws_its_own_qr_code() {
    let s = TestServer::spawn().await;
    let who = create_staff_in(&s.state.storage, "dsl@school.example", Role::Dsl).await;
    let c = s.login(&who).await;
    let none = c
        .send(Method::POST, "/staff/totp/setup")
        .send()
        .await
        .unwrap();
    assert!(none.status().is_client_error(), "{}", none.status());
    let wrong = c
        .send(Method::POST, "/staff/totp/setup")
        .json(&serde_json::json!({ "password": "not the password at all" }))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);
    let stored = s.state.storage.staff_by_id(who.id).await.unwrap().unwrap();
    assert!(stored.totp_secret_sealed.is_none(), "no secret set");

    let setup: TotpSetup = c
        .send(Method::POST, "/staff/totp/setup")
        .json(&serde_json::json!({ "password": who.password }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(setup
        .otpauth_uri
        .starts_with("otpauth://totp/Kite:dsl@school.example?secret="));
    // The QR code is an SVG drawn by the server: no image from anywhere else.
    assert!(setup.qr_svg.contains("<svg"), "{}", setup.qr_svg);
    for outside in ["href", "<image", "url(", "<script"] {
        assert!(!setup.qr_svg.contains(outside), "{}", setup.qr_svg);
    }
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_and_a_new_set_replaces_the_old() {
    let s = TestServer::spawn().await;
    let mut who = create_staff_in(&s.state.storage, "dsl@school.example", Role::Dsl).await;
    let codes = s.set_up_two_step(&mut who).await;
    assert_eq!(codes.len(), 10);
    assert_eq!(
        codes.iter().collect::<std::collections::HashSet<_>>().len(),
        10
    );

    // In place of the 6-digit code, however it is typed.
    let typed = codes[0].to_lowercase().replace('-', " ");
    let r = s
        .post_login_with_code(&who.email, &who.password, Some(&typed))
        .await;
    assert_eq!(r.status(), 200);
    let again = s
        .post_login_with_code(&who.email, &who.password, Some(&codes[0]))
        .await;
    assert_eq!(again.status(), 401, "a recovery code works once");
    let c = s.login(&who).await;
    let audit: serde_json::Value = c.json("/staff/audit").await;
    let text = audit.to_string();
    assert!(text.contains("login_recovery_code_used"), "{text}");
    assert!(text.contains("9 recovery codes left"), "{text}");

    // A new set (with the password) makes the old unusable.
    let refused = c
        .send(Method::POST, "/staff/totp/recovery-codes")
        .json(&serde_json::json!({ "password": "wrong wrong wrong" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let fresh: RecoveryCodes = c
        .send(Method::POST, "/staff/totp/recovery-codes")
        .json(&serde_json::json!({ "password": who.password }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let old = s
        .post_login_with_code(&who.email, &who.password, Some(&codes[1]))
        .await;
    assert_eq!(old.status(), 401, "the old set is gone");
    let new = s
        .post_login_with_code(&who.email, &who.password, Some(&fresh.codes[1]))
        .await;
    assert_eq!(new.status(), 200);
}

#[tokio::test]
async fn two_step_secrets_and_recovery_codes_are_not_in_the_database_in_the_clear() {
    let s = TestServer::spawn().await;
    let mut who = create_staff_in(&s.state.storage, "dsl@school.example", Role::Dsl).await;
    let codes = s.set_up_two_step(&mut who).await;
    let secret = who.totp_secret.clone().unwrap();
    let raw = base32_bytes(&secret);
    let bytes = s.stored_bytes().await;
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(!contains(secret.as_bytes()), "the secret as text");
    assert!(!contains(&raw), "the secret's bytes");
    for code in &codes {
        assert!(!contains(code.as_bytes()));
        assert!(!contains(code.replace('-', "").as_bytes()));
    }
}

#[tokio::test]
async fn a_secret_stored_in_plaintext_by_an_earlier_version_is_sealed_on_start() {
    let s = TestServer::spawn().await;
    let who = create_staff_in(&s.state.storage, "dsl@school.example", Role::Dsl).await;
    let secret = kite_server::auth::totp::new_secret();
    // As earlier versions kept it: in `totp_secret`, two-step on.
    let db = s.db().await;
    sqlx::query("UPDATE staff SET totp_secret = $1, totp_enabled_at_ms = 1 WHERE id = $2")
        .bind(&secret)
        .bind(who.id.0)
        .execute(&db)
        .await
        .unwrap();
    // The server starting again (a second process on the same database does the same).
    kite_server::state::AppState::open(&s.config).await.unwrap();
    let left: Option<String> = sqlx::query_scalar("SELECT totp_secret FROM staff WHERE id = $1")
        .bind(who.id.0)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(left, None);
    // Still the same secret: the app on the phone keeps working.
    let code = fresh_totp_code(&s.state.storage, who.id, &secret).await;
    let r = s
        .post_login_with_code(&who.email, &who.password, Some(&code))
        .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn teachers_choose_two_step_unless_the_school_requires_it_and_dsls_cant_turn_it_off() {
    let s = TestServer::spawn().await;
    let admin = s
        .login(&s.add_staff("admin@school.example", Role::Admin).await)
        .await;
    let teacher = create_staff_in(&s.state.storage, "t@school.example", Role::Teacher).await;
    let assistant = create_staff_in(&s.state.storage, "ta@school.example", Role::Staff).await;
    let t = s.login(&teacher).await;
    let ta = s.login(&assistant).await;
    let me: Me = t.json("/staff/me").await;
    assert!(!me.totp_required);
    assert_eq!(status(&t, Method::GET, "/staff/classes").await, 200);
    assert_eq!(status(&ta, Method::GET, "/staff/agreement").await, 200);

    let mut profile: SchoolProfileForm = admin.json("/staff/school").await;
    assert!(
        !profile.require_teacher_two_step,
        "off unless the school turns it on"
    );
    profile.require_teacher_two_step = true;
    // Only a DSL changes it (authority.rs).
    let mut deputy = create_staff_in(&s.state.storage, "deputy@school.example", Role::Dsl).await;
    s.set_up_two_step(&mut deputy).await;
    let saved = s
        .login(&deputy)
        .await
        .send(Method::PUT, "/staff/school")
        .json(&profile)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    assert_eq!(status(&t, Method::GET, "/staff/classes").await, 403);
    assert_eq!(status(&ta, Method::GET, "/staff/agreement").await, 403);
    let me: Me = t.json("/staff/me").await;
    assert!(me.totp_required);

    // Where it is compulsory it can't be turned off, even with the password.
    let mut dsl = create_staff_in(&s.state.storage, "dsl@school.example", Role::Dsl).await;
    s.set_up_two_step(&mut dsl).await;
    let d = s.login(&dsl).await;
    let off = d
        .send(Method::POST, "/staff/totp/disable")
        .json(&serde_json::json!({ "password": dsl.password }))
        .send()
        .await
        .unwrap();
    assert_eq!(off.status(), 403);
    let again = s.login(&dsl).await;
    assert_eq!(status(&again, Method::GET, "/staff/reports").await, 200);
}

/// The secret's 20 bytes, from its base32 text.
fn base32_bytes(secret: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in secret.bytes() {
        let v = ALPHABET.iter().position(|a| *a == c).unwrap() as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}
