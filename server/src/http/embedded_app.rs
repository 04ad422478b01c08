//! The built app inside the binary (feature `embed-app`), so a school's server is one file to
//! copy. Served as `ServeDir` serves `dist/`: the `.br` or `.gz` Trunk's build left beside a
//! file when the browser takes it, the type from the file's name, and the caching headers added
//! by `cache_control` around it. Each answer carries an ETag (the content's SHA-256), so a
//! revalidated page (`no-cache`) costs a 304.
//!
//! The folder is read at compile time: build the app (`scripts/build-app`) before the server.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../dist"]
struct Dist;

/// A bundle's index page, for the CSP's hashes.
pub fn page(name: &str) -> Option<String> {
    String::from_utf8(Dist::get(name)?.data.into_owned()).ok()
}

/// The file the request names, or `None` for the app's own fallback (an app route's index page,
/// or a 404).
pub fn serve(req: &Request<Body>) -> Option<Response> {
    let mut name = req.uri().path().trim_start_matches('/').to_string();
    if name.is_empty() || name.ends_with('/') {
        name.push_str("index.html");
    }
    let file = Dist::get(&name)?;
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Some(
            (
                StatusCode::METHOD_NOT_ALLOWED,
                [(header::ALLOW, "GET,HEAD")],
            )
                .into_response(),
        );
    }
    let accepted = accepted_encodings(req.headers());
    let mut variants = false;
    let mut chosen = None;
    for (encoding, suffix) in [("br", ".br"), ("gzip", ".gz")] {
        if let Some(compressed) = Dist::get(&format!("{name}{suffix}")) {
            variants = true;
            if chosen.is_none() && accepted.contains(&encoding) {
                chosen = Some((encoding, compressed));
            }
        }
    }
    let (encoding, body) = match chosen {
        Some((encoding, compressed)) => (Some(encoding), compressed),
        None => (None, file.clone()),
    };
    let etag = format!("\"{}\"", hex(&body.metadata.sha256_hash()[..16]));
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(file.metadata.mimetype())
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).expect("hex is ASCII"),
    );
    if variants {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    if matches_etag(req.headers(), &etag) {
        return Some((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.data.len()));
    let data = if req.method() == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body.data)
    };
    Some((StatusCode::OK, headers, data).into_response())
}

/// The content codings the request accepts (`br`, `gzip`), leaving out any it gives `q=0`.
fn accepted_encodings(headers: &HeaderMap) -> Vec<&'static str> {
    let mut accepted = Vec::new();
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for part in value.split(',') {
            let mut params = part.split(';');
            let coding = params.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = params.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            if refused {
                continue;
            }
            match coding.as_str() {
                "br" => accepted.push("br"),
                "gzip" => accepted.push("gzip"),
                _ => {}
            }
        }
    }
    accepted
}

fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_refused_with_q_zero_are_left_out() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br;q=0"),
        );
        assert_eq!(accepted_encodings(&h), vec!["gzip"]);
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("BR;q=0.8, gzip;q=1.0"),
        );
        assert_eq!(accepted_encodings(&h), vec!["br", "gzip"]);
    }
}
