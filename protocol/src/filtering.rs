//! Filtering and monitoring, as the DfE standard asks a school to evidence it: who is
//! responsible, every change to the filter (asked for, authorised by the head, done), the checks
//! that it works, and the yearly review. Each log only grows: a decision or a check is a new row,
//! never an edit.

use serde::{Deserialize, Serialize};

/// The people the standard asks a school to name.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FilteringRoleKind {
    /// The member of the senior leadership team responsible for filtering and monitoring.
    SeniorLeader,
    /// The governor who oversees it.
    Governor,
    /// The designated safeguarding lead, who acts on what monitoring shows.
    Dsl,
    /// The IT provider (in house or a company) who runs the filter.
    ItProvider,
}

impl FilteringRoleKind {
    pub const ALL: [FilteringRoleKind; 4] = [
        FilteringRoleKind::SeniorLeader,
        FilteringRoleKind::Governor,
        FilteringRoleKind::Dsl,
        FilteringRoleKind::ItProvider,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FilteringRoleKind::SeniorLeader => "senior_leader",
            FilteringRoleKind::Governor => "governor",
            FilteringRoleKind::Dsl => "dsl",
            FilteringRoleKind::ItProvider => "it_provider",
        }
    }

    pub fn parse(s: &str) -> Option<FilteringRoleKind> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            FilteringRoleKind::SeniorLeader => "Senior leader responsible",
            FilteringRoleKind::Governor => "Governor responsible",
            FilteringRoleKind::Dsl => "Designated safeguarding lead",
            FilteringRoleKind::ItProvider => "IT provider",
        }
    }
}

/// One named role: a name, and the Kite account when the person has one.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilteringRole {
    pub role: FilteringRoleKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_id: Option<i64>,
    /// Who named them and when (set by the server; ignored when sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_at_ms: Option<i64>,
}

/// `PUT /api/v1/staff/filtering/roles`: the roles to name (each one kept beside the earlier
/// names, the newest shown).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilteringRoles {
    pub roles: Vec<FilteringRole>,
}

/// Block a site or allow one the filter blocks.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FilterAction {
    Block,
    Allow,
}

impl FilterAction {
    pub fn as_str(self) -> &'static str {
        match self {
            FilterAction::Block => "block",
            FilterAction::Allow => "allow",
        }
    }

    pub fn parse(s: &str) -> Option<FilterAction> {
        [FilterAction::Block, FilterAction::Allow]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// `POST /api/v1/staff/filtering/changes`: any member of staff asks.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewFilterChange {
    pub action: FilterAction,
    /// The site or page, as the person knows it (`www.example.com/games`).
    pub site: String,
    /// Why: what it is needed for, or what harm it does.
    pub reason: String,
}

/// `POST /api/v1/staff/filtering/changes/{id}/decision`: the head authorises or refuses.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilterDecision {
    pub authorised: bool,
    /// Why (needed for a refusal; optional for an authorisation).
    #[serde(default)]
    pub reason: String,
}

/// `POST /api/v1/staff/filtering/changes/{id}/done`: the admin or IT provider records that the
/// filter was changed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilterDone {
    /// The day it was done (`2026-11-25`).
    pub done_on: String,
    #[serde(default)]
    pub note: String,
}

/// One step after the asking: who, when, and what they wrote.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilterStep {
    pub by: String,
    pub at_ms: i64,
    #[serde(default)]
    pub note: String,
}

/// A change to the filter and where it has got to.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilterChange {
    pub id: i64,
    pub action: FilterAction,
    pub site: String,
    pub reason: String,
    pub asked_by: String,
    pub asked_at_ms: i64,
    /// `Some(true)` authorised, `Some(false)` refused, `None` waiting for the head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorised: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<FilterStep>,
    /// When the filter was changed (`note` holds what was noted then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<FilterStep>,
}

/// What a check found.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CheckResult {
    /// Everything tested was blocked or caught as it should be.
    Passed,
    /// Some things got through, or teaching sites were wrongly blocked.
    Problems,
}

