//! A certificate issued automatically (`--acme-domain`) by pebble, the ACME test server (Debian's
//! `pebble` package; `./scripts/setup` installs it). Pebble really checks the TLS-ALPN-01
//! challenge on Kite's HTTPS port, and a client that trusts only pebble's issuing root then gets
//! the health check over HTTPS. After a restart, with pebble gone, the kept certificate is served.

use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use kite_server::config::Config;

use crate::helpers::{Running, TestDatabase};

const DOMAIN: &str = "localhost";

/// Pebble, stopped when dropped; its output kept in a file to show when something goes wrong.
struct Pebble {
    child: Child,
    log: PathBuf,
    directory: String,
    management: u16,
}

impl Drop for Pebble {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Pebble {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// Where pebble is, or a failure that says how to install it: the test must not pass without it.
fn pebble_binary() -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("pebble"))
            .find(|p| p.is_file())
    });
    found.expect(
        "pebble, the ACME test server, is not installed: `sudo apt-get install -y pebble` \
         (./scripts/setup does it)",
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts pebble with its own HTTPS certificate (`ca_cert`/`ca_key`, for `localhost`), checking
/// challenges on `tls_port`, and waits until it answers.
fn start_pebble(dir: &Path, tls_port: u16, ca: &(String, String)) -> Pebble {
    let (listen, management) = (free_port(), free_port());
    std::fs::write(dir.join("pebble-cert.pem"), &ca.0).unwrap();
    std::fs::write(dir.join("pebble-key.pem"), &ca.1).unwrap();
    let config = serde_json::json!({
        "pebble": {
            "listenAddress": format!("127.0.0.1:{listen}"),
            "managementListenAddress": format!("127.0.0.1:{management}"),
            "certificate": dir.join("pebble-cert.pem"),
            "privateKey": dir.join("pebble-key.pem"),
            // Where pebble checks the challenges: HTTP-01 (unused here) and TLS-ALPN-01.
            "httpPort": free_port(),
            "tlsPort": tls_port,
            "ocspResponderURL": "",
            "externalAccountBindingRequired": false
        }
    });
    std::fs::write(dir.join("pebble.json"), config.to_string()).unwrap();
    let log = dir.join("pebble.log");
    let out = std::fs::File::create(&log).unwrap();
    let child = Command::new(pebble_binary())
        .arg("-config")
        .arg(dir.join("pebble.json"))
        // Check challenges at once, and don't refuse good nonces at random: a quick, steady test.
        // Never PEBBLE_VA_ALWAYS_VALID: Kite must really answer the challenge.
        .env("PEBBLE_VA_NOSLEEP", "1")
        .env("PEBBLE_WFE_NONCEREJECT", "0")
        .env_remove("PEBBLE_VA_ALWAYS_VALID")
        .stdout(Stdio::from(out.try_clone().unwrap()))
        .stderr(Stdio::from(out))
        .spawn()
        .expect("starting pebble");
    Pebble {
        child,
        log,
        directory: format!("https://localhost:{listen}/dir"),
        management,
    }
}

/// A client that trusts `ca_pem` only and reaches `localhost` at 127.0.0.1.
fn client_trusting(ca_pem: &str, port: u16) -> reqwest::Client {
    reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(ca_pem.as_bytes()).unwrap())
        .resolve(DOMAIN, SocketAddr::from(([127, 0, 0, 1], port)))
        .tls_info(true)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Pebble's issuing root, from its management port (new each time pebble starts).
async fn issuing_root(pebble: &Pebble, pebble_ca: &str) -> String {
    let client = client_trusting(pebble_ca, pebble.management);
    let url = format!("https://{DOMAIN}:{}/roots/0", pebble.management);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match client.get(&url).send().await {
            Ok(r) if r.status().is_success() => return r.text().await.unwrap(),
            other if Instant::now() > deadline => {
                panic!("pebble did not start: {other:?}\n{}", pebble.log())
            }
            _ => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// The health check over HTTPS, once the certificate is there (or a failure after `wait`), and
/// the certificate presented.
async fn health_over_https(root: &str, port: u16, wait: Duration) -> Result<Vec<u8>, String> {
    let client = client_trusting(root, port);
    let url = format!("https://{DOMAIN}:{port}/api/v1/health");
    let deadline = Instant::now() + wait;
    loop {
        match client.get(&url).send().await {
            Ok(r) => {
                assert_eq!(r.status(), 200);
                assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000");
                let presented = r
                    .extensions()
                    .get::<reqwest::tls::TlsInfo>()
                    .and_then(|info| info.peer_certificate())
                    .expect("a certificate was presented")
                    .to_vec();
                let body: serde_json::Value = r.json().await.unwrap();
                assert_eq!(body["status"], "ok");
                return Ok(presented);
            }
            Err(e) if Instant::now() > deadline => return Err(format!("{e:?}")),
            Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
        }
    }
}

fn acme_config(dir: &Path, database: &TestDatabase, port: u16, pebble: &Pebble) -> Config {
    let mut config = Config::for_data_dir(dir.join("data"), dir.join("no-dist"));
    config.database_url = database.url.clone();
    config.bind = [127, 0, 0, 1].into();
    config.port = port;
    config.acme_domains = vec![DOMAIN.to_string()];
    config.acme_email = Some("it@school.example".to_string());
    config.acme_directory = pebble.directory.clone();
    config.acme_directory_ca = Some(dir.join("pebble-cert.pem"));
    config
}

#[tokio::test]
async fn a_certificate_is_issued_over_acme_served_and_kept_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let made = rcgen::generate_simple_self_signed(vec![DOMAIN.to_string()]).unwrap();
    let pebble_ca = (made.cert.pem(), made.signing_key.serialize_pem());
    let port = free_port();
    let pebble = start_pebble(dir.path(), port, &pebble_ca);
    let root = issuing_root(&pebble, &pebble_ca.0).await;

    let database = TestDatabase::new();
    let config = acme_config(dir.path(), &database, port, &pebble);
    let mut first = config.clone();
    first.http_port = Some(0);
    let server = Running::start(&first).await;
    assert!(
        server.state().cookies.secure,
        "served over HTTPS: Secure cookies"
    );
    let issued = health_over_https(&root, port, Duration::from_secs(60))
        .await
        .unwrap_or_else(|e| {
            panic!(
                "no certificate from pebble for {DOMAIN}: {e}\npebble said:\n{}",
                pebble.log()
            )
        });

    // Plain http on the other port sends browsers to the HTTPS address, as with certificate files.
    let http_port = server
        .redirect_port
        .expect("the plain-http port is listened on");
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("http://127.0.0.1:{http_port}/staff"))
        .header("host", format!("{DOMAIN}:{http_port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 308);
    assert_eq!(
        r.headers()["location"],
        format!("https://{DOMAIN}:{port}/staff")
    );

    // The account key and the certificate are kept where only the server's user can read them.
    let kept = dir.path().join("data").join("acme");
    let mode = |p: &Path| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    };
    assert_eq!(mode(&kept), 0o700);
    let mut names: Vec<String> = std::fs::read_dir(&kept)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].starts_with("account-") && names[1].starts_with("certificate-"));
    for name in &names {
        assert_eq!(mode(&kept.join(name)), 0o600, "{name}");
    }
    let mut pem = String::new();
    std::fs::File::open(kept.join(&names[1]))
        .unwrap()
        .read_to_string(&mut pem)
        .unwrap();
    assert!(pem.contains("BEGIN CERTIFICATE"));

    // A restart with the issuer gone: the kept certificate is served, nothing ordered.
    let _ = server.shutdown.send(());
    drop(pebble);
    let again = free_port();
    let mut config = config.clone();
    config.port = again;
    let restarted = Running::start(&config).await;
    let served = health_over_https(&root, again, Duration::from_secs(10))
        .await
        .expect("the kept certificate is served after a restart");
    assert_eq!(served, issued);
    let _ = restarted.shutdown.send(());
}
