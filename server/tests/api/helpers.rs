use std::path::Path;

use kite_protocol::device::DeviceConfig;
use kite_protocol::report::{Feeling, Place, Report, Reporter, TalkTo, WhatHappened};
use kite_protocol::sealed::{public_key_from_base64, seal, PublicKey};
use kite_protocol::sync::{ItemKind, SyncBatch, SyncItem, SyncResponse};
use kite_protocol::Band;
use kite_server::auth::device_token::enrol;
use kite_server::config::Config;
use kite_server::startup::Application;
use kite_server::state::AppState;
use tempfile::TempDir;
use uuid::Uuid;

pub struct TestServer {
    pub url: String,
    pub state: AppState,
    pub token: String,
    pub device_id: kite_server::ids::DeviceId,
    pub public_key: PublicKey,
    pub client: reqwest::Client,
    pub data_dir: TempDir,
    /// How the server was built: its database (SQLite in `data_dir`, or a PostgreSQL schema of
    /// its own) and limits. A second `Application` built from it shares the database.
    pub config: Config,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    /// Dropped last: removes the PostgreSQL schema, if any.
    _database: TestDatabase,
}

/// Where a test's data lives. With `KITE_TEST_DATABASE_URL` set (a `postgres://` URL, as
/// `scripts/with-postgres` exports), each test server gets a fresh schema of that database, dropped
/// when the test ends; unset, a SQLite file in the test's temporary data dir.
pub struct TestDatabase {
    pub url: Option<String>,
    schema: Option<(String, String)>,
}

impl TestDatabase {
    pub fn new() -> Self {
        let Ok(base) = std::env::var("KITE_TEST_DATABASE_URL") else {
            return Self::sqlite();
        };
        let schema = format!("t_{}", Uuid::new_v4().simple());
        let sep = if base.contains('?') { '&' } else { '?' };
        Self {
            url: Some(format!("{base}{sep}options[search_path]={schema}")),
            schema: Some((base, schema)),
        }
    }

    /// A SQLite file in the data dir, whatever the tests run on.
    pub fn sqlite() -> Self {
        Self {
            url: None,
            schema: None,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.schema.is_some()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((base, schema)) = self.schema.take() else {
            return;
        };
        // Drop can't await, and the test's runtime may be the one running this: use a thread
        // with its own runtime and wait for it.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                sqlx::any::install_default_drivers();
                if let Ok(pool) = sqlx::AnyPool::connect(&base).await {
                    // The server's schema and, with a directory of schools, each school's
                    // (`<schema>_<slug>`, see `schools::database`).
                    let schools: Vec<String> = sqlx::query_scalar(
                        "SELECT nspname::text FROM pg_namespace WHERE starts_with(nspname, $1)",
                    )
                    .bind(format!("{schema}_"))
                    .fetch_all(&pool)
                    .await
                    .unwrap_or_default();
                    for schema in std::iter::once(schema).chain(schools) {
                        let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                            .execute(&pool)
                            .await;
                    }
                    pool.close().await;
                }
            });
        })
        .join();
    }
}

/// Today's date on the server's clock (ISO).
pub fn today() -> String {
    kite_server::calendar::iso_date(kite_server::clock::now_ms())
}

/// The same day `months` months ago (negative: ahead), on the 28th at most so every month has it.
pub fn months_ago(months: i32) -> String {
    let today = kite_server::calendar::date(kite_server::clock::now_ms());
    let total = today.year() * 12 + i32::from(u8::from(today.month())) - 1 - months;
    let (year, month) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    kite_server::calendar::ymd(year, month as u8, today.day().min(28))
        .unwrap()
        .to_string()
}

/// True when the tests run on PostgreSQL (`KITE_TEST_DATABASE_URL` is set).
pub fn on_postgres() -> bool {
    std::env::var_os("KITE_TEST_DATABASE_URL").is_some()
}

pub struct Options {
    pub rate_per_sec: f64,
    pub burst: f64,
    pub dist: Option<std::path::PathBuf>,
    /// Any other setting, changed before the server starts.
    pub configure: fn(&mut Config),
}

