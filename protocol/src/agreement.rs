//! The agreements people sign: the pupil Acceptable Use Policy (statements per band, with
//! pictures for children who can't read yet), the staff, volunteer and governor AUPs, and the
//! home-school agreement parents co-sign. Each has numbered versions; publishing a new one means
//! everyone it applies to signs again.

use serde::{Deserialize, Serialize};

use crate::validate::required_text;
use crate::{Band, ValidationError};

/// Which agreement: one of the six Kite ships with, or one the school made (a laptop agreement
/// for KS2 pupils, say), known by its number in the school's list of kinds. On the wire, in URLs
/// and in the database it is its key: "pupil", "home_school", … or "custom-7".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgreementKind {
    /// Signed by pupils on the kiosk, co-signed by a parent at home.
    Pupil,
    Staff,
    Volunteer,
    Governor,
    /// The home-school agreement, signed by parents.
    HomeSchool,
    /// Signed by visitors, guests, supply staff and contractors at each visit, with no account.
    Visitor,
    /// A kind the school made; who signs it is in its [`AgreementKindInfo`].
    Custom(u32),
}

const CUSTOM_PREFIX: &str = "custom-";

impl AgreementKind {
    /// The kinds Kite ships with (a school's own are listed by the server).
    pub const ALL: [AgreementKind; 6] = [
        AgreementKind::Pupil,
        AgreementKind::Staff,
        AgreementKind::Volunteer,
        AgreementKind::Governor,
        AgreementKind::HomeSchool,
        AgreementKind::Visitor,
    ];

    /// The name stored in the database and used in URLs.
    pub fn key(self) -> String {
        match self {
            AgreementKind::Pupil => "pupil".into(),
            AgreementKind::Staff => "staff".into(),
            AgreementKind::Volunteer => "volunteer".into(),
            AgreementKind::Governor => "governor".into(),
            AgreementKind::HomeSchool => "home_school".into(),
            AgreementKind::Visitor => "visitor".into(),
            AgreementKind::Custom(n) => format!("{CUSTOM_PREFIX}{n}"),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        if let Some(n) = s.strip_prefix(CUSTOM_PREFIX) {
            // Digits only, no sign or leading zero, so each kind has exactly one key.
            if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.starts_with('0') {
                return None;
            }
            return n.parse().ok().map(AgreementKind::Custom);
        }
        Self::ALL.into_iter().find(|k| k.key() == s)
    }

    /// The built-in kind's name; a school's own kind is named in its [`AgreementKindInfo`].
    pub fn label(self) -> &'static str {
        match self {
            AgreementKind::Pupil => "Pupil Acceptable Use Policy",
            AgreementKind::Staff => "Staff Acceptable Use Policy",
            AgreementKind::Volunteer => "Volunteer Acceptable Use Policy",
            AgreementKind::Governor => "Governor Acceptable Use Policy",
            AgreementKind::HomeSchool => "Home-school agreement",
            AgreementKind::Visitor => "Visitor agreement",
            AgreementKind::Custom(_) => "the school's own agreement",
        }
    }

    pub fn is_built_in(self) -> bool {
        !matches!(self, AgreementKind::Custom(_))
    }
}

impl std::fmt::Display for AgreementKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

impl Serialize for AgreementKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.key())
    }
}

