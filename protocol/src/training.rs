//! The training register: every adult in school (a Kite account, or just a name for someone
//! without a sign-in), the safeguarding training each has done, and the documents staff confirm
//! they have read. The kinds of training and how often each is renewed are written here, once,
//! so the server's due dates, the app's labels and the governors' percentages agree.

use serde::{Deserialize, Serialize};

/// How long a kind of training lasts before it is due again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renewal {
    /// Done once (induction).
    Once,
    /// Due this many months after it was done.
    Months(u8),
    /// Due by the end of September of the next school year: the statutory guidance changes each
    /// September, so everyone reads the new Part 1 at the start of each year.
    EachSeptember,
}

/// A kind of training, in our words.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum TrainingKind {
    /// Induction, including who holds the filtering and monitoring roles and what to do.
    Induction,
    /// Safeguarding and child protection training.
    Safeguarding,
    /// Online-safety training.
    OnlineSafety,
    /// The annual safeguarding update.
    AnnualUpdate,
    /// Read Part 1 of Keeping Children Safe in Education.
    #[serde(rename = "kcsie-part-1")]
    KcsiePart1,
    /// Prevent duty training.
    Prevent,
    /// DSL training (DSLs and deputies only).
    DslTraining,
}

impl TrainingKind {
    pub const ALL: [TrainingKind; 7] = [
        TrainingKind::Induction,
        TrainingKind::Safeguarding,
        TrainingKind::OnlineSafety,
        TrainingKind::AnnualUpdate,
        TrainingKind::KcsiePart1,
        TrainingKind::Prevent,
        TrainingKind::DslTraining,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TrainingKind::Induction => "induction",
            TrainingKind::Safeguarding => "safeguarding",
            TrainingKind::OnlineSafety => "online-safety",
            TrainingKind::AnnualUpdate => "annual-update",
            TrainingKind::KcsiePart1 => "kcsie-part-1",
            TrainingKind::Prevent => "prevent",
            TrainingKind::DslTraining => "dsl-training",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            TrainingKind::Induction => "Induction (with filtering and monitoring roles)",
            TrainingKind::Safeguarding => "Safeguarding and child protection",
            TrainingKind::OnlineSafety => "Online safety",
            TrainingKind::AnnualUpdate => "Annual safeguarding update",
            TrainingKind::KcsiePart1 => "Read KCSIE Part 1",
            TrainingKind::Prevent => "Prevent",
            TrainingKind::DslTraining => "DSL training",
        }
    }

    /// A column heading for the register's table.
    pub fn short_label(self) -> &'static str {
        match self {
            TrainingKind::Induction => "Induction",
            TrainingKind::Safeguarding => "Safeguarding",
            TrainingKind::OnlineSafety => "Online safety",
            TrainingKind::AnnualUpdate => "Annual update",
            TrainingKind::KcsiePart1 => "KCSIE Part 1",
            TrainingKind::Prevent => "Prevent",
            TrainingKind::DslTraining => "DSL training",
        }
    }

    /// How often it is renewed. Whole-staff safeguarding and online-safety training every three
    /// years, with the annual update in between; Prevent and DSL training every two years;
    /// KCSIE Part 1 read again each September; induction once.
    pub fn renewal(self) -> Renewal {
        match self {
            TrainingKind::Induction => Renewal::Once,
            TrainingKind::Safeguarding | TrainingKind::OnlineSafety => Renewal::Months(36),
            TrainingKind::AnnualUpdate => Renewal::Months(12),
            TrainingKind::KcsiePart1 => Renewal::EachSeptember,
            TrainingKind::Prevent | TrainingKind::DslTraining => Renewal::Months(24),
        }
    }

    /// The renewal rule in words, for the register's key.
    pub fn renewal_text(self) -> String {
        match self.renewal() {
            Renewal::Once => "once, when they start".into(),
            Renewal::Months(12) => "every year".into(),
            Renewal::Months(m) if m % 12 == 0 => format!("every {} years", m / 12),
            Renewal::Months(m) => format!("every {m} months"),
            Renewal::EachSeptember => "each school year, by the end of September".into(),
        }
    }

    /// Whether someone in this role needs it: DSL training is for DSLs (and deputies) only.
    pub fn needed_by_dsl_only(self) -> bool {
        self == TrainingKind::DslTraining
    }
}

/// Where someone stands on one kind of training.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum TrainingState {
    UpToDate,
    /// Due within the next month.
    DueSoon,
    Overdue,
    /// Needed and never recorded.
    NotRecorded,
    /// Not needed in their role, and none recorded.
    NotNeeded,
}

/// Who a record or a line of the register is about: a Kite account or a person without one.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    /// A Kite staff account's id.
    #[serde(default)]
    pub staff_id: Option<i64>,
    /// An adult without a sign-in (added to the register by name).
    #[serde(default)]
    pub person_id: Option<i64>,
}

/// One kind of training for one person.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingLine {
    pub kind: TrainingKind,
    pub state: TrainingState,
    /// The day it was last done (ISO), as last recorded (a correction replaces a wrong date).
    pub completed_on: Option<String>,
    /// When it is next due (ISO); none for induction once done.
    pub due_on: Option<String>,
    #[serde(default)]
    pub provider: String,
    /// The record shown, which a correction names as the one it replaces.
    #[serde(default)]
    pub record_id: Option<i64>,
    /// The certificate attached to the record shown, if any (a training file's id).
    #[serde(default)]
    pub certificate_file: Option<i64>,
}

