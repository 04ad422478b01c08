//! From TOML text to a checked [`Lesson`], with line numbers on every error.
//!
//! Two kinds of error, two ways to find the line:
//! - shape errors (bad syntax, unknown or missing field, unknown strand) come from serde through
//!   `toml`, whose error carries the byte span it was at;
//! - rule errors come from `validate` as a field path; only when there are some do we parse the
//!   text a second time with `toml_edit` (which keeps spans) and walk the path to a line. Clean
//!   files — the common case in a build script — are parsed once.

use toml_edit::{ImDocument, Item};

use crate::error::{line_at, LessonError};
use crate::model::Lesson;
use crate::validate::{validate, FieldPath, Problem, Seg};

/// Parses one lesson file's text into the model, without checking the teaching rules.
///
/// `file` is only used to name the file in the error.
pub fn parse_lesson(file: &str, src: &str) -> Result<Lesson, LessonError> {
    toml::from_str(src).map_err(|e| {
        let line = e.span().map(|span| line_at(src, span.start));
        LessonError::new(file, line, tidy_message(e.message()))
    })
}

/// Parses and validates one lesson file's text: [`parse_lesson`], then every rule in
/// [`validate`](crate::validate::validate). All rule errors are returned, each with its line.
pub fn check_lesson(
    file: &str,
    src: &str,
    image_exists: &dyn Fn(&str) -> bool,
) -> Result<Lesson, Vec<LessonError>> {
    let lesson = parse_lesson(file, src).map_err(|e| vec![e])?;
    let problems = validate(&lesson, image_exists);
    if problems.is_empty() {
        Ok(lesson)
    } else {
        Err(locate(file, src, problems))
    }
}

/// Gives each problem the line of the field it is about, in `src`.
pub fn locate(file: &str, src: &str, problems: Vec<Problem>) -> Vec<LessonError> {
    // `src` already parsed once, so this only fails if the caller passed different text.
    let doc = ImDocument::parse(src).ok();
    problems
        .into_iter()
        .map(|p| {
            let line = doc.as_ref().map(|doc| line_of(doc, src, &p.path));
            LessonError::new(file, line, p.message)
        })
        .collect()
}

/// The line of the deepest part of `path` that exists in the document.
///
/// For a key we point at the key itself (`read_aloud = …` rather than the middle of a multi-line
/// string); for an array element, at its start (the `[[slides]]` header for an array of tables).
/// A field that is present in the model but absent in the file (a defaulted one) falls back to the
/// nearest enclosing table, which is where the author would add it.
fn line_of(doc: &ImDocument<&str>, src: &str, path: &FieldPath) -> usize {
    let mut item = doc.as_item();
    let mut best = None;
    for seg in &path.0 {
        let (next, span) = match seg {
            Seg::Key(k) => {
                let key_span = item
                    .as_table_like()
                    .and_then(|t| t.key(k))
                    .and_then(|key| key.span());
                let next = item.get(*k);
                (next, key_span.or_else(|| next.and_then(Item::span)))
            }
            Seg::Index(i) => {
                let next = item.get(*i);
                (next, next.and_then(Item::span))
            }
        };
        let Some(next) = next else { break };
        item = next;
        if let Some(span) = span {
            best = Some(span.start);
        }
    }
    best.map_or(1, |offset| line_at(src, offset))
}

/// toml's messages sometimes run over several lines ("invalid string\nexpected …"); an error line
/// should be one line.
fn tidy_message(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}
