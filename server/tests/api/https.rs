//! HTTPS served by Kite itself (`--tls-cert`, `--tls-key`, `--http-port`): a real HTTPS client
//! that trusts only a certificate made for this test, the plain-http port's redirect, HSTS, and
//! a replaced certificate seen by the next connection without a restart.

use std::net::SocketAddr;
use std::path::Path;

use kite_server::config::Config;

use crate::helpers::{Running, TestDatabase};

const HOST: &str = "kite.school.test";

/// A self-signed certificate for `HOST`: (certificate PEM, key PEM).
fn certificate() -> (String, String) {
    let made = rcgen::generate_simple_self_signed(vec![HOST.to_string()]).unwrap();
    (made.cert.pem(), made.signing_key.serialize_pem())
}

/// An HTTPS client that trusts `ca_pem` only, and reaches `HOST` at `addr`.
fn client_trusting(ca_pem: &str, addr: SocketAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(ca_pem.as_bytes()).unwrap())
        .resolve(HOST, addr)
        .tls_info(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn write_pair(dir: &Path, (cert, key): &(String, String)) {
    // The key first and the certificate last, as a renewal that writes both would leave them.
    std::fs::write(dir.join("key.pem"), key).unwrap();
    std::fs::write(dir.join("cert.pem"), cert).unwrap();
}

/// The DER of the certificate the server presented.
fn presented(r: &reqwest::Response) -> Vec<u8> {
    r.extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|info| info.peer_certificate())
        .expect("the server presented a certificate")
        .to_vec()
}

fn der_of(pem: &str) -> Vec<u8> {
    use rustls_pki_types::pem::PemObject;
    rustls_pki_types::CertificateDer::from_pem_slice(pem.as_bytes())
        .unwrap()
        .to_vec()
}

#[tokio::test]
async fn https_answers_with_its_certificate_redirects_plain_http_and_takes_a_renewed_one() {
    let dir = tempfile::tempdir().unwrap();
    let first = certificate();
    write_pair(dir.path(), &first);
    let database = TestDatabase::new();
    let mut config = Config::for_data_dir(dir.path().join("data"), dir.path().join("no-dist"));
    config.database_url = database.url.clone();
    config.port = 0;
    config.http_port = Some(0);
    config.tls_cert = Some(dir.path().join("cert.pem"));
    config.tls_key = Some(dir.path().join("key.pem"));
    let server = Running::start(&config).await;
    let addr = SocketAddr::from(([127, 0, 0, 1], server.port));
    let health = format!("https://{HOST}:{}/api/v1/health", server.port);

    let r = client_trusting(&first.0, addr)
        .get(&health)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(presented(&r), der_of(&first.0));
    assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    // Served over HTTPS, the sign-in cookies are Secure without being told.
    assert!(server.state().cookies.secure);

    // Plain http on the other port is only a way to the HTTPS address.
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let http_port = server
        .redirect_port
        .expect("the plain-http port is listened on");
    let r = plain
        .get(format!("http://127.0.0.1:{http_port}/staff/audit?page=2"))
        .header("host", format!("{HOST}:{http_port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 308);
    assert_eq!(
        r.headers()["location"],
        format!("https://{HOST}:{}/staff/audit?page=2", server.port)
    );
    // And the HTTPS port speaks nothing but TLS.
    assert!(plain
        .get(format!("http://127.0.0.1:{}/api/v1/health", server.port))
        .send()
        .await
        .is_err());

    // A renewal: new files, and the next connection gets the new certificate.
    let second = certificate();
    write_pair(dir.path(), &second);
    let r = client_trusting(&second.0, addr)
        .get(&health)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(presented(&r), der_of(&second.0));
    assert!(
        client_trusting(&first.0, addr)
            .get(&health)
            .send()
            .await
            .is_err(),
        "the old certificate is no longer presented"
    );

    // A half-finished renewal (a certificate whose key isn't there yet) keeps the last good one.
    let third = certificate();
    std::fs::write(dir.path().join("cert.pem"), &third.0).unwrap();
    let r = client_trusting(&second.0, addr)
        .get(&health)
        .send()
        .await
        .unwrap();
    assert_eq!(presented(&r), der_of(&second.0));
    std::fs::write(dir.path().join("key.pem"), &third.1).unwrap();
    let r = client_trusting(&third.0, addr)
        .get(&health)
        .send()
        .await
        .unwrap();
    assert_eq!(presented(&r), der_of(&third.0));
}

#[tokio::test]
async fn a_key_that_is_not_the_certificates_stops_the_start_with_both_names() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, _) = certificate();
    let (_, other_key) = certificate();
    write_pair(dir.path(), &(cert, other_key));
    let mut config = Config::for_data_dir(dir.path().join("data"), dir.path().join("no-dist"));
    config.port = 0;
    config.tls_cert = Some(dir.path().join("cert.pem"));
    config.tls_key = Some(dir.path().join("key.pem"));
    let error = match kite_server::startup::Application::build(&config).await {
        Ok(_) => panic!("a mismatched key must stop the start"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        error.contains("key.pem") && error.contains("cert.pem"),
        "{error}"
    );
}