impl<'de> Deserialize<'de> for AgreementKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        AgreementKind::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("no agreement kind {s:?}")))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for AgreementKind {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(
                "^(pupil|staff|volunteer|governor|home_school|visitor|custom-[1-9][0-9]*)$",
            ))
            .description(Some(
                "A built-in agreement, or the school's own as custom-<number>",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for AgreementKind {}

/// Who signs an agreement kind.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Signers {
    /// Pupils on the kiosk (of one band, or every band).
    Pupils,
    /// Parents and carers, in parents' corner.
    Parents,
    Staff,
    Governors,
    Volunteers,
    /// Visitors at each visit; only the built-in visitor agreement.
    Visitors,
}

impl Signers {
    pub const ALL: [Signers; 6] = [
        Signers::Pupils,
        Signers::Parents,
        Signers::Staff,
        Signers::Governors,
        Signers::Volunteers,
        Signers::Visitors,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Signers::Pupils => "pupils",
            Signers::Parents => "parents",
            Signers::Staff => "staff",
            Signers::Governors => "governors",
            Signers::Volunteers => "volunteers",
            Signers::Visitors => "visitors",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Signers::Pupils => "Pupils",
            Signers::Parents => "Parents and carers",
            Signers::Staff => "Staff",
            Signers::Governors => "Governors",
            Signers::Volunteers => "Volunteers",
            Signers::Visitors => "Visitors",
        }
    }
}

/// The most characters in the name of a school's own agreement kind.
pub const MAX_KIND_NAME_CHARS: usize = 80;

/// An agreement kind as the school's list holds it: its name, who signs it and, for pupils,
/// which band signs it and whether a parent co-signs.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementKindInfo {
    pub kind: AgreementKind,
    pub name: String,
    pub signers: Signers,
    /// Pupils' kinds only: the band that signs it; `None` means every band (the pupil AUP).
    pub band: Option<Band>,
    pub parents_cosign: bool,
    /// One of the six Kite ships with: never retired.
    pub built_in: bool,
    /// Set once it is no longer asked; its versions and signatures stay.
    pub retired_at_ms: Option<i64>,
}

impl AgreementKindInfo {
    /// What its versions are made of: statements with pictures for pupils, sections for adults.
    pub fn shape(&self) -> ContentShape {
        match self.signers {
            Signers::Pupils => ContentShape::Statements(self.band),
            _ => ContentShape::Sections,
        }
    }

    pub fn is_asked(&self) -> bool {
        self.retired_at_ms.is_none()
    }
}

/// `POST /api/v1/staff/agreement-kinds`: a new kind of the school's own. Its first version is
/// then written and published like any other.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAgreementKind {
    pub name: String,
    pub signers: Signers,
    /// Required when pupils sign it.
    #[serde(default)]
    pub band: Option<Band>,
    /// Pupils' kinds only.
    #[serde(default)]
    pub parents_cosign: bool,
}

impl NewAgreementKind {
    /// Each problem with the field it is about, so the form says it beside that field.
    pub fn validate(&self) -> Result<(), ValidationError> {
        required_text("name", &self.name, MAX_KIND_NAME_CHARS)?;
        match (self.signers, self.band) {
            (Signers::Visitors, _) => Err(ValidationError::new(
                "signers",
                "visitors already sign the visitor agreement; choose who else signs this one",
            )),
            (Signers::Pupils, None) => Err(ValidationError::new(
                "band",
                "choose which pupils sign it: EYFS, KS1 or KS2",
            )),
            (Signers::Pupils, Some(_)) => Ok(()),
            (_, Some(_)) => Err(ValidationError::new(
                "band",
                "only an agreement pupils sign has a band",
            )),
            (_, None) if self.parents_cosign => Err(ValidationError::new(
                "parents_cosign",
                "only an agreement pupils sign is co-signed by parents",
            )),
            (_, None) => Ok(()),
        }
    }
}

/// `POST /api/v1/staff/agreement-kinds/retire`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetireAgreementKind {
    pub kind: AgreementKind,
}

/// What a version of a kind is made of, and for pupils which bands' statements it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentShape {
    /// Statements with pictures; `Some(band)`: that band's only (the others left empty),
    /// `None`: every band's.
    Statements(Option<Band>),
    /// An intro and headed sections.
    Sections,
}

impl ContentShape {
    /// The shape of a built-in kind; a school's own kind's is in its [`AgreementKindInfo`].
    pub fn of_built_in(kind: AgreementKind) -> Option<ContentShape> {
        match kind {
            AgreementKind::Pupil => Some(ContentShape::Statements(None)),
            AgreementKind::Custom(_) => None,
            _ => Some(ContentShape::Sections),
        }
    }
}

