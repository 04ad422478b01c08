//! The DSL's safeguarding record beyond triage: where each record came from, who of the DSLs
//! has read it, actions with an owner and a due date, corrections, referrals to other agencies,
//! whether the parents were told, the letter for them, and the DSL's home (what is overdue and
//! what is unread). Shared so the app's record pages and the server agree on every field.

use serde::{Deserialize, Serialize};

use crate::staff::{ActionType, ReportRow};

/// Where a record came from (`reports.source`), for the inbox's filter and label.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordSource {
    /// A pupil, on a school tablet.
    #[default]
    Pupil,
    /// A parent or carer, on the parents' page.
    Parent,
    /// An adult in school, on the staff concern form.
    Staff,
}

impl RecordSource {
    pub const ALL: [RecordSource; 3] = [
        RecordSource::Pupil,
        RecordSource::Parent,
        RecordSource::Staff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordSource::Pupil => "pupil",
            RecordSource::Parent => "parent",
            RecordSource::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<RecordSource> {
        RecordSource::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            RecordSource::Pupil => "A pupil's report",
            RecordSource::Parent => "A parent's concern",
            RecordSource::Staff => "A staff concern",
        }
    }
}

/// The most records one inbox page shows; `per_page` is capped here.
pub const MAX_PER_PAGE: u32 = 200;
/// An inbox page when `per_page` isn't given.
pub const DEFAULT_PER_PAGE: u32 = 50;

/// A DSL who has opened a record, and first when.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordRead {
    pub staff_id: i64,
    pub name: String,
    pub first_read_at_ms: i64,
}

/// A member of staff who can own an action.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffName {
    pub id: i64,
    pub name: String,
}

