//! Which of the app's two bundles owns a page. The pupil kiosk (home, learn, tell, our rules,
//! set-up) is one wasm and the adults' pages (staff, parents, the presenter) another, so a tablet
//! downloads only what pupils use. The server serves each bundle's index for its paths, and each
//! bundle sends a path it doesn't own to the other with a full page load: both ask this function,
//! so they can never disagree. (`public/sw.js` repeats the rule in one regex, to pick the cached
//! index offline.)

/// One of the two Trunk builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// `dist/index.html`: `/`, `/learn`, `/learn/:id`, `/tell`, `/aup`, `/setup`, and any
    /// unknown path (its not-found page).
    Kiosk,
    /// `dist/adults.html`: `/staff/*`, `/parents`, `/present`, `/present/:id`.
    Adults,
}

/// The path prefixes (whole segments) the adults' bundle owns.
const ADULTS: [&str; 3] = ["/staff", "/parents", "/present"];

pub fn bundle_for(path: &str) -> Bundle {
    let owned = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    if ADULTS.into_iter().any(owned) {
        Bundle::Adults
    } else {
        Bundle::Kiosk
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adults_own_whole_segments_and_everything_else_is_the_kiosk() {
        for path in [
            "/staff",
            "/staff/",
            "/staff/reports/abc",
            "/parents",
            "/present",
            "/present/kind-words",
        ] {
            assert_eq!(bundle_for(path), Bundle::Adults, "{path}");
        }
        for path in [
            "/",
            "/learn",
            "/learn/kind-words",
            "/tell",
            "/aup",
            "/setup",
            "/staffroom",
            "/presents",
            "/nope",
        ] {
            assert_eq!(bundle_for(path), Bundle::Kiosk, "{path}");
        }
    }
}
