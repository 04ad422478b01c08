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
    /// The school's half-terms, this school year's six then next year's, by its own term dates:
    /// the tablet works out which half-term it is by its own clock, offline too
    /// ([`teaching_half_term`]). Empty from a server that doesn't send them.
    #[serde(default)]
    pub half_terms: Vec<HalfTermDays>,
}

/// A half-term's first and last day (`YYYY-MM-DD`, both included).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HalfTermDays {
    pub first: String,
    pub last: String,
}

/// Which half-term of its school year `today` (`YYYY-MM-DD`) teaches, 0 (autumn, first half) to
/// 5 (summer, second half): the one it falls in, or in a holiday the one after it, so a teacher
/// planning in the holiday sees what comes next. `half_terms` are whole school years of six, in
/// order; `None` when today is after them all (or there are none).
pub fn teaching_half_term(half_terms: &[HalfTermDays], today: &str) -> Option<usize> {
    half_terms
        .iter()
        .position(|h| today <= h.last.as_str())
        .map(|i| i % 6)
}

/// `GET /api/v1/health`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the server is ready to take reports, `not ready` otherwise (answered with 503,
    /// so a monitor or a load balancer needs only the status code).
    pub status: String,
    pub version: String,
    /// `ok`, or `unreachable`.
    pub database: String,
    /// `ok` when every migration this server carries is applied; `pending` or `unknown`.
    pub migrations: String,
    /// `ok`, `low` (less free space on the data dir's disk than the server needs to keep
    /// working), or `unknown`.
    pub disk: String,
    /// Free space on the data dir's disk, in MiB, when it could be read.
    pub disk_free_mb: Option<u64>,
}

/// Every error the API returns has this shape: a message a person can act on.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(first: &str, last: &str) -> HalfTermDays {
        HalfTermDays {
            first: first.into(),
            last: last.into(),
        }
    }

    #[test]
    fn the_half_term_to_teach_is_today_s_or_the_next_after_a_holiday() {
        let year = [
            days("2026-09-03", "2026-10-23"),
            days("2026-11-02", "2026-12-18"),
            days("2027-01-05", "2027-02-12"),
            days("2027-02-22", "2027-03-31"),
            days("2027-04-15", "2027-05-22"),
            days("2027-06-01", "2027-07-21"),
            days("2027-09-02", "2027-10-22"),
        ];
        let at = |day| teaching_half_term(&year, day);
        assert_eq!(
            at("2026-09-01"),
            Some(0),
            "before term: the first half-term"
        );
        assert_eq!(at("2026-09-03"), Some(0));
        assert_eq!(at("2026-10-23"), Some(0));
        assert_eq!(
            at("2026-10-27"),
            Some(1),
            "half-term week: the half after it"
        );
        assert_eq!(at("2026-12-25"), Some(2), "Christmas: spring's first half");
        assert_eq!(at("2027-03-15"), Some(3));
        assert_eq!(at("2027-07-21"), Some(5));
        assert_eq!(
            at("2027-08-10"),
            Some(0),
            "summer holiday: next year's first"
        );
        assert_eq!(at("2027-11-01"), None, "past every date sent");
        assert_eq!(teaching_half_term(&[], "2026-10-01"), None);
    }
}
