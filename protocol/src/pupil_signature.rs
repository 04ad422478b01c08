//! A pupil's signature of the pupil AUP, made on a kiosk and sent through the outbox like a
//! report (sealed, idempotent). Nothing is queued until the pupil has agreed to every statement
//! and made their mark.

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// Letters a pupil may type as initials.
pub const MAX_INITIALS: usize = 4;

/// How the pupil signed: typed initials, or a small drawing for children who can't write yet.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Mark {
    Initials(String),
    /// A PNG, base64.
    Drawing(String),
}

impl Mark {
    pub fn kind_str(&self) -> &'static str {
        match self {
            Mark::Initials(_) => "initials",
            Mark::Drawing(_) => "drawing",
        }
    }

    pub fn value(&self) -> &str {
        match self {
            Mark::Initials(v) | Mark::Drawing(v) => v,
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PupilSignature {
    pub pupil_id: i64,
    /// The agreement version's id, as the kiosk was given it.
    pub version_id: i64,
    pub mark: Mark,
    /// By the tablet's clock (unix milliseconds).
    pub signed_at_ms: i64,
}

/// Initials as a pupil types them: letters only, 1 to 4 of them, upper case.
pub fn clean_initials(typed: &str) -> Option<String> {
    let letters: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    let n = letters.chars().count();
    ((1..=MAX_INITIALS).contains(&n) && letters.chars().all(char::is_alphabetic))
        .then(|| letters.to_uppercase())
}

impl PupilSignature {
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.pupil_id <= 0 {
            return Err(ValidationError::new("pupil_id", "is not a pupil"));
        }
        if self.version_id <= 0 {
            return Err(ValidationError::new("version_id", "is not a version"));
        }
        if self.signed_at_ms < 0 {
            return Err(ValidationError::new("signed_at_ms", "is before 1970"));
        }
        match &self.mark {
            Mark::Initials(text) => {
                if clean_initials(text).as_deref() != Some(text.as_str()) {
                    return Err(ValidationError::new(
                        "mark",
                        format!("initials must be 1 to {MAX_INITIALS} capital letters"),
                    ));
                }
            }
            Mark::Drawing(png) => crate::report::validate_drawing("mark", png)?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::MAX_DRAWING_BASE64;
    use base64::Engine;

    fn sig(mark: Mark) -> PupilSignature {
        PupilSignature {
            pupil_id: 3,
            version_id: 1,
            mark,
            signed_at_ms: 1_764_000_000_000,
        }
    }

    #[test]
    fn initials_are_letters_only() {
        assert_eq!(clean_initials(" a.b "), Some("AB".into()));
        assert_eq!(clean_initials(""), None);
        assert_eq!(clean_initials("ABCDE"), None);
        assert_eq!(clean_initials("A1"), None);
        assert!(sig(Mark::Initials("AB".into())).validate().is_ok());
        assert!(sig(Mark::Initials("ab".into())).validate().is_err());
    }

    #[test]
    fn drawings_must_be_bounded_pngs() {
        let png = base64::engine::general_purpose::STANDARD.encode(b"\x89PNG\r\n\x1a\nrest");
        assert!(sig(Mark::Drawing(png)).validate().is_ok());
        assert!(sig(Mark::Drawing("bm90IGEgcG5n".into()))
            .validate()
            .is_err());
        assert!(sig(Mark::Drawing("A".repeat(MAX_DRAWING_BASE64 + 4)))
            .validate()
            .is_err());
    }

    #[test]
    fn the_wire_shape_is_stable() {
        let json = serde_json::to_value(sig(Mark::Initials("AB".into()))).unwrap();
        assert_eq!(
            json["mark"],
            serde_json::json!({"kind": "initials", "value": "AB"})
        );
    }
}
