//! Every staff route, walked with every role and with no session. The list comes from the
//! server's own route table, so a new route is walked automatically; and `expected` below must
//! name who may use it, so a route can't be added without deciding (and testing) its access.

use kite_protocol::staff::Role;
use kite_server::http::staff::{routes, Access};
use reqwest::StatusCode;

use crate::helpers::TestServer;

/// Who may use each route, written out independently of the server's table.
fn expected(method: &str, path: &str) -> Access {
    match path {
        "/staff/login"
        | "/staff/session"
        | "/staff/oidc"
        | "/staff/oidc/start"
        | "/staff/oidc/callback"
        | "/staff/oidc/two-step" => Access::Public,
        "/staff/oidc/settings" => Access::Admin,
        "/staff/logout"
        | "/staff/me"
        | "/staff/unlock"
        | "/staff/password"
        | "/staff/totp/setup"
        | "/staff/totp/enable"
        | "/staff/totp/disable"
        | "/staff/totp/recovery-codes" => Access::SignedIn,
        "/staff/trust/overview" => Access::Trust,
        "/staff/reports"
        | "/staff/reports/count"
        | "/staff/reports/{id}"
        | "/staff/reports/{id}/actions"
        | "/staff/reports/{id}/actions/{event}/done"
        | "/staff/reports/{id}/corrections"
        | "/staff/reports/{id}/answer"
        | "/staff/reports/{id}/answers/{answer}/check"
        | "/staff/reports/{id}/referrals"
        | "/staff/reports/{id}/referrals/{referral}/result"
        | "/staff/reports/{id}/parents"
        | "/staff/reports/{id}/parent-letter"
        | "/staff/reports/{id}/hold"
        | "/staff/reports/{id}/procedures"
        | "/staff/reports/{id}/procedures/{procedure}/steps"
        | "/staff/dsl-home"
        | "/staff/audit"
        | "/staff/reports/export.csv"
        | "/staff/reports/{id}/pupils"
        | "/staff/pupils"
        | "/staff/pupils/{id}/record"
        | "/staff/pupils/{id}/record/printed"
        | "/staff/pupils/{id}/transfers"
        | "/staff/reports/{id}/retention" => Access::Dsl,
        "/staff/governors-report" => Access::Oversight,
        // Each changes only what is theirs: DSL accounts, the two-step setting and shortening
        // retention are the DSL's (authority.rs tests which).
        "/staff/accounts" | "/staff/accounts/{id}" | "/staff/school" | "/staff/school/terms" => {
            Access::AdminOrDsl
        }
        "/staff/devices"
        | "/staff/devices/{id}/revoke"
        | "/staff/enrolment-codes"
        | "/staff/school/photos"
        | "/staff/classes/{id}/teachers"
        | "/staff/agreements"
        | "/staff/agreements/{kind}"
        | "/staff/agreements/{kind}/preview"
        | "/staff/agreements/{kind}/correction"
        | "/staff/consent-uses/retire" => Access::Admin,
        // Everyone who works with pupils reads the school's consent uses; admins change them.
        "/staff/consent-uses" if method == "POST" => Access::Admin,
        "/staff/consent-uses" => Access::SchoolStaff,
        // The school's own agreement kinds: admins make and retire them; everyone who works
        // with pupils reads the list (the register names them).
        "/staff/agreement-kinds/retire" => Access::Admin,
        "/staff/agreement-kinds" if method == "POST" => Access::Admin,
        "/staff/agreement-kinds" => Access::SchoolStaff,
        "/staff/agreement" | "/staff/agreement/sign" => Access::AnyStaff,
        // The DSL and admins keep the training register; everyone confirms their own reading.
        "/staff/training"
        | "/staff/training/due"
        | "/staff/training/export.csv"
        | "/staff/training/people"
        | "/staff/training/records"
        | "/staff/training/documents"
        | "/staff/training/files"
        | "/staff/training/files/{id}" => Access::AdminOrDsl,
        // The school's news and guides for parents: written by an admin or the DSL.
        "/staff/parents-news"
        | "/staff/parents-news/{id}/take-down"
        | "/staff/parents-news/pictures"
        | "/staff/parents-news/pictures/{id}" => Access::AdminOrDsl,
        // The office makes the visitors' poster; the head also reads who signed in.
        "/staff/visitors/poster" => Access::AdminOrDsl,
        "/staff/visitors" => Access::DutiesLead,
        // Every member of staff opens the documents they are asked to read.
        "/staff/training/reading" | "/staff/training/documents/{id}/file" => Access::AnyStaff,
        // GET lists the classes each person works with (not governors); POST makes one.
        "/staff/classes" if method == "POST" => Access::AdminOrTeacher,
        "/staff/classes" => Access::SchoolStaff,
        "/staff/classes/import" => Access::AdminOrTeacher,
        "/staff/classes/{id}/register"
        | "/staff/classes/{id}/register.csv"
        | "/staff/classes/{id}/parent-letters"
        | "/staff/classes/{id}/paper/consent"
        | "/staff/classes/{id}/paper/cosignature" => Access::ClassReader,
        "/staff/classes/{id}/pupils" | "/staff/classes/{id}/years" | "/staff/pupils/{id}/left" => {
            Access::ClassEditor
        }
        // Anyone who works in school logs concerns about any pupil; only DSLs read them.
        "/staff/concerns" | "/staff/concerns/pupils" => Access::ConcernWriter,
        "/staff/pupils/{id}/details" => Access::PupilDetailsEditor,
        // Any adult in school logs a concern about an adult; only the head (or the chair of
        // governors, for one about the head) reads them: never the DSL.
        "/staff/adult-concerns" if method == "POST" => Access::AnyStaff,
        "/staff/adult-concerns"
        | "/staff/adult-concerns/summary"
        | "/staff/adult-concerns/{id}"
        | "/staff/adult-concerns/{id}/steps" => Access::HeadOrChair,
        // Anyone on the staff asks for a change to the filter and follows their own requests;
        // only the head decides; the DSL, an admin or the head keep the logs.
        "/staff/filtering/changes" | "/staff/filtering/my-changes" => Access::AnyStaff,
        "/staff/filtering/changes/{id}/decision" => Access::Head,
        "/staff/filtering"
        | "/staff/filtering/roles"
        | "/staff/filtering/changes/{id}/done"
        | "/staff/filtering/files"
        | "/staff/filtering/files/{id}"
        | "/staff/filtering/checks"
        | "/staff/filtering/reviews"
        // The online-safety policy's reviews are kept by the same people.
        | "/staff/policy"
        | "/staff/policy/review"
        | "/staff/policy/approvals"
        // Surveys are written and their results read by the same people; everyone on the staff
        // answers the staff ones.
        | "/staff/surveys"
        | "/staff/surveys/{id}/results" => Access::DutiesLead,
        "/staff/surveys/to-answer" | "/staff/surveys/{id}/answers" => Access::AnyStaff,
        other => panic!("new staff route {other}: add who may use it to roles.rs"),
    }
}

