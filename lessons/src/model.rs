//! The lesson data model: what a lesson file says, as plain serde types.
//!
//! The app embeds these types (wasm32), so this module must stay free of filesystem code and of
//! the TOML parser: it only knows the shape of a lesson. Checking that a lesson is *good* (read-aloud
//! text present, a safe option in every scenario, …) lives in `validate`, and reading files in `load`.
//!
//! Every struct denies unknown fields: a teacher who types `read_alod` should get an error with a
//! line number, not a lesson that silently has no read-aloud text.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// One lesson, as written in `lessons/content/<band>/NN-<id>.toml`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Slug, unique across all bands (lowercase letters, digits and `-`).
    pub id: String,
    pub band: Band,
    /// The year group the lesson is written for, inside its band: a class sees its own year's
    /// lessons first. Each year builds on the one before.
    pub year: Year,
    pub title: String,
    /// The "Education for a Connected World" strands this lesson teaches.
    pub strands: Vec<Strand>,
    /// "I can …" statements, each naming the strand it serves; with the year, that says what
    /// the class can now do in each strand at its age.
    pub outcomes: Vec<Outcome>,
    pub slides: Vec<Slide>,
    pub activities: Vec<Activity>,
    /// Seen only by the teacher; always includes what to do about a disclosure.
    pub teacher_notes: String,
    pub discussion_prompts: Vec<String>,
    /// Take-home note for parents and carers, with a conversation starter.
    pub parent_note: String,
}

impl Lesson {
    /// The title and every slide's words (on screen and read aloud), for searching the taught
    /// content (e.g. "does a KS2 lesson teach SMART?"). Notes for adults are left out on purpose.
    pub fn pupil_text(&self) -> String {
        let mut out = vec![self.title.as_str()];
        for slide in &self.slides {
            out.extend([slide.text.as_str(), slide.read_aloud.as_str()]);
        }
        out.join("\n")
    }

    /// Every image file the lesson uses (slides first, then the activities' pictures and their
    /// answers'), e.g. for the service worker to cache before a lesson is taught offline. May
    /// contain repeats.
    pub fn images(&self) -> impl Iterator<Item = &str> {
        let slides = self.slides.iter().map(|s| s.image.as_str());
        let activities = self.activities.iter().flat_map(|a| a.images());
        slides.chain(activities)
    }
}

/// What the class can do after the lesson, e.g. `{ text = "I can make a strong password.",
/// strand = "privacy_and_security" }`. The strand is one of the lesson's own.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub text: String,
    pub strand: Strand,
}

/// One slide of the story part of a lesson.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Slide {
    /// What is shown on screen (short lines, big type).
    pub text: String,
    /// What the speech synthesiser says: written for the ear, numbers and names spelt out.
    pub read_aloud: String,
    /// A file name under `public/lessons/`, e.g. `tablet.svg`.
    pub image: String,
    /// For the teacher only: what to say or ask on this slide. Shown in the presenter view on the
    /// teacher's own screen beside the lesson's `teacher_notes`, never on the board.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The activities a lesson can contain, tagged in TOML by `kind = "…"`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Activity {
    /// Choose the safe option in a situation.
    Scenario(Scenario),
    /// Sort items into two groups, e.g. "OK to share" / "Ask a grown-up first".
    Sort(Sort),
    /// Multiple-choice questions with a kind explanation.
    Quiz(Quiz),
    /// "Talk about it": a question for the class with no right answer.
    Discuss(Discuss),
}

impl Activity {
    /// The activity's own picture and its answers' pictures.
    pub fn images(&self) -> Vec<&str> {
        match self {
            Activity::Scenario(s) => s
                .image
                .iter()
                .chain(s.options.iter().filter_map(|o| o.image.as_ref()))
                .map(String::as_str)
                .collect(),
            Activity::Sort(s) => s.items.iter().filter_map(|i| i.image.as_deref()).collect(),
            Activity::Quiz(q) => q
                .questions
                .iter()
                .flat_map(|q| q.images.iter().map(String::as_str))
                .collect(),
            Activity::Discuss(_) => Vec::new(),
        }
    }

