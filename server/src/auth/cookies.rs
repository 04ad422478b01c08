//! The sign-in cookies (staff and parents): HttpOnly, SameSite=Strict, and Secure when the server
//! is reached over HTTPS. A session cookie holds a random id whose hash is in the database;
//! nothing else is kept in a cookie.
//!
//! Over HTTPS the cookies are named `__Host-…`: browsers accept such a cookie only from this
//! very host, Secure, for Path=/ and without a Domain, so another host on the same site (a
//! sibling school's `other.kite.trust.example`) can't plant a session cookie of its choosing
//! here. The parents' cookie, otherwise sent only to the parents' API, is sent to every path of
//! the host then (the prefix requires Path=/); its own name keeps it from any staff route.

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use cookie::time::Duration;
use cookie::{Cookie, SameSite};

/// One kind of session cookie: its name, the path the browser sends it to, and how long it
/// lasts.
#[derive(Debug, Clone, Copy)]
pub struct CookieKind {
    pub name: &'static str,
    pub path: &'static str,
    pub max_age_secs: i64,
}

/// What a cookie's name starts with when the browser must hold it for this host only.
const HOST_PREFIX: &str = "__Host-";

/// How this server marks its cookies.
#[derive(Debug, Clone, Copy)]
pub struct Cookies {
    /// Staff and parents reach the server over HTTPS (directly or behind a TLS proxy). Off for
    /// plain http://127.0.0.1 on a laptop, where a Secure cookie would never be sent back.
    pub secure: bool,
}

impl Cookies {
    pub fn new(secure: bool) -> Self {
        Self { secure }
    }

    /// The name the cookie of `kind` goes by on this server.
    pub fn name(&self, kind: &CookieKind) -> String {
        if self.secure {
            format!("{HOST_PREFIX}{}", kind.name)
        } else {
            kind.name.to_string()
        }
    }

    /// The path the cookie of `kind` is sent to (`/` under the `__Host-` prefix).
    fn path(&self, kind: &CookieKind) -> &'static str {
        if self.secure {
            "/"
        } else {
            kind.path
        }
    }

    /// The session id the request's cookie of `kind` holds, if any. Over HTTPS only the
    /// `__Host-` cookie counts: a plain-named one may have been planted by a sibling host.
    pub fn read(&self, headers: &HeaderMap, kind: &CookieKind) -> Option<String> {
        read(headers, &self.name(kind)).filter(|v| !v.is_empty())
    }

    /// The `Set-Cookie` header that starts a session with this id.
    pub fn set(&self, kind: &CookieKind, session_id: &str) -> [(HeaderName, HeaderValue); 1] {
        self.header(kind, session_id, kind.max_age_secs, SameSite::Strict)
    }

    /// Like [`Cookies::set`] but SameSite=Lax, for the one cookie that must come back when the
    /// school's sign-in provider (Microsoft, Google) sends the browser back here: that is a
    /// navigation from another site, which a Strict cookie never rides. It names a sign-in
    /// under way, never a session.
    pub fn set_lax(&self, kind: &CookieKind, value: &str) -> [(HeaderName, HeaderValue); 1] {
        self.header(kind, value, kind.max_age_secs, SameSite::Lax)
    }

    /// The `Set-Cookie` header that removes the session cookie.
    pub fn clear(&self, kind: &CookieKind) -> [(HeaderName, HeaderValue); 1] {
        self.header(kind, "", 0, SameSite::Strict)
    }

    fn header(
        &self,
        kind: &CookieKind,
        value: &str,
        max_age_secs: i64,
        same_site: SameSite,
    ) -> [(HeaderName, HeaderValue); 1] {
        let cookie = Cookie::build((self.name(kind), value))
            .http_only(true)
            .same_site(same_site)
            .path(self.path(kind))
            .max_age(Duration::seconds(max_age_secs))
            .secure(self.secure)
            .build();
        let value = HeaderValue::from_str(&cookie.to_string())
            .expect("session ids and cookie names are ASCII");
        [(SET_COOKIE, value)]
    }
}

/// The value of the cookie `name` the request carries, if any (the first, if several).
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: CookieKind = CookieKind {
        name: "kite_test",
        path: "/",
        max_age_secs: 60,
    };

    #[test]
    fn cookies_are_httponly_strict_and_secure_only_when_asked() {
        let [(_, plain)] = Cookies::new(false).set(&KIND, "abc");
        let plain = plain.to_str().unwrap();
        assert!(plain.starts_with("kite_test=abc"));
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Strict"));
        assert!(plain.contains("Path=/") && plain.contains("Max-Age=60"));
        assert!(!plain.contains("Secure"));
        let [(_, secure)] = Cookies::new(true).set(&KIND, "abc");
        assert!(secure.to_str().unwrap().contains("; Secure"));
        let [(_, cleared)] = Cookies::new(false).clear(&KIND);
        assert!(cleared.to_str().unwrap().contains("Max-Age=0"));
        let [(_, lax)] = Cookies::new(true).set_lax(&KIND, "abc");
        let lax = lax.to_str().unwrap();
        assert!(lax.contains("SameSite=Lax") && lax.contains("HttpOnly") && lax.contains("Secure"));
    }

    #[test]
    fn over_https_the_cookies_are_for_this_host_only() {
        const NARROW: CookieKind = CookieKind {
            name: "kite_narrow",
            path: "/api/v1/parents",
            max_age_secs: 60,
        };
        let cookies = Cookies::new(true);
        let [(_, set)] = cookies.set(&NARROW, "abc");
        let set = set.to_str().unwrap();
        assert!(set.starts_with("__Host-kite_narrow=abc"), "{set}");
        assert!(set.contains("Path=/;") || set.ends_with("Path=/"), "{set}");
        assert!(set.contains("Secure") && !set.contains("Domain"), "{set}");
        let [(_, cleared)] = cookies.clear(&NARROW);
        assert!(cleared
            .to_str()
            .unwrap()
            .starts_with("__Host-kite_narrow=;"));

        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("kite_narrow=planted"));
        assert_eq!(
            cookies.read(&headers, &NARROW),
            None,
            "a plain name is refused"
        );
        headers.append(COOKIE, HeaderValue::from_static("__Host-kite_narrow=ours"));
        assert_eq!(cookies.read(&headers, &NARROW).as_deref(), Some("ours"));
        assert_eq!(
            Cookies::new(false).read(&headers, &NARROW).as_deref(),
            Some("planted")
        );
        let [(_, plain)] = Cookies::new(false).set(&NARROW, "abc");
        assert!(plain.to_str().unwrap().contains("Path=/api/v1/parents"));
    }

    #[test]
    fn reads_its_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; kite_test=abc"));
        headers.append(COOKIE, HeaderValue::from_static("kite_test=later"));
        assert_eq!(read(&headers, "kite_test").as_deref(), Some("abc"));
        assert_eq!(read(&headers, "kite_te"), None);
        assert_eq!(read(&HeaderMap::new(), "kite_test"), None);
    }
}
