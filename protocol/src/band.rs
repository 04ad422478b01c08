use serde::{Deserialize, Serialize};

/// The age bands of the English curriculum that Kite teaches.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

    pub fn label(self) -> &'static str {
        match self {
            Band::Eyfs => "EYFS",
            Band::Ks1 => "KS1",
            Band::Ks2 => "KS2",
        }
    }
}
