//! The one translation layer for what pupils read and hear. English is the source language: each
//! string is written in English where it is used, wrapped in [`t`], and looked up in the tablet's
//! chosen language's table (`pl.rs`, `ur.rs`), keyed by the English. A string a table doesn't
//! have falls back to English, so a new English string never shows as blank; the host test at the
//! bottom lists what each language is missing, and fails for the pupil pages that must be
//! complete (home, the report flow, the AUP).
//!
//! The pupils' tables are not in the pupil bundles' wasm: every tablet would download both
//! languages before its first page, and most tablets are in English. `scripts/strings-asset.mjs`
//! ships each as `strings-<lang>-<content hash>.json`, named by a `<meta name="kite-strings-<lang>">`
//! in every index (not a link: an English tablet never fetches it). A tablet set to Polish or
//! Urdu fetches its language's file before the page is drawn ([`init`]), and the service worker
//! keeps it offline, with each new version, as it keeps the lessons' translations. Host builds
//! (the tests) compile the same tables in.
//!
//! The language is chosen per tablet (kept in localStorage) and applied at start: `<html lang>`
//! and `dir` (Urdu is right-to-left), and the voice that reads aloud. Changing it reloads the
//! page, so nothing needs to react to it and no string is ever half-translated.
//!
//! The parents' pages are translated the same way, from their own tables (`parents_pl.rs`,
//! `parents_ur.rs`, [`init_parents`]), shipped as `parents-strings-<lang>-<hash>.json` and named
//! in `parents.html` only: a parent's phone keeps its own choice and fetches only the parents'
//! words in it, and the parents' bundle carries no table at all.

// The tables: the source of `strings-<lang>.json` and `parents-strings-<lang>.json`
// (scripts/strings-asset.mjs), compiled in only where there is no file to fetch (host builds:
// the tests; the parents' only by the tests, which check them).
#[cfg(test)]
mod parents_pl;
#[cfg(test)]
mod parents_ur;
#[cfg(not(target_arch = "wasm32"))]
mod pl;
#[cfg(not(target_arch = "wasm32"))]
mod ur;

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Pl,
    Ur,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Pl, Lang::Ur];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pl => "pl",
            Lang::Ur => "ur",
        }
    }

    /// For `<html lang>` and the speech voice.
    pub fn bcp47(self) -> &'static str {
        match self {
            Lang::En => "en-GB",
            Lang::Pl => "pl-PL",
            Lang::Ur => "ur-PK",
        }
    }

    /// The language's name in itself, as a child who speaks it would recognise it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Pl => "Polski",
            Lang::Ur => "اردو",
        }
    }

    // Used where the document is set up, which only happens in the browser.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub fn is_rtl(self) -> bool {
        self == Lang::Ur
    }

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn table(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => &[],
            Lang::Pl => pl::TABLE,
            Lang::Ur => ur::TABLE,
        }
    }

    #[cfg(test)]
    fn parents_table(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => &[],
            Lang::Pl => parents_pl::TABLE,
            Lang::Ur => parents_ur::TABLE,
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
const STORAGE_KEY: &str = "kite.lang";
/// A parent's phone keeps its own choice: a school tablet's pupils' language doesn't change the
/// parents' page opened on it, nor the other way round.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
const PARENTS_STORAGE_KEY: &str = "kite.parents.lang";

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
    /// The current language's table, set with it: in the browser, the pupils' table [`init`]
    /// fetched or the parents' table [`init_parents`] names; the adults' bundles
    /// ([`init_english`]) carry neither.
    static TABLE: Cell<&'static [(&'static str, &'static str)]> = const { Cell::new(&[]) };
    /// English strings asked for that the current language doesn't have (seen by the e2e tests
    /// as `window.__kiteMissing`).
    static MISSING: RefCell<BTreeSet<&'static str>> = const { RefCell::new(BTreeSet::new()) };
    /// A lesson with no translation into the tablet's language is on screen: its words, the
    /// words the activities put around them ([`lesson_t`]) and the voice are all English, so a
    /// child never hears English read with Polish or Urdu sounds.
    /// (which opening of a lesson set it, whether that lesson is in English)
    static LESSON_IN_ENGLISH: Cell<(u32, bool)> = const { Cell::new((0, false)) };
    /// Where [`choose`] keeps the choice: the pupils' key, or the parents' once
    /// [`init_parents`] has run.
    static KEY: Cell<&'static str> = const { Cell::new(STORAGE_KEY) };
}

pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

fn set_current(lang: Lang, table: &'static [(&'static str, &'static str)]) {
    CURRENT.with(|c| c.set(lang));
    TABLE.with(|t| t.set(table));
}

/// Reads the tablet's language, fetches its table, and applies it to the document. Awaited once,
/// before mounting a pupil bundle, so no page is ever drawn half in English. A tablet that can't
/// get its language's file (offline before it ever had it) starts in English, read with an
/// English voice, rather than English words in Polish or Urdu sounds; it gets the file the next
/// time it starts online.
#[cfg(target_arch = "wasm32")]
pub async fn init() {
    let chosen = stored(STORAGE_KEY);
    let (lang, table) = match fetch_table("strings", chosen).await {
        Some(table) => (chosen, table),
        None => (Lang::En, &[][..]),
    };
    set_current(lang, table);
    apply_to_document(lang);
}

/// `lang`'s table of `kind` (`strings`, the pupils'; `parents-strings`), from the file this
/// page's index names (English has none: it is the keys). Kept for the page's life: strings are
/// handed out as `&'static str`, and a page loads one language once.
#[cfg(target_arch = "wasm32")]
async fn fetch_table(kind: &str, lang: Lang) -> Option<&'static [(&'static str, &'static str)]> {
    if lang == Lang::En {
        return Some(&[]);
    }
    let url = web_sys::window()?
        .document()?
        .query_selector(&format!("meta[name=\"kite-{kind}-{}\"]", lang.code()))
        .ok()??
        .get_attribute("content")?;
    let response = gloo_net::http::Request::get(&url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let pairs: Vec<(String, String)> = serde_json::from_str(&response.text().await.ok()?).ok()?;
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    Some(
        pairs
            .into_iter()
            .map(|(en, tr)| (leak(en), leak(tr)))
            .collect::<Vec<_>>()
            .leak(),
    )
}

/// Reads the phone's language for the parents' pages, fetches the parents' table in it, and
/// applies it. Awaited once, before mounting the parents' bundle; a phone that can't get the file
/// (offline before it ever had it) shows the page in English, as a tablet does.
#[cfg(target_arch = "wasm32")]
pub async fn init_parents() {
    let chosen = stored(PARENTS_STORAGE_KEY);
    KEY.with(|k| k.set(PARENTS_STORAGE_KEY));
    let (lang, table) = match fetch_table("parents-strings", chosen).await {
        Some(table) => (chosen, table),
        None => (Lang::En, &[][..]),
    };
    set_current(lang, table);
    apply_to_document(lang);
}

#[cfg(target_arch = "wasm32")]
fn stored(key: &str) -> Lang {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(key).ok().flatten())
        .and_then(|code| Lang::parse(&code))
        .unwrap_or(Lang::En)
}

/// The staff's pages (every staff bundle, the presenter) are written in English only: they
/// start in English whatever the device's pupils chose, and say so to the browser.
#[cfg(target_arch = "wasm32")]
pub fn init_english() {
    apply_to_document(Lang::En);
}

#[cfg(target_arch = "wasm32")]
fn apply_to_document(lang: Lang) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", lang.bcp47());
        let _ = html.set_attribute("dir", if lang.is_rtl() { "rtl" } else { "ltr" });
    }
}

/// Keeps the choice on the tablet and starts again in it.
#[cfg(target_arch = "wasm32")]
pub fn choose(lang: Lang) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.set_item(KEY.with(Cell::get), lang.code());
    }
    let _ = window.location().reload();
}