    /// The `kind` as written in the file, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Activity::Scenario(_) => "scenario",
            Activity::Sort(_) => "sort",
            Activity::Quiz(_) => "quiz",
            Activity::Discuss(_) => "discuss",
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub prompt: String,
    pub read_aloud: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// 2–4 choices; the option text and feedback are read aloud as written.
    pub options: Vec<ScenarioOption>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScenarioOption {
    pub text: String,
    pub safe: bool,
    /// Why this choice is safe, or — kindly — why another choice would be safer.
    pub feedback: String,
    /// A picture of the choice (a file under `public/lessons/`), so a child who can't read yet
    /// can choose it; every answer in a Reception (EYFS) lesson has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sort {
    pub prompt: String,
    pub read_aloud: String,
    /// Exactly two group labels; items refer to them by index 0 or 1.
    pub groups: Vec<String>,
    /// 4–8 items.
    pub items: Vec<SortItem>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SortItem {
    pub text: String,
    /// Index into `Sort::groups` (0 or 1).
    pub group: usize,
    pub why: String,
    /// A picture of the item, as for a scenario's choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    pub questions: Vec<QuizQuestion>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QuizQuestion {
    pub question: String,
    pub read_aloud: String,
    /// 2–4 choices.
    pub options: Vec<String>,
    /// Index into `options` of the best answer (counting from 0).
    pub answer: usize,
    pub why: String,
    /// A picture for each option, in the same order, as for a scenario's choice; or none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Discuss {
    pub prompt: String,
    pub read_aloud: String,
}

/// A name in a lesson file that is not one of the allowed ids (a band or a strand).
///
/// Its Display is the message a teacher sees, e.g.
/// `unknown strand "privcy" (expected one of self_image_and_identity, …)`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} \"{got}\" (expected one of {})", .expected.join(", "))]
pub struct UnknownName {
    pub what: &'static str,
    pub got: String,
    pub expected: Vec<&'static str>,
}

/// Implements the id/label/parse plumbing shared by [`Band`] and [`Strand`], so the list of ids,
/// the serde form and the error message can never drift apart.
macro_rules! named_enum {
    ($ty:ident, $what:literal, [$(($variant:ident, $id:literal, $label:literal)),+ $(,)?]) => {
        impl $ty {
            /// Every value, in teaching order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The id used in lesson files and in serialized data.
            pub fn id(self) -> &'static str {
                match self { $($ty::$variant => $id),+ }
            }

            /// The name people read, e.g. in the coverage matrix or the app.
            pub fn label(self) -> &'static str {
                match self { $($ty::$variant => $label),+ }
            }
        }

        impl FromStr for $ty {
            type Err = UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($id => Ok($ty::$variant),)+
                    _ => Err(UnknownName {
                        what: $what,
                        got: s.to_string(),
                        expected: Self::ALL.iter().map(|v| v.id()).collect(),
                    }),
                }
            }
        }

        // Hand-written rather than derived so that (1) an unknown id gets our message, listing the
        // ids, not serde's generic one, and (2) the error is raised inside the TOML deserializer's
        // call for this value, so toml attaches the span of the value itself (a derived
        // `try_from` fails after that call returns, and toml would point at the enclosing array).
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct IdVisitor;

                impl Visitor<'_> for IdVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "a {} id (a string)", $what)
                    }

                    fn visit_str<E: de::Error>(self, s: &str) -> Result<$ty, E> {
                        s.parse().map_err(E::custom)
                    }
                }

                deserializer.deserialize_str(IdVisitor)
            }
        }

        impl From<$ty> for &'static str {
            fn from(v: $ty) -> Self {
                v.id()
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

/// Age band. The folder a lesson lives in must match its `band`.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(into = "&'static str")]
pub enum Band {
    /// Early Years Foundation Stage, ages 3–5.
    Eyfs,
    /// Key Stage 1, ages 5–7.
    Ks1,
    /// Key Stage 2, ages 7–11.
    Ks2,
}

named_enum!(
    Band,
    "band",
    [
        (Eyfs, "eyfs", "EYFS"),
        (Ks1, "ks1", "KS1"),
        (Ks2, "ks2", "KS2")
    ]
);

impl Band {
    /// The ages the band is written for, for labels.
    pub fn ages(self) -> &'static str {
        match self {
            Band::Eyfs => "3–5",
            Band::Ks1 => "5–7",
            Band::Ks2 => "7–11",
        }
    }
}

/// A year group. EYFS is nursery and reception together (ages 3–5), as schools plan it.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(into = "&'static str")]
pub enum Year {
    Eyfs,
    Y1,
    Y2,
    Y3,
    Y4,
    Y5,
    Y6,
}

named_enum!(
    Year,
    "year",
    [
        (Eyfs, "eyfs", "EYFS"),
        (Y1, "y1", "Year 1"),
        (Y2, "y2", "Year 2"),
        (Y3, "y3", "Year 3"),
        (Y4, "y4", "Year 4"),
        (Y5, "y5", "Year 5"),
        (Y6, "y6", "Year 6")
    ]
);

impl Year {
    /// The key stage the year belongs to.
    pub fn band(self) -> Band {
        match self {
            Year::Eyfs => Band::Eyfs,
            Year::Y1 | Year::Y2 => Band::Ks1,
            Year::Y3 | Year::Y4 | Year::Y5 | Year::Y6 => Band::Ks2,
        }
    }
}

/// The eight strands of UKCIS "Education for a Connected World".
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(into = "&'static str")]
pub enum Strand {
    SelfImageAndIdentity,
    OnlineRelationships,
    OnlineReputation,
    OnlineBullying,
    ManagingOnlineInformation,
    HealthWellbeingAndLifestyle,
    PrivacyAndSecurity,
    CopyrightAndOwnership,
}

named_enum!(
    Strand,
    "strand",
    [
        (
            SelfImageAndIdentity,
            "self_image_and_identity",
            "Self-image and identity"
        ),
        (
            OnlineRelationships,
            "online_relationships",
            "Online relationships"
        ),
        (OnlineReputation, "online_reputation", "Online reputation"),
        (OnlineBullying, "online_bullying", "Online bullying"),
        (
            ManagingOnlineInformation,
            "managing_online_information",
            "Managing online information"
        ),
        (
            HealthWellbeingAndLifestyle,
            "health_wellbeing_and_lifestyle",
            "Health, well-being and lifestyle"
        ),
        (
            PrivacyAndSecurity,
            "privacy_and_security",
            "Privacy and security"
        ),
        (
            CopyrightAndOwnership,
            "copyright_and_ownership",
            "Copyright and ownership"
        ),
    ]
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_from_str() {
        for s in Strand::ALL {
            assert_eq!(s.id().parse::<Strand>(), Ok(*s));
        }
        for b in Band::ALL {
            assert_eq!(b.id().parse::<Band>(), Ok(*b));
        }
    }

    #[test]
    fn unknown_strand_message_lists_the_ids() {
        let err = "privcy".parse::<Strand>().unwrap_err().to_string();
        assert!(
            err.starts_with("unknown strand \"privcy\" (expected one of self_image_and_identity, ")
        );
        assert!(err.ends_with("copyright_and_ownership)"), "{err}");
    }
}
