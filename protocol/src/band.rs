use serde::{Deserialize, Serialize};

/// The age bands of the English curriculum that Kite teaches.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Band {
    /// Early Years Foundation Stage, ages 3–5.
    Eyfs,
    /// Key Stage 1, ages 5–7.
    Ks1,
    /// Key Stage 2, ages 7–11.
    Ks2,
}

impl Band {
    pub const ALL: [Band; 3] = [Band::Eyfs, Band::Ks1, Band::Ks2];

    /// The name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Eyfs => "eyfs",
            Band::Ks1 => "ks1",
            Band::Ks2 => "ks2",
        }
    }

    pub fn parse(s: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::Eyfs => "EYFS",
            Band::Ks1 => "KS1",
            Band::Ks2 => "KS2",
        }
    }
}