/// The pictures a pupil AUP statement may show; the app draws each one (`app/src/pages/aup/`).
/// Kept as names so an admin editing a new version picks from pictures that exist.
pub const STATEMENT_PICTURES: [&str; 10] = [
    "ask_adult",
    "tell_adult",
    "kind_words",
    "private",
    "password",
    "download",
    "messages",
    "screen_off",
    "school_device",
    "stop_think",
];

/// The most statements in one band, and characters in a statement or heading.
pub const MAX_STATEMENTS: usize = 20;
pub const MAX_STATEMENT_CHARS: usize = 300;
/// Sections in a staff or home-school agreement, and points in a section.
pub const MAX_SECTIONS: usize = 12;
pub const MAX_POINTS: usize = 20;
/// What changed in a version, as staff see it.
pub const MAX_SUMMARY_CHARS: usize = 500;

/// One thing a pupil agrees to: what they read, what is read aloud (fuller words, where a
/// picture needs explaining), and the picture shown with it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Statement {
    pub text: String,
    pub read_aloud: String,
    pub picture: String,
}

/// The pupil AUP: statements per band (EYFS and KS1 fewer and simpler, KS2 fuller).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PupilAup {
    pub eyfs: Vec<Statement>,
    pub ks1: Vec<Statement>,
    pub ks2: Vec<Statement>,
}

impl PupilAup {
    pub fn for_band(&self, band: Band) -> &[Statement] {
        match band {
            Band::Eyfs => &self.eyfs,
            Band::Ks1 => &self.ks1,
            Band::Ks2 => &self.ks2,
        }
    }
}

/// A headed list of plain commitments, e.g. "Keeping pupils safe" with its points.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Section {
    pub heading: String,
    pub points: Vec<String>,
}

/// The staff, volunteer and governor AUPs and the home-school agreement.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sections {
    /// A sentence or two before the sections.
    pub intro: String,
    pub sections: Vec<Section>,
}

/// What a version of an agreement says. The pupil AUP is statements; the others are sections.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AgreementContent {
    Pupil(PupilAup),
    Sections(Sections),
}

/// The most characters in a statement's read-aloud words, an intro and a section heading.
pub const MAX_READ_ALOUD_CHARS: usize = MAX_STATEMENT_CHARS * 2;
pub const MAX_INTRO_CHARS: usize = MAX_STATEMENT_CHARS * 3;
pub const MAX_HEADING_CHARS: usize = 100;

/// Where in a draft a problem is, so the form can say it beside the field it is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftPlace {
    /// The draft as a whole (the wrong shape for its kind).
    Content,
    /// A band's list of statements (none, or too many).
    Statements(Band),
    /// One statement's words a pupil reads (`index` from 0).
    StatementText(Band, usize),
    StatementReadAloud(Band, usize),
    StatementPicture(Band, usize),
    Intro,
    /// The list of sections (none, or too many).
    Sections,
    Heading(usize),
    /// A section's list of points (none, or too many).
    Points(usize),
    /// One point: (section, point), each from 0.
    Point(usize, usize),
}

/// One thing to put right in a draft, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftProblem {
    pub place: DraftPlace,
    pub error: ValidationError,
}

/// Adds a problem for a text that is empty, too long or has control characters.
fn check_text(
    out: &mut Vec<DraftProblem>,
    place: DraftPlace,
    field: &'static str,
    t: &str,
    max: usize,
) {
    if let Err(error) = required_text(field, t, max) {
        out.push(DraftProblem { place, error });
    }
}

