//! Staff sign-in with the school's account, end to end against a real, certified OpenID provider
//! (the npm package `oidc-provider`, started by tests/support/oidc-provider.mjs): the admin sets
//! it up, a teacher signs in at the provider's page and lands in Kite signed in, an account with
//! two-step sign-in still gives its code, and a wrong issuer, a wrong audience, an expired token
//! and an unknown email are each refused, audited, with no session and no account made.
//!
//! The provider needs node_modules (`npm ci`, which scripts/setup runs before any test): without
//! it these tests fail saying so, rather than skip.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Stdio;

use kite_protocol::school_account::SchoolAccountSettings;
use kite_protocol::staff::{Me, Role};
use reqwest::Method;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::helpers::{fresh_totp_code, TestServer};

const SECRET: &str = "kite-test-client-secret";

/// The provider, running until dropped.
struct Provider {
    issuer: String,
    _child: Child,
}

impl Provider {
    /// Starts the provider for Kite at `kite_url`, knowing these emails, with `extra` arguments
    /// (`--mode expired`, `--issuer-host localhost`...).
    async fn start(kite_url: &str, accounts: &[&str], extra: &[&str]) -> Self {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        assert!(
            root.join("node_modules/oidc-provider/package.json")
                .exists(),
            "node_modules/oidc-provider is missing: run `npm ci` at the repository's root \
             (scripts/setup does) before these tests"
        );
        let mut cmd = Command::new("node");
        cmd.current_dir(&root)
            .arg("tests/support/oidc-provider.mjs")
            .args(["--client-id", "kite", "--client-secret", SECRET])
            .args([
                "--redirect-uri",
                &format!("{kite_url}/api/v1/staff/oidc/callback"),
            ]);
        for a in accounts {
            cmd.args(["--account", a]);
        }
        let mut child = cmd
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs (node 20, as scripts/setup checks)");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut line).await.unwrap();
        // Read whatever else it says, so it never writes into a closed pipe and dies of it.
        tokio::spawn(async move {
            let mut rest = String::new();
            while stdout.read_line(&mut rest).await.unwrap_or(0) > 0 {
                rest.clear();
            }
        });
        let ready: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("the provider did not start ({e}): {line:?}"));
        Self {
            issuer: ready["issuer"].as_str().unwrap().to_string(),
            _child: child,
        }
    }
}

