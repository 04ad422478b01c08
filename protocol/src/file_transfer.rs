//! A child's child protection file moving school (KCSIE): when a pupil with a safeguarding record
//! leaves, the DSL sends their file to the new school within five school days, records when and
//! how it went and when the receipt came back; a file that arrives with a new pupil is noted on
//! their record. The rules for what the DSL types live here so the app and the server say the
//! same thing.

use serde::{Deserialize, Serialize};

use crate::pupil_record::{parse_date, MAX_SCHOOL_CHARS};

/// The most characters of a note about a file's sending or receipt.
pub const MAX_TRANSFER_NOTE_CHARS: usize = 500;

/// What is recorded about a child protection file.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    /// Sent to the school the pupil moved to.
    Sent,
    /// The receiving school confirmed it has the file.
    Receipt,
    /// A file came from the school a new pupil was at before.
    Received,
}

impl TransferKind {
    pub const ALL: [TransferKind; 3] = [
        TransferKind::Sent,
        TransferKind::Receipt,
        TransferKind::Received,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TransferKind::Sent => "sent",
            TransferKind::Receipt => "receipt",
            TransferKind::Received => "received",
        }
    }

    pub fn parse(s: &str) -> Option<TransferKind> {
        TransferKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            TransferKind::Sent => "File sent to the new school",
            TransferKind::Receipt => "Receipt from the new school",
            TransferKind::Received => "File received from the previous school",
        }
    }
}

/// How a file was sent: securely, and separately from the main pupil file.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransferMethod {
    SecureEmail,
    HandDelivery,
    /// The receiving school's own safeguarding system (e.g. a shared records system).
    ReceivingSystem,
    /// Recorded delivery post.
    Post,
    Other,
}

impl TransferMethod {
    pub const ALL: [TransferMethod; 5] = [
        TransferMethod::SecureEmail,
        TransferMethod::HandDelivery,
        TransferMethod::ReceivingSystem,
        TransferMethod::Post,
        TransferMethod::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TransferMethod::SecureEmail => "secure_email",
            TransferMethod::HandDelivery => "hand_delivery",
            TransferMethod::ReceivingSystem => "receiving_system",
            TransferMethod::Post => "post",
            TransferMethod::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<TransferMethod> {
        TransferMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            TransferMethod::SecureEmail => "Secure email",
            TransferMethod::HandDelivery => "By hand, signed for",
            TransferMethod::ReceivingSystem => "The new school's records system",
            TransferMethod::Post => "Recorded delivery",
            TransferMethod::Other => "Another way (say how in the note)",
        }
    }
}

/// `POST /api/v1/staff/pupils/{id}/transfers`: one thing to record about the child's file.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTransfer {
    pub kind: TransferKind,
    /// The day it happened, `YYYY-MM-DD` (or as schools write dates).
    pub on_day: String,
    /// How it was sent: needed for `sent`, refused otherwise.
    #[serde(default)]
    pub method: Option<TransferMethod>,
    /// The school it went to (`sent`) or came from (`received`).
    #[serde(default)]
    pub school: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A recorded step of the child's file, as their record shows it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileTransfer {
    pub id: i64,
    pub kind: TransferKind,
    pub on_day: String,
    pub method: Option<TransferMethod>,
    pub school: Option<String>,
    pub note: Option<String>,
    pub recorded_by: String,
    pub recorded_at_ms: i64,
}

/// A leaver with a safeguarding record whose file hasn't reached the new school yet, for the
/// DSL's home.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileToSend {
    pub pupil_id: i64,
    pub name: String,
    pub leaving_on: String,
    pub leaving_to: Option<String>,
    /// Five school days after the leaving date (term dates and weekends counted).
    pub send_by: String,
    /// When it was sent, if it was: then it is awaiting the receipt.
    pub sent_on: Option<String>,
    /// Not sent and `send_by` has passed.
    pub overdue: bool,
}

fn optional(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn words(what: &str, text: &Option<String>, max: usize) -> Result<Option<String>, String> {
    match optional(text) {
        Some(t) if t.chars().any(|c| c.is_control() && c != '\n') => {
            Err(format!("{what} contains control characters; retype it"))
        }
        Some(t) if t.chars().count() > max => {
            Err(format!("{what} is too long; the most is {max} characters"))
        }
        t => Ok(t.map(str::to_string)),
    }
}

/// Checks what the DSL typed, with the message they see if it won't do: the date read as
/// schools write dates, how it was sent only for a file sent, a school named where one is
/// needed.
pub fn check_transfer(t: &NewTransfer) -> Result<NewTransfer, String> {
    let on_day = parse_date(&t.on_day).ok_or_else(|| {
        format!(
            "the date {:?} is not a date Kite can read; write it as dd/mm/yyyy",
            t.on_day.trim()
        )
    })?;
    let school = words("the school's name", &t.school, MAX_SCHOOL_CHARS)?;
    let note = words("the note", &t.note, MAX_TRANSFER_NOTE_CHARS)?;
    match (t.kind, t.method, &school) {
        (TransferKind::Sent, None, _) => return Err("say how the file was sent".into()),
        (TransferKind::Receipt | TransferKind::Received, Some(_), _) => {
            return Err("how it was sent goes with a file sent, not with this".into())
        }
        (TransferKind::Sent, _, None) => return Err("name the school the file went to".into()),
        (TransferKind::Received, _, None) => {
            return Err("name the school the file came from".into())
        }
        _ => {}
    }
    Ok(NewTransfer {
        kind: t.kind,
        on_day,
        method: t.method,
        school: if t.kind == TransferKind::Receipt {
            None
        } else {
            school
        },
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent() -> NewTransfer {
        NewTransfer {
            kind: TransferKind::Sent,
            on_day: "03/03/2027".into(),
            method: Some(TransferMethod::SecureEmail),
            school: Some("  Hill Top Primary ".into()),
            note: None,
        }
    }

    #[test]
    fn a_file_sent_says_how_and_where_and_the_date_is_read_the_uk_way() {
        let ok = check_transfer(&sent()).unwrap();
        assert_eq!(ok.on_day, "2027-03-03");
        assert_eq!(ok.school.as_deref(), Some("Hill Top Primary"));
        let no_method = check_transfer(&NewTransfer {
            method: None,
            ..sent()
        })
        .unwrap_err();
        assert!(no_method.contains("how"), "{no_method}");
        let no_school = check_transfer(&NewTransfer {
            school: Some(" ".into()),
            ..sent()
        })
        .unwrap_err();
        assert!(no_school.contains("school"), "{no_school}");
        let bad_day = check_transfer(&NewTransfer {
            on_day: "31/02/2027".into(),
            ..sent()
        })
        .unwrap_err();
        assert!(bad_day.contains("dd/mm/yyyy"), "{bad_day}");
    }

    #[test]
    fn a_receipt_needs_no_school_and_takes_no_method() {
        let receipt = NewTransfer {
            kind: TransferKind::Receipt,
            method: None,
            ..sent()
        };
        assert_eq!(check_transfer(&receipt).unwrap().school, None);
        assert!(check_transfer(&NewTransfer {
            method: Some(TransferMethod::Post),
            ..receipt
        })
        .is_err());
    }

    #[test]
    fn names_round_trip() {
        for k in TransferKind::ALL {
            assert_eq!(TransferKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for m in TransferMethod::ALL {
            assert_eq!(TransferMethod::parse(m.as_str()), Some(m));
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        }
    }
}
