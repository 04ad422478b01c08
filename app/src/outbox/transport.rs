//! Sending a batch to the school server with the tablet's device token.

use gloo_net::http::Request;
use kite_protocol::device::ApiError;
use kite_protocol::sync::{SyncBatch, SyncResponse};
use kite_sync::{Transport, TransportError};

/// Give up on one request after this long; the item stays queued and is retried.
const TIMEOUT_MS: u32 = 20_000;

pub struct FetchTransport {
    pub token: String,
}

impl Transport for FetchTransport {
    async fn send(&self, batch: &SyncBatch) -> Result<SyncResponse, TransportError> {
        let signal = web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS);
        let response = Request::post("/api/v1/sync")
            .header("Authorization", &format!("Bearer {}", self.token))
            .abort_signal(Some(&signal))
            .json(batch)
            .map_err(|e| TransportError::Unreachable(e.to_string()))?
            .send()
            .await
            .map_err(|e| TransportError::Unreachable(e.to_string()))?;
        match response.status() {
            200 => response
                .json::<SyncResponse>()
                .await
                .map_err(|e| TransportError::Unreachable(format!("unreadable answer: {e}"))),
            401 => Err(TransportError::Unauthorized),
            status => {
                let message = response
                    .json::<ApiError>()
                    .await
                    .map(|e| e.error)
                    .unwrap_or_else(|_| "no details".into());
                Err(TransportError::Refused { status, message })
            }
        }
    }
}
