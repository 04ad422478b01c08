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
    pub files: AppFiles,
    pub pages: Arc<Vec<String>>,
    pub csp: String,
}

/// Where the built app's files are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppFiles {
    /// A directory Trunk built (`--dist`).
    Dir(PathBuf),
    /// Inside this binary (built with the `embed-app` feature).
    #[cfg(feature = "embed-app")]
    Embedded,
}

impl AppFiles {
    /// `--dist` when given; else the app built into this binary, or `./dist` without one.
    pub fn choose(dist_dir: Option<&Path>) -> Self {
        match dist_dir {
            Some(dir) => AppFiles::Dir(dir.to_path_buf()),
            #[cfg(feature = "embed-app")]
            None => AppFiles::Embedded,
            #[cfg(not(feature = "embed-app"))]
            None => AppFiles::Dir(PathBuf::from("dist")),
        }
    }

    fn read_page(&self, name: &str) -> Option<String> {
        match self {
            AppFiles::Dir(dir) => std::fs::read_to_string(dir.join(name)).ok(),
            #[cfg(feature = "embed-app")]
            AppFiles::Embedded => super::embedded_app::page(name),
        }
    }
}

const NOT_BUILT: &str = "<!DOCTYPE html><html lang=\"en-GB\"><title>Kite</title>\
<h1>Kite's app has not been built yet</h1><p>Run <code>./scripts/run</code>, which builds it \
and starts the server.</p></html>";

impl AppShell {
    /// Reads every index page once at start: their inline loaders' hashes go into the CSP.
    pub fn load(files: AppFiles) -> Self {
        let pages: Vec<String> = BUNDLES
            .iter()
            .map(|info| {
                files
                    .read_page(info.page)
                    .unwrap_or_else(|| NOT_BUILT.to_string())
            })
            .collect();
        let csp = csp_for_pages(&pages.iter().map(String::as_str).collect::<Vec<_>>());
        Self {
            files,
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
    match shell.files.clone() {
        AppFiles::Dir(dir) => {
            let dir = ServeDir::new(dir).precompressed_br().precompressed_gzip();
            let fallback = service_fn(move |req: Request<Body>| {
                let shell = shell.clone();
                async move { Ok::<_, Infallible>(spa_fallback(req.uri().path(), &shell)) }
            });
            let dir = dir.fallback(fallback);
            BoxCloneSyncService::new(tower::ServiceExt::map_response(dir, |r| r.map(Body::new)))
        }
        #[cfg(feature = "embed-app")]
        AppFiles::Embedded => BoxCloneSyncService::new(service_fn(move |req: Request<Body>| {
            let response = super::embedded_app::serve(&req)
                .unwrap_or_else(|| spa_fallback(req.uri().path(), &shell));
            async move { Ok::<_, Infallible>(response) }
        })),
    }
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
