//! Photo consent, given or withdrawn by a parent per use (seed 004), at any time.

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PhotoUse {
    SchoolWebsite,
    SocialMedia,
    LocalPress,
}

impl PhotoUse {
    pub const ALL: [PhotoUse; 3] = [
        PhotoUse::SchoolWebsite,
        PhotoUse::SocialMedia,
        PhotoUse::LocalPress,
    ];

    /// The name stored in the database (`photo_consents.photo_use`).
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoUse::SchoolWebsite => "website",
            PhotoUse::SocialMedia => "social_media",
            PhotoUse::LocalPress => "press",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            PhotoUse::SchoolWebsite => "The school website",
            PhotoUse::SocialMedia => "The school's social media",
            PhotoUse::LocalPress => "Local newspapers",
        }
    }
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
    /// Whether a photo may be used for this purpose now.
    pub fn allows(&self) -> bool {
        matches!(self, ConsentState::Given { .. })
    }
}

/// One pupil's photo consent, per use.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoConsent {
    pub school_website: ConsentState,
    pub social_media: ConsentState,
    pub local_press: ConsentState,
}

impl PhotoConsent {
    pub fn none() -> Self {
        Self {
            school_website: ConsentState::NotAsked,
            social_media: ConsentState::NotAsked,
            local_press: ConsentState::NotAsked,
        }
    }

    pub fn get(&self, use_: PhotoUse) -> &ConsentState {
        match use_ {
            PhotoUse::SchoolWebsite => &self.school_website,
            PhotoUse::SocialMedia => &self.social_media,
            PhotoUse::LocalPress => &self.local_press,
        }
    }

    pub fn set(&mut self, use_: PhotoUse, state: ConsentState) {
        match use_ {
            PhotoUse::SchoolWebsite => self.school_website = state,
            PhotoUse::SocialMedia => self.social_media = state,
            PhotoUse::LocalPress => self.local_press = state,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_given_consent_allows_a_photo() {
        assert!(!ConsentState::NotAsked.allows());
        assert!(ConsentState::Given { at_ms: 1 }.allows());
        assert!(!ConsentState::Withdrawn { at_ms: 2 }.allows());
    }

    #[test]
    fn uses_round_trip_and_set_what_they_name() {
        let mut c = PhotoConsent::none();
        for u in PhotoUse::ALL {
            assert_eq!(PhotoUse::parse(u.as_str()), Some(u));
            c.set(u, ConsentState::Given { at_ms: 5 });
            assert!(c.get(u).allows());
        }
    }
}