/// `only`: the one band a school's own pupil agreement is for; its other bands stay empty.
fn pupil_problems(aup: &PupilAup, only: Option<Band>, out: &mut Vec<DraftProblem>) {
    for band in Band::ALL {
        let statements = aup.for_band(band);
        let place = DraftPlace::Statements(band);
        if let Some(only) = only.filter(|b| *b != band) {
            if !statements.is_empty() {
                out.push(DraftProblem {
                    place,
                    error: ValidationError::new(
                        "statements",
                        format!(
                            "this agreement is signed by {} pupils only; take out the {} statements",
                            only.label(),
                            band.label()
                        ),
                    ),
                });
            }
            continue;
        }
        if statements.is_empty() {
            out.push(DraftProblem {
                place,
                error: ValidationError::new(
                    "statements",
                    format!("{} has no statements", band.label()),
                ),
            });
        }
        if statements.len() > MAX_STATEMENTS {
            out.push(DraftProblem {
                place,
                error: ValidationError::new(
                    "statements",
                    format!(
                        "{} has {}; the most is {MAX_STATEMENTS}",
                        band.label(),
                        statements.len()
                    ),
                ),
            });
        }
        for (i, s) in statements.iter().enumerate() {
            check_text(
                out,
                DraftPlace::StatementText(band, i),
                "statement",
                &s.text,
                MAX_STATEMENT_CHARS,
            );
            check_text(
                out,
                DraftPlace::StatementReadAloud(band, i),
                "read_aloud",
                &s.read_aloud,
                MAX_READ_ALOUD_CHARS,
            );
            if !STATEMENT_PICTURES.contains(&s.picture.as_str()) {
                let problem = if s.picture.is_empty() {
                    format!(
                        "{} statement {} has no picture; choose one",
                        band.label(),
                        i + 1
                    )
                } else {
                    format!(
                        "{} statement {} has the picture “{}”, which isn't one of \
                         Kite's pictures; use one of {}",
                        band.label(),
                        i + 1,
                        s.picture,
                        STATEMENT_PICTURES.join(", ")
                    )
                };
                out.push(DraftProblem {
                    place: DraftPlace::StatementPicture(band, i),
                    error: ValidationError::new("picture", problem),
                });
            }
        }
    }
}

fn sections_problems(doc: &Sections, out: &mut Vec<DraftProblem>) {
    check_text(out, DraftPlace::Intro, "intro", &doc.intro, MAX_INTRO_CHARS);
    if doc.sections.is_empty() || doc.sections.len() > MAX_SECTIONS {
        out.push(DraftProblem {
            place: DraftPlace::Sections,
            error: ValidationError::new("sections", format!("needs 1 to {MAX_SECTIONS} sections")),
        });
    }
    for (i, s) in doc.sections.iter().enumerate() {
        check_text(
            out,
            DraftPlace::Heading(i),
            "heading",
            &s.heading,
            MAX_HEADING_CHARS,
        );
        if s.points.is_empty() || s.points.len() > MAX_POINTS {
            out.push(DraftProblem {
                place: DraftPlace::Points(i),
                error: ValidationError::new(
                    "points",
                    format!("each section needs 1 to {MAX_POINTS} points"),
                ),
            });
        }
        for (j, p) in s.points.iter().enumerate() {
            check_text(
                out,
                DraftPlace::Point(i, j),
                "point",
                p,
                MAX_STATEMENT_CHARS,
            );
        }
    }
}

impl AgreementContent {
    /// Checks the content has the shape its kind's versions have and every text is sensible.
    pub fn validate_for(&self, shape: ContentShape) -> Result<(), ValidationError> {
        match self.problems_for(shape).into_iter().next() {
            Some(p) => Err(p.error),
            None => Ok(()),
        }
    }

    /// Every problem in the draft, in reading order, each with where it is: the admin's form
    /// shows them all at once beside their fields, the server refuses the first.
    pub fn problems_for(&self, shape: ContentShape) -> Vec<DraftProblem> {
        let mut out = Vec::new();
        match (self, shape) {
            (AgreementContent::Pupil(aup), ContentShape::Statements(only)) => {
                pupil_problems(aup, only, &mut out)
            }
            (AgreementContent::Sections(doc), ContentShape::Sections) => {
                sections_problems(doc, &mut out)
            }
            (_, shape) => out.push(DraftProblem {
                place: DraftPlace::Content,
                error: ValidationError::new(
                    "content",
                    match shape {
                        ContentShape::Statements(None) => {
                            "this agreement needs statements for each band".to_string()
                        }
                        ContentShape::Statements(Some(band)) => {
                            format!("this agreement needs statements for {}", band.label())
                        }
                        ContentShape::Sections => "this agreement needs headed sections".into(),
                    },
                ),
            }),
        }
        out
    }
}

