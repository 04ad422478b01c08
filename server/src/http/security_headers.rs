//! Headers every response carries. The CSP allows scripts only from this origin, wasm
//! compilation, and — by hash — the inline loader Trunk writes into each index page (the kiosk's
//! and the adults'); no `unsafe-inline` anywhere.

use axum::http::{header, HeaderName, HeaderValue};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower::layer::util::{Identity, Stack};
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;

/// The CSP for the given index pages: one `'sha256-…'` per inline script in any of them.
pub fn csp_for_pages(pages: &[&str]) -> String {
    let hashes: String = pages
        .iter()
        .flat_map(|page| inline_scripts(page))
        .map(|body| {
            format!(
                " 'sha256-{}'",
                STANDARD.encode(Sha256::digest(body.as_bytes()))
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; media-src 'self'; \
         worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Bodies of `<script>` elements with no `src` attribute.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let start = rest.find("<script")?;
        let after_tag = &rest[start..];
        let open_end = after_tag.find('>')?;
        let open_tag = &after_tag[..open_end];
        let body_and_more = &after_tag[open_end + 1..];
        let close = body_and_more.find("</script>")?;
        let body = &body_and_more[..close];
        rest = &body_and_more[close + "</script>".len()..];
        if !open_tag.contains(" src=") {
            return Some(body);
        }
    })
}

type Header = SetResponseHeaderLayer<HeaderValue>;

pub type SecurityLayers = ServiceBuilder<
    Stack<
        Header,
        Stack<Header, Stack<Header, Stack<Header, Stack<Header, Stack<Header, Identity>>>>>,
    >,
>;

pub fn layer(csp: &str) -> SecurityLayers {
    let set = |name: HeaderName, value: &str| {
        SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_str(value).expect("header values are ASCII"),
        )
    };
    ServiceBuilder::new()
        .layer(set(header::CONTENT_SECURITY_POLICY, csp))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        ))
        .layer(set(
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ))
}

/// HSTS, when the cookies are Secure (the server is reached over HTTPS): browsers then refuse
/// plain http to this host for a year, so a network in the middle can't strip TLS from a
/// staff member's next visit. Never on plain http (a laptop), where it would do nothing but
/// could stick to `localhost` in a browser.
pub fn hsts(secure: bool) -> tower::util::Either<Header, Identity> {
    tower::util::option_layer(secure.then(|| {
        SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_loader_is_hashed_and_external_scripts_are_not() {
        let html =
            r#"<head><script src="/a.js"></script><script type="module">boot()</script></head>"#;
        let csp = csp_for_pages(&[html]);
        let expected = STANDARD.encode(Sha256::digest(b"boot()"));
        assert!(csp.contains(&format!("'sha256-{expected}'")), "{csp}");
        assert_eq!(csp.matches("sha256-").count(), 1);
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"));
        for d in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(d), "{d}");
        }
    }
}
