//! A pupil's safeguarding record, which only DSLs read: the details a record needs and the kiosk
//! never shows (full name, date of birth, year group, UPN, admission and leaving dates), and the
//! child's chronology: every record linked to them, with what the school did, beside the context
//! a DSL wants (the AUP they signed, photo consent, lessons their class was taught).
//!
//! The rules for the details live here so the class-list import, the edit form and the server
//! check them the same way and say the same thing.

use serde::{Deserialize, Serialize};

use crate::limits::MAX_NAME_CHARS;
use crate::staff::{ActionType, Category, Outcome, Status};
use crate::Band;

/// The most characters of a school's name (where a pupil moves to or came from).
pub const MAX_SCHOOL_CHARS: usize = 120;

/// The most characters of a reason for linking a record to a child.
pub const MAX_LINK_REASON_CHARS: usize = 500;

/// A pupil's year group, as English schools count them; ordered youngest first.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum YearGroup {
    Nursery,
    Reception,
    Y1,
    Y2,
    Y3,
    Y4,
    Y5,
    Y6,
}

impl YearGroup {
    pub const ALL: [YearGroup; 8] = [
        YearGroup::Nursery,
        YearGroup::Reception,
        YearGroup::Y1,
        YearGroup::Y2,
        YearGroup::Y3,
        YearGroup::Y4,
        YearGroup::Y5,
        YearGroup::Y6,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            YearGroup::Nursery => "nursery",
            YearGroup::Reception => "reception",
            YearGroup::Y1 => "y1",
            YearGroup::Y2 => "y2",
            YearGroup::Y3 => "y3",
            YearGroup::Y4 => "y4",
            YearGroup::Y5 => "y5",
            YearGroup::Y6 => "y6",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            YearGroup::Nursery => "Nursery",
            YearGroup::Reception => "Reception",
            YearGroup::Y1 => "Year 1",
            YearGroup::Y2 => "Year 2",
            YearGroup::Y3 => "Year 3",
            YearGroup::Y4 => "Year 4",
            YearGroup::Y5 => "Year 5",
            YearGroup::Y6 => "Year 6",
        }
    }

    /// The band a class of this year group is taught in.
    pub fn band(self) -> Band {
        match self {
            YearGroup::Nursery | YearGroup::Reception => Band::Eyfs,
            YearGroup::Y1 | YearGroup::Y2 => Band::Ks1,
            _ => Band::Ks2,
        }
    }

    /// A year group as school systems write it: `y3`, `Year 3`, `3`, `NC Year 3`, `R`, `Rec`,
    /// `Reception`, `YR`, `N`, `N1`, `N2`, `Nursery`.
    pub fn parse(text: &str) -> Option<YearGroup> {
        let t: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        let t = t.strip_prefix("nc").unwrap_or(&t);
        // "YR" is Reception, not "Year" with nothing after it.
        let t = if t == "yr" { "r" } else { t };
        let t = t
            .strip_prefix("year")
            .or_else(|| t.strip_prefix("yr"))
            .or_else(|| t.strip_prefix('y'))
            .unwrap_or(t);
        match t {
            "n" | "n1" | "n2" | "nursery" | "nur" | "fs1" => Some(YearGroup::Nursery),
            "r" | "rec" | "reception" | "fs2" | "0" => Some(YearGroup::Reception),
            "1" => Some(YearGroup::Y1),
            "2" => Some(YearGroup::Y2),
            "3" => Some(YearGroup::Y3),
            "4" => Some(YearGroup::Y4),
            "5" => Some(YearGroup::Y5),
            "6" => Some(YearGroup::Y6),
            _ => None,
        }
    }
}

/// What a safeguarding record needs about a pupil beyond the first name and initial the kiosk
/// shows. Every field is optional: a school may keep only first names and initials. Dates are
/// ISO `YYYY-MM-DD`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PupilDetails {
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub date_of_birth: Option<String>,
    #[serde(default)]
    pub year_group: Option<YearGroup>,
    /// The Unique Pupil Number from the school's MIS.
    #[serde(default)]
    pub upn: Option<String>,
    #[serde(default)]
    pub admitted_on: Option<String>,
    #[serde(default)]
    pub leaving_on: Option<String>,
    /// The school the pupil is moving to, for sending their child protection file.
    #[serde(default)]
    pub leaving_to: Option<String>,
}

impl PupilDetails {
    pub fn is_empty(&self) -> bool {
        *self == PupilDetails::default()
    }
}