#[tokio::test]
async fn every_staff_route_enforces_its_role_boundary() {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let admin = s.add_staff("admin@school.example", Role::Admin).await;
    let governor = s.add_staff("governor@school.example", Role::Governor).await;
    // Made straight in storage: no school API makes one (schools.rs tests that).
    let trust = s.add_staff("trust@trust.example", Role::Trust).await;
    // A teaching assistant: their AUP and logging concerns, nothing else.
    let assistant = s.add_staff("ta@school.example", Role::Staff).await;
    // Two classes with a pupil each: the teacher teaches Oak, not Ash.
    let oak = s
        .state
        .storage
        .create_class("Oak", kite_protocol::Band::Ks1, 1)
        .await
        .unwrap()
        .unwrap();
    let ash = s
        .state
        .storage
        .create_class("Ash", kite_protocol::Band::Ks2, 1)
        .await
        .unwrap()
        .unwrap();
    s.state
        .storage
        .add_class_teacher(oak, teacher.id)
        .await
        .unwrap();
    let name = |n: &str| kite_protocol::classes::check_pupil_name(n, "B").unwrap();
    let oak_pupil = s
        .state
        .storage
        .add_pupils(oak, &[name("Ava")], 1)
        .await
        .unwrap()[0]
        .unwrap();
    let ash_pupil = s
        .state
        .storage
        .add_pupils(ash, &[name("Ben")], 1)
        .await
        .unwrap()[0]
        .unwrap();
    // A parent signed in with Ava's letter, and the tablet: neither is ever a staff session.
    let letters: kite_protocol::parents::ParentLetters = s
        .session_for(admin.id)
        .await
        .send(
            reqwest::Method::POST,
            &format!("/staff/classes/{}/parent-letters", oak.0),
        )
        .json(&serde_json::json!({ "pupil_ids": [oak_pupil.0] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let parent = s
        .client
        .post(format!("{}/api/v1/parents/session", s.url))
        .json(&serde_json::json!({ "code": letters.letters[0].code }))
        .send()
        .await
        .unwrap();
    assert_eq!(parent.status(), StatusCode::OK);
    let parent_cookie = crate::helpers::cookie_of(&parent);

    let table = routes();
    assert!(table.len() >= 18, "the table lists every route");

    for route in &table {
        let access = expected(route.method.as_str(), route.path);
        assert_eq!(access, route.access, "{} {}", route.method, route.path);
        // A report id that exists in no table: allowed roles get past access control to a 404.
        let path = route.path.replace(
            "{id}",
            if route.path.contains("reports") {
                "7d4c0d5e-2f5b-4c8e-9a31-3f3c1d2b0a11"
            } else {
                "999999"
            },
        );
        let method = reqwest::Method::from_bytes(route.method.as_str().as_bytes()).unwrap();

        // No session.
        let anon = s
            .client
            .request(method.clone(), format!("{}/api/v1{path}", s.url))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap()
            .status();
        if access == Access::Public {
            assert_ne!(anon, StatusCode::UNAUTHORIZED, "{method} {path}");
        } else {
            assert_eq!(
                anon,
                StatusCode::UNAUTHORIZED,
                "{method} {path} without a session"
            );
        }

        let url = format!("{}/api/v1{path}", s.url);
        for (who, request) in [
            (
                "a parent",
                s.client
                    .request(method.clone(), &url)
                    .header("cookie", &parent_cookie),
            ),
            (
                "a tablet",
                s.client.request(method.clone(), &url).bearer_auth(&s.token),
            ),
        ] {
            let status = request
                .json(&serde_json::json!({}))
                .send()
                .await
                .unwrap()
                .status();
            if access == Access::Public {
                assert_ne!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
            } else {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path} as {who}");
            }
        }

        // Class routes are walked with a class that exists in no table, the teacher's own class
        // and another class: a teacher is refused only the other class.
        let class_scoped = matches!(
            access,
            Access::ClassReader | Access::ClassEditor | Access::PupilDetailsEditor
        );
        let mut targets = vec![(path.clone(), None)];
        if class_scoped {
            let (own, others) = if route.path.starts_with("/staff/pupils") {
                (oak_pupil.0, ash_pupil.0)
            } else {
                (oak.0, ash.0)
            };
            targets.push((route.path.replace("{id}", &own.to_string()), Some(true)));
            targets.push((route.path.replace("{id}", &others.to_string()), Some(false)));
        }
        for (path, teaches) in targets {
            for (who, role) in [
                (&dsl, Role::Dsl),
                (&teacher, Role::Teacher),
                (&admin, Role::Admin),
                (&governor, Role::Governor),
                (&trust, Role::Trust),
                (&assistant, Role::Staff),
            ] {
                // A fresh session each time: logout must not spoil the next request.
                let c = s.session_for(who.id).await;
                let status = c
                    .send(method.clone(), &path)
                    .json(&serde_json::json!({}))
                    .send()
                    .await
                    .unwrap()
                    .status();
                let allowed = match access {
                    Access::Public | Access::SignedIn => true,
                    // A trust account reaches its own sign-in and the trust overview, nothing
                    // of a school's.
                    _ if role == Role::Trust => access == Access::Trust,
                    Access::Trust => false,
                    Access::AnyStaff => true,
                    Access::ConcernWriter => role != Role::Governor,
                    // Other staff reach their AUP and the concern form, nothing else.
                    _ if role == Role::Staff => false,
                    Access::Dsl => role == Role::Dsl,
                    Access::Admin => role == Role::Admin,
                    Access::AdminOrDsl => matches!(role, Role::Admin | Role::Dsl),
                    Access::Oversight => role != Role::Teacher,
                    Access::SchoolStaff => role != Role::Governor,
                    Access::AdminOrTeacher => matches!(role, Role::Admin | Role::Teacher),
                    // A class that doesn't exist is a 404 for every role that may read classes.
                    Access::ClassReader => match role {
                        Role::Governor => false,
                        Role::Teacher => teaches != Some(false),
                        _ => true,
                    },
                    Access::ClassEditor => {
                        role == Role::Admin || (role == Role::Teacher && teaches != Some(false))
                    }
                    Access::PupilDetailsEditor => {
                        matches!(role, Role::Admin | Role::Dsl)
                            || (role == Role::Teacher && teaches != Some(false))
                    }
                    // No account here is flagged as the head's (filtering.rs walks these routes
                    // with one that is).
                    Access::Head => false,
                    Access::DutiesLead => matches!(role, Role::Admin | Role::Dsl),
                    // No account here is the head's or the chair's (adult_concerns.rs walks
                    // these routes with both).
                    Access::HeadOrChair => false,
                };
                if allowed {
                    assert!(
                        status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                        "{role:?} {method} {path}: {status}"
                    );
                } else {
                    assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} {method} {path}");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_refused_attempt_is_audited() {
    let s = TestServer::spawn().await;
    let teacher = s.add_staff("teacher@school.example", Role::Teacher).await;
    let c = s.session_for(teacher.id).await;
    assert_eq!(c.get("/staff/reports").send().await.unwrap().status(), 403);
    let log = s.state.storage.list_audit(10, None).await.unwrap();
    assert!(log.iter().any(|e| e.action == "access_denied"
        && e.staff_email == teacher.email
        && e.detail.contains("/staff/reports")));
}
