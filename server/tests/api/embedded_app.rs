//! The app built into the binary (`--features embed-app`, after `scripts/build-app`): with no
//! `--dist`, every bundle's page and its wasm, js and css come from inside the server, with the
//! precompressed bodies, types and caching `dist/` gets. `scripts/test` runs this after it builds
//! the app.

use std::path::PathBuf;

use kite_protocol::app_routes::BUNDLES;
use kite_server::http::security_headers::csp_for_pages;

use crate::helpers::{Options, TestServer};

/// The `dist/` the binary was built with.
fn dist() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist")
}

/// The page's own files: `/name-<hash>.js`, `.css` and `_bg.wasm`.
fn assets_of(page: &str) -> Vec<String> {
    let mut found: Vec<String> = page
        .split('"')
        .filter(|s| s.starts_with('/') && !s.starts_with("/public/"))
        .filter(|s| s.ends_with(".js") || s.ends_with(".css") || s.ends_with(".wasm"))
        .map(str::to_string)
        .collect();
    found.sort();
    found.dedup();
    found
}

#[tokio::test]
async fn with_no_dist_the_server_serves_the_app_built_into_it() {
    let s = TestServer::spawn_with(Options {
        configure: |c| c.dist_dir = None,
        ..Options::default()
    })
    .await;
    let pages: Vec<String> = BUNDLES
        .iter()
        .map(|info| std::fs::read_to_string(dist().join(info.page)).unwrap())
        .collect();
    let csp = csp_for_pages(&pages.iter().map(String::as_str).collect::<Vec<_>>());
    for (info, page) in BUNDLES.iter().zip(&pages) {
        let path = match info.prefixes.first() {
            Some(prefix) => prefix.to_string(),
            None => "/".to_string(),
        };
        let r = s
            .client
            .get(format!("{}{path}", s.url))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(r.headers()["content-security-policy"], csp.as_str());
        assert_eq!(&r.text().await.unwrap(), page, "{path} is {}", info.page);

        let assets = assets_of(page);
        assert!(
            assets.iter().any(|a| a.ends_with("_bg.wasm"))
                && assets.iter().any(|a| a.ends_with(".js")),
            "{}: {assets:?}",
            info.page
        );
        for asset in assets {
            let r = s
                .client
                .get(format!("{}{asset}", s.url))
                .header("accept-encoding", "gzip, br")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{asset}");
            let h = r.headers().clone();
            assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
            assert_eq!(h["content-encoding"], "br", "{asset}");
            let expected_type = match asset.rsplit('.').next().unwrap() {
                "wasm" => "application/wasm",
                "js" => "text/javascript",
                _ => "text/css",
            };
            assert_eq!(h["content-type"], expected_type, "{asset}");
            let body = r.bytes().await.unwrap();
            let on_disk = std::fs::read(dist().join(format!("{}.br", &asset[1..]))).unwrap();
            assert!(body[..] == on_disk[..], "{asset}: the precompressed file");

            // Revalidating costs nothing; a browser without brotli gets gzip.
            let etag = h["etag"].clone();
            let again = s
                .client
                .get(format!("{}{asset}", s.url))
                .header("accept-encoding", "br")
                .header("if-none-match", etag)
                .send()
                .await
                .unwrap();
            assert_eq!(again.status(), 304, "{asset}");
            let gzip = s
                .client
                .get(format!("{}{asset}", s.url))
                .header("accept-encoding", "gzip")
                .send()
                .await
                .unwrap();
            assert_eq!(gzip.headers()["content-encoding"], "gzip", "{asset}");
        }
    }
    // A file that isn't there is a 404, never a page.
    let r = s
        .client
        .get(format!("{}/kite-home-0000000000000000.js", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}
