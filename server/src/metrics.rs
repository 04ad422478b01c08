//! Prometheus metrics for the school's IT provider: requests and their latency by the route they
//! matched (`/api/v1/staff/reports/{id}`, never the path itself, so no id or name), tablets'
//! items stored by kind and outcome, and the report writer's queue. Nothing about anyone.
//! `http::metrics` counts each request and serves them.
//!
//! Off unless `--metrics-token` is set; then `GET /api/v1/metrics` answers only with
//! `Authorization: Bearer <token>` (401 otherwise), so it can sit on the same port as the app,
//! even behind a proxy, where "from localhost" would mean everyone.

use kite_protocol::sync::{Ack, AckStatus, SyncItem};
use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use subtle::ConstantTimeEq;

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

/// Whether a request may read the metrics.
#[derive(Debug, PartialEq, Eq)]
pub enum Access {
    /// No token is set: metrics are off.
    Off,
    /// The token is missing or wrong.
    Refused,
    Allowed,
}

/// 5 ms to about 20 s: a health check at the bottom, a busy morning's sync batch near the top.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.005, 2.0, 12))
}

impl Metrics {
    /// `token`: what a scrape must carry; `None` (or blank) turns metrics off.
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

    /// Whether `bearer` (the request's `Authorization: Bearer` value) may read the metrics,
    /// compared in constant time.
    pub fn access(&self, bearer: Option<&str>) -> Access {
        match &self.token {
            None => Access::Off,
            Some(token) if bool::from(bearer.unwrap_or("").as_bytes().ct_eq(token.as_bytes())) => {
                Access::Allowed
            }
            Some(_) => Access::Refused,
        }
    }

    /// Counts one answered request. `route` is the matched route's template.
    pub fn count_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.latency
            .get_or_create(&RouteLabels {
                method: method.into(),
                route: route.into(),
            })
            .observe(seconds);
        self.requests
            .get_or_create(&RequestLabels {
                method: method.into(),
                route: route.into(),
                status: status.to_string(),
            })
            .inc();
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

    /// Everything, in the OpenMetrics text format, with the report writer's queue as it is now.
    pub fn render(&self, report_queue: usize) -> Result<String, std::fmt::Error> {
        self.report_queue.set(report_queue as i64);
        let mut body = String::new();
        encode(&mut body, &self.registry)?;
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_needed_and_none_means_off() {
        let on = Metrics::new(Some("s3cret-token".into()));
        assert_eq!(on.access(Some("s3cret-token")), Access::Allowed);
        assert_eq!(on.access(Some("s3cret-tokem")), Access::Refused);
        assert_eq!(on.access(None), Access::Refused);
        assert_eq!(Metrics::new(None).access(None), Access::Off);
        assert_eq!(
            Metrics::new(Some("  ".into())).access(Some("  ")),
            Access::Off
        );
    }
}
