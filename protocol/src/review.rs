//! Whether something the school reviews on a date (the filtering and monitoring review, the
//! online-safety policy) is in date: shown on the governors' report, and on the homes of those
//! who keep it when it falls due within a month or is late.

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewStatus {
    /// The next review isn't late (false when none has been recorded).
    pub up_to_date: bool,
    /// The last review's (or approval's) day, if there has been one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reviewed_on: Option<String>,
    /// When the next one is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_due_on: Option<String>,
    /// The next one is due within a month.
    #[serde(default)]
    pub due_soon: bool,
}

/// "Due soon" is within this many days of the due day.
pub const DUE_SOON_DAYS: i64 = 31;

impl ReviewStatus {
    /// Last done on `last_on`, next due on `due_on`, which is `days_until_due` from today
    /// (negative once it has passed).
    pub fn due(last_on: String, due_on: String, days_until_due: i64) -> Self {
        ReviewStatus {
            up_to_date: days_until_due >= 0,
            last_reviewed_on: Some(last_on),
            next_due_on: Some(due_on),
            due_soon: (0..=DUE_SOON_DAYS).contains(&days_until_due),
        }
    }

    /// Whether the people who keep it should be told: due within a month, late, or never done.
    pub fn needs_attention(&self) -> bool {
        !self.up_to_date || self.due_soon
    }
}
