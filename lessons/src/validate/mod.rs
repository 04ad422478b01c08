//! The rules a parsed lesson must follow beyond its shape.
//!
//! Pure functions over the model (no files, no TOML), so the app could run them too. A rule that
//! fails yields a [`Problem`]: a message plus the [`FieldPath`] of the field at fault. Turning that
//! path into a line number needs the source text, which is `parse`'s job.

use std::fmt;

use crate::model::{Band, Lesson, Slide};

mod activities;

/// Where lesson images live in the repository (served from `/lessons/` by the app); named in
/// messages so an author knows where to put a missing picture.
pub const IMAGE_FOLDER: &str = "public/lessons";

/// Words that show the last slide points to a trusted adult. "Grown-up" is how EYFS/KS1 say it;
/// the unhyphenated form is accepted because read-aloud text is sometimes written that way.
const TRUSTED_ADULT_WORDS: &[&str] = &["trusted adult", "grown-up", "grown up"];

/// One step into a lesson file: a key of a table, or an index into an array (counting from 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

/// Where a problem is, e.g. `activities[1].options[0].feedback`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldPath(pub Vec<Seg>);

impl FieldPath {
    pub fn root() -> Self {
        Self::default()
    }

    /// A copy of this path one key deeper.
    pub fn key(&self, key: &'static str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key));
        Self(segs)
    }

    /// A copy of this path one array element deeper.
    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        Self(segs)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A broken rule: what is wrong and which field it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: FieldPath,
    pub message: String,
}

impl Problem {
    pub fn new(path: FieldPath, message: impl Into<String>) -> Self {
        Self {
            path,
            message: message.into(),
        }
    }
}

/// Checks one lesson against every rule that needs nothing but the lesson itself and a way to ask
/// whether an image exists. Returns every problem found, not just the first.
///
/// Rules that need other lessons or the file's location (duplicate ids, band vs folder) live in
/// `load`, next to the information they need.
pub fn validate(lesson: &Lesson, image_exists: &dyn Fn(&str) -> bool) -> Vec<Problem> {
    let mut v = Validator {
        problems: Vec::new(),
        image_exists,
        band: lesson.band,
    };
    v.lesson(lesson);
    v.problems
}

/// Is `id` a usable slug: lowercase ASCII letters and digits, single `-` between words?
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Collects problems while walking a lesson; each method knows the path of what it checks.
struct Validator<'a> {
    problems: Vec<Problem>,
    image_exists: &'a dyn Fn(&str) -> bool,
    /// Who the lesson is for: a Reception lesson's answers need pictures.
    band: Band,
}