impl CheckResult {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckResult::Passed => "passed",
            CheckResult::Problems => "problems",
        }
    }

    pub fn parse(s: &str) -> Option<CheckResult> {
        [CheckResult::Passed, CheckResult::Problems]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// `POST /api/v1/staff/filtering/checks`, and a check as the log shows it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilterCheck {
    /// Set by the server (ignored when sent).
    #[serde(default)]
    pub id: i64,
    /// The day of the check (`2026-11-25`).
    pub checked_on: String,
    /// Who did it (names: the IT provider may have no Kite account).
    pub checked_by: String,
    /// Which devices, places and user groups were checked.
    pub devices: String,
    pub places: String,
    pub user_groups: String,
    /// What was tested (a named test such as testfiltering.com's, or the sites tried).
    pub tested: String,
    pub result: CheckResult,
    #[serde(default)]
    pub found: String,
    /// What was done about it.
    #[serde(default)]
    pub action_taken: String,
    /// The certificate or results file, from `POST /api/v1/staff/filtering/files`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_file: Option<i64>,
    /// Who wrote this entry and when (set by the server).
    #[serde(default)]
    pub recorded_by: String,
    #[serde(default)]
    pub recorded_at_ms: i64,
}

/// The annual review's questions, in Kite's words, from the DfE filtering and monitoring
/// standards. The key is what the answer is kept under, so a question's wording can improve
/// without changing what earlier answers meant.
pub const REVIEW_QUESTIONS: [(&str, &str); 9] = [
    (
        "roles",
        "Are the senior leader, the governor, the DSL and the IT provider for filtering and monitoring named, and do they know it?",
    ),
    (
        "blocks_harm",
        "Does the filter block harmful and inappropriate content (abuse, extremism, pornography, self-harm, gambling) on every device pupils use?",
    ),
    (
        "not_overblocking",
        "Does it do that without blocking what teachers need to teach, and can a teacher ask for a site to be allowed quickly?",
    ),
    (
        "monitoring_covers",
        "Does monitoring cover every device, place and group of users (pupils, staff, visitors, guest wi-fi)?",
    ),
    (
        "alerts_acted_on",
        "Do monitoring alerts reach the DSL quickly, and are they recorded as concerns?",
    ),
    (
        "checks_each_term",
        "Have the filter and monitoring been checked at least once a term, with the results kept?",
    ),
    (
        "changes_authorised",
        "Has every change to the filter been asked for with a reason and authorised by the head?",
    ),
    (
        "staff_trained",
        "Do all staff know how filtering and monitoring work here, what to do if they see a problem, and have they been trained this year?",
    ),
    (
        "risks_reviewed",
        "Have the risks for our pupils (their ages, SEND, the devices they bring, new apps and AI tools) been looked at, and the provision changed to fit?",
    ),
];

/// An answer to one review question.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewAnswerKind {
    Yes,
    Partly,
    No,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewAnswer {
    /// The question's key in `REVIEW_QUESTIONS`.
    pub question: String,
    pub answer: ReviewAnswerKind,
    /// What the school found, or will do.
    #[serde(default)]
    pub note: String,
}

/// `POST /api/v1/staff/filtering/reviews`, and a review as the log shows it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilterReview {
    #[serde(default)]
    pub id: i64,
    /// The day of the review (`2026-11-25`).
    pub reviewed_on: String,
    /// Who took part (names and roles).
    pub participants: String,
    /// One answer for every question.
    pub answers: Vec<ReviewAnswer>,
    #[serde(default)]
    pub recorded_by: String,
    #[serde(default)]
    pub recorded_at_ms: i64,
}

pub use crate::review::ReviewStatus;

/// `GET /api/v1/staff/filtering`: the whole page for the DSL, an admin or the head.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilteringLog {
    pub roles: Vec<FilteringRole>,
    /// Newest first.
    pub changes: Vec<FilterChange>,
    pub checks: Vec<FilterCheck>,
    pub reviews: Vec<FilterReview>,
    pub review: ReviewStatus,
}

/// The longest site, name or short field.
pub const MAX_SHORT_CHARS: usize = 300;
/// The longest reason, finding or note.
pub const MAX_NOTE_CHARS: usize = 2000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in FilteringRoleKind::ALL {
            assert_eq!(FilteringRoleKind::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
        for a in [FilterAction::Block, FilterAction::Allow] {
            assert_eq!(FilterAction::parse(a.as_str()), Some(a));
        }
        for c in [CheckResult::Passed, CheckResult::Problems] {
            assert_eq!(CheckResult::parse(c.as_str()), Some(c));
        }
    }
}
