//! The HTTP surface: `/api/v1/*` and the built app, with the headers every response carries.

mod api_json;
mod cache_control;
mod coverage;
mod device_auth;
mod device_classes;
mod device_config;
mod device_enrol;
mod health;
pub mod hosts;
pub mod openapi;
pub mod parents;
pub mod security_headers;
pub mod staff;
mod static_files;
mod sync;
mod trace;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use kite_protocol::limits::MAX_SYNC_BODY_BYTES;
use tower_http::compression::CompressionLayer;

use crate::error::ApiError;
use crate::state::AppState;
pub use static_files::AppShell;

pub fn router(state: AppState, shell: AppShell) -> Router {
    let api = Router::new()
        .route("/health", get(health::health))
        .route("/device/config", get(device_config::device_config))
        .route("/device/enrol", post(device_enrol::enrol))
        .route("/openapi.json", get(openapi::openapi_json))
        .route("/photos/{id}", get(staff::school::photo))
        .merge(staff::router())
        .merge(parents::router())
        .route("/device/coverage", get(coverage::coverage))
        .route("/device/classes", get(device_classes::classes))
        .route("/device/classes/{id}/pupils", get(device_classes::pupils))
        .route("/device/aup", get(device_classes::aup))
        .route(
            "/sync",
            post(sync::sync).layer(DefaultBodyLimit::max(MAX_SYNC_BODY_BYTES)),
        )
        .fallback(|| async { ApiError::NotFound });

    let security = security_headers::layer(&shell.csp);
    Router::new()
        .nest("/api/v1", api)
        .fallback_service(static_files::service(shell))
        .layer(axum::middleware::from_fn(cache_control::set_cache_control))
        .layer(CompressionLayer::new())
        .layer(security)
        .layer(trace::layer())
        .with_state(state)
}