impl Default for Options {
    fn default() -> Self {
        Self {
            rate_per_sec: 1000.0,
            burst: 1000.0,
            dist: None,
            configure: |_| {},
        }
    }
}

/// A test server's settings: its data dir and `database` (a SQLite file in the data dir, or the
/// test's PostgreSQL schema), any free port, no built app, and tablets' limits high enough for a
/// test's bursts.
pub fn config_for(data_dir: &Path, database: &TestDatabase) -> Config {
    let mut config = Config::for_data_dir(data_dir.to_path_buf(), data_dir.join("no-dist"));
    config.database_url = database.url.clone();
    config.port = 0;
    config.device_rate_per_sec = 1000.0;
    config.device_burst = 1000.0;
    config
}

/// The real server built from a config, serving on its ports until `shutdown` is dropped.
pub struct Running {
    pub port: u16,
    /// The plain-http port that sends browsers to HTTPS, with `--tls-cert` and `--http-port`.
    pub redirect_port: Option<u16>,
    /// The school's state; with a directory of schools, the first school's (see [`Self::state`]).
    first: Option<AppState>,
    /// With a directory of schools: each school and the trust, opened.
    pub schools: Vec<kite_server::schools::OpenSchool>,
    pub shutdown: tokio::sync::oneshot::Sender<()>,
}

impl Running {
    /// The school's state; with a directory of schools, the first school's. A server whose
    /// every school is paused has none.
    pub fn state(&self) -> &AppState {
        self.first.as_ref().expect("a school is open")
    }

    pub async fn start(config: &Config) -> Self {
        let app = Application::build(config).await.expect("server builds");
        let (port, redirect_port) = (app.port(), app.redirect_port());
        let (first, schools) = (app.state.clone(), app.schools.clone());
        let (shutdown, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.run_until(async {
            let _ = rx.await;
        }));
        Self {
            port,
            redirect_port,
            first,
            schools,
            shutdown,
        }
    }

    /// A client that reaches this server at each of `hosts` (the names its schools answer to).
    pub fn client_for<'a>(&self, hosts: impl IntoIterator<Item = &'a str>) -> reqwest::Client {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], self.port));
        hosts
            .into_iter()
            .fold(reqwest::Client::builder(), |client, host| {
                client.resolve(host, addr)
            })
            .build()
            .unwrap()
    }
}

impl TestServer {
    pub async fn spawn() -> Self {
        Self::spawn_with(Options::default()).await
    }