/// `POST /api/v1/staff/reports/{id}/actions/{event}/done`: an action is done. The chronology
/// gains an entry referring to it; the action itself is never changed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionDone {
    /// What came of it (optional).
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /api/v1/staff/reports/{id}/corrections`: a note correcting the record. The original
/// words are never edited.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCorrection {
    /// The chronology entry this corrects; `None` corrects the record's original text.
    #[serde(default)]
    pub refers_to: Option<i64>,
    pub text: String,
}

/// `POST /api/v1/staff/reports/{id}/hold`: put a record on hold (kept whatever the retention
/// period says, e.g. for an inquiry or a legal case) or lift the hold, with the reason. Each is
/// an entry in the record's chronology.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordHold {
    /// `true` puts the record on hold, `false` lifts the hold.
    pub hold: bool,
    pub reason: String,
}

/// Who a record was referred to.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Agency {
    SocialCare,
    Police,
    Ceop,
    EarlyHelp,
    Lado,
    Prevent,
    /// Someone else: `agency_detail` names them.
    Other,
}

impl Agency {
    pub const ALL: [Agency; 7] = [
        Agency::SocialCare,
        Agency::Police,
        Agency::Ceop,
        Agency::EarlyHelp,
        Agency::Lado,
        Agency::Prevent,
        Agency::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Agency::SocialCare => "social_care",
            Agency::Police => "police",
            Agency::Ceop => "ceop",
            Agency::EarlyHelp => "early_help",
            Agency::Lado => "lado",
            Agency::Prevent => "prevent",
            Agency::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Agency> {
        Agency::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Agency::SocialCare => "Children's social care / MASH",
            Agency::Police => "Police",
            Agency::Ceop => "CEOP",
            Agency::EarlyHelp => "Early help",
            Agency::Lado => "LADO",
            Agency::Prevent => "Prevent referral",
            Agency::Other => "Other",
        }
    }
}

/// A referral made about a record.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Referral {
    pub id: i64,
    pub agency: Agency,
    pub agency_detail: Option<String>,
    /// `YYYY-MM-DD`.
    pub referred_on: String,
    pub reference: Option<String>,
    /// What came back; filled in once, usually later.
    pub result: Option<String>,
    pub recorded_by: String,
    pub recorded_at_ms: i64,
}

/// `POST /api/v1/staff/reports/{id}/referrals`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReferral {
    pub agency: Agency,
    /// Who, when the agency is `other` (needed then).
    #[serde(default)]
    pub agency_detail: Option<String>,
    /// `YYYY-MM-DD`.
    pub referred_on: String,
    #[serde(default)]
    pub reference: Option<String>,
    /// The result, when it is already known.
    #[serde(default)]
    pub result: Option<String>,
}

/// `POST /api/v1/staff/reports/{id}/referrals/{referral}/result`: once.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralResult {
    pub result: String,
}

/// Whether a child's parents were told: who, how and when, or why not.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParentsTold {
    pub id: i64,
    /// Which child's parents, when the record names children.
    pub pupil_id: Option<i64>,
    pub informed: bool,
    /// Who told them (or whom they told: "Mum, by Ms Patel").
    pub who: Option<String>,
    /// How: phone, in person, letter…
    pub how: Option<String>,
    /// `YYYY-MM-DD`.
    pub informed_on: Option<String>,
    /// Why they were not told (e.g. it would put the child at risk).
    pub why_not: Option<String>,
    pub recorded_by: String,
    pub recorded_at_ms: i64,
}

/// `POST /api/v1/staff/reports/{id}/parents`: `informed` with who, how and when; or not, with
/// why not.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewParentsTold {
    #[serde(default)]
    pub pupil_id: Option<i64>,
    pub informed: bool,
    #[serde(default)]
    pub who: Option<String>,
    #[serde(default)]
    pub how: Option<String>,
    #[serde(default)]
    pub informed_on: Option<String>,
    #[serde(default)]
    pub why_not: Option<String>,
}

/// `GET /api/v1/staff/reports/{id}/parent-letter`: what the DSL starts a letter to a parent
/// from. The body is a kind, plain template with nothing of the record in it; the DSL edits it
/// before printing.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Named apart from the parents' code letter (`parents::ParentLetter`) in the API description,
// where two schemas of one name would leave only one of them.
#[cfg_attr(feature = "openapi", schema(as = ReportParentLetter))]
pub struct ParentLetter {
    pub school_name: String,
    /// The DSL writing it, to sign the letter.
    pub from: String,
    /// The children the record is about, to choose whose parents the letter is for.
    pub children: Vec<LetterChild>,
    /// The child this letter names (only their first name; no other child's details).
    pub pupil_id: Option<i64>,
    pub body: String,
}

/// A child a record is about, as a letter to their parents may name them.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LetterChild {
    pub pupil_id: i64,
    pub first_name: String,
}

/// An open action whose due date has passed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverdueAction {
    pub report_id: String,
    /// The chronology entry of the action.
    pub event_id: i64,
    pub action_type: Option<ActionType>,
    /// Who owns it; `None` when nobody was named.
    pub owner: Option<String>,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    /// The record's `what`, as the inbox shows it.
    pub what: String,
    pub received_at_ms: i64,
}

/// `GET /api/v1/staff/dsl-home`: what needs the signed-in DSL now.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DslHome {
    /// Open actions past their due date, oldest due first.
    pub overdue: Vec<OverdueAction>,
    /// Open records this DSL hasn't opened yet, urgent first (the first few of them).
    pub unread: Vec<ReportRow>,
    /// How many open records this DSL hasn't opened in all.
    pub unread_total: i64,
    /// When the yearly filtering and monitoring review is next due.
    #[serde(default)]
    pub filtering_review: crate::filtering::ReviewStatus,
    /// When the online-safety policy is next reviewed.
    #[serde(default)]
    pub policy_review: crate::review::ReviewStatus,
    /// Leavers with a safeguarding record whose file is still to send or awaits its receipt.
    #[serde(default)]
    pub files_to_send: Vec<crate::file_transfer::FileToSend>,
    /// Closed records past the 25th birthday of every child they are about, for review.
    #[serde(default)]
    pub records_to_review: Vec<crate::retention::RecordToReview>,
    /// Answers to children another DSL wrote, waiting for this DSL's check, oldest first.
    #[serde(default)]
    pub answers_to_check: Vec<crate::answer::AnswerToCheck>,
    /// Records whose child asked to talk to a grown-up, with nothing written by staff since.
    #[serde(default)]
    pub children_to_talk_to: Vec<crate::child_reply::ChildWantsToTalk>,
}

/// The longest reference number, agency name or parents-told field.
pub const MAX_SHORT_CHARS: usize = 200;
/// The longest letter body.
pub const MAX_LETTER_CHARS: usize = 4000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Agency::ALL {
            assert_eq!(Agency::parse(a.as_str()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
        for s in RecordSource::ALL {
            assert_eq!(RecordSource::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
