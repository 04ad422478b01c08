//! Staff sign-in: sessions in the database, cookie flags, CSRF, lockout, logout, password change.

use kite_protocol::staff::{Me, Role};
use reqwest::Method;

use crate::helpers::TestServer;

#[tokio::test]
async fn a_staff_member_signs_in_sees_who_they_are_and_signs_out() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;

    let code = crate::helpers::fresh_totp_code(
        &s.state.storage,
        dsl.id,
        dsl.totp_secret.as_deref().unwrap(),
    )
    .await;
    let r = s
        .post_login_with_code("DSL@School.example ", &dsl.password, Some(&code))
        .await;
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http on a laptop: {cookie}"
    );

    let c = s.login(&dsl).await;
    let me: Me = c.json("/staff/me").await;
    assert_eq!(me.role, Role::Dsl);
    assert_eq!(me.csrf_token, c.csrf);
    let session: Option<Me> = c.json("/staff/session").await;
    assert_eq!(session, Some(me));
    let nobody = s
        .client
        .get(format!("{}/api/v1/staff/session", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(
        nobody.status(),
        200,
        "asking who is signed in is not an error"
    );
    assert_eq!(nobody.json::<Option<Me>>().await.unwrap(), None);

    let out = c.send(Method::POST, "/staff/logout").send().await.unwrap();
    assert_eq!(out.status(), 200);
    assert!(out.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(c.get("/staff/me").send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn the_session_lives_in_the_database_not_in_the_server_process() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.login(&dsl).await;
    // Only the SHA-256 of the cookie's id is stored.
    let id = c.cookie.split_once('=').unwrap().1.to_string();
    let bytes = s.stored_bytes().await;
    assert!(!String::from_utf8_lossy(&bytes).contains(&id));
    // A second server process on the same database accepts the session.
    let state = kite_server::state::AppState::open(&s.config).await.unwrap();
    let hash = kite_server::auth::staff::session_hash(&id);
    assert!(state.storage.session(&hash).await.unwrap().is_some());
}

#[tokio::test]
async fn state_changing_requests_need_the_csrf_token() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let c = s.login(&admin).await;
    let without = c
        .client
        .post(format!("{}/api/v1/staff/enrolment-codes", s.url))
        .header("cookie", &c.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 403);
    let body: serde_json::Value = without.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("security token"));
    let wrong = c
        .client
        .post(format!("{}/api/v1/staff/enrolment-codes", s.url))
        .header("cookie", &c.cookie)
        .header("x-csrf-token", "not-it")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let with = c
        .send(Method::POST, "/staff/enrolment-codes")
        .send()
        .await
        .unwrap();
    assert_eq!(with.status(), 200);
}

#[tokio::test]
async fn wrong_passwords_lock_the_account_and_say_for_how_long() {
    let s = TestServer::spawn().await;
    let t = s.add_staff("teacher@school.example", Role::Teacher).await;
    let unknown = s
        .post_login("nobody@school.example", "whatever it is")
        .await;
    assert_eq!(unknown.status(), 401);
    let unknown_msg: serde_json::Value = unknown.json().await.unwrap();
    for _ in 0..4 {
        let r = s.post_login(&t.email, "not the password").await;
        assert_eq!(r.status(), 401);
        let msg: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            msg, unknown_msg,
            "an unknown email and a wrong password look the same"
        );
    }
    let fifth = s.post_login(&t.email, "not the password").await;
    assert_eq!(fifth.status(), 429);
    assert!(fifth.headers().contains_key("retry-after"));
    let msg: serde_json::Value = fifth.json().await.unwrap();
    assert!(
        msg["error"]
            .as_str()
            .unwrap()
            .contains("try again in 15 minutes"),
        "{msg}"
    );
    // Even the right password is refused while locked.
    assert_eq!(s.post_login(&t.email, &t.password).await.status(), 429);
    // Kept in the database.
    let record = s
        .state
        .storage
        .staff_by_email(&t.email)
        .await
        .unwrap()
        .unwrap();
    assert!(record.locked_until_ms.is_some());
}

