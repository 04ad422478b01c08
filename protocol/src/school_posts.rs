//! The school's own news and guides for parents: an admin or the DSL writes a short item (plain
//! paragraphs, an optional picture), says which year groups' families see it and from which day,
//! and can take a news item down (it stays in the school's history, no longer shown). Parents see
//! them on their child's page beside the built-in guides.
//!
//! The rules for what may be posted live here, so the staff form and the server say the same
//! thing beside the same field.

use serde::{Deserialize, Serialize};

use crate::pupil_record::YearGroup;

/// The most characters of a title.
pub const MAX_POST_TITLE_CHARS: usize = 120;
/// The most characters of the text: a few short paragraphs, read on a phone.
pub const MAX_POST_TEXT_CHARS: usize = 4000;
/// The most characters of a picture's description (read aloud by screen readers).
pub const MAX_PICTURE_ALT_CHARS: usize = 200;
/// The largest picture: a phone photo saved smaller, not a camera original.
pub const MAX_POST_PICTURE_BYTES: usize = 1024 * 1024;

/// A news item (dated, can be taken down) or a guide (kept with the built-in guides).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    News,
    Guide,
}

impl PostKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::News => "news",
            PostKind::Guide => "guide",
        }
    }

    pub fn parse(s: &str) -> Option<PostKind> {
        match s {
            "news" => Some(PostKind::News),
            "guide" => Some(PostKind::Guide),
            _ => None,
        }
    }
}

/// `POST /api/v1/staff/parents-news`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSchoolPost {
    pub kind: PostKind,
    pub title: String,
    /// Plain text; a blank line starts a new paragraph. Never HTML: it is shown as typed.
    pub text: String,
    /// A picture uploaded first (`POST /staff/parents-news/pictures`).
    #[serde(default)]
    pub picture_id: Option<i64>,
    /// What the picture shows, for parents who can't see it; needed with a picture.
    #[serde(default)]
    pub picture_alt: String,
    /// The year groups whose families see it; empty for every family.
    #[serde(default)]
    pub years: Vec<YearGroup>,
    /// The day it shows from (`YYYY-MM-DD`); empty for today.
    #[serde(default)]
    pub published_on: String,
}

/// A field of [`NewSchoolPost`] and what is wrong with it, in words for the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostProblem {
    pub field: &'static str,
    pub message: &'static str,
}

impl NewSchoolPost {
    /// Everything wrong with the post, each beside its field (the date's form is checked by the
    /// server, which knows today).
    pub fn problems(&self) -> Vec<PostProblem> {
        let mut out = Vec::new();
        let mut say = |field, message| out.push(PostProblem { field, message });
        let bad_chars = |s: &str| {
            s.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        };
        if self.title.trim().is_empty() {
            say("title", "Give it a title.");
        } else if self.title.trim().chars().count() > MAX_POST_TITLE_CHARS {
            say(
                "title",
                "The title is too long: the most is 120 characters.",
            );
        } else if bad_chars(&self.title) || self.title.trim().contains('\n') {
            say("title", "Keep the title to one line.");
        }
        if self.text.trim().is_empty() {
            say("text", "Write what parents should read.");
        } else if self.text.trim().chars().count() > MAX_POST_TEXT_CHARS {
            say("text", "The text is too long: the most is 4000 characters.");
        } else if bad_chars(&self.text) {
            say(
                "text",
                "The text has characters that can't be shown; type it again.",
            );
        }
        let alt = self.picture_alt.trim();
        if self.picture_id.is_some() && alt.is_empty() {
            say(
                "picture_alt",
                "Say in a few words what the picture shows, for parents who can't see it.",
            );
        } else if alt.chars().count() > MAX_PICTURE_ALT_CHARS || bad_chars(alt) {
            say(
                "picture_alt",
                "Keep the picture's description to one short line (200 characters).",
            );
        }
        out
    }
}

/// A post as parents see it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolPost {
    pub id: i64,
    pub kind: PostKind,
    pub title: String,
    pub text: String,
    /// With `picture_alt`; parents fetch it from `/parents/news/pictures/{id}`.
    #[serde(default)]
    pub picture_id: Option<i64>,
    #[serde(default)]
    pub picture_alt: Option<String>,
    /// `YYYY-MM-DD`.
    pub published_on: String,
}

impl SchoolPost {
    /// The text's paragraphs (see [`paragraphs`]).
    pub fn paragraphs(&self) -> Vec<String> {
        paragraphs(&self.text)
    }
}

/// Plain text's paragraphs: split at blank lines, each line trimmed; a paragraph keeps its line
/// breaks (the page shows them).
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim).chain([""]) {
        if !line.is_empty() {
            lines.push(line);
        } else if !lines.is_empty() {
            out.push(lines.join("\n"));
            lines.clear();
        }
    }
    out
}

/// A post as the staff page lists it: what parents see, who it is for, and its history.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolPostRow {
    pub post: SchoolPost,
    /// Empty: every family.
    pub years: Vec<YearGroup>,
    pub posted_by: String,
    pub posted_at_ms: i64,
    /// When it was taken down (no longer shown to parents); kept in the list.
    #[serde(default)]
    pub taken_down_at_ms: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post() -> NewSchoolPost {
        NewSchoolPost {
            kind: PostKind::News,
            title: "Safer Internet Day".into(),
            text: "On Tuesday.".into(),
            picture_id: None,
            picture_alt: String::new(),
            years: vec![],
            published_on: String::new(),
        }
    }

    #[test]
    fn paragraphs_are_split_at_blank_lines() {
        assert_eq!(
            paragraphs("First line\nsame paragraph.\n\n  \nSecond.\r\n\r\nThird.\n"),
            vec!["First line\nsame paragraph.", "Second.", "Third."]
        );
        assert_eq!(paragraphs("  "), Vec::<&str>::new());
    }

    #[test]
    fn each_problem_is_beside_its_field() {
        assert!(post().problems().is_empty());
        let fields =
            |p: NewSchoolPost| -> Vec<&str> { p.problems().into_iter().map(|p| p.field).collect() };
        let mut p = post();
        p.title = " ".into();
        p.text = String::new();
        assert_eq!(fields(p), ["title", "text"]);
        let mut p = post();
        p.picture_id = Some(3);
        assert_eq!(fields(p.clone()), ["picture_alt"]);
        p.picture_alt = "Children at the assembly".into();
        assert!(p.problems().is_empty());
        let mut p = post();
        p.title = "x".repeat(MAX_POST_TITLE_CHARS + 1);
        assert_eq!(fields(p), ["title"]);
        let mut p = post();
        p.title = "Two\nlines".into();
        assert_eq!(fields(p), ["title"]);
    }
}