/// A date as school systems write it: `2016-09-04`, `04/09/2016` (UK order), `4/9/2016`,
/// `04-09-2016`, `04.09.2016`, with or without a time after it. The ISO date, or `None` if it is
/// not a real date.
pub fn parse_date(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (year, month, day) = if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else if c.len() == 4 {
        (num(c)?, num(b)?, num(a)?)
    } else {
        return None;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1900..=2200).contains(&year) || day == 0 || day > days {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

fn optional(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// Checks a pupil's details as typed or imported, with the message a person sees if not: names
/// trimmed, dates as ISO, the UPN in capitals.
pub fn check_details(details: &PupilDetails) -> Result<PupilDetails, String> {
    let last_name = match optional(&details.last_name) {
        Some(n) if n.chars().any(char::is_control) => {
            return Err("the last name contains control characters; retype it".into())
        }
        Some(n) if n.chars().count() > MAX_NAME_CHARS => {
            return Err(format!(
                "the last name is too long; the most is {MAX_NAME_CHARS} characters"
            ))
        }
        n => n.map(str::to_string),
    };
    let date = |what: &str, value: &Option<String>| -> Result<Option<String>, String> {
        optional(value)
            .map(|d| {
                parse_date(d).ok_or_else(|| {
                    format!("the {what} {d:?} is not a date Kite can read; write it as dd/mm/yyyy")
                })
            })
            .transpose()
    };
    let leaving_to = match optional(&details.leaving_to) {
        Some(n) if n.chars().any(char::is_control) => {
            return Err(
                "the school they are moving to contains control characters; retype it".into(),
            )
        }
        Some(n) if n.chars().count() > MAX_SCHOOL_CHARS => {
            return Err(format!(
            "the school they are moving to is too long; the most is {MAX_SCHOOL_CHARS} characters"
        ))
        }
        n => n.map(str::to_string),
    };
    let upn = match optional(&details.upn) {
        Some(u) => {
            let u = u.to_uppercase();
            if u.chars().count() != 13 || !u.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(format!(
                    "the UPN {u:?} should be 13 letters and digits, as the school's MIS shows it"
                ));
            }
            Some(u)
        }
        None => None,
    };
    let checked = PupilDetails {
        last_name,
        date_of_birth: date("date of birth", &details.date_of_birth)?,
        year_group: details.year_group,
        upn,
        admitted_on: date("admission date", &details.admitted_on)?,
        leaving_on: date("leaving date", &details.leaving_on)?,
        leaving_to,
    };
    if let (Some(from), Some(to)) = (&checked.admitted_on, &checked.leaving_on) {
        if to < from {
            return Err("the leaving date is before the admission date".into());
        }
    }
    Ok(checked)
}

/// A child's part in a record: the same choice the concern form offers.
pub use crate::concern::Involvement;

/// `GET /api/v1/staff/pupils/{id}/details`: one pupil's details, for the edit form.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PupilDetailsPage {
    pub id: i64,
    pub first_name: String,
    pub last_initial: String,
    pub class_id: i64,
    pub class_name: String,
    pub details: PupilDetails,
}

/// `GET /api/v1/staff/pupils?q=`: a pupil found by a few letters of their name.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PupilHit {
    pub id: i64,
    /// First name and last name, or last-name initial when no last name is kept.
    pub name: String,
    pub class_name: String,
    pub year_group: Option<YearGroup>,
    /// No longer on a class list.
    pub left: bool,
}

/// Who a record is about, as its page shows it to the DSL.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedPupil {
    pub pupil_id: i64,
    pub name: String,
    pub class_name: String,
    pub involvement: Involvement,
    pub linked_at_ms: i64,
    pub linked_by: String,
    /// Why the DSL linked it; `None` for a child named when the concern was written.
    pub reason: Option<String>,
}

/// `POST /api/v1/staff/reports/{id}/pupils`: link a record to a child.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkPupil {
    pub pupil_id: i64,
    pub involvement: Involvement,
    /// Required: why this record is about this child.
    pub reason: String,
}

/// One entry of a record's own chronology, as a child's chronology shows it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordEvent {
    pub id: i64,
    pub at_ms: i64,
    pub by: String,
    /// `action`, `status`, `category`, `correction`, `closed`, …
    pub kind: String,
    pub action_type: Option<ActionType>,
    pub detail: String,
    /// An action's owner.
    pub owner: Option<String>,
    /// An action's due date (`YYYY-MM-DD`).
    pub due_on: Option<String>,
    /// The entry this one completes or corrects.
    pub refers_to: Option<i64>,
}

