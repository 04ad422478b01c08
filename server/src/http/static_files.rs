//! Serving the app Trunk built: files from `dist/` (precompressed `.br`/`.gz` when present), and
//! `index.html` for every app route so that a deep link like `/tell` loads the app.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::service_fn;
use tower::util::BoxCloneSyncService;
use tower_http::services::ServeDir;

use super::security_headers::csp_for_index;
use crate::error::ApiError;

/// The built app's entry page and the CSP that allows exactly its inline loader.
#[derive(Clone)]
pub struct AppShell {
    pub dist_dir: PathBuf,
    pub index_html: Arc<String>,
    pub csp: String,
}

const NOT_BUILT: &str = "<!DOCTYPE html><html lang=\"en-GB\"><title>Kite</title>\
<h1>Kite's app has not been built yet</h1><p>Run <code>./scripts/run</code>, which builds it \
and starts the server.</p></html>";

impl AppShell {
    /// Reads `index.html` once at start: its inline loader's hash goes into the CSP.
    pub fn load(dist_dir: &Path) -> Self {
        let index_html = std::fs::read_to_string(dist_dir.join("index.html"))
            .unwrap_or_else(|_| NOT_BUILT.to_string());
        let csp = csp_for_index(&index_html);
        Self {
            dist_dir: dist_dir.to_path_buf(),
            index_html: Arc::new(index_html),
            csp,
        }
    }
}

pub fn service(shell: AppShell) -> BoxCloneSyncService<Request<Body>, Response, Infallible> {
    let index = shell.index_html.clone();
    let fallback = service_fn(move |req: Request<Body>| {
        let index = index.clone();
        async move { Ok::<_, Infallible>(spa_fallback(req.uri().path(), &index)) }
    });
    let dir = ServeDir::new(&shell.dist_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(fallback);
    BoxCloneSyncService::new(tower::ServiceExt::map_response(dir, |r| r.map(Body::new)))
}

/// App routes get the app; a missing file or API path gets a 404, never the app in disguise.
fn spa_fallback(path: &str, index: &str) -> Response {
    let last_segment = path.rsplit('/').next().unwrap_or("");
    if path.starts_with("/api/") || last_segment.contains('.') {
        return ApiError::NotFound.into_response();
    }
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        index.to_string(),
    )
        .into_response()
}
