//! Files staff upload as evidence (a filtering test's certificate, a policy as a PDF, a training
//! certificate): what a file is, from its first bytes, and how it is served back.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// What an uploaded file is, from its first bytes (the client's Content-Type is not trusted): a
/// PDF or an image, as certificates and policies come.
pub(crate) fn file_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        super::school::image_type(bytes)
    }
}

/// A kept file, opened in the browser and never cached (it may name staff).
pub(crate) fn inline(content_type: String, bytes: Vec<u8>, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}
