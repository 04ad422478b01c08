//! Prometheus metrics for the school's IT provider: requests and their latency by the route they
//! matched (`/api/v1/staff/reports/{id}`, never the path itself, so no id or name), tablets'
//! items stored by kind and outcome, and the report writer's queue. Nothing about anyone.
//!
//! Off unless `--metrics-token` is set; then `GET /api/v1/metrics` answers only with
//! `Authorization: Bearer <token>` (401 otherwise), so it can sit on the same port as the app,
//! even behind a proxy, where "from localhost" would mean everyone.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kite_protocol::sync::{Ack, AckStatus, SyncItem};
use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use subtle::ConstantTimeEq;

use super::trace::UNMATCHED;
use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ItemLabels {
    kind: String,
    outcome: String,
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// The server's metrics (one set for every school it serves), and the token that reads them.
pub struct Metrics {
    token: Option<String>,
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    items: Family<ItemLabels, Counter>,
    report_queue: Gauge,
}

/// 5 ms to about 20 s: a health check at the bottom, a busy morning's sync batch near the top.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.005, 2.0, 12))
}

impl Metrics {
    /// `token`: what `GET /metrics` must carry; `None` turns the endpoint off.
    pub fn new(token: Option<String>) -> Self {
        let mut registry = Registry::with_prefix("kite");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency: LatencyFamily = Family::new_with_constructor(latency_histogram);
        let items = Family::<ItemLabels, Counter>::default();
        let report_queue = Gauge::default();
        registry.register(
            "http_requests",
            "Requests answered, by method, matched route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by method and matched route",
            latency.clone(),
        );
        registry.register(
            "sync_items",
            "Tablets' items answered, by kind and outcome (stored, duplicate, rejected, discarded)",
            items.clone(),
        );
        registry.register(
            "report_writer_queue",
            "Sync requests waiting for the report writer's next commit (the school asked)",
            report_queue.clone(),
        );
        Self {
            token: token.filter(|t| !t.trim().is_empty()),
            registry,
            requests,
            latency,
            items,
            report_queue,
        }
    }

    /// Counts a sync's items by kind and by how each was answered.
    pub fn count_items(&self, items: &[SyncItem], acks: &[Ack]) {
        for ack in acks {
            let Some(item) = items.iter().find(|i| i.id == ack.id) else {
                continue;
            };
            let outcome = match ack.status {
                AckStatus::Stored => "stored",
                AckStatus::Duplicate => "duplicate",
                AckStatus::Rejected => "rejected",
                AckStatus::Discarded => "discarded",
            };
            self.items
                .get_or_create(&ItemLabels {
                    kind: item.kind.as_str().into(),
                    outcome: outcome.into(),
                })
                .inc();
        }
    }
}

/// Times and counts every request. Added with `Router::layer`, so it runs after routing and
/// sees the route template the request matched.
pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().as_str().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| UNMATCHED.to_string());
    let started = Instant::now();
    let response = next.run(req).await;
    let metrics = &state.server.metrics;
    metrics
        .latency
        .get_or_create(&RouteLabels {
            method: method.clone(),
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route,
            status: response.status().as_u16().to_string(),
        })
        .inc();
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
pub async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let metrics = &state.server.metrics;
    let Some(token) = &metrics.token else {
        return crate::error::ApiError::NotFound.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !bool::from(given.as_bytes().ct_eq(token.as_bytes())) {
        return (
            StatusCode::UNAUTHORIZED,
            [
                (header::WWW_AUTHENTICATE, "Bearer"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            "The metrics need the token set with --metrics-token.\n",
        )
            .into_response();
    }
    metrics
        .report_queue
        .set(state.storage.report_queue_depth() as i64);
    let mut body = String::new();
    if encode(&mut body, &metrics.registry).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
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
        .into_response()
}
