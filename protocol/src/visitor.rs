//! Visitors signing the visitor agreement with no account: on their own phone, from the QR code
//! on the office's poster (its link carries the school's visitor key), or on the office tablet.
//! The office reads who signed, on which day and which version.

use serde::{Deserialize, Serialize};

use crate::agreement::Sections;
use crate::validate::required_text;
use crate::ValidationError;

/// The longest name, organisation or "who you're visiting".
pub const MAX_VISITOR_TEXT: usize = 80;

/// `POST /api/v1/visitor/agreement`: the poster's key, sent in the body so it stays out of
/// addresses and logs.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorKey {
    pub key: String,
}

/// The visitor agreement in force, as a visitor reads it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorAgreement {
    /// The version's database id, sent back with the signature.
    pub version_id: i64,
    pub version: u32,
    pub content: Sections,
    /// The school's name, so the visitor knows whose agreement it is.
    pub school_name: String,
    /// Today, `YYYY-MM-DD`, as the server dates the signature.
    pub date: String,
}

/// What a visitor fills in. The typed full name is the signature.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorSignature {
    pub version_id: i64,
    pub name: String,
    pub organisation: String,
    /// Who in school they are here to see.
    pub visiting: String,
    pub signed_name: String,
}

impl VisitorSignature {
    /// The same checks on the phone as on the server, so a visitor reads the problem before
    /// sending.
    pub fn validate(&self) -> Result<(), ValidationError> {
        required_text("your name", &self.name, MAX_VISITOR_TEXT)?;
        required_text(
            "your organisation (or “none”)",
            &self.organisation,
            MAX_VISITOR_TEXT,
        )?;
        required_text("who you are visiting", &self.visiting, MAX_VISITOR_TEXT)?;
        required_text("your signature", &self.signed_name, MAX_VISITOR_TEXT)?;
        if self.signed_name.split_whitespace().count() < 2 {
            return Err(ValidationError::new(
                "your signature",
                "type your full name (first name and surname) to sign",
            ));
        }
        Ok(())
    }
}

/// `POST /api/v1/visitor/sign`: a signature from a phone, with the poster's key.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyedVisitorSignature {
    pub key: String,
    pub signature: VisitorSignature,
}

/// What the visitor sees once signed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorSigned {
    /// The day they are signed in for, `YYYY-MM-DD`.
    pub date: String,
    pub version: u32,
}

/// Where a visitor signed.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignedOn {
    /// Their own phone, from the poster's QR code.
    Phone,
    /// The office tablet.
    Tablet,
}

impl SignedOn {
    pub fn as_str(self) -> &'static str {
        match self {
            SignedOn::Phone => "phone",
            SignedOn::Tablet => "tablet",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [SignedOn::Phone, SignedOn::Tablet]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One visitor's line in the office's list.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorRow {
    pub name: String,
    pub organisation: String,
    pub visiting: String,
    pub signed_name: String,
    pub signed_at_ms: i64,
    /// The version of the visitor agreement they signed.
    pub version: u32,
    pub signed_on: SignedOn,
}

/// `GET /api/v1/staff/visitors?date=YYYY-MM-DD`: one day's visitors, first to sign first.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorDay {
    pub date: String,
    /// The version in force now; a row with a lower one signed an older text.
    pub current_version: u32,
    pub visitors: Vec<VisitorRow>,
}

/// `GET /api/v1/staff/visitors/poster`: the office's printable poster.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorPoster {
    /// The visitor's page, with the key after `#` (never sent to the server in the address).
    pub link: String,
    /// The link as a QR code (SVG).
    pub qr_svg: String,
    pub school_name: String,
    /// When this key was made and by whom; an older poster stops working when it is renewed.
    pub made_at_ms: i64,
    pub made_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> VisitorSignature {
        VisitorSignature {
            version_id: 1,
            name: "Sam Patel".into(),
            organisation: "Acme Plumbing".into(),
            visiting: "Mrs Jones".into(),
            signed_name: "Sam Patel".into(),
        }
    }

    #[test]
    fn a_visitor_signs_with_a_full_name_and_fills_every_box() {
        assert_eq!(good().validate(), Ok(()));
        let mut one_word = good();
        one_word.signed_name = "Sam".into();
        assert_eq!(one_word.validate().unwrap_err().field, "your signature");
        let mut no_host = good();
        no_host.visiting = "  ".into();
        assert_eq!(
            no_host.validate().unwrap_err().field,
            "who you are visiting"
        );
    }

    #[test]
    fn where_signed_round_trips() {
        for s in [SignedOn::Phone, SignedOn::Tablet] {
            assert_eq!(SignedOn::parse(s.as_str()), Some(s));
        }
    }
}
