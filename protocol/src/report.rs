//! A pupil's "tell a trusted adult" report, as the app builds it and the server stores it.

use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::limits::{MAX_DRAWING_BASE64, MAX_NAME_CHARS, MAX_WEB_ADDRESS_CHARS, MAX_WORDS_CHARS};
use crate::validate::{optional_text, required_text};
use crate::{Band, ValidationError};

/// The first question: what happened. Known values only; anything else is rejected by serde.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WhatHappened {
    SomeoneWasUnkind,
    SawSomethingUpsetting,
    StrangerTalkedToMe,
    AskedForPhotoOrDetails,
    WantsToMeetMe,
    SchoolDeviceShowedSomething,
    NotSafeNow,
    SomethingElse,
}

impl WhatHappened {
    pub const ALL: [WhatHappened; 8] = [
        WhatHappened::SomeoneWasUnkind,
        WhatHappened::SawSomethingUpsetting,
        WhatHappened::StrangerTalkedToMe,
        WhatHappened::AskedForPhotoOrDetails,
        WhatHappened::WantsToMeetMe,
        WhatHappened::SchoolDeviceShowedSomething,
        WhatHappened::NotSafeNow,
        WhatHappened::SomethingElse,
    ];

    /// Answers that mean a child may be at risk of contact abuse or is in danger now: the DSL
    /// sees them first and the child is told, kindly, to go to an adult straight away.
    pub fn is_urgent(self) -> bool {
        matches!(
            self,
            WhatHappened::AskedForPhotoOrDetails
                | WhatHappened::WantsToMeetMe
                | WhatHappened::NotSafeNow
        )
    }
}

/// Where it happened.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Place {
    Game,
    Video,
    Messages,
    Website,
    SchoolDevice,
    AtHome,
    SomewhereElse,
}

impl Place {
    pub const ALL: [Place; 7] = [
        Place::Game,
        Place::Video,
        Place::Messages,
        Place::Website,
        Place::SchoolDevice,
        Place::AtHome,
        Place::SomewhereElse,
    ];
}

/// How the child feels, chosen from faces.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Feeling {
    Sad,
    Worried,
    Scared,
    Angry,
    Confused,
    Okay,
}

impl Feeling {
    pub const ALL: [Feeling; 6] = [
        Feeling::Sad,
        Feeling::Worried,
        Feeling::Scared,
        Feeling::Angry,
        Feeling::Confused,
        Feeling::Okay,
    ];
}

/// Who the child would like to talk to.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TalkTo {
    AnyGrownUp,
    /// One of the school's trusted adults, by the id the school profile gave them.
    TrustedAdult {
        id: String,
    },
}

/// Anonymous is the default; a child may choose to give a first name and class.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reporter {
    #[default]
    Anonymous,
    Named {
        first_name: String,
        class: String,
    },
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub what: WhatHappened,
    pub place: Option<Place>,
    pub feeling: Option<Feeling>,
    /// What the child chose to write, if anything.
    pub words: Option<String>,
    /// A drawing as base64 PNG, if the child drew one.
    pub drawing_png: Option<String>,
    /// For "a school device showed something": the address, if the child could give it.
    pub web_address: Option<String>,
    pub talk_to: TalkTo,
    #[serde(default)]
    pub reporter: Reporter,
    /// The band of the tablet's class, so the DSL knows the likely age without a name.
    pub band: Option<Band>,
    /// When the child pressed send, by the tablet's clock (unix milliseconds). The server records
    /// its own receipt time too: a tablet's clock can be wrong, and a report can wait offline.
    pub made_at_ms: i64,
}

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

impl Report {
    /// Urgent reports are shown first to the DSL and alert them. Decided from the answers, so the
    /// server never has to trust a flag sent by the client.
    pub fn is_urgent(&self) -> bool {
        self.what.is_urgent()
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        optional_text("words", &self.words, MAX_WORDS_CHARS)?;
        optional_text("web_address", &self.web_address, MAX_WEB_ADDRESS_CHARS)?;
        if let Some(png) = &self.drawing_png {
            validate_drawing("drawing_png", png)?;
        }
        if let TalkTo::TrustedAdult { id } = &self.talk_to {
            required_text("talk_to.id", id, 64)?;
        }
        if let Reporter::Named { first_name, class } = &self.reporter {
            required_text("reporter.first_name", first_name, MAX_NAME_CHARS)?;
            required_text("reporter.class", class, MAX_NAME_CHARS)?;
        }
        if self.made_at_ms < 0 {
            return Err(ValidationError::new("made_at_ms", "is before 1970"));
        }
        Ok(())
    }
}

