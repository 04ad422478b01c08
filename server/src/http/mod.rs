//! The HTTP surface: `/api/v1/*` and the built app, with the headers every response carries.

mod api_json;
mod cache_control;
mod child_answer;
pub mod client;
mod coverage;
mod device_auth;
mod device_classes;
mod device_config;
mod device_enrol;
pub mod device_networks;
mod device_surveys;
pub mod directory_api;
#[cfg(feature = "embed-app")]
mod embedded_app;
mod health;
pub mod hosts;
pub mod metrics;
pub mod openapi;
pub mod parents;
mod school;
pub mod security_headers;
pub mod staff;
mod static_files;
mod sync;
pub(crate) mod teach_next;
mod trace;
mod visitors;

use axum::extract::DefaultBodyLimit;
use axum::{Extension, Router};
use kite_protocol::limits::MAX_SYNC_BODY_BYTES;
use tower_http::compression::CompressionLayer;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::state::AppState;
pub use school::{school_of, School};
pub use static_files::{AppFiles, AppShell};

/// The `/api/v1` routes, with a JSON 404 for a path none of them has.
fn api_routes() -> Router {
    let (api, _) = api().split_for_parts();
    api.fallback(|| async { ApiError::NotFound })
}

/// Every `/api/v1` route, paths relative to `/api/v1`, each with the OpenAPI description its
/// handler's `#[utoipa::path]` gives: the router serves exactly what the document lists.
pub fn api() -> OpenApiRouter {
    OpenApiRouter::new()
        .routes(routes!(health::health))
        .routes(routes!(metrics::scrape))
        .routes(routes!(device_config::device_config))
        .routes(routes!(device_enrol::enrol))
        .routes(routes!(openapi::openapi_json))
        .routes(routes!(staff::school::photo))
        .merge(staff::router())
        .merge(parents::router())
        .routes(routes!(coverage::coverage))
        .routes(routes!(teach_next::teach_next))
        .routes(routes!(device_classes::classes))
        .routes(routes!(device_classes::pupils))
        .routes(routes!(device_classes::aup))
        .routes(routes!(device_classes::agreements))
        .routes(routes!(device_surveys::surveys))
        .routes(routes!(child_answer::ask))
        .routes(routes!(visitors::agreement_by_key))
        .routes(routes!(visitors::sign_by_key))
        .routes(routes!(visitors::agreement_on_tablet))
        .routes(routes!(visitors::sign_on_tablet))
        .routes(
            routes!(sync::sync)
                .layer(DefaultBodyLimit::max(MAX_SYNC_BODY_BYTES))
                .layer(axum::middleware::from_fn(sync::admit)),
        )
        // Answered only at the server's own address (see `directory_api`): 404 at a school's.
        .merge(directory_api::routes())
}

/// One school's router: every route, for `state`'s school. A server of one school serves this.
pub fn router(state: AppState, shell: AppShell) -> Router {
    let secure = state.cookies.secure;
    routes(shell, secure).layer(Extension(state))
}

/// Every route, for whichever school the request carries (see [`School`]): a server of many
/// schools makes this once and the host router puts each request's school on it. `secure`:
/// served over HTTPS (the HSTS header).
pub fn routes(shell: AppShell, secure: bool) -> Router {
    let api = api_routes();
    let security = security_headers::layer(&shell.csp);
    let hsts = security_headers::hsts(secure);
    Router::new()
        .nest("/api/v1", api)
        .fallback_service(static_files::service(shell))
        .layer(axum::middleware::from_fn(device_networks::guard))
        .layer(axum::middleware::from_fn(cache_control::set_cache_control))
        .layer(CompressionLayer::new())
        .layer(security)
        .layer(hsts)
        .layer(axum::middleware::from_fn(metrics::record))
        .layer(trace::layer())
}
