//! The curriculum. `build.rs` checks every lesson at build time; the app does not carry them in
//! its wasm (117 KB of JSON every tablet would download before the home page, whether or not a
//! pupil opens a lesson). `scripts/lessons-asset.mjs` ships
//! them as `lessons-<content hash>.json`, named in every index by the element `#kite-lessons` (a
//! preload link on Learn and the presenter, a `<meta>` the browser doesn't fetch elsewhere), so an
//! index and its lessons are always one version and the service worker keeps them together
//! offline. They are fetched on first use (`load`; pages wait in `WithLessons`) and
//! parsed once. Also the one place where the curriculum's band and the wire protocol's band meet.
//!
//! On a tablet set to Polish or Urdu, the lessons translated into it (EYFS, Years 1 and 2) come
//! in that language: the index names `lessons-<lang>-<hash>.json` in a
//! `<meta name="kite-lessons-<lang>">` (not a link, so English tablets and the service worker's
//! install never fetch it), fetched with the lessons and applied once as they are parsed. A
//! lesson with no translation stays English and says so ([`in_tablet_language`]).

use std::sync::OnceLock;

use kite_lessons::translate::{translated, Translations};
use kite_lessons::{Lesson, Strand};
use kite_protocol::Band;
use leptos::prelude::*;

static LESSONS: OnceLock<Vec<Lesson>> = OnceLock::new();
/// The ids of the lessons shown in English on a tablet set to another language.
static IN_ENGLISH: OnceLock<Vec<String>> = OnceLock::new();

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
                    let (lessons, in_english) = match fetch_translations().await {
                        Some(translations) => in_language(lessons, &translations),
                        None => english(lessons),
                    };
                    let _ = IN_ENGLISH.set(in_english);
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

/// The lessons file this page's index names: a preload link's `href` (Learn, the presenter) or a
/// `<meta>`'s `content` (pages that may never show a lesson, so the browser doesn't fetch it).
#[cfg(target_arch = "wasm32")]
async fn fetch() -> Option<Vec<Lesson>> {
    let named = web_sys::window()?
        .document()?
        .get_element_by_id("kite-lessons")?;
    let url = named
        .get_attribute("href")
        .or_else(|| named.get_attribute("content"))?;
    get_json(&url).await
}

/// Where this page's index says the tablet's language's translations are; `None` in English, or
/// for a language with none.
#[cfg(target_arch = "wasm32")]
fn translations_url() -> Option<String> {
    let lang = crate::i18n::current();
    if lang == crate::i18n::Lang::En {
        return None;
    }
    web_sys::window()?
        .document()?
        .query_selector(&format!("meta[name=\"kite-lessons-{}\"]", lang.code()))
        .ok()??
        .get_attribute("content")
}

/// The tablet's language's translations. Not reachable (offline before they were ever fetched):
/// `None`, and the lessons play in English rather than not at all.
#[cfg(target_arch = "wasm32")]
async fn fetch_translations() -> Option<Translations> {
    get_json(&translations_url()?).await
}

#[cfg(target_arch = "wasm32")]
async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Option<T> {
    let response = gloo_net::http::Request::get(url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    serde_json::from_str(&response.text().await.ok()?).ok()
}

/// On a tablet set to Polish or Urdu, fetches that language's lessons file as the app starts, so
/// the service worker has it before the Wi-Fi goes and the first lesson opened offline is in the
/// child's language. English tablets fetch nothing.
#[cfg(target_arch = "wasm32")]
pub fn keep_translations_offline() {
    if let Some(url) = translations_url() {
        leptos::task::spawn_local(async move {
            let _ = gloo_net::http::Request::get(&url).send().await;
        });
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub fn keep_translations_offline() {}

/// Every lesson in English, none translated.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn english(lessons: Vec<Lesson>) -> (Vec<Lesson>, Vec<String>) {
    let ids = if crate::i18n::current() == crate::i18n::Lang::En {
        Vec::new()
    } else {
        lessons.iter().map(|l| l.id.clone()).collect()
    };
    (lessons, ids)
}

/// The lessons in the translations' language where every pupil-facing string has a translation,
/// and the ids of those left in English.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn in_language(lessons: Vec<Lesson>, translations: &Translations) -> (Vec<Lesson>, Vec<String>) {
    let mut in_english = Vec::new();
    let lessons = lessons
        .into_iter()
        .map(|lesson| {
            match translations
                .get(&lesson.id)
                .and_then(|table| translated(&lesson, table).ok())
            {
                Some(lesson) => lesson,
                None => {
                    in_english.push(lesson.id.clone());
                    lesson
                }
            }
        })
        .collect();
    (lessons, in_english)
}

/// Whether `lesson` is in the tablet's language (always, in English): a lesson that isn't is
/// marked "in English", and read aloud with an English voice.
pub fn in_tablet_language(lesson: &Lesson) -> bool {
    IN_ENGLISH.get().is_none_or(|ids| !ids.contains(&lesson.id))
}

pub fn by_id(id: &str) -> Option<&'static Lesson> {
    all().iter().find(|l| l.id == id)
}

/// The lesson the route's `:id` names (`/learn/:id`, `/present/:id`, `/present/:id/teacher`:
/// the path's second segment), if there is one.
pub fn from_route() -> impl Fn() -> Option<&'static Lesson> + Copy + Send + Sync + 'static {
    let here = crate::here::use_here();
    move || here.path.with(|p| p.split('/').nth(2).and_then(by_id))
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

    /// A made-up translation of every pupil-facing string of `id`.
    fn marked(id: &str) -> kite_lessons::translate::Table {
        kite_lessons::translate::pupil_strings(by_id(id).unwrap())
            .into_iter()
            .map(|en| (en.clone(), format!("PL {en}")))
            .collect()
    }

    #[test]
    fn a_lesson_with_a_complete_translation_is_in_that_language_and_the_rest_stay_english() {
        let kind_words = by_id("kind-words").unwrap();
        let tablet_time = by_id("tablet-time").unwrap();
        let mut translations = Translations::new();
        translations.insert("kind-words".into(), marked("kind-words"));
        // One string short: that lesson must stay wholly English, not half translated.
        let mut short = marked("tablet-time");
        short.remove(&tablet_time.slides[1].text);
        translations.insert("tablet-time".into(), short);

        let (shown, in_english) = in_language(all().to_vec(), &translations);
        let shown_kind = shown.iter().find(|l| l.id == "kind-words").unwrap();
        assert_eq!(shown_kind.title, format!("PL {}", kind_words.title));
        assert_eq!(shown_kind.teacher_notes, kind_words.teacher_notes);
        assert!(!in_english.contains(&"kind-words".to_string()));
        assert!(shown.contains(tablet_time), "untouched");
        assert!(in_english.contains(&"tablet-time".to_string()));
        assert_eq!(in_english.len(), all().len() - 1);
    }

    #[test]
    fn bands_map_by_the_same_id() {
        for b in kite_lessons::Band::ALL {
            let json = serde_json::to_string(&to_protocol(*b)).unwrap();
            assert_eq!(json, format!("\"{}\"", b.id()));
        }
    }
}