#[cfg(not(target_arch = "wasm32"))]
pub async fn init() {}

#[cfg(not(target_arch = "wasm32"))]
pub fn init_english() {}

#[cfg(not(target_arch = "wasm32"))]
pub async fn init_parents() {}

#[cfg(not(target_arch = "wasm32"))]
pub fn choose(lang: Lang) {
    set_current(lang, lang.table());
}

/// A scan, not a hash map: a table is a few hundred short strings, looked up as a page is drawn,
/// and a map's hashing code would be in every bundle's download.
fn find(table: &'static [(&'static str, &'static str)], english: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(en, _)| *en == english)
        .map(|(_, tr)| *tr)
}

/// `english` in the current language's table.
fn lookup(english: &str) -> Option<&'static str> {
    find(TABLE.with(Cell::get), english)
}

/// `english` in the tablet's language, or in English when there is no translation yet.
pub fn t(english: &'static str) -> &'static str {
    let lang = current();
    if lang == Lang::En {
        return english;
    }
    lookup(english).unwrap_or_else(|| {
        note_missing(english);
        english
    })
}

/// Says whether the lesson opening now is in English on a tablet set to another language. The
/// player calls it as a lesson opens and [`close_lesson`] with the answer as it closes, so a
/// lesson closing after the next one opened doesn't reset the next one's language.
pub fn open_lesson(in_english: bool) -> u32 {
    LESSON_IN_ENGLISH.with(|l| {
        let opening = l.get().0.wrapping_add(1);
        l.set((opening, in_english));
        opening
    })
}

pub fn close_lesson(opening: u32) {
    LESSON_IN_ENGLISH.with(|l| {
        if l.get().0 == opening {
            l.set((opening, false));
        }
    });
}

/// The language of the lesson on screen (the tablet's when no lesson is open): what the lesson's
/// words are read aloud in.
pub fn lesson_lang() -> Lang {
    if LESSON_IN_ENGLISH.with(Cell::get).1 {
        Lang::En
    } else {
        current()
    }
}

/// [`t`] for the words an activity or a lesson's ending puts around the lesson's own words
/// ("Good thinking!", "Here is a clue: …"): in the lesson's language, so a sentence is never
/// half Polish, half English. The page around the lesson (Back, Next, Tell) uses [`t`].
pub fn lesson_t(english: &'static str) -> &'static str {
    if lesson_lang() == Lang::En {
        english
    } else {
        t(english)
    }
}

/// [`tf`] in the lesson's language, as [`lesson_t`].
pub fn lesson_tf(english: &'static str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(lesson_t(english).to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// [`t`] for text that isn't in the app's code: the pupil AUP's statements, which the school
/// server sends. Kite's own default statements have translations; a school's own words show as
/// written until someone translates them.
pub fn t_dyn(english: &str) -> String {
    match current() {
        Lang::En => english.to_string(),
        _ => lookup(english).unwrap_or(english).to_string(),
    }
}

/// The full stop after a sentence the page puts together from parts (words, then a number):
/// Urdu's is "۔", which also sits at the sentence's end in right-to-left text. Inside an English
/// lesson on an Urdu tablet, the English one.
pub fn full_stop() -> &'static str {
    full_stop_in(lesson_lang())
}

/// The full stop for the page around a lesson (the help strip, Back and Next), which stays in the
/// tablet's language while an English lesson plays inside it.
pub fn page_full_stop() -> &'static str {
    full_stop_in(current())
}

fn full_stop_in(lang: Lang) -> &'static str {
    if lang == Lang::Ur {
        "۔"
    } else {
        "."
    }
}

