//! Counting each request into `crate::metrics`, and serving them at `GET /api/v1/metrics`.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::trace::UNMATCHED;
use crate::http::School;
use crate::metrics::Access;

/// Times and counts every request. Added with `Router::layer`, so it runs after routing and
/// sees the route template the request matched.
pub async fn record(School(state): School, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED.to_string(), |m| m.as_str().to_string());
    let started = Instant::now();
    let response = next.run(req).await;
    state.server.metrics.count_request(
        method.as_str(),
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// `GET /api/v1/metrics`, in the OpenMetrics text format Prometheus reads. One set for the
/// whole server: with several schools, each school's address shows the same counts.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = crate::http::openapi::TAG_SERVER,
    operation_id = "metrics",
    summary = "Prometheus metrics for the school's IT provider (off unless the server has a metrics token)",
    description = "Who may call it: whoever holds the server's metrics token (--metrics-token). \
        Counts and timings only: requests by their route's template, tablets' items by kind and \
        outcome, the report writer's queue; nothing about anyone.",
    responses(
        (status = 200, description = "The metrics, in the OpenMetrics text format", body = String, content_type = "application/openmetrics-text"),
        (status = 401, description = "The token is missing or wrong", body = String, content_type = "text/plain"),
        (status = 404, description = "Metrics are off on this server", body = kite_protocol::device::ApiError),
    ),
    security(("metrics_token" = [])),
)]
pub async fn scrape(School(state): School, headers: HeaderMap) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let metrics = &state.server.metrics;
    match metrics.access(bearer) {
        Access::Off => crate::error::ApiError::NotFound.into_response(),
        Access::Refused => (
            StatusCode::UNAUTHORIZED,
            [
                (header::WWW_AUTHENTICATE, "Bearer"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            "The metrics need the token set with --metrics-token.\n",
        )
            .into_response(),
        Access::Allowed => match metrics.render(state.storage.report_queue_depth()) {
            Ok(body) => (
                StatusCode::OK,
                [
                    (
                        header::CONTENT_TYPE,
                        "application/openmetrics-text; version=1.0.0; charset=utf-8",
                    ),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                body,
            )
                .into_response(),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
    }
}