/// One published version, as staff see it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementVersion {
    pub id: i64,
    pub kind: AgreementKind,
    pub version: u32,
    pub content: AgreementContent,
    pub summary: String,
    pub published_at_ms: i64,
    /// The admin who published it; `None` for the texts Kite ships with.
    pub published_by: Option<String>,
    /// The text as first published, when it has been corrected since (`content` is then the
    /// corrected text, which is what people read and sign from then on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<AgreementContent>,
    /// Typo fixes made to this version, oldest first. They don't ask anyone to sign again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<AgreementCorrection>,
}

/// A correction to a published version: who made it, when, why, and what it changed in words.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementCorrection {
    pub corrected_at_ms: i64,
    pub corrected_by: Option<String>,
    pub reason: String,
    pub changes: Vec<String>,
}

/// `POST /api/v1/staff/agreements/{kind}/correction`: a typo fix to the current version (same
/// statements, sections and pictures, each changed line only a few letters different), with a
/// reason. Signatures stay.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrectAgreement {
    pub content: AgreementContent,
    pub reason: String,
}

/// How many people have signed the current version and would have to sign again if a new
/// version were published. Only the counts that apply to the agreement's audience are non-zero.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignAgain {
    pub pupils: u32,
    /// Parents and carers: one per child whose parent co-signed.
    pub parents: u32,
    pub staff: u32,
}

impl SignAgain {
    pub fn total(&self) -> u32 {
        self.pupils + self.parents + self.staff
    }
}

/// `POST /api/v1/staff/agreements/{kind}/preview`: what publishing a draft would do.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementPreview {
    /// The version the draft is compared with.
    pub current_version: u32,
    /// What changed, in words, one line each.
    pub changes: Vec<String>,
    pub sign_again: SignAgain,
    /// Why the draft can't be saved as a correction instead; `None` when it can.
    pub not_a_correction: Option<String>,
}

/// `POST /api/v1/staff/agreements/{kind}`: a new version, with what changed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishAgreement {
    pub content: AgreementContent,
    pub summary: String,
}

/// `GET /api/v1/device/aup`: the current pupil AUP for the kiosk.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KioskAup {
    /// The version's database id, sent back with a signature.
    pub version_id: i64,
    pub version: u32,
    pub statements: PupilAup,
    /// The school asks pupils to sign before lessons start.
    pub required_before_lessons: bool,
}

/// `GET /api/v1/device/classes/{id}/agreements`: one of the school's own agreements the class's
/// pupils sign on the kiosk after the pupil AUP, in the same way (read aloud, pictures).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KioskAgreement {
    pub kind: AgreementKind,
    pub name: String,
    /// The version's database id, sent back with a signature.
    pub version_id: i64,
    pub version: u32,
    /// The statements of the class's band.
    pub statements: Vec<Statement>,
    /// The pupils of the class (by id) who have signed this version.
    pub signed_pupils: Vec<i64>,
}

/// `GET /api/v1/staff/agreement`: the first agreement this staff member hasn't signed (their
/// AUP, then the school's own agreements for staff, volunteers or governors as they are), or their
/// AUP, signed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyAgreement {
    /// Its name: the school's own agreements have theirs.
    pub name: String,
    pub current: AgreementVersion,
    /// When they signed the current version, if they have.
    pub signed_at_ms: Option<i64>,
}

