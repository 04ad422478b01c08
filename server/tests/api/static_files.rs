//! Serving the built app: types, caching, compression, the SPA fallback and the CSP.

use base64::Engine;
use kite_protocol::app_routes::BUNDLES;
use sha2::Digest;

use crate::helpers::{Options, TestServer};

/// The inline loader Trunk writes in a bundle's index page (its bin is `kite-<page>`, and the
/// home's `kite-home`).
fn loader(page: &str) -> String {
    let bin = match page.trim_end_matches(".html") {
        "index" => "home",
        other => other,
    };
    format!("import init from '/kite-{bin}-0123456789abcdef.js'; init();")
}

fn page(loader: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><script type=\"module\">{loader}</script></head><body></body></html>"
    )
}

/// A built app with every bundle's index page, as `scripts/build-app` leaves `dist/`.
async fn server_with_dist() -> (TestServer, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    for info in BUNDLES {
        std::fs::write(dist.path().join(info.page), page(&loader(info.page))).unwrap();
    }
    std::fs::write(
        dist.path().join("kite-home-0123456789abcdef_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(
        dist.path().join("kite-home-0123456789abcdef.js"),
        "export default 1;",
    )
    .unwrap();
    std::fs::write(
        dist.path().join("kite-home-0123456789abcdef.js.br"),
        b"br-bytes",
    )
    .unwrap();
    let server = TestServer::spawn_with(Options {
        dist: Some(dist.path().to_path_buf()),
        ..Options::default()
    })
    .await;
    (server, dist)
}

#[tokio::test]
async fn the_index_carries_a_csp_that_allows_only_its_own_loader() {
    let (s, _dist) = server_with_dist().await;
    let response = s.client.get(format!("{}/", s.url)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let h = response.headers();
    assert_eq!(h["cache-control"], "no-cache");
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    let csp = h["content-security-policy"].to_str().unwrap();
    let hash = |loader: &str| {
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader))
    };
    // Every bundle's loader, whichever page is asked for: one policy for the whole site.
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    for info in BUNDLES {
        let loader = loader(info.page);
        assert!(
            csp.contains(&format!("'sha256-{}'", hash(&loader))),
            "{csp}"
        );
    }
    assert_eq!(csp.matches("'sha256-").count(), BUNDLES.len(), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    for directive in [
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "connect-src 'self'",
    ] {
        assert!(csp.contains(directive), "{directive}");
    }
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["x-frame-options"], "DENY");
}

#[tokio::test]
async fn every_route_gets_the_index_of_the_bundle_that_owns_it() {
    let (s, _dist) = server_with_dist().await;
    let home = ["/", "/tell", "/nope", "/learning"];
    let learn = ["/learn", "/learn/some-lesson"];
    let staff = ["/staff", "/staff/audit", "/staff/password"];
    let records = ["/staff/classes", "/staff/classes/3/letters"];
    let admin = ["/staff/devices", "/staff/accounts", "/staff/agreements"];
    let oversight = ["/staff/governors", "/staff/trust"];
    for (routes, page) in [
        (&home[..], "index.html"),
        (&learn[..], "learn.html"),
        (&["/aup"][..], "aup.html"),
        // The visitor's page is set-up's (adults'), though the posters' path is under /aup.
        (&["/setup", "/aup/visitor"][..], "setup.html"),
        (&staff[..], "staff.html"),
        (&records[..], "records.html"),
        (&["/staff/filtering", "/staff/training"][..], "duties.html"),
        (&admin[..], "admin.html"),
        (&oversight[..], "oversight.html"),
        (
            &["/staff/reports/0a1b", "/staff/reports/0a1b/letter"][..],
            "report.html",
        ),
        (&["/staff/concern"][..], "concern.html"),
        (&["/staff/procedure/0a1b"][..], "procedure.html"),
        (
            &["/staff/pupils", "/staff/pupils/7"][..],
            "safeguarding.html",
        ),
        (&["/parents"][..], "parents.html"),
        (&["/present", "/present/kind-words"][..], "present.html"),
    ] {
        let loader = loader(page);
        for route in routes {
            let response = s
                .client
                .get(format!("{}{route}", s.url))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{route}");
            assert_eq!(response.headers()["cache-control"], "no-cache", "{route}");
            assert!(response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"));
            let body = response.text().await.unwrap();
            assert!(body.contains(&loader), "{route} got another bundle: {body}");
        }
    }
}

#[tokio::test]
async fn missing_files_and_api_paths_get_a_404() {
    let (s, _dist) = server_with_dist().await;
    let missing = s
        .client
        .get(format!("{}/missing-0123.js", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let api = s
        .client
        .get(format!("{}/api/v1/nothing-here", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 404);
    assert_eq!(api.headers()["cache-control"], "no-store");
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"], "not found");
}

#[tokio::test]
async fn hashed_assets_are_immutable_with_the_right_types_and_precompressed() {
    let (s, _dist) = server_with_dist().await;
    let wasm = s
        .client
        .get(format!("{}/kite-home-0123456789abcdef_bg.wasm", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(
        wasm.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    let js = s
        .client
        .get(format!("{}/kite-home-0123456789abcdef.js", s.url))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(js.headers()["content-encoding"], "br");
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert_eq!(js.bytes().await.unwrap().as_ref(), b"br-bytes");

    // A hashed name that isn't there (yet): never remembered, or the real file would be hidden
    // behind a cached 404 for a year once it is deployed.
    let missing = s
        .client
        .get(format!("{}/kite-home-fedcba9876543210_bg.wasm", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn json_answers_are_compressed_when_the_client_accepts_it() {
    let (s, _dist) = server_with_dist().await;
    let response = s
        .client
        .get(format!("{}/api/v1/device/config", s.url))
        .bearer_auth(&s.token)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "gzip");
}
