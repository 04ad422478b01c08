use axum::extract::Request;
use axum::http::header::CACHE_CONTROL;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// Hashed build outputs never change, so tablets keep them for a year; everything else is
/// revalidated, so a new version of the app reaches every tablet on its next load. Only a file
/// that was found is kept: a 404 for a hashed name (asked for during a half-finished deploy) must
/// not be remembered for a year, or the browser would never fetch the real file once it is there.
pub async fn set_cache_control(req: Request, next: Next) -> Response {
    let mut policy = policy_for(req.uri().path());
    let mut response = next.run(req).await;
    if !response.status().is_success() && policy != "no-store" {
        policy = "no-cache";
    }
    response
        .headers_mut()
        .entry(CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
    response
}

fn policy_for(path: &str) -> &'static str {
    if path.starts_with("/api/") {
        "no-store"
    } else if is_hashed_asset(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// Trunk names outputs `name-<hash>.ext` (wasm: `name-<hash>_bg.wasm`), the hash a 64-bit number
/// in hex without leading zeros (16 digits, sometimes fewer); the build's own hashed files are
/// named the same way (`lessons-<16 hex>.json`, the words of a language as
/// `strings-pl-<16 hex>.json`). Fewer than 8 digits is taken as a name (`font-400.woff2`), not a
/// hash.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((_, hash)) => {
            (8..=16).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_are_immutable_and_the_rest_revalidates() {
        assert_eq!(
            policy_for("/kite-app-0123456789abcdef_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            policy_for("/kite-0123456789abcdef.css"),
            "public, max-age=31536000, immutable"
        );
        // The lessons file is named by its content too (scripts/lessons-asset.mjs).
        assert_eq!(
            policy_for("/lessons-0123456789abcdef.json"),
            "public, max-age=31536000, immutable"
        );
        // A hash that happened to start with a zero nibble is one digit shorter.
        assert_eq!(
            policy_for("/kite-adults-2b5769411c780e8_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            policy_for("/public/fonts/opendyslexic-400.woff2"),
            "no-cache"
        );
        assert_eq!(policy_for("/index.html"), "no-cache");
        assert_eq!(policy_for("/adults.html"), "no-cache");
        assert_eq!(policy_for("/"), "no-cache");
        assert_eq!(policy_for("/tell"), "no-cache");
        assert_eq!(policy_for("/public/fonts/atkinson-400.woff2"), "no-cache");
        assert_eq!(policy_for("/api/v1/health"), "no-store");
    }
}