/// A drawing sent as base64 PNG, bounded (reports and pupil AUP signatures).
pub(crate) fn validate_drawing(
    field: &'static str,
    png_base64: &str,
) -> Result<(), ValidationError> {
    if png_base64.len() > MAX_DRAWING_BASE64 {
        return Err(ValidationError::new(
            field,
            format!(
                "is {} bytes of base64; the most is {MAX_DRAWING_BASE64}",
                png_base64.len()
            ),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(png_base64)
        .map_err(|_| ValidationError::new(field, "is not valid base64"))?;
    if !bytes.starts_with(PNG_MAGIC) {
        return Err(ValidationError::new(field, "is not a PNG image"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> Report {
        Report {
            what: WhatHappened::SomeoneWasUnkind,
            place: Some(Place::Game),
            feeling: Some(Feeling::Sad),
            words: None,
            drawing_png: None,
            web_address: None,
            talk_to: TalkTo::AnyGrownUp,
            reporter: Reporter::Anonymous,
            band: Some(Band::Ks1),
            made_at_ms: 1_764_000_000_000,
        }
    }

    #[test]
    fn a_five_tap_report_is_valid() {
        assert_eq!(minimal().validate(), Ok(()));
    }

    #[test]
    fn meeting_photos_and_danger_are_urgent_and_nothing_else_is() {
        let urgent: Vec<_> = WhatHappened::ALL
            .into_iter()
            .filter(|w| w.is_urgent())
            .collect();
        assert_eq!(
            urgent,
            vec![
                WhatHappened::AskedForPhotoOrDetails,
                WhatHappened::WantsToMeetMe,
                WhatHappened::NotSafeNow
            ]
        );
    }

    #[test]
    fn words_over_the_limit_are_refused_with_the_field_named() {
        let mut r = minimal();
        r.words = Some("a".repeat(MAX_WORDS_CHARS + 1));
        let err = r.validate().unwrap_err();
        assert_eq!(err.field, "words");
        assert!(err.to_string().contains("the most is 1000"), "{err}");
    }

    #[test]
    fn words_at_the_limit_in_multibyte_characters_are_accepted() {
        let mut r = minimal();
        r.words = Some("ą".repeat(MAX_WORDS_CHARS));
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn blank_words_and_control_characters_are_refused() {
        let mut r = minimal();
        r.words = Some("   ".into());
        assert_eq!(r.validate().unwrap_err().field, "words");
        r.words = Some("hi\u{0007}".into());
        assert!(r.validate().unwrap_err().problem.contains("control"));
    }

    #[test]
    fn a_drawing_must_be_a_png_within_the_size_limit() {
        let mut r = minimal();
        let png = base64::engine::general_purpose::STANDARD.encode(b"\x89PNG\r\n\x1a\nrest");
        r.drawing_png = Some(png);
        assert_eq!(r.validate(), Ok(()));
        r.drawing_png = Some(base64::engine::general_purpose::STANDARD.encode(b"GIF89a"));
        assert!(r.validate().unwrap_err().problem.contains("PNG"));
        r.drawing_png = Some("not base64!".into());
        assert!(r.validate().unwrap_err().problem.contains("base64"));
        r.drawing_png = Some("A".repeat(MAX_DRAWING_BASE64 + 4));
        assert!(r.validate().unwrap_err().problem.contains("the most is"));
    }

    #[test]
    fn a_named_report_needs_both_a_first_name_and_a_class() {
        let mut r = minimal();
        r.reporter = Reporter::Named {
            first_name: "Sam".into(),
            class: "".into(),
        };
        assert_eq!(r.validate().unwrap_err().field, "reporter.class");
    }

    #[test]
    fn unknown_answers_are_refused_by_the_parser() {
        let mut json = serde_json::to_value(minimal()).unwrap();
        json["what"] = "aliens".into();
        let err = serde_json::from_value::<Report>(json).unwrap_err();
        assert!(err.to_string().contains("unknown variant"), "{err}");
    }

    #[test]
    fn the_wire_format_is_stable_snake_case() {
        let json = serde_json::to_string(&minimal()).unwrap();
        assert!(json.contains(r#""what":"someone_was_unkind""#), "{json}");
        assert!(
            json.contains(r#""talk_to":{"kind":"any_grown_up"}"#),
            "{json}"
        );
        assert!(
            json.contains(r#""reporter":{"kind":"anonymous"}"#),
            "{json}"
        );
    }
}
