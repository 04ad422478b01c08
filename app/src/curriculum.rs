//! The curriculum. `build.rs` checks every lesson at build time; the app does not carry them in
//! its wasm (117 KB of JSON every tablet would download before the home page, whether or not a
//! pupil opens a lesson). `scripts/lessons-asset.mjs` ships
//! them as `lessons-<content hash>.json`, named by a `<link id="kite-lessons">` in both index
//! pages, so an index and its lessons are always one version and the service worker keeps them
//! together offline. They are fetched on first use (`load`; pages wait in `WithLessons`) and
//! parsed once. Also the one place where the curriculum's band and the wire protocol's band meet.

use std::sync::OnceLock;

use kite_lessons::{Lesson, Strand};
use kite_protocol::Band;
use leptos::prelude::*;

static LESSONS: OnceLock<Vec<Lesson>> = OnceLock::new();

/// Every lesson, in teaching order (by band, then the file's `NN-` prefix). Empty until `load`
/// has finished in the browser; native builds (tests) read the copy `build.rs` wrote.
pub fn all() -> &'static [Lesson] {
    #[cfg(not(target_arch = "wasm32"))]
    LESSONS.get_or_init(|| {
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/lessons.json")))
            .expect("build.rs wrote lessons the model reads back")
    });
    LESSONS.get().map_or(&[], Vec::as_slice)
}

/// Where the lessons are: loading, in, or not reachable (offline before they were ever cached).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loading {
    Pending,
    Ready,
    Failed,
}

thread_local! {
    static STATUS: ArcRwSignal<Loading> = ArcRwSignal::new(if cfg!(target_arch = "wasm32") {
        Loading::Pending
    } else {
        Loading::Ready
    });
}

/// The lessons' state, without starting to fetch them.
pub fn status() -> ArcRwSignal<Loading> {
    STATUS.with(Clone::clone)
}

/// The lessons' state, starting the fetch the first time anyone asks (the pupil home never does,
/// so it doesn't wait for them). Call again after `Failed` to try again.
pub fn load() -> ArcRwSignal<Loading> {
    let status = status();
    #[cfg(target_arch = "wasm32")]
    if LESSONS.get().is_none() && !FETCHING.with(|f| f.replace(true)) {
        if status.get_untracked() != Loading::Pending {
            status.set(Loading::Pending);
        }
        let done = status.clone();
        leptos::task::spawn_local(async move {
            let lessons = fetch().await;
            FETCHING.with(|f| f.set(false));
            done.set(match lessons {
                Some(lessons) => {
                    let _ = LESSONS.set(lessons);
                    Loading::Ready
                }
                None => Loading::Failed,
            });
        });
    }
    status
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static FETCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The lessons file this page's index names.
#[cfg(target_arch = "wasm32")]
async fn fetch() -> Option<Vec<Lesson>> {
    let href = web_sys::window()?
        .document()?
        .get_element_by_id("kite-lessons")?
        .get_attribute("href")?;
    let response = gloo_net::http::Request::get(&href).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    serde_json::from_str(&response.text().await.ok()?).ok()
}

pub fn by_id(id: &str) -> Option<&'static Lesson> {
    all().iter().find(|l| l.id == id)
}

/// The lesson the route's `:id` names (`/learn/:id`, `/present/:id`), if there is one.
pub fn from_route() -> impl Fn() -> Option<&'static Lesson> + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || params.with(|p| p.get("id")).and_then(|id| by_id(&id))
}

pub fn for_band(band: Band) -> impl Iterator<Item = &'static Lesson> {
    all().iter().filter(move |l| band_of(l) == band)
}

/// The protocol's band for a lesson. The two enums have the same three values and the same ids
/// (`eyfs`, `ks1`, `ks2`); this match is the only place they are converted.
pub fn band_of(lesson: &Lesson) -> Band {
    to_protocol(lesson.band)
}

pub fn to_protocol(band: kite_lessons::Band) -> Band {
    match band {
        kite_lessons::Band::Eyfs => Band::Eyfs,
        kite_lessons::Band::Ks1 => Band::Ks1,
        kite_lessons::Band::Ks2 => Band::Ks2,
    }
}

/// Every strand, in the framework's order, for the coverage matrix.
pub fn strands() -> &'static [Strand] {
    Strand::ALL
}

/// The picture for a lesson card: its first slide's.
pub fn cover_image(lesson: &Lesson) -> String {
    lesson
        .slides
        .first()
        .map(|s| image_url(&s.image))
        .unwrap_or_default()
}

pub fn image_url(name: &str) -> String {
    format!("/public/lessons/{name}")
}

/// Every picture the lessons use, each once.
#[cfg(any(target_arch = "wasm32", test))]
pub fn all_pictures() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = all().iter().flat_map(Lesson::images).collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Fetches every lesson picture once per app start, so the service worker has them all and a
/// lesson opened for the first time with the Wi-Fi down still has its pictures.
#[cfg(target_arch = "wasm32")]
pub fn warm_pictures() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static WARMED: AtomicBool = AtomicBool::new(false);
    if WARMED.swap(true, Ordering::Relaxed) {
        return;
    }
    leptos::task::spawn_local(async {
        for name in all_pictures() {
            let _ = gloo_net::http::Request::get(&image_url(name)).send().await;
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
pub fn warm_pictures() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_curriculum_has_every_band_and_unique_ids() {
        for band in Band::ALL {
            assert!(for_band(band).count() >= 6, "{band:?}");
        }
        let mut ids: Vec<&str> = all().iter().map(|l| l.id.as_str()).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        assert!(by_id("kind-words").is_some());
        assert!(by_id("nope").is_none());
        let pictures = all_pictures();
        assert!(pictures.contains(&"tablet.svg"));
        assert!(pictures.windows(2).all(|w| w[0] < w[1]), "each once");
    }

    #[test]
    fn bands_map_by_the_same_id() {
        for b in kite_lessons::Band::ALL {
            let json = serde_json::to_string(&to_protocol(*b)).unwrap();
            assert_eq!(json, format!("\"{}\"", b.id()));
        }
    }
}
