//! Serving the app Trunk built: files from `dist/` (precompressed `.br`/`.gz` when present), and
//! for every app route the index page of the bundle that has it, so that a deep link like `/tell`,
//! `/learn/kind-words` or `/staff/audit` loads the right app (`index.html`, `learn.html`,
//! `adults.html`...). `kite_protocol::app_routes` decides which, for the app too.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use kite_protocol::app_routes::{bundle_for, BUNDLES};
use tower::service_fn;
use tower::util::BoxCloneSyncService;
use tower_http::services::ServeDir;

use super::security_headers::csp_for_pages;
use crate::error::ApiError;

/// The built app's entry pages, one per bundle (in `BUNDLES` order), and the CSP that allows
/// exactly their inline loaders.
#[derive(Clone)]
pub struct AppShell {
    pub dist_dir: PathBuf,
    pub pages: Arc<Vec<String>>,
    pub csp: String,
}

const NOT_BUILT: &str = "<!DOCTYPE html><html lang=\"en-GB\"><title>Kite</title>\
<h1>Kite's app has not been built yet</h1><p>Run <code>./scripts/run</code>, which builds it \
and starts the server.</p></html>";

impl AppShell {
    /// Reads every index page once at start: their inline loaders' hashes go into the CSP.
    pub fn load(dist_dir: &Path) -> Self {
        let pages: Vec<String> = BUNDLES
            .iter()
            .map(|info| {
                std::fs::read_to_string(dist_dir.join(info.page))
                    .unwrap_or_else(|_| NOT_BUILT.to_string())
            })
            .collect();
        let csp = csp_for_pages(&pages.iter().map(String::as_str).collect::<Vec<_>>());
        Self {
            dist_dir: dist_dir.to_path_buf(),
            pages: Arc::new(pages),
            csp,
        }
    }

    fn index_for(&self, path: &str) -> &str {
        let bundle = bundle_for(path);
        let row = BUNDLES.iter().position(|info| info.bundle == bundle);
        &self.pages[row.expect("bundle_for answers a bundle in BUNDLES")]
    }
}

pub fn service(shell: AppShell) -> BoxCloneSyncService<Request<Body>, Response, Infallible> {
    let dir = ServeDir::new(&shell.dist_dir)
        .precompressed_br()
        .precompressed_gzip();
    let fallback = service_fn(move |req: Request<Body>| {
        let shell = shell.clone();
        async move { Ok::<_, Infallible>(spa_fallback(req.uri().path(), &shell)) }
    });
    let dir = dir.fallback(fallback);
    BoxCloneSyncService::new(tower::ServiceExt::map_response(dir, |r| r.map(Body::new)))
}

/// App routes get their bundle's index; a missing file or API path gets a 404, never the app in
/// disguise.
fn spa_fallback(path: &str, shell: &AppShell) -> Response {
    let last_segment = path.rsplit('/').next().unwrap_or("");
    if path.starts_with("/api/") || last_segment.contains('.') {
        return ApiError::NotFound.into_response();
    }
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        shell.index_for(path).to_string(),
    )
        .into_response()
}