/// [`t`] with `{name}` placeholders filled in, e.g. `tf("Step {n} of {of}", &[("n", "2"), …])`.
pub fn tf(english: &'static str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(t(english).to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

fn note_missing(english: &'static str) {
    let added = MISSING.with(|m| m.borrow_mut().insert(english));
    #[cfg(target_arch = "wasm32")]
    if added {
        if let Some(window) = web_sys::window() {
            let list: js_sys::Array = MISSING.with(|m| {
                m.borrow()
                    .iter()
                    .map(|s| wasm_bindgen::JsValue::from_str(s))
                    .collect()
            });
            let _ = js_sys::Reflect::set(&window, &"__kiteMissing".into(), &list);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = added;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The string literals in `code`; with `calls_only`, only those that are the first argument
    /// of a `t(`, `tf(`, `lesson_t(` or `lesson_tf(` call.
    fn literals(code: &str, calls_only: bool) -> Vec<String> {
        let bytes = code.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b'"' {
                i += 1;
                continue;
            }
            let start = i + 1;
            let mut end = start;
            while end < bytes.len() && bytes[end] != b'"' {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            let before = code[..i].trim_end();
            let is_call = before.strip_suffix('(').is_some_and(|callee| {
                let name_at = callee
                    .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .map_or(0, |at| at + 1);
                matches!(&callee[name_at..], "t" | "tf" | "lesson_t" | "lesson_tf")
            });
            if !calls_only || is_call {
                out.push(code[start..end.min(bytes.len())].to_string());
            }
            i = end + 1;
        }
        out
    }

    /// A Rust string literal's text as the program sees it: `\u{2019}` and `\"` unescaped.
    fn unescape(literal: &str) -> String {
        let mut out = String::new();
        let mut rest = literal;
        while let Some(at) = rest.find('\\') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let code = rest
                .strip_prefix("\\u{")
                .and_then(|r| r.split_once('}'))
                .and_then(|(hex, after)| {
                    Some((char::from_u32(u32::from_str_radix(hex, 16).ok()?)?, after))
                });
            match code {
                Some((c, after)) => {
                    out.push(c);
                    rest = after;
                }
                None => {
                    out.extend(rest[1..].chars().next());
                    rest = &rest[1 + rest[1..].chars().next().map_or(0, char::len_utf8)..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Every string the app passes to `t(…)`/`tf(…)`, and every string in the report flow's and
    /// answering back's words modules (their labels are translated where they are shown), by file.
    fn english_strings() -> Vec<(String, String)> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let rel = path
                    .strip_prefix(&src)
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                if !rel.ends_with(".rs") || rel.starts_with("i18n") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap();
                let words_module =
                    rel.ends_with("report_flow/choices.rs") || rel.ends_with("answer/words.rs");
                for s in literals(code, !words_module) {
                    let s = unescape(&s);
                    if !s.starts_with("<svg") && s.chars().any(char::is_alphabetic) {
                        found.push((rel.clone(), s));
                    }
                }
            }
        }
        // Kite's own pupil AUP statements, which the server seeds and sends (`t_dyn`).
        let defaults = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src/agreements.rs"),
        )
        .unwrap();
        let pupil_part = defaults
            .split("fn early_years")
            .nth(1)
            .and_then(|rest| rest.split("fn staff()").next())
            .unwrap();
        for s in literals(pupil_part, false) {
            if s.contains(' ') {
                found.push(("server:agreements.rs".into(), s));
            }
        }
        // Kite's ready-made survey for pupils and the words of its faces, which the server sends
        // (`t_dyn`): the parts of the protocol's surveys a pupil sees.
        let surveys = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../protocol/src/survey.rs"),
        )
        .unwrap();
        let faces = surveys
            .split("pub fn scale_labels")
            .nth(1)
            .and_then(|rest| rest.split("pub struct SurveyDraft").next())
            .unwrap();
        let pupils = surveys
            .split("Audience::Eyfs => (")
            .nth(1)
            .and_then(|rest| rest.split("Audience::Parents => (").next())
            .unwrap();
        for s in literals(faces, false)
            .into_iter()
            .chain(literals(pupils, false))
        {
            if s.chars().next().is_some_and(char::is_uppercase) {
                found.push(("protocol:survey.rs".into(), s));
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// Pages a pupil must be able to use entirely in every language Kite offers.
    const MUST_BE_COMPLETE: &[&str] = &[
        "pages/home.rs",
        "pages/tell/",
        "pages/answer.rs",
        "pages/answer/",
        "components/pictures.rs",
        "report_flow/",
        "components/help.rs",
        "components/tell_button.rs",
        "components/layout.rs",
        "components/language_picker.rs",
        "components/display_settings.rs",
        "components/speak_button.rs",
        "components/drawing_pad.rs",
        "display.rs",
        "device.rs",
        "pages/aup/",
        "server:agreements.rs",
        "pages/survey/",
        "protocol:survey.rs",
        // Learn: the lessons themselves are translated in `lessons/translations/`.
        "pages/learn/",
        "components/activities/",
        "components/with_lessons.rs",
        "lesson_flow/",
    ];

    #[test]
    fn lists_what_each_language_is_missing_and_the_pupil_pages_are_complete() {
        let strings = english_strings();
        assert!(strings.len() > 40, "the scan finds the app's strings");
        let mut incomplete = Vec::new();
        for lang in [Lang::Pl, Lang::Ur] {
            let missing: Vec<&(String, String)> = strings
                .iter()
                .filter(|(_, s)| find(lang.table(), s).is_none())
                .collect();
            println!(
                "{} is missing {} of {} strings:",
                lang.name(),
                missing.len(),
                strings.len()
            );
            for (file, s) in &missing {
                println!("  {file}: {s:?}");
                if MUST_BE_COMPLETE.iter().any(|p| file.starts_with(p)) {
                    incomplete.push(format!("{}: {file}: {s:?}", lang.code()));
                }
            }
        }
        assert!(
            incomplete.is_empty(),
            "pupil pages must be complete:\n{}",
            incomplete.join("\n")
        );
    }

    /// What the parents' pages show around their own: the frame every page has, and the
    /// language buttons.
    const PARENTS_FRAME: &[&str] = &[
        "components/layout.rs",
        "components/display_settings.rs",
        "components/language_picker.rs",
        "display.rs",
        "components/with_lessons.rs",
        "components/school_post.rs",
    ];

    #[test]
    fn the_parents_pages_are_complete_in_every_language() {
        let mut missing = Vec::new();
        for (file, s) in english_strings() {
            if !(file.starts_with("pages/parents/") || PARENTS_FRAME.contains(&file.as_str())) {
                continue;
            }
            for lang in [Lang::Pl, Lang::Ur] {
                if find(lang.parents_table(), &s).is_none() {
                    missing.push(format!("{}: {file}: {s:?}", lang.code()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "the parents' pages must be complete:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn every_translation_is_of_a_string_the_app_uses_and_keeps_its_placeholders() {
        let used: BTreeSet<String> = english_strings().into_iter().map(|(_, s)| s).collect();
        for lang in [Lang::Pl, Lang::Ur] {
            for (en, tr) in lang.table().iter().chain(lang.parents_table()) {
                assert!(
                    used.contains(*en),
                    "{}: {en:?} is not used by the app",
                    lang.code()
                );
                for part in en.split('{').skip(1) {
                    let name = part.split('}').next().unwrap();
                    assert!(
                        tr.contains(&format!("{{{name}}}")),
                        "{}: {tr:?} lost {{{name}}}",
                        lang.code()
                    );
                }
            }
        }
    }

    #[test]
    fn untranslated_strings_fall_back_to_english() {
        choose(Lang::Pl);
        assert_eq!(t("a string no table has"), "a string no table has");
        assert_eq!(
            tf("Step {n} of {of}", &[("n", "2"), ("of", "5")]),
            "Krok 2 z 5"
        );
        choose(Lang::En);
        assert_eq!(
            tf("Step {n} of {of}", &[("n", "2"), ("of", "5")]),
            "Step 2 of 5"
        );
    }
}