/// A browser as far as these tests need one: cookies kept by name (a browser shares them across
/// the ports of one host, as here), redirects followed by hand so each step can be seen, and the
/// provider's sign-in and consent forms filled in.
struct Browser {
    client: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

/// Where the browser ended: the last address.
struct Landed {
    url: String,
}

impl Browser {
    fn new() -> Self {
        Self {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, r: &reqwest::Response) {
        for set in r.headers().get_all("set-cookie") {
            let set = set.to_str().unwrap();
            let pair = set.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            let expired = set.to_ascii_lowercase().contains("max-age=0")
                || set
                    .to_ascii_lowercase()
                    .contains("expires=thu, 01 jan 1970");
            if expired || value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
    }

    async fn request(
        &mut self,
        method: Method,
        url: &str,
        form: Option<&[(&str, &str)]>,
    ) -> reqwest::Response {
        let mut req = self
            .client
            .request(method, url)
            .header("cookie", self.cookie_header());
        if let Some(form) = form {
            req = req.form(form);
        }
        let r = req.send().await.unwrap();
        self.keep_cookies(&r);
        r
    }

    /// Opens `url` and goes where it leads: redirects, and the provider's pages (signing in as
    /// `login`, then consenting), until a page of Kite's own (not its API) or an answer that is
    /// neither a redirect nor a form.
    async fn go(&mut self, kite_url: &str, url: &str, login: &str) -> Landed {
        let mut url = url.to_string();
        let mut form: Option<Vec<(&str, &str)>> = None;
        for _ in 0..20 {
            let method = if form.is_some() {
                Method::POST
            } else {
                Method::GET
            };
            let r = self.request(method, &url, form.as_deref()).await;
            form = None;
            if r.status().is_redirection() {
                let location = r.headers()["location"].to_str().unwrap();
                url = reqwest::Url::parse(&url)
                    .unwrap()
                    .join(location)
                    .unwrap()
                    .to_string();
                if url.starts_with(&format!("{kite_url}/staff")) {
                    return Landed { url };
                }
                continue;
            }
            let body = r.text().await.unwrap_or_default();
            let Some(action) = body
                .split("action=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
            else {
                return Landed { url };
            };
            url = reqwest::Url::parse(&url)
                .unwrap()
                .join(action)
                .unwrap()
                .to_string();
            form = Some(if body.contains("name=\"login\"") {
                vec![("prompt", "login"), ("login", login), ("password", "any")]
            } else {
                vec![("prompt", "consent")]
            });
        }
        panic!("the sign-in went round more than 20 times");
    }

    /// Presses "Sign in with your school account" on Kite's sign-in page and signs in at the
    /// provider as `login`.
    async fn sign_in(&mut self, kite_url: &str, login: &str) -> Landed {
        self.go(
            kite_url,
            &format!("{kite_url}/api/v1/staff/oidc/start"),
            login,
        )
        .await
    }

    /// Whom Kite thinks this browser is.
    async fn me(&self, kite_url: &str) -> Option<Me> {
        let r = self
            .client
            .get(format!("{kite_url}/api/v1/staff/session"))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.json().await.unwrap()
    }
}

/// Kite with an admin, a teacher and (for two-step) a DSL, the provider set up by the admin.
struct School {
    kite: TestServer,
    admin: crate::helpers::StaffClient,
}

impl School {
    async fn new() -> Self {
        let kite = TestServer::spawn().await;
        let admin = kite.add_staff("admin@oak.example", Role::Admin).await;
        let admin = kite.login(&admin).await;
        kite.add_staff("teacher@oak.example", Role::Teacher).await;
        Self { kite, admin }
    }

    async fn set_issuer(&self, issuer: &str) -> SchoolAccountSettings {
        let r = self
            .admin
            .send(Method::PUT, "/staff/oidc/settings")
            .json(&serde_json::json!({
                "issuer": issuer, "client_id": "kite", "client_secret": SECRET,
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.json().await.unwrap()
    }

    async fn provider(&self, extra: &[&str]) -> Provider {
        let accounts = [
            "Teacher@Oak.example",
            "dsl@oak.example",
            "stranger@oak.example",
        ];
        let provider = Provider::start(&self.kite.url, &accounts, extra).await;
        self.set_issuer(&provider.issuer).await;
        provider
    }

    /// The audit log's (action, detail) pairs, oldest first.
    async fn audit(&self) -> Vec<(String, String)> {
        use sqlx::Row;
        sqlx::query("SELECT action, detail FROM audit_log ORDER BY id")
            .fetch_all(&self.kite.db().await)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get("action"), r.get("detail")))
            .collect()
    }

    async fn staff_count(&self) -> i64 {
        use sqlx::Row;
        sqlx::query("SELECT COUNT(*) AS n FROM staff")
            .fetch_one(&self.kite.db().await)
            .await
            .unwrap()
            .get("n")
    }

    /// A sign-in as `login` is refused: back at the sign-in page saying `outcome`, no session,
    /// no account made, and the refusal audited with words containing `reason`.
    async fn assert_refused(&self, login: &str, outcome: &str, reason: &str) {
        let before = self.staff_count().await;
        let mut browser = Browser::new();
        let landed = browser.sign_in(&self.kite.url, login).await;
        assert_eq!(
            landed.url,
            format!("{}/staff?school_account={outcome}", self.kite.url),
            "{:?}",
            self.audit().await.last()
        );
        assert!(!browser.cookies.contains_key("kite_staff"));
        assert_eq!(browser.me(&self.kite.url).await, None);
        assert_eq!(self.staff_count().await, before, "no account is made");
        let audit = self.audit().await;
        let (action, detail) = audit.last().unwrap();
        assert_eq!(action, "school_account_refused");
        assert!(
            detail.to_lowercase().contains(reason),
            "{detail:?} should say {reason:?}"
        );
    }
}

#[tokio::test]
async fn a_teacher_signs_in_with_the_school_account() {
    let school = School::new().await;
    let url = &school.kite.url;
    let available = || async {
        let r = reqwest::get(format!("{url}/api/v1/staff/oidc"))
            .await
            .unwrap();
        r.json::<serde_json::Value>().await.unwrap()["enabled"].clone()
    };
    assert_eq!(available().await, false);
    let r = reqwest::get(format!("{url}/api/v1/staff/oidc/start"))
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "nothing to start before it is set up");

    let provider = school.provider(&[]).await;
    assert_eq!(available().await, true);
    let r = school
        .admin
        .get("/staff/oidc/settings")
        .send()
        .await
        .unwrap();
    let text = r.text().await.unwrap();
    assert!(!text.contains(SECRET), "the secret is never sent back");
    let settings: SchoolAccountSettings = serde_json::from_str(&text).unwrap();
    assert_eq!(settings.issuer, provider.issuer);
    assert!(settings.client_secret_set);
    assert_eq!(
        settings.redirect_uri,
        format!("{url}/api/v1/staff/oidc/callback")
    );
    let audit = school.audit().await;
    assert!(audit.iter().any(|(a, d)| a == "school_account_sign_in_set"
        && d.contains(&provider.issuer)
        && !d.contains(SECRET)));

    // The provider gives the email as typed there; Kite's account is lower case.
    let mut browser = Browser::new();
    let landed = browser.sign_in(url, "Teacher@Oak.example").await;
    assert_eq!(landed.url, format!("{url}/staff"));
    let me = browser.me(url).await.expect("signed in");
    assert_eq!(me.email, "teacher@oak.example");
    assert_eq!(me.role, Role::Teacher);
    assert!(!browser.cookies.contains_key("kite_school_account"));
    let audit = school.audit().await;
    assert_eq!(
        audit.last().unwrap(),
        &("login".to_string(), "with the school's account".to_string())
    );

    // Saving again without a secret keeps it; a plain-http issuer elsewhere is refused.
    let r = school
        .admin
        .send(Method::PUT, "/staff/oidc/settings")
        .json(&serde_json::json!({ "issuer": provider.issuer, "client_id": "kite" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mut again = Browser::new();
    assert_eq!(
        again.sign_in(url, "teacher@oak.example").await.url,
        format!("{url}/staff")
    );
    let r = school
        .admin
        .send(Method::PUT, "/staff/oidc/settings")
        .json(&serde_json::json!({ "issuer": "http://idp.example", "client_id": "kite" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("https://"));

    // Turned off: no button, nothing to start.
    let r = school
        .admin
        .send(Method::PUT, "/staff/oidc/settings")
        .json(&serde_json::json!({ "issuer": "", "client_id": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(available().await, false);
}

#[tokio::test]
async fn an_unknown_email_is_refused_and_no_account_is_made() {
    let school = School::new().await;
    let _provider = school.provider(&[]).await;
    school
        .assert_refused(
            "stranger@oak.example",
            "no_account",
            "no active kite account uses stranger@oak.example",
        )
        .await;
}

#[tokio::test]
async fn a_provider_signing_as_another_issuer_is_refused() {
    let school = School::new().await;
    // Kite is told http://127.0.0.1:PORT; the provider there signs as http://localhost:PORT.
    let _provider = school.provider(&["--issuer-host", "localhost"]).await;
    school
        .assert_refused("teacher@oak.example", "provider", "issuer")
        .await;
}

#[tokio::test]
async fn a_token_for_another_client_is_refused() {
    let school = School::new().await;
    let _provider = school.provider(&["--mode", "other-audience"]).await;
    school
        .assert_refused("teacher@oak.example", "refused", "audience")
        .await;
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let school = School::new().await;
    let _provider = school.provider(&["--mode", "expired"]).await;
    school
        .assert_refused("teacher@oak.example", "refused", "expired")
        .await;
}

#[tokio::test]
async fn an_account_with_two_step_still_gives_its_code_and_a_callback_works_once() {
    let school = School::new().await;
    let dsl = school.kite.add_staff("dsl@oak.example", Role::Dsl).await;
    let _provider = school.provider(&[]).await;
    let url = &school.kite.url;

    let mut browser = Browser::new();
    let landed = browser.sign_in(url, "dsl@oak.example").await;
    assert_eq!(landed.url, format!("{url}/staff?school_account=two_step"));
    assert_eq!(browser.me(url).await, None, "not signed in before the code");

    let two_step = |browser: &Browser, code: String| {
        let request = browser
            .client
            .post(format!("{url}/api/v1/staff/oidc/two-step"))
            .header("cookie", browser.cookie_header())
            .json(&serde_json::json!({ "totp_code": code }));
        async move { request.send().await.unwrap() }
    };
    let r = two_step(&browser, "000000".into()).await;
    assert_eq!(r.status(), 401, "a wrong code");
    assert!(r.text().await.unwrap().contains("6-digit code"));
    let secret = dsl.totp_secret.as_deref().unwrap();
    let code = fresh_totp_code(&school.kite.state.storage, dsl.id, secret).await;
    let r = two_step(&browser, code).await;
    assert_eq!(r.status(), 200);
    browser.keep_cookies(&r);
    let me: Me = r.json().await.unwrap();
    assert_eq!(me.role, Role::Dsl);
    assert_eq!(browser.me(url).await.unwrap().email, "dsl@oak.example");

    // Used: the same sign-in can't be finished twice, nor a code given again.
    let code = fresh_totp_code(&school.kite.state.storage, dsl.id, secret).await;
    assert_eq!(two_step(&browser, code).await.status(), 400);
    let audit = school.audit().await;
    assert!(audit
        .iter()
        .any(|(a, d)| a == "school_account_vouched" && d == "the two-step code is next"));
    assert!(audit.iter().any(|(a, _)| a == "login_two_step_failed"));
}
