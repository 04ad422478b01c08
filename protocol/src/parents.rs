//! Parents at home: the per-child code on the school's letter, the child's page
//! (agreements to read and co-sign, photo consent), the parents' corner, and a concern for the
//! DSL. Also the staff side of the letters.

use serde::{Deserialize, Serialize};

use crate::agreement::AgreementKind;
use crate::consent::UseConsent;
use crate::Band;

// --- codes ---

/// The letters a parent code is made of: no 0/O, 1/I/L or U/V look-alikes to misread from paper.
pub const PARENT_CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTWXYZ";
/// 12 letters from 29: 58 bits, far beyond guessing at the rate sign-in allows.
pub const PARENT_CODE_LEN: usize = 12;

/// A code as typed or pasted: any case, with or without dashes or spaces. `None` when it can't
/// be a parent code (wrong length or a letter not in the alphabet).
pub fn normalise_parent_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == PARENT_CODE_LEN && code.bytes().all(|b| PARENT_CODE_ALPHABET.contains(&b)))
        .then_some(code)
}

/// A normalised code grouped in fours for reading aloud and typing: `KT7M-9QXH-2PDA`.
pub fn group_parent_code(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

// --- letters (staff) ---

/// `POST /api/v1/staff/classes/{id}/parent-letters`: new codes for these pupils, or for the
/// whole class when `pupil_ids` is absent. Their old codes stop working.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LettersRequest {
    #[serde(default)]
    pub pupil_ids: Option<Vec<i64>>,
}

/// One child's letter. The code is shown once, here; the server keeps only its hash.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParentLetter {
    pub pupil_id: i64,
    pub first_name: String,
    pub last_initial: String,
    /// Grouped: `KT7M-9QXH-2PDA`.
    pub code: String,
    /// The parents' page with this code in its fragment: `https://…/parents#code=KT7M-9QXH-2PDA`.
    pub link: String,
    /// `link` as a QR code (SVG drawn by the server), to print beside it.
    pub qr_svg: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParentLetters {
    /// The parents' page at the school's public address, to type when the link won't open.
    pub address: String,
    pub school_name: String,
    pub class_name: String,
    pub letters: Vec<ParentLetter>,
}

// --- signing in ---

/// `POST /api/v1/parents/session`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParentSignIn {
    pub code: String,
}

/// A parent's session: a family's children, one for each letter's code typed into it. The CSRF
/// token goes in `X-CSRF-Token` on every change.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParentSessionInfo {
    pub csrf_token: String,
    /// The first child's (the code the session was opened with).
    pub first_name: String,
    /// Every child in the session, in the order their codes were typed; a child's routes take
    /// its `id` as `?child=`.
    #[serde(default)]
    pub children: Vec<FamilyChild>,
}

/// One child in a parent's session.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamilyChild {
    pub id: i64,
    pub first_name: String,
}

// --- the child's page ---

/// One statement of the pupil AUP, as the child sees it on the kiosk.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AupStatement {
    pub text: String,
    /// What the kiosk reads aloud (may be fuller than `text`).
    #[serde(default)]
    pub read_aloud: Option<String>,
    /// The picture's name (an icon the app has).
    #[serde(default)]
    pub picture: Option<String>,
}

/// The pupil AUP for the child's band.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildAup {
    pub version: u32,
    pub statements: Vec<AupStatement>,
}

/// A headed list of commitments. Stored agreements call the list `points` (the pupils' side's
/// shape) or `items` (the first agreed shape); both are read.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementSection {
    pub heading: String,
    #[serde(alias = "points")]
    pub items: Vec<String>,
}

/// The home-school agreement.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomeSchoolAgreement {
    pub version: u32,
    pub title: String,
    /// A sentence or two before the sections (may be empty).
    #[serde(default)]
    pub intro: String,
    pub sections: Vec<AgreementSection>,
}

/// The newest co-signature for this child.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoSignature {
    pub parent_name: String,
    pub at_ms: i64,
    pub pupil_version: u32,
    pub home_school_version: u32,
    /// Both versions are the current ones (false after the school publishes a new version).
    pub current: bool,
}