#[tokio::test]
async fn a_password_change_needs_the_current_one_and_ends_other_sessions() {
    let s = TestServer::spawn().await;
    let mut t = s.add_staff("teacher@school.example", Role::Teacher).await;
    let here = s.login(&t).await;
    let elsewhere = s.login(&t).await;

    let wrong = here
        .send(Method::POST, "/staff/password")
        .json(&serde_json::json!({"current_password": "nope", "new_password": "a brand new passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);
    let short = here
        .send(Method::POST, "/staff/password")
        .json(&serde_json::json!({"current_password": t.password, "new_password": "short"}))
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), 400);
    let ok = here
        .send(Method::POST, "/staff/password")
        .json(&serde_json::json!({"current_password": t.password, "new_password": "a brand new passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(here.get("/staff/me").send().await.unwrap().status(), 200);
    assert_eq!(
        elsewhere.get("/staff/me").send().await.unwrap().status(),
        401
    );
    assert_eq!(s.post_login(&t.email, &t.password).await.status(), 401);
    t.password = "a brand new passphrase".into();
    s.login(&t).await;
}

#[tokio::test]
async fn an_idle_session_ends() {
    let s = TestServer::spawn().await;
    let t = s.add_staff("teacher@school.example", Role::Teacher).await;
    let c = s.login(&t).await;
    let id = c.cookie.split_once('=').unwrap().1.to_string();
    let hash = kite_server::auth::staff::session_hash(&id);
    let long_ago = kite_server::clock::now_ms() - kite_server::auth::staff::IDLE_MS - 1000;
    s.state
        .storage
        .touch_session(&hash, long_ago)
        .await
        .unwrap();
    assert_eq!(c.get("/staff/me").send().await.unwrap().status(), 401);
    assert!(s.state.storage.session(&hash).await.unwrap().is_none());
}

#[tokio::test]
async fn the_cli_creates_the_first_admin_who_can_sign_in() {
    let s = TestServer::spawn().await;
    let bin = env!("CARGO_BIN_EXE_kite-server");
    let mut child = std::process::Command::new(bin)
        .args(["--data-dir"])
        .arg(s.data_dir.path())
        .env("DATABASE_URL", s.database_url())
        .args([
            "staff",
            "add",
            "head@school.example",
            "--role",
            "admin",
            "--name",
            "Ms Head",
            "--password-stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"correct horse battery staple\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let r = s
        .post_login("head@school.example", "correct horse battery staple")
        .await;
    assert_eq!(r.status(), 200);
    let me: Me = r.json().await.unwrap();
    assert_eq!((me.role, me.name.as_str()), (Role::Admin, "Ms Head"));
    assert!(
        me.totp_required && !me.totp_enabled,
        "the first sign-in sets up two-step"
    );
}

#[tokio::test]
async fn the_demo_school_has_staff_sign_ins_with_random_passwords() {
    // Seeded into an empty data dir, as `serve --demo` does.
    let (dir, state, _db) = crate::helpers::demo_school().await;
    let logins =
        std::fs::read_to_string(dir.path().join(kite_server::demo::DEMO_STAFF_FILE)).unwrap();
    let dsl_line = logins
        .lines()
        .find(|l| l.contains("dsl@demo.school"))
        .unwrap();
    let password = dsl_line.split('\t').nth(2).unwrap();
    assert!(password.len() >= 16);
    let record = state
        .storage
        .staff_by_email("dsl@demo.school")
        .await
        .unwrap()
        .unwrap();
    assert!(kite_server::auth::password::verify_now(
        password,
        &record.password_hash
    ));
}

#[tokio::test]
async fn two_step_sign_in_needs_a_fresh_code_once_turned_on() {
    use kite_protocol::staff::TotpSetup;
    use kite_server::auth::totp::{code_at_step, step_at};
    let s = TestServer::spawn().await;
    // A teacher: optional unless the school requires it, so it can be turned off again.
    let dsl = s.add_staff("teacher@school.example", Role::Teacher).await;
    let c = s.login(&dsl).await;
    let setup: TotpSetup = c
        .send(Method::POST, "/staff/totp/setup")
        .json(&serde_json::json!({ "password": dsl.password }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(setup
        .otpauth_uri
        .starts_with("otpauth://totp/Kite:teacher@school.example?secret="));
    // Not on until proved: signing in still needs only the password.
    assert_eq!(s.post_login(&dsl.email, &dsl.password).await.status(), 200);
    let wrong = c
        .send(Method::POST, "/staff/totp/enable")
        .json(&serde_json::json!({"code": "000000"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);
    let now = kite_server::clock::now_ms();
    let code = code_at_step(&setup.secret, step_at(now) - 1).unwrap();
    let on = c
        .send(Method::POST, "/staff/totp/enable")
        .json(&serde_json::json!({ "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(on.status(), 200);

    let no_code = s.post_login(&dsl.email, &dsl.password).await;
    assert_eq!(no_code.status(), 401);
    let msg: serde_json::Value = no_code.json().await.unwrap();
    assert!(
        msg["error"].as_str().unwrap().contains("6-digit code"),
        "{msg}"
    );
    let login = |code: String| {
        s.client
            .post(format!("{}/api/v1/staff/login", s.url))
            .json(&serde_json::json!({"email": dsl.email, "password": dsl.password, "totp_code": code}))
            .send()
    };
    // The code used to turn it on can't be used again.
    assert_eq!(login(code).await.unwrap().status(), 401);
    let fresh = code_at_step(&setup.secret, step_at(now)).unwrap();
    let ok = login(fresh.clone()).await.unwrap();
    assert_eq!(ok.status(), 200);
    let me: kite_protocol::staff::Me = ok.json().await.unwrap();
    assert!(me.totp_enabled);
    assert_eq!(
        login(fresh).await.unwrap().status(),
        401,
        "a code works once"
    );

    let off = c
        .send(Method::POST, "/staff/totp/disable")
        .json(&serde_json::json!({"password": dsl.password}))
        .send()
        .await
        .unwrap();
    assert_eq!(off.status(), 200);
    assert_eq!(s.post_login(&dsl.email, &dsl.password).await.status(), 200);
}

#[tokio::test]
async fn ended_sessions_are_swept_away() {
    let s = TestServer::spawn().await;
    let t = s.add_staff("teacher@school.example", Role::Teacher).await;
    let old = s.login(&t).await;
    let fresh = s.login(&t).await;
    let hash = kite_server::auth::staff::session_hash(old.cookie.split_once('=').unwrap().1);
    let long_ago = kite_server::clock::now_ms() - kite_server::auth::staff::IDLE_MS - 1000;
    s.state
        .storage
        .touch_session(&hash, long_ago)
        .await
        .unwrap();
    let swept = kite_server::retention::sweep_sessions(&s.state, kite_server::clock::now_ms())
        .await
        .unwrap();
    assert_eq!(swept, 1);
    assert_eq!(fresh.get("/staff/me").send().await.unwrap().status(), 200);
}