    pub async fn spawn_with(options: Options) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let database = TestDatabase::new();
        let mut config = config_for(data_dir.path(), &database);
        if let Some(dist) = options.dist {
            config.dist_dir = Some(dist);
        }
        config.device_rate_per_sec = options.rate_per_sec;
        config.device_burst = options.burst;
        (options.configure)(&mut config);
        let running = Running::start(&config).await;
        let url = format!("http://127.0.0.1:{}", running.port);
        let (state, tx) = (running.state().clone(), running.shutdown);
        let (device_id, token) = enrol(&state.storage, "Test tablet").await.unwrap();
        let client = reqwest::Client::new();
        let public_key = device_public_key(&client, &url, &token).await;
        Self {
            url,
            state,
            token,
            device_id,
            public_key,
            client,
            data_dir,
            config,
            _shutdown: tx,
            _database: database,
        }
    }

    pub fn item(&self, report: &Report) -> SyncItem {
        sealed_item(&self.public_key, report)
    }

    pub async fn post_sync(&self, body: &SyncBatch) -> reqwest::Response {
        self.client
            .post(format!("{}/api/v1/sync", self.url))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn sync_ok(&self, items: Vec<SyncItem>) -> SyncResponse {
        let response = self.post_sync(&SyncBatch::new(items)).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub async fn stored_ids(&self) -> Vec<String> {
        stored_ids_in(&self.state).await
    }

    /// The server's database URL (SQLite file or PostgreSQL schema).
    pub fn database_url(&self) -> String {
        self.config.database_url()
    }

    pub fn is_postgres(&self) -> bool {
        self._database.is_postgres()
    }

    /// A pool of its own on the server's database, for tests that check what is stored (or try
    /// what the database refuses) in plain SQL. Queries use `$1, $2…` (both databases take them).
    pub async fn db(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::AnyPool::connect(&self.database_url()).await.unwrap()
    }

    /// Everything the database holds, for "is this stored anywhere" checks: on SQLite every byte
    /// of its files (main file and WAL); on PostgreSQL every row of every table of the server's
    /// schema, as text (byte columns come out as hex).
    pub async fn stored_bytes(&self) -> Vec<u8> {
        if !self.is_postgres() {
            return database_bytes(&self.data_dir.path().join("kite.db"));
        }
        let pool = self.db().await;
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        assert!(tables.iter().any(|t| t == "reports"), "{tables:?}");
        let mut all = Vec::new();
        for table in tables {
            let rows: Vec<String> =
                sqlx::query_scalar(&format!("SELECT CAST(t AS TEXT) FROM \"{table}\" t"))
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            for row in rows {
                all.extend(row.into_bytes());
                all.push(b'\n');
            }
        }
        all
    }
}

/// The ids of every stored report, sorted, as one server's state reads them.
pub async fn stored_ids_in(state: &AppState) -> Vec<String> {
    let mut ids: Vec<String> = state
        .storage
        .report_summaries()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    ids.sort();
    ids
}

/// The school's public key, as an enrolled tablet gets it from `/device/config`.
pub async fn device_public_key(client: &reqwest::Client, url: &str, token: &str) -> PublicKey {
    let config: DeviceConfig = client
        .get(format!("{url}/api/v1/device/config"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    public_key_from_base64(&config.public_key).unwrap()
}

/// The `name=value` of a response's `Set-Cookie`, to send back as `Cookie`.
pub fn cookie_of(r: &reqwest::Response) -> String {
    r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

pub fn sealed_item(key: &PublicKey, report: &Report) -> SyncItem {
    SyncItem {
        id: Uuid::new_v4(),
        kind: ItemKind::Report,
        sealed: seal(key, &serde_json::to_vec(report).unwrap()).unwrap(),
        answer_code: None,
    }
}

pub fn report(what: WhatHappened) -> Report {
    Report {
        what,
        place: Some(Place::Game),
        feeling: Some(Feeling::Worried),
        words: Some("They keep messaging me".into()),
        drawing_png: None,
        web_address: None,
        talk_to: TalkTo::AnyGrownUp,
        reporter: Reporter::Anonymous,
        band: Some(Band::Ks2),
        made_at_ms: 1_764_000_000_000,
    }
}

/// Every byte of the database files (main file and WAL), for "is this anywhere on disk" checks.
pub fn database_bytes(db: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", db.display());
        if let Ok(bytes) = std::fs::read(path) {
            all.extend(bytes);
        }
    }
    all
}

// --- staff ---

/// A staff member made directly in storage, with the password they sign in with and, once
/// two-step sign-in is on, the authenticator app's secret (to compute codes as the app would).
pub struct StaffLogin {
    pub id: kite_server::ids::StaffId,
    pub email: String,
    pub password: String,
    pub totp_secret: Option<String>,
}

/// A two-step code the server hasn't seen yet for this account: the oldest step it still
/// accepts (one either side of now) after the last one used, waiting for the next step when
/// all three are used (only when one account signs in three times in a minute).
pub async fn fresh_totp_code(
    storage: &kite_server::storage::Store,
    id: kite_server::ids::StaffId,
    secret: &str,
) -> String {
    use kite_server::auth::totp::{code_at_step, step_at};
    loop {
        let last = storage
            .staff_by_id(id)
            .await
            .unwrap()
            .unwrap()
            .totp_last_step;
        let now = step_at(kite_server::clock::now_ms());
        if let Some(step) = [now - 1, now, now + 1]
            .into_iter()
            .find(|s| last.is_none_or(|l| *s > l))
        {
            return code_at_step(secret, step).unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

/// A signed-in staff member: the session cookie and the CSRF token, sent on every request.
pub struct StaffClient {
    pub url: String,
    pub cookie: String,
    pub csrf: String,
    pub client: reqwest::Client,
}

impl StaffClient {
    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client
            .get(format!("{}/api/v1{path}", self.url))
            .header("cookie", &self.cookie)
    }

    /// Any method, with the cookie and the CSRF header.
    pub fn send(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}/api/v1{path}", self.url))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
    }

    pub async fn json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let r = self.get(path).send().await.unwrap();
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap()
    }

    /// Flags an account as the head's through the accounts page, as this client (the admin for
    /// most accounts, a DSL for a DSL's).
    pub async fn flag_head(&self, id: kite_server::ids::StaffId) {
        let r = self
            .send(reqwest::Method::PATCH, &format!("/staff/accounts/{}", id.0))
            .json(&serde_json::json!({ "head": true }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let account: kite_protocol::staff::StaffAccount = r.json().await.unwrap();
        assert!(account.is_head);
    }
}

impl TestServer {
    /// Creates an account (the password hashed as the server would). An account that must use
    /// two-step sign-in (DSL, admin, trust) then sets it up as a person would: signs in with the
    /// password, starts the set-up with the password and turns it on with a code from the secret.
    pub async fn add_staff(&self, email: &str, role: kite_protocol::staff::Role) -> StaffLogin {
        let mut who = create_staff_in(&self.state.storage, email, role).await;
        if role.two_step_always_required() {
            self.set_up_two_step(&mut who).await;
        }
        who
    }

    /// Sets up two-step sign-in through the API; the secret is kept in `who` for later codes.
    /// Gives the recovery codes.
    pub async fn set_up_two_step(&self, who: &mut StaffLogin) -> Vec<String> {
        let staff = self.login(who).await;
        let r = staff
            .send(reqwest::Method::POST, "/staff/totp/setup")
            .json(&serde_json::json!({ "password": who.password }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "two-step set-up for {}", who.email);
        let setup: kite_protocol::staff::TotpSetup = r.json().await.unwrap();
        let code = fresh_totp_code(&self.state.storage, who.id, &setup.secret).await;
        let r = staff
            .send(reqwest::Method::POST, "/staff/totp/enable")
            .json(&serde_json::json!({ "code": code }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "two-step on for {}", who.email);
        who.totp_secret = Some(setup.secret);
        let codes: kite_protocol::staff::RecoveryCodes = r.json().await.unwrap();
        codes.codes
    }

    pub async fn post_login(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_login_with_code(email, password, None).await
    }

    pub async fn post_login_with_code(
        &self,
        email: &str,
        password: &str,
        code: Option<&str>,
    ) -> reqwest::Response {
        self.client
            .post(format!("{}/api/v1/staff/login", self.url))
            .json(&serde_json::json!({ "email": email, "password": password, "totp_code": code }))
            .send()
            .await
            .unwrap()
    }

    /// Signs in through the API, with a fresh two-step code when two-step is on.
    pub async fn login(&self, who: &StaffLogin) -> StaffClient {
        let code = match &who.totp_secret {
            Some(secret) => Some(fresh_totp_code(&self.state.storage, who.id, secret).await),
            None => None,
        };
        let r = self
            .post_login_with_code(&who.email, &who.password, code.as_deref())
            .await;
        assert_eq!(r.status(), 200, "login {}", who.email);
        let set_cookie = r
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let me: kite_protocol::staff::Me = r.json().await.unwrap();
        StaffClient {
            url: self.url.clone(),
            cookie: set_cookie.split(';').next().unwrap().to_string(),
            csrf: me.csrf_token,
            client: self.client.clone(),
        }
    }

    /// A session made directly in storage (no password hashing): for walking many routes.
    pub async fn session_for(&self, staff_id: kite_server::ids::StaffId) -> StaffClient {
        session_in(&self.state.storage, &self.url, &self.client, staff_id).await
    }
}

/// An account made in this storage (one school's, when a server runs several). An account that
/// must use two-step sign-in gets it turned on in storage, sealed with this school's key as the
/// set-up would (`TestServer::add_staff` goes through the API instead).
pub async fn add_staff_in(
    storage: &kite_server::storage::Store,
    email: &str,
    role: kite_protocol::staff::Role,
) -> StaffLogin {
    let mut who = create_staff_in(storage, email, role).await;
    if role.two_step_always_required() {
        // The school's key, already in its database (nothing is imported from this path).
        let key = kite_server::keys::load_or_create(storage, Path::new("/nonexistent"))
            .await
            .unwrap();
        let keys = kite_server::auth::two_step_keys::TwoStepKeys::derive(&key);
        let secret = kite_server::auth::totp::new_secret();
        storage
            .set_totp_secret(who.id, Some(&keys.seal_secret(who.id, &secret)))
            .await
            .unwrap();
        storage
            .enable_totp(who.id, kite_server::clock::now_ms())
            .await
            .unwrap();
        who.totp_secret = Some(secret);
    }
    who
}

/// An account made in this storage, two-step off.
pub async fn create_staff_in(
    storage: &kite_server::storage::Store,
    email: &str,
    role: kite_protocol::staff::Role,
) -> StaffLogin {
    let password = format!("{email} long password");
    let hash = kite_server::auth::password::hash_now(&password).unwrap();
    let id = storage
        .create_staff(email, email, role, &hash, kite_server::clock::now_ms())
        .await
        .unwrap()
        .unwrap();
    StaffLogin {
        id,
        email: email.into(),
        password,
        totp_secret: None,
    }
}

/// A session made in this storage, used against `url`.
pub async fn session_in(
    storage: &kite_server::storage::Store,
    url: &str,
    client: &reqwest::Client,
    staff_id: kite_server::ids::StaffId,
) -> StaffClient {
    let (id, csrf) = kite_server::auth::staff::start_session(storage, staff_id)
        .await
        .unwrap();
    StaffClient {
        url: url.to_string(),
        cookie: format!("{}={id}", kite_server::auth::staff::COOKIE_NAME),
        csrf,
        client: client.clone(),
    }
}

/// A data dir seeded as `serve --demo` seeds an empty one (the dir lives as long as the result).
pub async fn demo_school() -> (TempDir, AppState, TestDatabase) {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new();
    let mut config = Config::for_data_dir(dir.path().to_path_buf(), dir.path().join("x"));
    config.database_url = database.url.clone();
    let state = kite_server::state::AppState::open(&config).await.unwrap();
    kite_server::demo::seed_if_empty(&state, dir.path())
        .await
        .unwrap();
    (dir, state, database)
}

/// (method, path under `/api/v1`) of every operation in the OpenAPI document, which comes from
/// the `OpenApiRouter` the server routes with: every route the API serves.
pub fn documented_routes() -> Vec<(String, String)> {
    let doc = serde_json::to_value(kite_server::http::openapi::document()).unwrap();
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let path = path
            .strip_prefix("/api/v1")
            .unwrap_or_else(|| panic!("{path} is outside /api/v1"));
        for method in ["get", "put", "post", "patch", "delete"] {
            if item.get(method).is_some() {
                out.push((method.to_uppercase(), path.to_string()));
            }
        }
    }
    out
}

/// A staff concern as the server stores it, in its writer's words.
pub fn concern_payload(id: &str, at_ms: i64, what_happened: &str) -> String {
    serde_json::to_string(&kite_protocol::concern::StaffConcern {
        concern: kite_protocol::concern::NewConcern {
            id: id.parse().unwrap(),
            pupils: Vec::new(),
            happened_at_ms: Some(at_ms),
            place: Some("The hall at lunch".into()),
            what_happened: what_happened.into(),
            child_words: Some("It had a scary man in it".into()),
            category: kite_protocol::staff::Category::Content,
            came_to_light: kite_protocol::concern::CameToLight::ChildToldMe,
            action_taken: Some("Took the phone to the office".into()),
            told_dsl: true,
            urgent: true,
        },
        written_by: "Ms Reed (teacher)".into(),
        pupils: Vec::new(),
        happened_at_ms: at_ms,
    })
    .unwrap()
}
