//! Consent a parent gives or withdraws per use, at any time (seed 004). The uses are the
//! school's own list (`GET /api/v1/staff/consent-uses`): every school starts with the same six
//! and an admin adds or retires its own. An answer handed in on a paper form counts the same as
//! one given online and says so.

use serde::{Deserialize, Serialize};

/// Longest name and explanation of a use: a column heading and one line under it.
pub const MAX_USE_NAME_CHARS: usize = 60;
pub const MAX_USE_EXPLANATION_CHARS: usize = 200;

/// One thing a school asks consent for.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentUse {
    /// Stable name in the records (`website`, `social_media`, …), made from the name when added.
    pub key: String,
    pub name: String,
    /// One line for parents: what saying yes allows.
    pub explanation: String,
    /// No longer asked; answers already given stay in the record.
    pub retired: bool,
}

/// `POST /api/v1/staff/consent-uses`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewConsentUse {
    pub name: String,
    pub explanation: String,
}

/// `POST /api/v1/staff/consent-uses/retire`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetireConsentUse {
    pub key: String,
}

/// Where consent for one use stands now.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ConsentState {
    /// No answer yet: treated as no.
    NotAsked,
    Given {
        at_ms: i64,
    },
    Withdrawn {
        at_ms: i64,
    },
}

impl ConsentState {
    /// Whether the school may go ahead with this use now.
    pub fn allows(&self) -> bool {
        matches!(self, ConsentState::Given { .. })
    }
}

/// An answer or a co-signature that came in on a paper form and was typed in by staff.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnPaper {
    /// The staff member who recorded it.
    pub recorded_by: String,
    /// The date written on the form (start of that day, UTC).
    pub form_date_ms: i64,
}

/// One pupil's consent for one use the school asks about now.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UseConsent {
    pub key: String,
    pub name: String,
    pub explanation: String,
    pub state: ConsentState,
    /// Set when the answer in force came on paper.
    pub on_paper: Option<OnPaper>,
}

/// `POST /api/v1/staff/classes/{id}/paper/consent`: what a paper form says.
// Missing fields read as empty so the server can say which is missing, after checking who
// may record for the class.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PaperConsent {
    pub pupil_id: i64,
    /// The uses (keys) the form answers.
    pub uses: Vec<String>,
    pub given: bool,
    /// The date on the form, `YYYY-MM-DD`.
    pub form_date: String,
}

/// `POST /api/v1/staff/classes/{id}/paper/cosignature`: a parent's co-signature on paper.
// Missing fields read as empty so the server can say which is missing, after checking who
// may record for the class.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PaperCoSignature {
    pub pupil_id: i64,
    /// The parent's name as signed on the form.
    pub parent_name: String,
    /// The version numbers printed on the form.
    pub pupil_version: u32,
    pub home_school_version: u32,
    /// The date on the form, `YYYY-MM-DD`.
    pub form_date: String,
}

/// A use's key made from its name: lower-case letters and digits joined by `_`, or `None` when
/// the name has none (a key must say something).
pub fn key_for(name: &str) -> Option<String> {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let key = words.join("_");
    (!key.is_empty()).then(|| key.chars().take(40).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_given_consent_allows_a_use() {
        assert!(!ConsentState::NotAsked.allows());
        assert!(ConsentState::Given { at_ms: 1 }.allows());
        assert!(!ConsentState::Withdrawn { at_ms: 2 }.allows());
    }

    #[test]
    fn a_key_is_made_of_the_name_s_words() {
        assert_eq!(key_for("Class blog").as_deref(), Some("class_blog"));
        assert_eq!(
            key_for("  Trips' photos (Year 6) ").as_deref(),
            Some("trips_photos_year_6")
        );
        assert_eq!(key_for("— ★ —"), None);
    }
}