impl Validator<'_> {
    fn report(&mut self, path: FieldPath, message: impl Into<String>) {
        self.problems.push(Problem::new(path, message));
    }

    /// Text fields are all required; an empty one is almost always a half-finished edit.
    fn text(&mut self, path: FieldPath, what: &str, value: &str) {
        if value.trim().is_empty() {
            let hint = if path.0.last() == Some(&Seg::Key("read_aloud")) {
                " (pre-readers hear this, so it must say something)"
            } else {
                ""
            };
            self.report(path, format!("{what} is empty{hint}"));
        }
    }

    fn image(&mut self, path: FieldPath, what: &str, name: &str) {
        if name.trim().is_empty() {
            self.report(path, format!("{what} is empty"));
        } else if name.contains(['/', '\\']) || name.starts_with('.') {
            // Lesson images are a flat folder; paths would let a file point outside it.
            self.report(
                path,
                format!(
                    "{what} \"{name}\" must be a plain file name in {IMAGE_FOLDER} (no folders)"
                ),
            );
        } else if !(self.image_exists)(name) {
            self.report(
                path,
                format!("{what} \"{name}\" not found in {IMAGE_FOLDER}/"),
            );
        }
    }

    fn lesson(&mut self, lesson: &Lesson) {
        let root = FieldPath::root();
        if !is_slug(&lesson.id) {
            self.report(
                root.key("id"),
                format!(
                    "id \"{}\" must be a slug: lowercase letters and digits joined by single hyphens",
                    lesson.id
                ),
            );
        }
        self.text(root.key("title"), "title", &lesson.title);
        if lesson.year.band() != lesson.band {
            self.report(
                root.key("year"),
                format!(
                    "year \"{}\" is in {}, but the lesson's band is {}",
                    lesson.year.id(),
                    lesson.year.band().label(),
                    lesson.band.label()
                ),
            );
        }
        self.strands(lesson);
        self.outcomes(lesson);
        self.slides(&lesson.slides);
        self.activities(&lesson.activities);
        self.teacher_notes(&lesson.teacher_notes);
        if lesson.discussion_prompts.is_empty() {
            self.report(
                root.key("discussion_prompts"),
                "discussion_prompts is empty; add at least one question for the class",
            );
        }
        for (i, p) in lesson.discussion_prompts.iter().enumerate() {
            let what = format!("discussion prompt {}", i + 1);
            self.text(root.key("discussion_prompts").index(i), &what, p);
        }
        self.text(root.key("parent_note"), "parent_note", &lesson.parent_note);
    }

    fn strands(&mut self, lesson: &Lesson) {
        let path = FieldPath::root().key("strands");
        if lesson.strands.is_empty() {
            self.report(path.clone(), "strands is empty; name at least one strand");
        }
        for (i, s) in lesson.strands.iter().enumerate() {
            if lesson.strands[..i].contains(s) {
                self.report(
                    path.index(i),
                    format!("strand \"{}\" is listed twice", s.id()),
                );
            }
        }
    }

    fn outcomes(&mut self, lesson: &Lesson) {
        let path = FieldPath::root().key("outcomes");
        if lesson.outcomes.is_empty() {
            self.report(
                path.clone(),
                "outcomes is empty; add at least one \"I can …\" statement",
            );
        }
        for (i, o) in lesson.outcomes.iter().enumerate() {
            if !o.text.trim_start().starts_with("I can ") {
                self.report(
                    path.index(i).key("text"),
                    format!(
                        "outcome {} should start with \"I can \" (got \"{}\")",
                        i + 1,
                        o.text
                    ),
                );
            }
            if !lesson.strands.contains(&o.strand) {
                self.report(
                    path.index(i).key("strand"),
                    format!(
                        "outcome {} serves strand \"{}\", which is not in the lesson's strands",
                        i + 1,
                        o.strand.id()
                    ),
                );
            }
        }
        // A strand the lesson claims but no outcome serves is a strand it doesn't really teach,
        // and the coverage matrix would count it anyway.
        for (i, strand) in lesson.strands.iter().enumerate() {
            if !lesson.outcomes.is_empty() && !lesson.outcomes.iter().any(|o| o.strand == *strand) {
                self.report(
                    FieldPath::root().key("strands").index(i),
                    format!(
                        "strand \"{}\" has no outcome; add an \"I can …\" outcome for it or \
                         take it out",
                        strand.id()
                    ),
                );
            }
        }
    }

    fn slides(&mut self, slides: &[Slide]) {
        let path = FieldPath::root().key("slides");
        if slides.is_empty() {
            self.report(
                path.clone(),
                "slides is empty; a lesson needs at least one slide",
            );
        }
        for (i, slide) in slides.iter().enumerate() {
            let at = path.index(i);
            let n = i + 1;
            self.text(at.key("text"), &format!("slide {n}: text"), &slide.text);
            self.text(
                at.key("read_aloud"),
                &format!("slide {n}: read_aloud"),
                &slide.read_aloud,
            );
            self.image(at.key("image"), &format!("slide {n}: image"), &slide.image);
            if let Some(notes) = &slide.notes {
                if notes.trim().is_empty() {
                    self.report(
                        at.key("notes"),
                        format!("slide {n}: notes is empty; leave it out if the slide needs none"),
                    );
                }
            }
        }
        // The app puts the "Tell a trusted adult" button straight after the last slide, so the
        // last slide must lead into it — on screen and in the read-aloud.
        if let Some(last) = slides.last() {
            let at = path.index(slides.len() - 1);
            for (key, words) in [("text", &last.text), ("read_aloud", &last.read_aloud)] {
                if !mentions_trusted_adult(words) {
                    self.report(
                        at.key(key),
                        format!(
                            "the last slide's {key} must end on telling a trusted adult: \
                             mention \"trusted adult\" or \"grown-up\""
                        ),
                    );
                }
            }
        }
    }

    fn teacher_notes(&mut self, notes: &str) {
        // Every lesson can prompt a disclosure, so every lesson's notes must say what to do.
        if !notes.contains("DSL") {
            self.report(
                FieldPath::root().key("teacher_notes"),
                "teacher_notes must say what to do if a child discloses something \
                 (listen, don't promise to keep it secret, tell the DSL the same day); \
                 the word \"DSL\" is missing",
            );
        }
    }
}

fn mentions_trusted_adult(words: &str) -> bool {
    let lower = words.to_lowercase();
    TRUSTED_ADULT_WORDS.iter().any(|w| lower.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_path_display() {
        let p = FieldPath::root()
            .key("activities")
            .index(1)
            .key("options")
            .index(0)
            .key("feedback");
        assert_eq!(p.to_string(), "activities[1].options[0].feedback");
    }

    #[test]
    fn slugs() {
        assert!(is_slug("kind-words"));
        assert!(is_slug("smart-rules-2"));
        for bad in [
            "",
            "Kind",
            "kind--words",
            "-kind",
            "kind-",
            "kind_words",
            "kind words",
        ] {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }

    #[test]
    fn trusted_adult_words_ignore_case() {
        assert!(mentions_trusted_adult("Tell a Grown-up."));
        assert!(mentions_trusted_adult("tell a TRUSTED ADULT"));
        assert!(!mentions_trusted_adult("Tell someone."));
    }
}
