//! The Acceptable Use register staff see per class: each pupil's signature of the pupil AUP,
//! their parent's co-signature, consent per use, and who still needs to sign.

use serde::{Deserialize, Serialize};

use crate::agreement::AgreementKind;
use crate::consent::{OnPaper, UseConsent};
use crate::Band;

/// A signature of some version of an agreement.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signed {
    /// The version number signed (1, 2, …), not the database id.
    pub version: u32,
    pub at_ms: i64,
}

/// One pupil's line in the register.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRow {
    pub pupil_id: i64,
    pub first_name: String,
    pub last_initial: String,
    /// The pupil's most recent signature, of any version.
    pub pupil_signed: Option<Signed>,
    /// True until the pupil signs the current version.
    pub pupil_must_sign: bool,
    /// The parent's most recent co-signature (of the pupil AUP version shown).
    pub parent_signed: Option<Signed>,
    /// True until a parent co-signs the current pupil AUP and home-school agreement.
    pub parent_must_sign: bool,
    /// Set when that co-signature came on a paper form.
    pub parent_on_paper: Option<OnPaper>,
    /// Each use the school asks about now, in the school's order.
    pub consents: Vec<UseConsent>,
    /// The pupil's signatures of the school's own agreements for this class
    /// (`ClassRegister::agreements`), in the same order.
    #[serde(default)]
    pub agreements: Vec<AgreementSigned>,
}

/// One pupil and one of the school's own agreements.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementSigned {
    pub kind: AgreementKind,
    /// The pupil's most recent signature, of any version (pupils' kinds only).
    pub signed: Option<Signed>,
    /// True until the pupil signs the current version (never for a parents' kind).
    pub must_sign: bool,
    /// A parent's most recent signature or co-signature for this child, of any version.
    #[serde(default)]
    pub parent_signed: Option<Signed>,
    /// True until a parent signs the current version, when parents sign it.
    #[serde(default)]
    pub parent_must_sign: bool,
}

/// A school's own agreement the class's pupils sign (a laptop agreement for KS2, say).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterAgreement {
    pub kind: AgreementKind,
    pub name: String,
    /// The class's pupils sign it (false for an agreement only parents sign).
    #[serde(default)]
    pub pupils_sign: bool,
    /// Parents sign it or co-sign it, in parents' corner.
    #[serde(default)]
    pub parents_sign: bool,
    /// The version the register is measured against.
    pub current_version: u32,
}

/// `GET /api/v1/staff/classes/{id}/register`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassRegister {
    pub class_id: i64,
    pub class_name: String,
    pub band: Band,
    /// The current pupil AUP version number the register is measured against.
    pub current_version: u32,
    /// The current home-school agreement version number, which a parent co-signs with it.
    pub current_home_school_version: u32,
    /// The school's own agreements this class's pupils are asked to sign now: published, not
    /// retired, for the class's band.
    #[serde(default)]
    pub agreements: Vec<RegisterAgreement>,
    pub pupils: Vec<RegisterRow>,
}
