use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kite_protocol::sync::{SyncBatch, SyncResponse};

use super::api_json::ApiJson;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::device_auth::AuthenticatedDevice;
use crate::http::School;
use crate::ingest::ingest;
use crate::rate_limit::take_in_turn;

/// How long a tablet told the server is busy waits before it syncs again (it may wait longer:
/// the app backs off).
const BUSY_RETRY_SECS: u64 = 5;

const BUSY: &str = "the school server is busy with other tablets just now; everything waiting is kept on the tablet and sent in a few seconds";

/// How stale a device's `last_seen_ms` may get before a sync updates it.
const LAST_SEEN_RESOLUTION_MS: i64 = 60_000;

const QUOTA_REACHED: &str = "this tablet has sent as much as the school server stores from one tablet in a day; everything waiting is kept on the tablet and sent when the server takes it again";

/// `POST /api/v1/sync`: a tablet's outbox batch. Answers per item only after the write is durable.
/// Nothing about the sender but the device id is kept: no IP address, no user agent.
#[utoipa::path(
    post,
    path = "/sync",
    tag = crate::http::openapi::TAG_TABLET,
    operation_id = "sync",
    summary = "A tablet's outbox batch; answered per item",
    description = "Who may call it: tablet (device token).",
    request_body = SyncBatch,
    responses(
        (status = 200, description = "Each item accepted or refused, once durable", body = SyncResponse),
        (status = 429, description = "Too many requests, the server busy with other tablets' syncs (try again after Retry-After), or the tablet's quota for the day is used up: nothing was stored; try again after Retry-After", body = kite_protocol::device::ApiError),
    ),
    security(("device_token" = [])),
)]
pub async fn sync(
    School(state): School,
    AuthenticatedDevice(device): AuthenticatedDevice,
    ApiJson(batch): ApiJson<SyncBatch>,
) -> Result<Json<SyncResponse>, ApiError> {
    // Limited after the token (so strangers learn nothing) and before any work: a request's
    // token, then, for a batch that is well formed, a day's quota per tablet, counted before
    // anything is stored: a refused batch stays whole in the tablet's outbox (429 is "try later"
    // there) and goes once the quota refills. The three buckets in one transaction.
    let valid = batch.validate();
    let key = device.id.to_string();
    let mut charges = vec![state.limits.sync.request(&key)];
    if valid.is_ok() {
        let bytes: usize = batch.items.iter().map(|i| i.sealed.len()).sum();
        charges.push(
            state
                .limits
                .device_bytes
                .quota(&key, bytes as f64, QUOTA_REACHED),
        );
        let items = batch.items.len() as f64;
        charges.push(state.limits.device_items.quota(&key, items, QUOTA_REACHED));
    }
    take_in_turn(&state.storage, charges, now_ms()).await?;
    valid.map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let now = now_ms();
    let acks = ingest(&state.storage, &state.secret_key, device.id, now, &batch).await?;
    state.server.metrics.count_items(&batch.items, &acks);
    // "Last seen" is for the admin's device list, not correctness: writing it on every request
    // would cost a second durable commit (an fsync) per sync, so once a minute is enough.
    if device
        .last_seen_ms
        .is_none_or(|seen| now - seen >= LAST_SEEN_RESOLUTION_MS)
    {
        state.storage.touch_device(device.id, now).await?;
    }
    Ok(Json(SyncResponse { acks }))
}

/// Lets a sync in only while fewer than `--syncs-at-once` are being worked on; the one more is
/// told at once to try again shortly (429: the tablet keeps its items and backs off). Without
/// it, when every tablet of many schools comes online together, each request waits in memory
/// for a database connection until its client gives up, and is then sent again. Runs before the
/// token is checked or the body read, so a refusal costs nothing.
pub async fn admit(School(state): School, req: Request, next: Next) -> Response {
    match state.server.syncs.try_acquire() {
        Ok(_working) => next.run(req).await,
        // A 429 with words (as for a quota): a teacher may read them on the tablet.
        Err(_) => ApiError::QuotaReached {
            retry_after_secs: BUSY_RETRY_SECS,
            message: BUSY,
        }
        .into_response(),
    }
}
