//! Where the page is: its path, query and fragment as signals, for the shell and the pages.
//!
//! The pupil bundles have one to three paths each, so they keep the address themselves rather than
//! carry leptos_router on a tablet's first load: a click on a link to one of the bundle's own
//! paths is put in the history with `pushState`, and Back and Forward come in as `popstate`
//! (`start_kiosk`). The adults' bundles have many paths with parameters and keep the router, which
//! provides the same `Here` (`shell::frame`), so a page or helper shared by both reads `use_here`.

use kite_protocol::app_routes::{bundle_for, Bundle};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The address of the page, as the router's `use_location` gives it.
#[derive(Clone, Copy)]
pub struct Here {
    pub path: Signal<String>,
    /// Without its `?`.
    pub search: Signal<String>,
    /// With its `#`, or empty.
    pub hash: Signal<String>,
}

impl Here {
    /// The value of `name` in the query (`?next=learn`), if it is there.
    pub fn query(&self, name: &str) -> Option<String> {
        self.search.with(|s| query_value(s, name))
    }
}

/// The page's address. Every bundle's shell provides it.
pub fn use_here() -> Here {
    expect_context::<Here>()
}

/// A value from a query string, compared and returned as written: our own query values are
/// plain words, never encoded.
fn query_value(search: &str, name: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|kv| kv.split_once('=').or(Some((kv, ""))))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// Whether `path` is one a pupil bundle's page `pattern` (`/learn/:id`) answers. A trailing
/// slash is the same path.
pub fn matches(pattern: &str, path: &str) -> bool {
    let mut want = pattern.trim_end_matches('/').split('/');
    let mut got = path.trim_end_matches('/').split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w == g || (w.starts_with(':') && !g.is_empty()) => {}
            _ => return false,
        }
    }
}

/// Moves a pupil bundle's page to another address: one of the bundle's own paths in place (in the
/// history like a link), any other path loaded from the server, which serves its bundle.
#[derive(Clone, Copy)]
pub struct Navigator {
    bundle: Bundle,
    path: RwSignal<String>,
    search: RwSignal<String>,
    hash: RwSignal<String>,
}

impl Navigator {
    /// Goes to `url` (a path, with a query or fragment if any). `replace`: this page's entry in the
    /// history is replaced, so Back doesn't return to it.
    pub fn go(&self, url: &str, replace: bool) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let path = url.split(['?', '#']).next().unwrap_or_default();
        if bundle_for(path) != self.bundle {
            let location = window.location();
            let _ = if replace {
                location.replace(url)
            } else {
                location.assign(url)
            };
            return;
        }
        let Ok(history) = window.history() else {
            return;
        };
        let _ = if replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(url))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(url))
        };
        self.read_address();
        // A new page starts at its top, as after a load.
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }

    /// The signals set from the browser's address, each only if it changed (a query change
    /// doesn't redraw what reads the path).
    fn read_address(&self) {
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return;
        };
        let search = location.search().unwrap_or_default();
        for (signal, value) in [
            (self.path, location.pathname().unwrap_or_default()),
            (self.search, search.trim_start_matches('?').to_owned()),
            (self.hash, location.hash().unwrap_or_default()),
        ] {
            if signal.with_untracked(|now| *now != value) {
                signal.set(value);
            }
        }
    }
}

/// The navigator of this pupil bundle, for a page that moves on by itself (a timeout).
pub fn use_navigator() -> Navigator {
    expect_context::<Navigator>()
}

/// A pupil bundle keeping its own address: provides `Here` and the `Navigator`, takes clicks on
/// links to the bundle's own paths, and follows Back and Forward. Answers `Here`.
pub fn start_kiosk(bundle: Bundle) -> Here {
    let nav = Navigator {
        bundle,
        path: RwSignal::new(String::new()),
        search: RwSignal::new(String::new()),
        hash: RwSignal::new(String::new()),
    };
    nav.read_address();
    let here = Here {
        path: nav.path.into(),
        search: nav.search.into(),
        hash: nav.hash.into(),
    };
    provide_context(here);
    provide_context(nav);
    // Back or Forward between two entries of this document: the address has already changed.
    let _ = window_event_listener(leptos::ev::popstate, move |_| nav.read_address());
    // Bubbling, on the window, as the router does: a page's own handler that took the click
    // (preventDefault) keeps it. Links to other bundles were taken before this, in the capture
    // phase (`shell`), so any plain link here is to our own page.
    let _ = window_event_listener(leptos::ev::click, move |ev| {
        let Some(anchor) = plain_link(&ev) else {
            return;
        };
        let (path, search, hash) = (anchor.pathname(), anchor.search(), anchor.hash());
        if bundle_for(&path) != bundle {
            return;
        }
        // A link to a place on this page (the skip link): the browser moves there.
        let same_page = nav.path.with_untracked(|p| *p == path)
            && nav
                .search
                .with_untracked(|s| *s == search.trim_start_matches('?'));
        if same_page && !hash.is_empty() {
            return;
        }
        ev.prevent_default();
        nav.go(&format!("{path}{search}{hash}"), false);
    });
    here
}

/// The link a plain click (main button, no modifier key, not yet taken) followed to a page of
/// this site in this tab, if it was one.
pub(crate) fn plain_link(ev: &web_sys::MouseEvent) -> Option<web_sys::HtmlAnchorElement> {
    let modified = ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key();
    if ev.default_prevented() || ev.button() != 0 || modified {
        return None;
    }
    let anchor = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())?;
    let origin = web_sys::window()?.location().origin().ok()?;
    let plain = anchor.target().is_empty() && !anchor.has_attribute("download");
    (origin == anchor.origin() && plain).then_some(anchor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_their_paths_only() {
        assert!(matches("/", "/"));
        assert!(matches("/", ""));
        assert!(matches("/tell", "/tell"));
        assert!(matches("/tell", "/tell/"));
        assert!(!matches("/", "/tell"));
        assert!(!matches("/tell", "/"));
        assert!(matches("/learn/:id", "/learn/phones-1"));
        assert!(!matches("/learn/:id", "/learn"));
        assert!(!matches("/learn/:id", "/learn/"));
        assert!(!matches("/learn/:id", "/learn/a/b"));
        assert!(!matches("/learn", "/learn/a"));
        assert!(!matches("/aup", "/aupx"));
    }

    #[test]
    fn query_values() {
        assert_eq!(query_value("next=learn", "next").as_deref(), Some("learn"));
        assert_eq!(
            query_value("?a=1&next=learn", "next").as_deref(),
            Some("learn")
        );
        assert_eq!(query_value("flag&a=1", "flag").as_deref(), Some(""));
        assert_eq!(query_value("nextx=learn", "next"), None);
        assert_eq!(query_value("", "next"), None);
    }
}
