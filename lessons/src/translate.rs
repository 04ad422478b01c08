//! Lessons in a child's own language. A translation is a table keyed by the English it replaces,
//! one table per lesson (`lessons/translations/<lang>.toml`, a `["<lesson id>"]` section each), so
//! a revised English sentence shows up as missing instead of keeping an old translation that no
//! longer says the same thing.
//!
//! Only what a child sees or hears is translated: the title, the slides' words, and every
//! activity's prompt, answers, feedback, groups and cards. Teacher notes, discussion prompts,
//! outcomes and the parents' note stay in English for the adults.
//!
//! Plain Rust (no files, no TOML): the app applies a table in the browser with [`translated`].

use std::collections::BTreeMap;

use crate::model::{Activity, Lesson, Year};

/// One language's translations: lesson id → (English → translation).
pub type Translations = BTreeMap<String, Table>;

/// One lesson's translations: English → translation.
pub type Table = BTreeMap<String, String>;

/// The languages Kite's lessons are translated into, by the codes the app uses (`i18n::Lang`).
pub const LANGUAGES: &[&str] = &["pl", "ur"];

/// Whether a lesson must be translated into every one of [`LANGUAGES`]: the early years and Key
/// Stage 1, where a child new to English most needs to learn in their own language.
pub fn needs_translation(lesson: &Lesson) -> bool {
    matches!(lesson.year, Year::Eyfs | Year::Y1 | Year::Y2)
}

/// Every piece of pupil-facing text in a lesson, in the order a child meets it, each once.
pub fn pupil_strings(lesson: &Lesson) -> Vec<String> {
    let mut copy = lesson.clone();
    let mut out: Vec<String> = Vec::new();
    each_pupil_string(&mut copy, &mut |s| {
        if !out.contains(s) {
            out.push(s.clone());
        }
    });
    out
}

/// The lesson in the table's language, or the English strings the table is missing. A lesson is
/// shown all in one language: half a lesson in English would be harder to follow than all of it.
pub fn translated(lesson: &Lesson, table: &Table) -> Result<Lesson, Vec<String>> {
    let mut out = lesson.clone();
    let mut missing = Vec::new();
    each_pupil_string(&mut out, &mut |s| match table.get(s.as_str()) {
        Some(tr) => *s = tr.clone(),
        None if !missing.contains(s) => missing.push(s.clone()),
        None => {}
    });
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(missing)
    }
}

/// Calls `f` on every pupil-facing string, so listing and replacing can never disagree about
/// which strings those are.
fn each_pupil_string(lesson: &mut Lesson, f: &mut dyn FnMut(&mut String)) {
    f(&mut lesson.title);
    for slide in &mut lesson.slides {
        f(&mut slide.text);
        f(&mut slide.read_aloud);
    }
    for activity in &mut lesson.activities {
        match activity {
            Activity::Scenario(s) => {
                f(&mut s.prompt);
                f(&mut s.read_aloud);
                for option in &mut s.options {
                    f(&mut option.text);
                    f(&mut option.feedback);
                }
            }
            Activity::Sort(s) => {
                f(&mut s.prompt);
                f(&mut s.read_aloud);
                s.groups.iter_mut().for_each(&mut *f);
                for item in &mut s.items {
                    f(&mut item.text);
                    f(&mut item.why);
                }
            }
            Activity::Quiz(q) => {
                for question in &mut q.questions {
                    f(&mut question.question);
                    f(&mut question.read_aloud);
                    question.options.iter_mut().for_each(&mut *f);
                    f(&mut question.why);
                }
            }
            Activity::Discuss(d) => {
                f(&mut d.prompt);
                f(&mut d.read_aloud);
            }
        }
    }
}

/// What one language's translations lack, and what they have that no lesson uses any more.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Gaps {
    /// (lesson id, English) for every string a lesson that [`needs_translation`] has no
    /// translation for.
    pub missing: Vec<(String, String)>,
    /// (lesson id, English) for entries no lesson's text matches (the English was revised, or the
    /// lesson is gone): translate the new English and delete these.
    pub unused: Vec<(String, String)>,
}

impl Gaps {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.unused.is_empty()
    }
}

/// Compares one language's translations with the lessons.
pub fn gaps(lessons: &[Lesson], translations: &Translations) -> Gaps {
    let mut gaps = Gaps::default();
    let empty = Table::new();
    for lesson in lessons {
        let table = translations.get(&lesson.id).unwrap_or(&empty);
        let strings = pupil_strings(lesson);
        if needs_translation(lesson) {
            for s in strings.iter().filter(|s| !table.contains_key(*s)) {
                gaps.missing.push((lesson.id.clone(), s.clone()));
            }
        }
        for en in table.keys().filter(|en| !strings.contains(en)) {
            gaps.unused.push((lesson.id.clone(), en.clone()));
        }
    }
    for (id, table) in translations {
        if !lessons.iter().any(|l| &l.id == id) {
            let lost = table.keys().map(|en| (id.clone(), en.clone()));
            gaps.unused.extend(lost);
        }
    }
    gaps
}

/// What the app is sent for one language: the tables of the lessons it translates completely,
/// each with only the entries the lesson uses. An incomplete lesson is left out, and plays in
/// English.
pub fn shipped(lessons: &[Lesson], translations: &Translations) -> Translations {
    lessons
        .iter()
        .filter_map(|lesson| {
            let table = translations.get(&lesson.id)?;
            translated(lesson, table).ok()?;
            let used: Table = pupil_strings(lesson)
                .into_iter()
                .map(|en| {
                    let tr = table[&en].clone();
                    (en, tr)
                })
                .collect();
            Some((lesson.id.clone(), used))
        })
        .collect()
}
