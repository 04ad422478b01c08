//! Pieces shared by several pages.

pub mod activities;
pub mod class_picker;
pub mod display_settings;
pub mod drawing_pad;
pub mod help;
pub mod icons;
pub mod language_picker;
pub mod layout;
pub mod pictures;
pub mod school_post;
pub mod slide;
pub mod speak_button;
pub mod survey_questions;
pub mod tell_button;
pub mod with_lessons;
