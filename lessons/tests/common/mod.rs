//! Shared fixtures for the rule tests: one small valid lesson that each test breaks in one place.

#![allow(dead_code)] // each test binary uses a different part of this

use std::path::{Path, PathBuf};

use kite_lessons::LessonError;

/// The name the inline tests give their "file", so messages can be checked in full.
pub const FILE: &str = "lessons/content/ks1/03-foo.toml";

/// A complete, valid KS1 lesson using one of each activity kind. Tests replace one piece of it.
pub const VALID: &str = r#"id = "foo"
band = "ks1"
title = "Foo"
strands = ["privacy_and_security", "online_relationships"]
outcomes = [{ text = "I can say what is private.", strand = "privacy_and_security" }, { text = "I can tell a trusted adult if something online worries me.", strand = "online_relationships" }]
teacher_notes = """
If a child tells you something worrying: listen, do not promise to keep it secret,
and tell the DSL the same day."""
discussion_prompts = ["What is private?"]
parent_note = "Ask your child: what would you keep private?"

year = "y1"
[[slides]]
text = "Some things are private."
read_aloud = "Some things are private."
image = "padlock.svg"

[[slides]]
text = "Worried? Tell a trusted adult."
read_aloud = "If something worries you, tell a trusted adult."
image = "grown-up-and-child.svg"

[[activities]]
kind = "scenario"
prompt = "A game asks for your address."
read_aloud = "A game asks for your address. What do you do?"
image = "tablet.svg"

[[activities.options]]
text = "Ask a grown-up first."
safe = true
feedback = "Yes. A grown-up can help."

[[activities.options]]
text = "Type it in."
safe = false
feedback = "Your address is private, so it is safer to ask first."

[[activities]]
kind = "sort"
prompt = "Sort these."
read_aloud = "Sort these into two groups."
groups = ["OK to share", "Ask a grown-up first"]

[[activities.items]]
text = "Your favourite colour"
group = 0
why = "It does not tell anyone where you are."

[[activities.items]]
text = "Your address"
group = 1
why = "It says where you live."

[[activities.items]]
text = "Your favourite animal"
group = 0
why = "It is fun to share."

[[activities.items]]
text = "Your password"
group = 1
why = "Passwords are secret."

[[activities]]
kind = "quiz"

[[activities.questions]]
question = "Is a password private?"
read_aloud = "Is a password private?"
options = ["Yes", "No"]
answer = 0
why = "Passwords keep your things safe."

[[activities]]
kind = "discuss"
prompt = "What else is private?"
read_aloud = "What else is private?"
"#;

/// Image names the fixture uses; "image exists" means "is in this list".
pub const IMAGES: &[&str] = &[
    "padlock.svg",
    "grown-up-and-child.svg",
    "tablet.svg",
    "house.svg",
    "star.svg",
];

pub fn image_exists(name: &str) -> bool {
    IMAGES.contains(&name)
}

/// `VALID` with `from` replaced by `to`, insisting that `from` is really there (so a typo in a
/// test cannot make it pass by testing the unchanged lesson).
pub fn with(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "fixture has no {from:?}");
    VALID.replacen(from, to, 1)
}

/// `src` (the fixture, or a variation of it) as a Reception lesson: in EYFS every answer has a
/// picture, a different one for each answer to the same question.
pub fn reception(src: &str) -> String {
    [
        ("band = \"ks1\"", "band = \"eyfs\""),
        ("year = \"y1\"", "year = \"eyfs\""),
        ("safe = true\n", "safe = true\nimage = \"padlock.svg\"\n"),
        ("safe = false\n", "safe = false\nimage = \"tablet.svg\"\n"),
        (
            "\"Your favourite colour\"",
            "\"Your favourite colour\"\nimage = \"star.svg\"",
        ),
        (
            "\"Your address\"",
            "\"Your address\"\nimage = \"house.svg\"",
        ),
        (
            "\"Your favourite animal\"",
            "\"Your favourite animal\"\nimage = \"padlock.svg\"",
        ),
        (
            "\"Your password\"",
            "\"Your password\"\nimage = \"tablet.svg\"",
        ),
        (
            "answer = 0",
            "answer = 0\nimages = [\"padlock.svg\", \"tablet.svg\"]",
        ),
    ]
    .iter()
    .fold(src.to_string(), |s, (from, to)| {
        assert!(s.contains(from), "lesson has no {from:?}");
        s.replacen(from, to, 1)
    })
}

/// 1-based line of the `nth` (0-based) line of `src` containing `needle`.
pub fn line(src: &str, needle: &str, nth: usize) -> usize {
    src.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(nth)
        .unwrap_or_else(|| panic!("no line {nth} with {needle:?}"))
        .0
        + 1
}

/// Checks `src` and returns its errors, failing the test if it was accepted.
pub fn errors(src: &str) -> Vec<LessonError> {
    match kite_lessons::check_lesson(FILE, src, &image_exists) {
        Ok(_) => panic!("expected errors, lesson was accepted"),
        Err(errors) => errors,
    }
}

/// Asserts there is exactly one error, at `line`, whose message contains `part`, and that it
/// displays as `file:line: message`.
pub fn assert_one_error(errors: &[LessonError], line: usize, part: &str) {
    assert_eq!(
        errors.len(),
        1,
        "expected one error, got:\n{}",
        show(errors)
    );
    let e = &errors[0];
    assert!(
        e.message.contains(part),
        "message {:?} does not contain {part:?}",
        e.message
    );
    assert_eq!(
        e.to_string(),
        format!("{}:{line}: {}", e.file, e.message),
        "wrong line or format"
    );
}

pub fn show(errors: &[LessonError]) -> String {
    kite_lessons::format_errors(errors)
}

/// A scratch directory removed when dropped; named per test so tests can run in parallel.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("kite-lessons-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    /// Writes `contents` to `rel` (creating folders), returning the full path.
    pub fn write(&self, rel: &str, contents: &str) -> PathBuf {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A tiny valid SVG for image folders in tests.
pub const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#8cc"/></svg>"##;
