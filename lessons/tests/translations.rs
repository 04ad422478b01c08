//! Lessons in Polish and Urdu: every EYFS, Year 1 and Year 2 lesson has a translation of every
//! pupil-facing string, and no translation is left over from English that has changed. Run with
//! `cargo test -p kite-lessons --test translations -- --nocapture` to see the lists.

mod common;

use std::path::Path;

use common::*;
use kite_lessons::translate::{gaps, pupil_strings, shipped, translated, Table, LANGUAGES};
use kite_lessons::{check_lesson, format_errors, load_dir, load_translations, Activity};

#[test]
fn every_early_years_and_ks1_lesson_is_translated_and_nothing_is_left_over() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lessons = load_dir(&root.join("content"), &root.join("../public/lessons"))
        .unwrap_or_else(|errors| panic!("lesson errors:\n{}", format_errors(&errors)));
    let mut report = Vec::new();
    for lang in LANGUAGES {
        let translations =
            load_translations(&root.join("translations"), lang).unwrap_or_else(|e| panic!("{e}"));
        let gaps = gaps(&lessons, &translations);
        for (id, en) in &gaps.missing {
            report.push(format!("{lang}: [\"{id}\"] has no translation of {en:?}"));
        }
        for (id, en) in &gaps.unused {
            report.push(format!(
                "{lang}: [\"{id}\"] translates {en:?}, which the lesson no longer says"
            ));
        }
        let complete = shipped(&lessons, &translations).len();
        println!("{lang}: {complete} lessons translated completely");
    }
    assert!(report.is_empty(), "\n{}", report.join("\n"));
}

#[test]
fn a_translation_replaces_every_pupil_string_and_leaves_the_adults_notes() {
    let lesson = check_lesson(FILE, VALID, &image_exists).unwrap();
    let strings = pupil_strings(&lesson);
    for s in [
        "Foo",
        "Ask a grown-up first.",
        "Ask a grown-up first",
        "Yes",
    ] {
        assert!(strings.iter().any(|p| p == s), "{s:?} is pupil text");
    }
    assert!(
        !strings.iter().any(|s| s.contains("DSL")),
        "teacher notes are not"
    );
    assert!(
        !strings.iter().any(|s| s.starts_with("I can")),
        "outcomes are not"
    );

    let mut table: Table = strings
        .iter()
        .map(|s| (s.clone(), format!("«{s}»")))
        .collect();
    let polish = translated(&lesson, &table).unwrap();
    assert_eq!(polish.title, "«Foo»");
    assert_eq!(polish.teacher_notes, lesson.teacher_notes);
    let Activity::Sort(sort) = &polish.activities[1] else {
        panic!("the fixture's second activity is a sort")
    };
    assert_eq!(sort.groups[1], "«Ask a grown-up first»");

    table.remove("Yes");
    assert_eq!(translated(&lesson, &table), Err(vec!["Yes".to_string()]));
}
