//! The one error type a lesson author sees.

use std::fmt;

/// Something wrong with a lesson file (or an image it uses), with where to look.
///
/// Displays as `lessons/content/ks1/03-foo.toml:14: unknown strand "privcy" (expected one of …)`,
/// the `file:line: message` form editors and terminals make clickable. `line` is `None` only when
/// there is no sensible line (the file could not be read, or it is in the wrong folder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    /// The file as the caller named it (paths from `load_dir` are `root` joined with the file).
    pub file: String,
    /// 1-based line number.
    pub line: Option<usize>,
    pub message: String,
}

impl LessonError {
    pub fn new(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for LessonError {}

/// Joins errors one per line, for a build script's panic message or a test failure.
pub fn format_errors(errors: &[LessonError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// 1-based line of a byte offset into `src`.
pub(crate) fn line_at(src: &str, offset: usize) -> usize {
    let end = offset.min(src.len());
    src.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_with_and_without_line() {
        let e = LessonError::new("lessons/content/ks1/03-foo.toml", Some(14), "oops");
        assert_eq!(e.to_string(), "lessons/content/ks1/03-foo.toml:14: oops");
        let e = LessonError::new("x.toml", None, "unreadable");
        assert_eq!(e.to_string(), "x.toml: unreadable");
    }

    #[test]
    fn line_at_counts_newlines_before_offset() {
        let src = "a\nb\nc";
        assert_eq!(line_at(src, 0), 1);
        assert_eq!(line_at(src, 2), 2);
        assert_eq!(line_at(src, 4), 3);
        assert_eq!(line_at(src, 99), 3);
    }
}
