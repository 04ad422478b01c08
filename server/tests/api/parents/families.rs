//! A family signs in once: a second child's code typed into the same session adds that child,
//! each child's routes take `?child=`, no other family's child is reachable whatever id is
//! tried, and signing out (or a new letter for either child) ends it for both.

use super::*;
use kite_protocol::parents::FamilyChild;

impl Parent {
    async fn add_child(&self, code: &str) -> reqwest::Response {
        self.send(Method::POST, "/parents/children")
            .json(&serde_json::json!({ "code": code }))
            .send()
            .await
            .unwrap()
    }

    async fn status(&self, method: Method, path: &str) -> u16 {
        self.send(method, path)
            .json(&serde_json::json!({ "use": "website", "given": true }))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
}

fn names(children: &[FamilyChild]) -> Vec<&str> {
    children.iter().map(|c| c.first_name.as_str()).collect()
}

/// Amira (Hedgehogs) and Cara (Owls) are sisters; Ben (Hedgehogs) is another family's.
#[tokio::test]
async fn one_sign_in_reaches_every_child_whose_code_was_typed_and_no_other() {
    let school = School::new().await;
    let s = &school.s;
    school.db.publish_both().await;
    let hedgehogs = school.codes(school.hedgehogs).await;
    let owls = school.codes(school.owls).await;

    let family = sign_in(s, &hedgehogs["Amira"]).await;
    let r = family.add_child(&owls["Cara"]).await;
    assert_eq!(r.status(), 200);
    let info: ParentSessionInfo = r.json().await.unwrap();
    assert_eq!(names(&info.children), ["Amira", "Cara"]);
    assert_eq!(info.csrf_token, family.csrf, "the same session");
    assert_eq!(info.children[1].id, school.cara);
    // Typing a code already in the session changes nothing.
    let again: ParentSessionInfo = family.add_child(&owls["Cara"]).await.json().await.unwrap();
    assert_eq!(names(&again.children), ["Amira", "Cara"]);
    let r = family
        .send(Method::GET, "/parents/session")
        .send()
        .await
        .unwrap();
    let current: Option<ParentSessionInfo> = r.json().await.unwrap();
    assert_eq!(names(&current.unwrap().children), ["Amira", "Cara"]);

    // Each child's page, by the id the session gave; no id means the first child.
    assert_eq!(family.child().await.first_name, "Amira");
    let cara = format!("?child={}", school.cara);
    let r = family
        .send(Method::GET, &format!("/parents/child{cara}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page: ChildPage = r.json().await.unwrap();
    assert_eq!((page.first_name.as_str(), page.band), ("Cara", Band::Ks2));
    let r = family
        .send(Method::GET, &format!("/parents/corner{cara}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        family
            .status(Method::PUT, &format!("/parents/consent{cara}"))
            .await,
        200
    );
    assert_eq!(
        school.consent_rows(school.cara).await,
        [("website".into(), true)]
    );
    assert!(school.consent_rows(school.amira).await.is_empty());

    // Another family's child, by its real id or a guessed one, is not found on any child route,
    // and nothing is written for them.
    for guessed in [school.ben, school.cara + 1000, -1] {
        for (method, path) in [
            (Method::GET, "/parents/child"),
            (Method::GET, "/parents/corner"),
            (Method::PUT, "/parents/consent"),
            (Method::POST, "/parents/cosign"),
            (Method::POST, "/parents/concern"),
        ] {
            let path = format!("{path}?child={guessed}");
            assert_eq!(family.status(method, &path).await, 404, "{path}");
        }
    }
    assert_eq!(
        family.status(Method::GET, "/parents/child?child=ben").await,
        400
    );
    assert!(school.consent_rows(school.ben).await.is_empty());

    // A wrong, replaced or ended code is refused with why (400: the parent is still signed in
    // for the children already there).
    let r = family.add_child("ABCD-EFGH-JKMN").await;
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("doesn't match a letter"),
        "{body}"
    );
    assert_eq!(family.child().await.first_name, "Amira");

    // Each child's sign-in is in the audit log under that child.
    let log = s.state.storage.list_audit(50, None).await.unwrap();
    for pupil in [school.amira, school.cara] {
        let who = format!("(parent of pupil {pupil})");
        assert_eq!(
            log.iter()
                .filter(|e| e.action == "parent_sign_in" && e.staff_email == who)
                .count(),
            1,
            "{who}"
        );
    }

    // Signing out ends it for both children.
    assert_eq!(family.status(Method::POST, "/parents/logout").await, 200);
    assert_eq!(family.status(Method::GET, "/parents/child").await, 401);
    assert_eq!(
        family
            .status(Method::GET, &format!("/parents/child{cara}"))
            .await,
        401
    );
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM parent_session_children")
        .fetch_one(&school.db.pool)
        .await
        .unwrap();
    assert_eq!(rows, 0, "the family's rows went with the session");
}

#[tokio::test]
async fn a_new_letter_for_a_child_added_to_a_family_ends_that_familys_sign_in() {
    let school = School::new().await;
    let s = &school.s;
    let hedgehogs = school.codes(school.hedgehogs).await;
    let owls = school.codes(school.owls).await;
    let family = sign_in(s, &hedgehogs["Amira"]).await;
    assert_eq!(family.add_child(&owls["Cara"]).await.status(), 200);
    let ben = sign_in(s, &hedgehogs["Ben"]).await;

    // The Owls' letters are printed again: Cara's old code was typed into the family's session.
    let owls_again = school.codes(school.owls).await;
    assert_eq!(family.status(Method::GET, "/parents/child").await, 401);
    assert_eq!(ben.status(Method::GET, "/parents/child").await, 200);
    let r = family.add_child(&owls["Cara"]).await;
    assert_eq!(r.status(), 401, "no session to add to");
    let family = sign_in(s, &hedgehogs["Amira"]).await;
    let r = family.add_child(&owls["Cara"]).await;
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["error"]
        .as_str()
        .unwrap()
        .contains("replaced by a newer letter"));
    assert_eq!(family.add_child(&owls_again["Cara"]).await.status(), 200);
}
