//! A state-changing request must carry its session's CSRF token in `X-CSRF-Token` (staff and
//! parents alike): the cookie alone proves only that the browser sent it, not that our page did.

use axum::http::request::Parts;
use axum::http::Method;
use subtle::ConstantTimeEq;

use crate::error::ApiError;

pub const CSRF_HEADER: &str = "x-csrf-token";

/// Lets reads through; a change passes only with the session's token, compared in constant time
/// so the comparison's timing says nothing about how much of a guess was right.
pub fn check(parts: &Parts, expected: &str) -> Result<(), ApiError> {
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if safe {
        return Ok(());
    }
    let sent = parts
        .headers
        .get(CSRF_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if bool::from(sent.ct_eq(expected.as_bytes())) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "this request is missing its security token; reload the page and try again",
        ))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::Request;

    use super::*;

    fn parts(method: Method, token: Option<&str>) -> Parts {
        let mut req = Request::builder().method(method).uri("/x");
        if let Some(t) = token {
            req = req.header(CSRF_HEADER, t);
        }
        req.body(()).unwrap().into_parts().0
    }

    #[test]
    fn changes_need_the_sessions_token_reads_dont() {
        assert!(check(&parts(Method::GET, None), "abc").is_ok());
        assert!(check(&parts(Method::POST, Some("abc")), "abc").is_ok());
        assert!(check(&parts(Method::POST, Some("abd")), "abc").is_err());
        assert!(check(&parts(Method::POST, Some("")), "abc").is_err());
        assert!(check(&parts(Method::PATCH, None), "abc").is_err());
    }
}
