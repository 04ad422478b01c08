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
async fn a_locked_account_is_answered_exactly_like_a_wrong_password() {
    let s = TestServer::spawn().await;
    let t = s.add_staff("teacher@school.example", Role::Teacher).await;
    let unknown = s
        .post_login("nobody@school.example", "whatever it is")
        .await;
    assert_eq!(unknown.status(), 401);
    let unknown_msg: serde_json::Value = unknown.json().await.unwrap();
    let wrong = s.post_login(&t.email, "not the password").await;
    assert_eq!(wrong.status(), 401);
    let wrong_msg: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(
        wrong_msg, unknown_msg,
        "an unknown email and a wrong password look the same"
    );

    // Locked (as failures from many places lock it): from outside it looks like any wrong
    // password, even with the right one, and says nothing of how long.
    let now = kite_server::clock::now_ms();
    s.state
        .storage
        .record_login_failure(t.id, now, 1, 15 * 60 * 1000)
        .await
        .unwrap();
    for password in ["not the password", t.password.as_str()] {
        let r = s.post_login(&t.email, password).await;
        assert_eq!(r.status(), 401);
        assert!(!r.headers().contains_key("retry-after"));
        let msg: serde_json::Value = r.json().await.unwrap();
        assert_eq!(msg, unknown_msg, "locked looks like wrong");
    }
    // The account's admin sees it locked.
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
async fn the_most_common_passwords_are_refused() {
    let s = TestServer::spawn().await;
    let t = s.add_staff("teacher@school.example", Role::Teacher).await;
    let c = s.login(&t).await;
    let change = |new: &'static str| {
        c.send(Method::POST, "/staff/password")
            .json(&serde_json::json!({ "current_password": t.password, "new_password": new }))
            .send()
    };
    for common in ["qwertyuiop", "Password123", "1q2w3e4r5t"] {
        let r = change(common).await.unwrap();
        assert_eq!(r.status(), 400, "{common}");
        let msg: serde_json::Value = r.json().await.unwrap();
        assert!(
            msg["error"].as_str().unwrap().contains("most common"),
            "{msg}"
        );
    }
    assert_eq!(
        change("hedgehogs fly kites on tuesdays")
            .await
            .unwrap()
            .status(),
        200
    );
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

/// A signed-in DSL whose last request was `ago_ms` ago.
async fn dsl_last_seen(s: &TestServer, ago_ms: i64) -> (crate::helpers::StaffClient, Vec<u8>) {
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.login(&dsl).await;
    let hash = kite_server::auth::staff::session_hash(c.cookie.split_once('=').unwrap().1);
    let then = kite_server::clock::now_ms() - ago_ms;
    s.state.storage.touch_session(&hash, then).await.unwrap();
    (c, hash)
}

async fn last_seen(s: &TestServer, hash: &[u8]) -> i64 {
    s.state
        .storage
        .session(hash)
        .await
        .unwrap()
        .unwrap()
        .last_seen_ms
}

#[tokio::test]
async fn background_polls_leave_the_idle_timer_alone_so_the_screen_locks() {
    let s = TestServer::spawn_with(crate::helpers::Options {
        configure: |c| c.staff_lock_secs = 3,
        ..Default::default()
    })
    .await;
    // Seen 1.5 s ago: a person's request would count as being there again.
    let (c, hash) = dsl_last_seen(&s, 1500).await;
    let before = last_seen(&s, &hash).await;
    let poll = || {
        c.get("/staff/reports/count")
            .header("x-kite-background", "1")
            .send()
    };
    // The inbox count, polled for longer than the lock time: answered while the person could
    // still be there, then refused as locked; it never counts as the person being there.
    let started = std::time::Instant::now();
    let mut answered = 0;
    let mut status = reqwest::StatusCode::OK;
    while started.elapsed() < std::time::Duration::from_secs(3) {
        status = poll().await.unwrap().status();
        if status == 200 {
            answered += 1;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(answered > 0);
    assert_eq!(
        last_seen(&s, &hash).await,
        before,
        "polls touched the session"
    );
    assert_eq!(status, 423, "polled past the lock time");
    // Locked means locked for everything but the password: the person's own requests too.
    assert_eq!(c.get("/staff/me").send().await.unwrap().status(), 423);
    assert_eq!(c.get("/staff/session").send().await.unwrap().status(), 423);
}

#[tokio::test]
async fn a_locked_screen_opens_with_the_password_only_while_the_session_lasts() {
    let s = TestServer::spawn().await;
    let lock = 15 * 60 * 1000;
    let (c, hash) = dsl_last_seen(&s, lock + 1000).await;
    assert_eq!(c.get("/staff/reports").send().await.unwrap().status(), 423);
    let unlock = |password: &str| {
        c.send(Method::POST, "/staff/unlock")
            .json(&serde_json::json!({ "password": password }))
            .send()
    };
    assert_eq!(unlock("not the password").await.unwrap().status(), 400);
    // A page reloaded while locked has no CSRF token: the password is enough.
    let without_token = c
        .client
        .post(format!("{}/api/v1/staff/unlock", s.url))
        .header("cookie", &c.cookie)
        .json(&serde_json::json!({ "password": "not the password either" }))
        .send()
        .await
        .unwrap();
    assert_eq!(without_token.status(), 400);
    assert_eq!(c.get("/staff/reports").send().await.unwrap().status(), 423);
    let dsl_password = "dsl@school.example long password";
    let r = unlock(dsl_password).await.unwrap();
    assert_eq!(r.status(), 200);
    let me: Me = r.json().await.unwrap();
    assert_eq!((me.role, me.csrf_token), (Role::Dsl, c.csrf.clone()));
    assert_eq!(c.get("/staff/reports").send().await.unwrap().status(), 200);

    // Past the idle limit the session has ended: the password alone doesn't bring it back.
    let long_ago = kite_server::clock::now_ms() - kite_server::auth::staff::IDLE_MS - 1000;
    s.state
        .storage
        .touch_session(&hash, long_ago)
        .await
        .unwrap();
    assert_eq!(unlock(dsl_password).await.unwrap().status(), 401);
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
