//! One log line per request: the route it matched (`/api/v1/staff/reports/{id}`, never the id
//! itself), the method, the status and how long it took. Nothing else about the request is
//! logged: not the client's address, not the query string, not a header or a body, since those
//! can say who a report is about or who made it.

use std::time::Duration;

use axum::body::Body;
use axum::extract::MatchedPath;
use axum::http::{Request, Response};
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{DefaultOnBodyChunk, DefaultOnEos, TraceLayer};
use tracing::Span;

/// Requests that matched no route (the app's files, and unknown API paths) are logged under
/// this name instead of their path.
pub(super) const UNMATCHED: &str = "(app or unknown)";

pub type RequestTrace = TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    fn(&Request<Body>) -> Span,
    (),
    fn(&Response<Body>, Duration, &Span),
    DefaultOnBodyChunk,
    DefaultOnEos,
    (),
>;

/// The layer. Added to the router with `Router::layer`, so it sees the route each request
/// matched.
pub fn layer() -> RequestTrace {
    TraceLayer::new_for_http()
        .make_span_with(span as fn(&Request<Body>) -> Span)
        .on_request(())
        .on_response(finished as fn(&Response<Body>, Duration, &Span))
        .on_failure(())
}

fn span(request: &Request<Body>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str)
        .unwrap_or(UNMATCHED);
    tracing::info_span!("request", method = %request.method(), route)
}

fn finished(response: &Response<Body>, latency: Duration, _span: &Span) {
    tracing::info!(
        status = response.status().as_u16(),
        latency_ms = %format_args!("{:.1}", latency.as_secs_f64() * 1000.0),
        "answered"
    );
}
