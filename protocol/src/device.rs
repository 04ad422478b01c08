//! What an enrolled tablet learns from the server: who it is, the school's key and profile.

use serde::{Deserialize, Serialize};

/// One of the school's trusted adults, shown to pupils with a photo where the school gave one.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustedAdult {
    pub id: String,
    pub name: String,
    pub role: String,
    /// A same-origin path to a photo, if the school added one.
    #[serde(default)]
    pub photo: Option<String>,
}

/// Answer to `GET /api/v1/device/config`, cached on the tablet so it works offline.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceConfig {
    pub device_name: String,
    pub school_name: String,
    /// The school server's X25519 public key, base64: every outbox item is sealed to it.
    pub public_key: String,
    pub trusted_adults: Vec<TrustedAdult>,
    /// Seconds without a touch before an unfinished report is wiped and the tablet goes home.
    pub idle_timeout_secs: u32,
}

/// `GET /api/v1/health`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
    pub database: String,
}

/// Every error the API returns has this shape: a message a person can act on.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub error: String,
}
