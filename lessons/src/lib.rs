//! Kite's curriculum: the lesson model, and the parser/validator for the lesson files in
//! `lessons/content/`. See `lessons/README.md` for the file format.
//!
//! Modules, by what they need:
//! - [`model`], [`validate`], [`translate`], [`coverage`], [`calendar`], [`images`], [`error`]: plain Rust, build for wasm32 with
//!   `default-features = false` (this is what the app embeds);
//! - [`parse`] (feature `parse`): TOML text → checked lesson, with line numbers;
//! - `load` (feature `fs`, default): folders on disk → all lessons, or all errors.
//!
//! A build script validates the whole curriculum with [`load_dir`] (see its docs).

pub mod calendar;
pub mod coverage;
pub mod error;
pub mod images;
#[cfg(feature = "fs")]
mod load;
pub mod model;
#[cfg(feature = "parse")]
pub mod parse;
pub mod translate;
pub mod validate;

pub use coverage::{coverage, Coverage};
pub use error::{format_errors, LessonError};
#[cfg(feature = "fs")]
pub use load::{load_dir, load_json, load_translations, load_translations_json};
pub use model::{
    Activity, Band, Discuss, Lesson, Outcome, Quiz, QuizQuestion, Scenario, ScenarioOption, Slide,
    Sort, SortItem, Strand, UnknownName, Year,
};
#[cfg(feature = "parse")]
pub use parse::{check_lesson, parse_lesson};
pub use validate::{validate, FieldPath, Problem, Seg};
