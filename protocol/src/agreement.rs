//! The agreements people sign: the pupil Acceptable Use Policy (statements per band, with
//! pictures for children who can't read yet), the staff, volunteer and governor AUPs, and the
//! home-school agreement parents co-sign. Each has numbered versions; publishing a new one means
//! everyone it applies to signs again.

use serde::{Deserialize, Serialize};

use crate::validate::required_text;
use crate::{Band, ValidationError};

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
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
}

impl AgreementKind {
    pub const ALL: [AgreementKind; 6] = [
        AgreementKind::Pupil,
        AgreementKind::Staff,
        AgreementKind::Volunteer,
        AgreementKind::Governor,
        AgreementKind::HomeSchool,
        AgreementKind::Visitor,
    ];

    /// The name stored in the database and used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            AgreementKind::Pupil => "pupil",
            AgreementKind::Staff => "staff",
            AgreementKind::Volunteer => "volunteer",
            AgreementKind::Governor => "governor",
            AgreementKind::HomeSchool => "home_school",
            AgreementKind::Visitor => "visitor",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AgreementKind::Pupil => "Pupil Acceptable Use Policy",
            AgreementKind::Staff => "Staff Acceptable Use Policy",
            AgreementKind::Volunteer => "Volunteer Acceptable Use Policy",
            AgreementKind::Governor => "Governor Acceptable Use Policy",
            AgreementKind::HomeSchool => "Home-school agreement",
            AgreementKind::Visitor => "Visitor agreement",
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

fn pupil_problems(aup: &PupilAup, out: &mut Vec<DraftProblem>) {
    for band in Band::ALL {
        let statements = aup.for_band(band);
        let place = DraftPlace::Statements(band);
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
    /// Checks the content fits the kind it is published for and every text is sensible.
    pub fn validate_for(&self, kind: AgreementKind) -> Result<(), ValidationError> {
        match self.problems_for(kind).into_iter().next() {
            Some(p) => Err(p.error),
            None => Ok(()),
        }
    }

    /// Every problem in the draft, in reading order, each with where it is: the admin's form
    /// shows them all at once beside their fields, the server refuses the first.
    pub fn problems_for(&self, kind: AgreementKind) -> Vec<DraftProblem> {
        let mut out = Vec::new();
        match (self, kind) {
            (AgreementContent::Pupil(aup), AgreementKind::Pupil) => pupil_problems(aup, &mut out),
            (AgreementContent::Sections(doc), kind) if kind != AgreementKind::Pupil => {
                sections_problems(doc, &mut out)
            }
            (_, kind) => out.push(DraftProblem {
                place: DraftPlace::Content,
                error: ValidationError::new(
                    "content",
                    format!(
                        "the {} needs {}",
                        kind.label(),
                        if kind == AgreementKind::Pupil {
                            "statements for each band"
                        } else {
                            "headed sections"
                        }
                    ),
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

/// `GET /api/v1/staff/agreement`: the AUP this staff member signs, and whether they have.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyAgreement {
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

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in AgreementKind::ALL {
            assert_eq!(AgreementKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
        assert_eq!(AgreementKind::parse("pupils"), None);
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
        assert_eq!(good.validate_for(AgreementKind::Pupil), Ok(()));
        assert_eq!(
            good.validate_for(AgreementKind::Staff).unwrap_err().field,
            "content"
        );
        let mut no_ks2 = good.clone();
        if let AgreementContent::Pupil(p) = &mut no_ks2 {
            p.ks2.clear();
        }
        assert!(no_ks2
            .validate_for(AgreementKind::Pupil)
            .unwrap_err()
            .problem
            .contains("KS2"));
        let mut odd_picture = good;
        if let AgreementContent::Pupil(p) = &mut odd_picture {
            p.eyfs[0].picture = "dragon".into();
        }
        let bad = odd_picture.validate_for(AgreementKind::Pupil).unwrap_err();
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
            .problems_for(AgreementKind::Pupil)
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
                .validate_for(AgreementKind::Pupil)
                .unwrap_err()
                .problem,
            "KS1 has no statements"
        );
        let no_picture = &draft.problems_for(AgreementKind::Pupil)[2];
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
            .problems_for(AgreementKind::Staff)
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
        assert_eq!(doc.validate_for(AgreementKind::Governor), Ok(()));
        assert!(doc.validate_for(AgreementKind::Pupil).is_err());
        let empty = AgreementContent::Sections(Sections {
            intro: "x".into(),
            sections: vec![Section {
                heading: "Devices".into(),
                points: vec![],
            }],
        });
        assert_eq!(
            empty.validate_for(AgreementKind::Staff).unwrap_err().field,
            "points"
        );
    }
}