/// A referral made about a record.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordReferral {
    /// `social_care`, `police`, `ceop`, `early_help`, `lado`, `prevent` or `other`.
    pub agency: String,
    pub agency_detail: Option<String>,
    pub referred_on: String,
    pub reference: Option<String>,
    pub result: Option<String>,
    pub recorded_by: String,
    pub recorded_at_ms: i64,
}

/// Whether this child's parents were told about a record.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordParentsInformed {
    pub informed: bool,
    pub who: Option<String>,
    pub how: Option<String>,
    pub informed_on: Option<String>,
    pub why_not: Option<String>,
    pub recorded_by: String,
    pub recorded_at_ms: i64,
}

/// A record linked to the child, with only this child's part in it: never another child's name.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChronologyRecord {
    pub report_id: String,
    /// `pupil` (a pupil's report from a tablet), `parent` (a parent's concern) or `staff` (a
    /// concern an adult in school wrote).
    pub source: String,
    pub received_at_ms: i64,
    /// When the writer says it happened, if they said.
    pub happened_at_ms: Option<i64>,
    pub urgent: bool,
    /// What happened, as the record's kind (`saw_something_upsetting`, …); its words are on the
    /// record's own page.
    pub what: String,
    pub category: Option<Category>,
    pub status: Status,
    pub outcome: Option<Outcome>,
    pub outcome_reason: Option<String>,
    pub not_referred_reason: Option<String>,
    /// The staff member who wrote a staff concern.
    pub written_by: Option<String>,
    /// How a staff concern came to light (`monitoring_alert`, `child_told_me`…: the keys of
    /// `concern::CameToLight::key`), so an alert the DSL acted on shows as one.
    #[serde(default)]
    pub came_to_light: Option<String>,
    pub involvement: Involvement,
    pub linked_at_ms: i64,
    pub linked_by: String,
    pub link_reason: Option<String>,
    /// The record is about other children too. What the school typed on it (notes, reasons,
    /// who told the parents) may name them, so it stays on the record's own page; the
    /// chronology shows what was done, by whom and when.
    #[serde(default)]
    pub shared: bool,
    pub events: Vec<RecordEvent>,
    pub referrals: Vec<RecordReferral>,
    pub parents_informed: Vec<RecordParentsInformed>,
    /// What was written when the record was made, in its writer's words: a child protection
    /// file sent to a new school must carry the account itself, not only what was done about
    /// it. `None` on a record about other children too, whose words may name them.
    #[serde(default)]
    pub account: Option<RecordAccount>,
}

/// The words a record was made with, by who made it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum RecordAccount {
    /// A pupil's report from a tablet: their answers and anything they wrote.
    Pupil {
        place: Option<crate::report::Place>,
        feeling: Option<crate::report::Feeling>,
        words: Option<String>,
        web_address: Option<String>,
        /// The child drew a picture; it is on the record's own page.
        drew: bool,
    },
    /// A parent's concern, as they wrote it.
    Parent { text: String },
    /// A concern an adult in school wrote.
    Staff {
        place: Option<String>,
        what_happened: String,
        child_words: Option<String>,
        action_taken: Option<String>,
    },
    /// What was stored could not be read as its kind of record. The child's chronology still
    /// opens, and says so, rather than failing for every record because of one.
    Unreadable,
}

/// One line of a child's chronology.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChronologyEntry {
    /// A record about the child: a staff concern, a pupil's report or a parent's concern.
    Record {
        at_ms: i64,
        record: Box<ChronologyRecord>,
    },
    /// The child signed the pupils' Acceptable Use Policy on a tablet.
    AupSigned { at_ms: i64, version: i64 },
    /// A parent or carer co-signed the child's AUP and the home-school agreement.
    ParentCoSigned { at_ms: i64, parent_name: String },
    /// One of the school's own agreements (a laptop agreement, say) was signed: by the child on
    /// a tablet (`parent_name` is `None`), or by a parent for this child.
    OwnAgreementSigned {
        at_ms: i64,
        name: String,
        version: i64,
        parent_name: Option<String>,
    },
    /// A consent was given or withdrawn, online or on a paper form staff recorded.
    PhotoConsent {
        at_ms: i64,
        /// The use's key (`website`, `social_media`, …).
        photo_use: String,
        /// The use's name, retired or not.
        use_name: String,
        granted: bool,
        given_by: String,
    },
    /// A lesson the child's class was taught (or did on a tablet), at its latest.
    Lesson {
        at_ms: i64,
        lesson_id: String,
        times: u32,
        taught_by_teacher: bool,
    },
}

