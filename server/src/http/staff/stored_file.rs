//! Files staff upload as evidence (a filtering test's certificate, a policy as a PDF, a training
//! certificate): what a file is, from its first bytes, and how it is served back.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::extract::StaffUser;
use crate::error::ApiError;
use crate::state::AppState;
use crate::storage::stored_files::FileStore;

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

/// Keeps an upload of at most `max_bytes` in `store`, audited; answers `{"id": …}`.
/// `wrong_type` says what the log accepts when the bytes are neither a PDF nor an image.
pub(crate) async fn upload(
    state: &AppState,
    user: &StaffUser,
    store: FileStore,
    body: &[u8],
    max_bytes: usize,
    wrong_type: &str,
) -> Result<Json<serde_json::Value>, ApiError> {
    if body.len() > max_bytes {
        return Err(ApiError::TooLarge);
    }
    keep(state, user, store, body, file_type, wrong_type).await
}

/// Keeps an upload (its size already checked) whose first bytes `kind_of` accepts, audited;
/// answers `{"id": …}`.
pub(crate) async fn keep(
    state: &AppState,
    user: &StaffUser,
    store: FileStore,
    body: &[u8],
    kind_of: fn(&[u8]) -> Option<&'static str>,
    wrong_type: &str,
) -> Result<Json<serde_json::Value>, ApiError> {
    let content_type = kind_of(body).ok_or_else(|| ApiError::BadRequest(wrong_type.into()))?;
    let id = state
        .storage
        .add_file(
            store,
            content_type,
            body,
            user.staff.id,
            crate::clock::now_ms(),
        )
        .await?;
    let action = format!("{}_file_uploaded", store.name());
    user.audit(state, &action, None, &format!("file {id}"))
        .await?;
    Ok(Json(serde_json::json!({ "id": id })))
}

/// A kept file of `store`, audited, to open in the browser.
pub(crate) async fn serve(
    state: &AppState,
    user: &StaffUser,
    store: FileStore,
    id: i64,
) -> Result<Response, ApiError> {
    let file = serve_unaudited(state, store, id).await?;
    let action = format!("{}_file_read", store.name());
    user.audit(state, &action, None, &format!("file {id}"))
        .await?;
    Ok(file)
}

/// A kept file of `store` to open in the browser, with no audit entry: for files meant for every
/// family to see (the pictures on the school's news), whose reads record nothing about anyone.
pub(crate) async fn serve_unaudited(
    state: &AppState,
    store: FileStore,
    id: i64,
) -> Result<Response, ApiError> {
    let (content_type, bytes) = state
        .storage
        .file(store, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(inline(
        content_type,
        bytes,
        &format!("{}-file-{id}", store.name()),
    ))
}
