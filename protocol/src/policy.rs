//! The school's online-safety policy: where staff and parents read it, who approved it and when
//! it is next reviewed (the policies Kite comes from are reviewed at least once a year). Each
//! approval is a new entry; none is rewritten, so the history shows every review.

use serde::{Deserialize, Serialize};

use crate::review::ReviewStatus;
use crate::training::ReadingDocument;

/// The longest "approved by" or notes text, and link.
pub const MAX_APPROVED_BY_CHARS: usize = 200;
pub const MAX_NOTES_CHARS: usize = 1000;
pub const MAX_LINK_CHARS: usize = 500;

/// `POST /api/v1/staff/policy/approvals`: the policy approved (at a review, or first adopted).
/// It is found either at a link or as a document published for staff to read.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPolicyApproval {
    /// The day it was approved (ISO, `2026-09-03`); not after today.
    pub approved_on: String,
    /// Who approved it ("The full governing board", "Curriculum committee").
    pub approved_by: String,
    /// When it is next reviewed: after the approval, and at most a year after it.
    pub next_review_on: String,
    /// Where it is read (`https://…`); empty when `document_id` is given.
    #[serde(default)]
    pub link: String,
    /// A document published for staff to read (Training), the version that was approved.
    #[serde(default)]
    pub document_id: Option<i64>,
    #[serde(default)]
    pub notes: String,
}

/// One approval, as recorded.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyApproval {
    pub id: i64,
    pub approved_on: String,
    pub approved_by: String,
    pub next_review_on: String,
    pub link: String,
    pub document_id: Option<i64>,
    /// The document, when it is one (title, version, and where it opens).
    #[serde(default)]
    pub document: Option<ReadingDocument>,
    pub notes: String,
    /// Who recorded it in Kite, and when.
    pub recorded_by: String,
    pub recorded_at_ms: i64,
}

impl PolicyApproval {
    /// Where it is opened: its link, or the published document's own page.
    pub fn href(&self) -> String {
        match &self.document {
            Some(d) => d.href(),
            None => self.link.clone(),
        }
    }
}

/// `GET /api/v1/staff/policy`: every approval (newest first) and whether the policy is in date.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineSafetyPolicy {
    pub approvals: Vec<PolicyApproval>,
    pub review: ReviewStatus,
}
