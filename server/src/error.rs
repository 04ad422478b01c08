//! One error type for every API handler. Clients get a short message they can act on; internal
//! details are logged and never sent (they could hold report content or paths).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kite_protocol::device::ApiError as ApiErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("this tablet is not enrolled with the school server, or it was removed")]
    Unauthorized,
    #[error("not found")]
    NotFound,
    #[error("the request is larger than the server accepts")]
    TooLarge,
    /// Too large, with what the most is and what to do (an upload's own limit).
    #[error("{0}")]
    TooLargeBecause(&'static str),
    #[error("too many requests from this tablet; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// A day's allowance is used up (a parent's concerns, what a tablet may store): the words
    /// say why and what to do meanwhile.
    #[error("{message}")]
    QuotaReached {
        retry_after_secs: u64,
        message: &'static str,
    },
    #[error("the server could not do that just now; nothing was lost, try again")]
    Internal(#[source] anyhow::Error),
    /// Staff: no session, or it has ended.
    #[error("please sign in (your session may have ended)")]
    SignInNeeded,
    /// Staff: the session is live but was left alone past the lock time; the password opens it.
    #[error("the screen locked after a while without use; enter your password to go on")]
    SessionLocked,
    /// Staff: the email and password don't match an account.
    #[error("that email and password don't match an account; check them and try again")]
    LoginFailed,
    /// Staff: the password was right; the account needs its two-step code (missing or wrong).
    #[error("enter the current 6-digit code from your authenticator app (two-step sign-in is on for this account)")]
    TwoStepNeeded,
    /// Signed in, but this is not for your role (or the request lacks its CSRF token).
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("{0}")]
    Conflict(String),
    /// Parents: no session, or it has ended.
    #[error("please enter the code from your letter again (you were signed out after a while)")]
    ParentCodeNeeded,
    /// Parents: the code typed is wrong or has been replaced by a newer letter.
    #[error("{0}")]
    ParentCodeRefused(&'static str),
}

impl ApiError {
    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        ApiError::Internal(err.into())
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::TooLarge | ApiError::TooLargeBecause(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RateLimited { .. } | ApiError::QuotaReached { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::SignInNeeded
            | ApiError::LoginFailed
            | ApiError::TwoStepNeeded
            | ApiError::ParentCodeNeeded
            | ApiError::ParentCodeRefused(_) => StatusCode::UNAUTHORIZED,
            ApiError::SessionLocked => StatusCode::LOCKED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
        }
    }
}

impl From<crate::storage::StorageError> for ApiError {
    fn from(err: crate::storage::StorageError) -> Self {
        ApiError::internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(source) = &self {
            tracing::error!(error = ?source, "internal error");
        }
        let mut response = (
            self.status(),
            Json(ApiErrorBody {
                error: self.to_string(),
            }),
        )
            .into_response();
        let retry_after = match self {
            ApiError::RateLimited { retry_after_secs }
            | ApiError::QuotaReached {
                retry_after_secs, ..
            } => Some(retry_after_secs),
            _ => None,
        };
        if let Some(retry_after_secs) = retry_after {
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
    }
}
