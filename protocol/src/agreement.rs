//! The agreements people sign: the pupil Acceptable Use Policy (statements per band, with
//! pictures for children who can't read yet), the staff, volunteer and governor AUPs, and the
//! home-school agreement parents co-sign. Each has numbered versions; publishing a new one means
//! everyone it applies to signs again.

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    /// Signed by pupils on the kiosk, co-signed by a parent at home.
    Pupil,
    Staff,
    Volunteer,
    Governor,
    /// The home-school agreement, signed by parents.
    HomeSchool,
}

impl AgreementKind {
    pub const ALL: [AgreementKind; 5] = [
        AgreementKind::Pupil,
        AgreementKind::Staff,
        AgreementKind::Volunteer,
        AgreementKind::Governor,
        AgreementKind::HomeSchool,
    ];

    /// The name stored in the database and used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            AgreementKind::Pupil => "pupil",
            AgreementKind::Staff => "staff",
            AgreementKind::Volunteer => "volunteer",
            AgreementKind::Governor => "governor",
            AgreementKind::HomeSchool => "home_school",
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
        }
    }
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
}