impl ChronologyEntry {
    pub fn at_ms(&self) -> i64 {
        match self {
            ChronologyEntry::Record { at_ms, .. }
            | ChronologyEntry::AupSigned { at_ms, .. }
            | ChronologyEntry::ParentCoSigned { at_ms, .. }
            | ChronologyEntry::OwnAgreementSigned { at_ms, .. }
            | ChronologyEntry::PhotoConsent { at_ms, .. }
            | ChronologyEntry::Lesson { at_ms, .. } => *at_ms,
        }
    }
}

/// `GET /api/v1/staff/pupils/{id}/record`: one child's details and chronology, for the DSL.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PupilRecordPage {
    pub id: i64,
    pub first_name: String,
    pub last_initial: String,
    pub class_id: i64,
    pub class_name: String,
    pub left_at_ms: Option<i64>,
    pub details: PupilDetails,
    /// For the printed copy's heading.
    pub school_name: String,
    /// Newest first unless `?order=oldest` was asked for.
    pub chronology: Vec<ChronologyEntry>,
    /// The child protection file sent on, its receipt, or a file received from another school,
    /// oldest first.
    #[serde(default)]
    pub file_transfers: Vec<crate::file_transfer::FileTransfer>,
}

/// `POST /api/v1/staff/pupils/{id}/record/printed`: who printed it and when, for the printed
/// copy's footer.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordPrinted {
    pub printed_by: String,
    pub printed_at_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_groups_as_school_systems_write_them() {
        for (text, year) in [
            ("R", YearGroup::Reception),
            ("Reception", YearGroup::Reception),
            ("YR", YearGroup::Reception),
            ("Year R", YearGroup::Reception),
            ("N1", YearGroup::Nursery),
            ("N2", YearGroup::Nursery),
            ("Nursery", YearGroup::Nursery),
            ("Year 3", YearGroup::Y3),
            ("3", YearGroup::Y3),
            ("Y6", YearGroup::Y6),
            ("NC Year 1", YearGroup::Y1),
            ("y2", YearGroup::Y2),
        ] {
            assert_eq!(YearGroup::parse(text), Some(year), "{text}");
        }
        assert_eq!(YearGroup::parse("Year 9"), None);
        assert_eq!(YearGroup::parse(""), None);
        assert_eq!(YearGroup::Y4.band(), Band::Ks2);
    }

    #[test]
    fn dates_in_uk_order_and_iso() {
        assert_eq!(parse_date("04/09/2016").as_deref(), Some("2016-09-04"));
        assert_eq!(parse_date("4/9/2016").as_deref(), Some("2016-09-04"));
        assert_eq!(parse_date("2016-09-04").as_deref(), Some("2016-09-04"));
        assert_eq!(
            parse_date("04/09/2016 00:00:00").as_deref(),
            Some("2016-09-04")
        );
        assert_eq!(parse_date("29/02/2016").as_deref(), Some("2016-02-29"));
        assert_eq!(parse_date("29/02/2017"), None);
        assert_eq!(parse_date("31/04/2016"), None);
        assert_eq!(parse_date("04/09/16"), None);
        assert_eq!(parse_date("soon"), None);
    }

    #[test]
    fn details_are_checked_with_plain_messages() {
        let ok = check_details(&PupilDetails {
            last_name: Some("  Brown ".into()),
            date_of_birth: Some("04/09/2016".into()),
            upn: Some("a123456789012".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.last_name.as_deref(), Some("Brown"));
        assert_eq!(ok.date_of_birth.as_deref(), Some("2016-09-04"));
        assert_eq!(ok.upn.as_deref(), Some("A123456789012"));
        let bad = |d: PupilDetails| check_details(&d).unwrap_err();
        assert!(bad(PupilDetails {
            date_of_birth: Some("31/02/2016".into()),
            ..Default::default()
        })
        .contains("date of birth"));
        assert!(bad(PupilDetails {
            upn: Some("12".into()),
            ..Default::default()
        })
        .contains("13"));
        assert!(bad(PupilDetails {
            admitted_on: Some("2020-09-01".into()),
            leaving_on: Some("2019-07-20".into()),
            ..Default::default()
        })
        .contains("before"));
        // Blank boxes are no value, not a bad one.
        assert!(check_details(&PupilDetails {
            last_name: Some("  ".into()),
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    }
}