/// A document the person has confirmed reading (the version they confirmed).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadLine {
    pub document_id: i64,
    /// Unix ms of the confirmation; none if they have not confirmed the current version.
    pub confirmed_at_ms: Option<i64>,
}

/// One adult on the register.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterPerson {
    pub who: PersonRef,
    pub name: String,
    /// Their Kite role ("DSL", "Teacher"…) or the job title given for someone without a sign-in.
    pub role: String,
    pub training: Vec<TrainingLine>,
    pub read: Vec<ReadLine>,
}

/// A kind of training and its renewal rule, for the register's key.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindRule {
    pub kind: TrainingKind,
    pub label: String,
    pub renewal: String,
}

/// A published document, current version.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadingDocument {
    pub id: i64,
    pub title: String,
    /// Its web address; empty when it was uploaded as a PDF.
    pub link: String,
    /// 1 for the first publication, 2 after a new version…
    pub version: i64,
    pub published_at_ms: i64,
    /// The uploaded PDF (a training file's id), when it isn't a link.
    #[serde(default)]
    pub file_id: Option<i64>,
}

impl ReadingDocument {
    /// Where staff open it: its link, or the server's copy of its PDF (which any member of
    /// staff may read).
    pub fn href(&self) -> String {
        match self.file_id {
            Some(_) => format!("/api/v1/staff/training/documents/{}/file", self.id),
            None => self.link.clone(),
        }
    }
}

/// `GET /api/v1/staff/training`: the whole register.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingRegister {
    /// Today, as the due dates were worked out (ISO).
    pub today: String,
    pub kinds: Vec<KindRule>,
    pub documents: Vec<ReadingDocument>,
    pub people: Vec<RegisterPerson>,
}

/// One thing due or overdue, for the DSL's and the admin's home.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueItem {
    pub name: String,
    pub kind: TrainingKind,
    pub state: TrainingState,
    pub due_on: Option<String>,
}

/// `GET /api/v1/staff/training/due`: what is overdue (or never recorded) and what falls due in
/// the next month.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingDue {
    pub overdue: Vec<DueItem>,
    pub due_soon: Vec<DueItem>,
}

/// `POST /api/v1/staff/training/people`: an adult without a Kite sign-in.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPerson {
    pub name: String,
    /// Their job ("Lunchtime supervisor", "Volunteer reader").
    pub role: String,
}

/// `POST /api/v1/staff/training/records`: training done. A correction names the record it
/// replaces; the earlier record is kept.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTrainingRecord {
    pub who: PersonRef,
    pub kind: TrainingKind,
    /// The day it was done (ISO, `2026-09-03`).
    pub completed_on: String,
    #[serde(default)]
    pub provider: String,
    #[serde(default)]
    pub notes: String,
    /// The record this corrects (a wrong date, the wrong kind of course): it stays, and this one
    /// is shown instead.
    #[serde(default)]
    pub replaces: Option<i64>,
    /// A certificate for it, uploaded first to `POST /staff/training/files`.
    #[serde(default)]
    pub certificate_file: Option<i64>,
}

/// `POST /api/v1/staff/training/documents`: a document for staff to read. Naming an earlier
/// document publishes a new version of it, which everyone confirms again. It is either a link
/// or a PDF uploaded first to `POST /staff/training/files`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDocument {
    pub title: String,
    /// Where it is read (`https://…`); empty when `file_id` is given.
    #[serde(default)]
    pub link: String,
    /// The uploaded PDF.
    #[serde(default)]
    pub file_id: Option<i64>,
    /// The document this is a new version of.
    #[serde(default)]
    pub replaces: Option<i64>,
    /// Reading it counts as this training (KCSIE Part 1), recorded when someone confirms.
    #[serde(default)]
    pub counts_as: Option<TrainingKind>,
}

/// A document as one staff member sees it on their own page.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyReading {
    pub document: ReadingDocument,
    pub confirmed_at_ms: Option<i64>,
}

/// `POST /api/v1/staff/training/reading`: "I have read" this document (its current version).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmReading {
    pub document_id: i64,
}

/// One kind's completion for the governors: the share of the adults who need it who are up to
/// date (done and not yet due again).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingCompletion {
    pub kind: TrainingKind,
    pub label: String,
    pub people: u32,
    pub up_to_date: u32,
    /// Rounded down, so 99.6% never reads as everyone; none when nobody needs it.
    pub percent: Option<u8>,
}

impl TrainingCompletion {
    pub fn new(kind: TrainingKind, people: u32, up_to_date: u32) -> Self {
        Self {
            kind,
            label: kind.label().into(),
            people,
            up_to_date,
            percent: (people > 0).then(|| (u64::from(up_to_date) * 100 / u64::from(people)) as u8),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_rules_read_plainly() {
        for k in TrainingKind::ALL {
            assert_eq!(TrainingKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
        assert_eq!(TrainingKind::AnnualUpdate.renewal_text(), "every year");
        assert_eq!(TrainingKind::DslTraining.renewal_text(), "every 2 years");
    }

    #[test]
    fn percentages_round_down_and_nobody_is_none() {
        assert_eq!(
            TrainingCompletion::new(TrainingKind::Prevent, 3, 2).percent,
            Some(66)
        );
        assert_eq!(
            TrainingCompletion::new(TrainingKind::Prevent, 0, 0).percent,
            None
        );
        assert_eq!(
            TrainingCompletion::new(TrainingKind::Prevent, 250, 249).percent,
            Some(99)
        );
    }
}