/// `GET /api/v1/parents/child`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildPage {
    pub first_name: String,
    pub class_name: String,
    pub band: Band,
    pub school_name: String,
    /// `None` until the school publishes one.
    pub pupil_aup: Option<ChildAup>,
    pub home_school: Option<HomeSchoolAgreement>,
    pub cosigned: Option<CoSignature>,
    /// Each use the school asks about now, in the school's order.
    pub consents: Vec<UseConsent>,
    /// The school's own agreements a parent of this child signs or co-signs, published ones only.
    #[serde(default)]
    pub own_agreements: Vec<OwnAgreement>,
}

/// One of the school's own agreements, as a parent reads it: a pupils' kind the child signs at
/// school and the parent co-signs (its statements for the child's key stage), or a parents'
/// kind the parent signs for the whole family (its intro and sections).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnAgreement {
    pub kind: AgreementKind,
    pub name: String,
    /// True for a pupils' kind: the child signs it at school and the parent co-signs.
    pub child_signs: bool,
    pub version: u32,
    /// A pupils' kind: the child's key stage's statements.
    #[serde(default)]
    pub statements: Vec<AupStatement>,
    /// A parents' kind.
    #[serde(default)]
    pub intro: String,
    #[serde(default)]
    pub sections: Vec<AgreementSection>,
    /// The newest signature for this child, of any version.
    pub signed: Option<OwnSignature>,
}

/// A parent's signature of one of the school's own agreements.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnSignature {
    pub parent_name: String,
    pub at_ms: i64,
    pub version: u32,
    /// It is of the current version (false after the school publishes a new one).
    pub current: bool,
}

/// `POST /api/v1/parents/agreements/sign`: the version the parent read. A parents' kind is
/// signed for every child in the session; a pupils' kind for the child the request is about.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnAgreementSign {
    pub kind: AgreementKind,
    pub version: u32,
    pub parent_name: String,
    /// Required for a pupils' kind: "we have talked about it together".
    #[serde(default)]
    pub talked_together: bool,
}

/// `POST /api/v1/parents/cosign`: the versions the parent read, so a newer one published
/// meanwhile is not signed unseen.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoSignRequest {
    pub parent_name: String,
    pub pupil_version: u32,
    pub home_school_version: u32,
    pub talked_together: bool,
}

/// `PUT /api/v1/parents/consent`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentChange {
    /// The use's key.
    #[serde(rename = "use")]
    pub use_key: String,
    pub given: bool,
}

// --- parents' corner ---

/// A lesson the child's class did this half-term. The app has the lesson's title and its
/// take-home note.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CornerLesson {
    pub lesson_id: String,
    pub last_taught_ms: i64,
}

/// `GET /api/v1/parents/corner`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Corner {
    /// e.g. "Autumn term, second half".
    pub half_term: String,
    pub since_ms: i64,
    /// Most recent first.
    pub lessons: Vec<CornerLesson>,
}

// --- concerns ---

pub const MAX_CONCERN_CHARS: usize = 4000;
pub const MAX_PARENT_NAME_CHARS: usize = 100;
pub const MAX_CONTACT_CHARS: usize = 200;

/// `POST /api/v1/parents/concern`. Not anonymous unless the parent asks.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConcernRequest {
    pub text: String,
    #[serde(default)]
    pub parent_name: String,
    /// A phone number or email, so the DSL can reply.
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub anonymous: bool,
}

/// A parent's concern as stored and as the DSL reads it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParentConcern {
    pub text: String,
    /// `None` when the parent chose to stay anonymous.
    pub parent_name: Option<String>,
    pub contact: Option<String>,
    /// "Amira B., Hedgehogs", or `None` when anonymous.
    pub child: Option<String>,
    pub anonymous: bool,
    pub made_at_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_accepted_without_dashes_or_case_and_grouped_for_reading() {
        let code = "KT7M9QXH2PDA";
        assert_eq!(normalise_parent_code(" kt7m-9qxh 2pda "), Some(code.into()));
        assert_eq!(group_parent_code(code), "KT7M-9QXH-2PDA");
        assert_eq!(normalise_parent_code("KT7M-9QXH-2PD"), None, "too short");
        assert_eq!(
            normalise_parent_code("KT7M-9QXH-2PD0"),
            None,
            "0 is not used"
        );
        let bits = (PARENT_CODE_ALPHABET.len() as f64).log2() * PARENT_CODE_LEN as f64;
        assert!(bits >= 50.0, "{bits} bits");
    }

    #[test]
    fn consent_change_uses_the_word_use() {
        let c: ConsentChange = serde_json::from_str(r#"{"use":"website","given":false}"#).unwrap();
        assert_eq!(c.use_key, "website");
    }
}