/// `POST /api/v1/staff/agreement/sign`: the full name typed as a signature.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignAgreement {
    pub version_id: i64,
    pub signed_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(kind: AgreementKind) -> ContentShape {
        ContentShape::of_built_in(kind).unwrap()
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in AgreementKind::ALL
            .into_iter()
            .chain([AgreementKind::Custom(7)])
        {
            assert_eq!(AgreementKind::parse(&k.key()), Some(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.key()));
            assert_eq!(serde_json::from_str::<AgreementKind>(&json).unwrap(), k);
        }
        assert_eq!(AgreementKind::Custom(12).key(), "custom-12");
        for bad in [
            "pupils",
            "custom-",
            "custom-07",
            "custom--1",
            "custom-x",
            "custom-1 ",
        ] {
            assert_eq!(AgreementKind::parse(bad), None, "{bad}");
        }
        assert!(serde_json::from_str::<AgreementKind>("\"custom-0\"").is_err());
    }

    #[test]
    fn a_band_kind_has_that_band_statements_only() {
        let ks2_only = ContentShape::Statements(Some(Band::Ks2));
        let laptop = AgreementContent::Pupil(PupilAup {
            eyfs: vec![],
            ks1: vec![],
            ks2: vec![statement("school_device")],
        });
        assert_eq!(laptop.validate_for(ks2_only), Ok(()));
        // Not enough for the pupil AUP, which every band signs.
        assert!(laptop.validate_for(of(AgreementKind::Pupil)).is_err());
        let mut with_ks1 = laptop.clone();
        if let AgreementContent::Pupil(p) = &mut with_ks1 {
            p.ks1.push(statement("ask_adult"));
        }
        let problems = with_ks1.problems_for(ks2_only);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].place, DraftPlace::Statements(Band::Ks1));
        assert!(problems[0].error.problem.contains("KS2 pupils only"));
        let empty = AgreementContent::Pupil(PupilAup {
            eyfs: vec![],
            ks1: vec![],
            ks2: vec![],
        });
        assert_eq!(
            empty.validate_for(ks2_only).unwrap_err().problem,
            "KS2 has no statements"
        );
    }

    #[test]
    fn a_new_kind_says_who_signs_it() {
        let kind = |signers, band, parents_cosign| NewAgreementKind {
            name: "Laptop agreement".into(),
            signers,
            band,
            parents_cosign,
        };
        assert_eq!(
            kind(Signers::Pupils, Some(Band::Ks2), false).validate(),
            Ok(())
        );
        assert_eq!(kind(Signers::Governors, None, false).validate(), Ok(()));
        // Parents sign theirs in parents' corner, and co-sign a pupils' kind there.
        assert_eq!(kind(Signers::Parents, None, false).validate(), Ok(()));
        assert_eq!(
            kind(Signers::Pupils, Some(Band::Ks2), true).validate(),
            Ok(())
        );
        assert_eq!(
            kind(Signers::Parents, None, true)
                .validate()
                .unwrap_err()
                .field,
            "parents_cosign"
        );
        assert_eq!(
            kind(Signers::Pupils, None, false)
                .validate()
                .unwrap_err()
                .field,
            "band"
        );
        assert_eq!(
            kind(Signers::Staff, Some(Band::Ks1), false)
                .validate()
                .unwrap_err()
                .field,
            "band"
        );
        assert_eq!(
            kind(Signers::Staff, None, true)
                .validate()
                .unwrap_err()
                .field,
            "parents_cosign"
        );
        assert_eq!(
            kind(Signers::Visitors, None, false)
                .validate()
                .unwrap_err()
                .field,
            "signers"
        );
        let mut unnamed = kind(Signers::Staff, None, false);
        unnamed.name = "  ".into();
        assert_eq!(unnamed.validate().unwrap_err().field, "name");
    }

    fn statement(picture: &str) -> Statement {
        Statement {
            text: "I ask a grown-up".into(),
            read_aloud: "I ask a grown-up before I go online.".into(),
            picture: picture.into(),
        }
    }

    #[test]
    fn pupil_content_needs_every_band_and_known_pictures() {
        let good = AgreementContent::Pupil(PupilAup {
            eyfs: vec![statement("ask_adult")],
            ks1: vec![statement("tell_adult")],
            ks2: vec![statement("password")],
        });
        assert_eq!(good.validate_for(of(AgreementKind::Pupil)), Ok(()));
        assert_eq!(
            good.validate_for(of(AgreementKind::Staff))
                .unwrap_err()
                .field,
            "content"
        );
        assert_eq!(
            good.validate_for(ContentShape::Sections)
                .unwrap_err()
                .problem,
            "this agreement needs headed sections"
        );
        let mut no_ks2 = good.clone();
        if let AgreementContent::Pupil(p) = &mut no_ks2 {
            p.ks2.clear();
        }
        assert!(no_ks2
            .validate_for(of(AgreementKind::Pupil))
            .unwrap_err()
            .problem
            .contains("KS2"));
        let mut odd_picture = good;
        if let AgreementContent::Pupil(p) = &mut odd_picture {
            p.eyfs[0].picture = "dragon".into();
        }
        let bad = odd_picture
            .validate_for(of(AgreementKind::Pupil))
            .unwrap_err();
        assert_eq!(bad.field, "picture");
        // Says which statement, and the picture name it doesn't know.
        assert!(
            bad.problem
                .starts_with("EYFS statement 1 has the picture “dragon”"),
            "{}",
            bad.problem
        );
    }

    #[test]
    fn every_problem_is_listed_with_its_place() {
        let mut blank = statement("");
        blank.read_aloud = "   ".into();
        let draft = AgreementContent::Pupil(PupilAup {
            eyfs: vec![statement("ask_adult")],
            ks1: vec![],
            ks2: vec![statement("password"), blank],
        });
        let places: Vec<DraftPlace> = draft
            .problems_for(of(AgreementKind::Pupil))
            .into_iter()
            .map(|p| p.place)
            .collect();
        assert_eq!(
            places,
            vec![
                DraftPlace::Statements(Band::Ks1),
                DraftPlace::StatementReadAloud(Band::Ks2, 1),
                DraftPlace::StatementPicture(Band::Ks2, 1),
            ]
        );
        // The server refuses the first, in the same words.
        assert_eq!(
            draft
                .validate_for(of(AgreementKind::Pupil))
                .unwrap_err()
                .problem,
            "KS1 has no statements"
        );
        let no_picture = &draft.problems_for(of(AgreementKind::Pupil))[2];
        assert_eq!(
            no_picture.error.problem,
            "KS2 statement 2 has no picture; choose one"
        );
        let doc = AgreementContent::Sections(Sections {
            intro: "We keep pupils safe.".into(),
            sections: vec![Section {
                heading: "x".repeat(MAX_HEADING_CHARS + 1),
                points: vec!["I lock my screen.".into(), String::new()],
            }],
        });
        let places: Vec<DraftPlace> = doc
            .problems_for(of(AgreementKind::Staff))
            .into_iter()
            .map(|p| p.place)
            .collect();
        assert_eq!(
            places,
            vec![DraftPlace::Heading(0), DraftPlace::Point(0, 1)]
        );
    }

    #[test]
    fn sections_need_headings_and_points() {
        let doc = AgreementContent::Sections(Sections {
            intro: "We keep pupils safe.".into(),
            sections: vec![Section {
                heading: "Devices".into(),
                points: vec!["I lock my screen.".into()],
            }],
        });
        assert_eq!(doc.validate_for(of(AgreementKind::Governor)), Ok(()));
        assert!(doc.validate_for(of(AgreementKind::Pupil)).is_err());
        let empty = AgreementContent::Sections(Sections {
            intro: "x".into(),
            sections: vec![Section {
                heading: "Devices".into(),
                points: vec![],
            }],
        });
        assert_eq!(
            empty
                .validate_for(of(AgreementKind::Staff))
                .unwrap_err()
                .field,
            "points"
        );
    }
}
