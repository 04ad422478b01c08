//! The staff API (`/api/v1/staff/…`): accounts, the DSL's incident inbox, kiosk enrolment and
//! the audit trail. Shared so the app's staff screens and the server agree on every field.

use serde::{Deserialize, Serialize};

use crate::report::Report;

/// What a staff account may do. DSL covers deputy DSLs.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Dsl,
    Teacher,
    Admin,
    /// A governor: signs the governor AUP and reads the governors' report (anonymised,
    /// suppressed counts). Sees no pupil, class or report.
    Governor,
    /// The trust (several schools on one server): signs in at the trust's host and reads only
    /// the trust overview of anonymised, suppressed counts. Made only on the command line.
    Trust,
    /// Everyone else in school (teaching assistants, office, lunchtime and club staff,
    /// volunteers): signs their AUP and logs concerns; sees no class, pupil list or record.
    Staff,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Dsl,
        Role::Teacher,
        Role::Admin,
        Role::Governor,
        Role::Trust,
        Role::Staff,
    ];

    /// Works with pupils' records (classes, registers): DSLs, teachers and admins; not
    /// governors, the trust or other staff.
    pub fn works_with_pupils(self) -> bool {
        matches!(self, Role::Dsl | Role::Teacher | Role::Admin)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Dsl => "dsl",
            Role::Teacher => "teacher",
            Role::Admin => "admin",
            Role::Governor => "governor",
            Role::Trust => "trust",
            Role::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Dsl => "DSL / deputy DSL",
            Role::Teacher => "Teacher",
            Role::Admin => "Admin / ICT lead",
            Role::Governor => "Governor",
            Role::Trust => "Trust (anonymised counts only)",
            Role::Staff => "Staff (teaching assistant, office, lunchtime, volunteer)",
        }
    }

    /// May log a concern about any pupil: everyone who works in school; not governors or the
    /// trust.
    pub fn logs_concerns(self) -> bool {
        matches!(self, Role::Dsl | Role::Teacher | Role::Admin | Role::Staff)
    }

    /// Must use two-step sign-in whatever the school chooses: the accounts that read
    /// safeguarding records (DSLs), manage accounts (admins) or see across schools (the trust).
    pub fn two_step_always_required(self) -> bool {
        matches!(self, Role::Dsl | Role::Admin | Role::Trust)
    }

    /// Must use two-step sign-in when the school requires it for teachers (and other staff).
    pub fn two_step_school_choice(self) -> bool {
        matches!(self, Role::Teacher | Role::Staff)
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    /// The 6-digit code from an authenticator app, for accounts with two-step sign-in; or, for
    /// a lost phone, one of the account's unused recovery codes (`ABCDE-FGHJK`, the dash and
    /// case optional), which then can't be used again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp_code: Option<String>,
}

/// `POST /api/v1/staff/unlock`: the password of the signed-in account, to go on with a session
/// whose screen locked after a while without use.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnlockRequest {
    pub password: String,
}

/// `GET /api/v1/staff/me` and the answer to a login: who is signed in, and the token every
/// state-changing request must carry in `X-CSRF-Token`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub csrf_token: String,
    /// Two-step sign-in is on for this account.
    #[serde(default)]
    pub totp_enabled: bool,
    /// This account must use two-step sign-in (always for DSLs, admins and trust accounts; for
    /// others when the school asks). Until it is on, the session can only set it up.
    #[serde(default)]
    pub totp_required: bool,
    /// This account is the head teacher's (or a co-head's): only they authorise filter changes.
    #[serde(default)]
    pub is_head: bool,
    /// This governor is the chair of governors: concerns about the head go to them.
    #[serde(default)]
    pub is_chair: bool,
}

/// `POST /api/v1/staff/totp/setup`: a new secret to type into an authenticator app. Two-step
/// sign-in is on only after `POST /api/v1/staff/totp/enable` with a code from the app.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpSetup {
    pub secret: String,
    pub otpauth_uri: String,
    /// The `otpauth_uri` as a QR code, an SVG drawn by the server (no third party sees the
    /// secret, and the app needs no QR code library).
    #[serde(default)]
    pub qr_svg: String,
}

/// Setting up two-step sign-in (or making new recovery codes) needs the current password: a
/// session left open on a shared computer can't tie the account to someone else's phone.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordConfirm {
    pub password: String,
}

/// The answer to turning two-step sign-in on (and to making new recovery codes): one-time codes
/// for a lost phone, shown this once. The server keeps only a keyed hash of each.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpCode {
    pub code: String,
}

/// Turning two-step sign-in off needs the password.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpDisable {
    pub password: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// The shortest password the server accepts.
pub const MIN_PASSWORD_CHARS: usize = 10;

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Seen,
    InProgress,
    Closed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::New,
        Status::Seen,
        Status::InProgress,
        Status::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Seen => "seen",
            Status::InProgress => "in_progress",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::New => "New",
            Status::Seen => "Seen",
            Status::InProgress => "In progress",
            Status::Closed => "Closed",
        }
    }
}

/// The 4 Cs of online risk and the KCSIE categories a DSL files a concern under.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Content,
    Contact,
    Conduct,
    Commerce,
    Cyberbullying,
    Ypsi,
    GroomingExploitation,
    RadicalisationExtremism,
    OnlineHate,
    FilteringBreach,
    /// Taking a picture under someone's clothing: a crime, and sexual harassment.
    Upskirting,
    /// A pupil breaking our rules (the pupils' agreement) with a device or online.
    Misuse,
    Other,
}

impl Category {
    pub const ALL: [Category; 13] = [
        Category::Content,
        Category::Contact,
        Category::Conduct,
        Category::Commerce,
        Category::Cyberbullying,
        Category::Ypsi,
        Category::GroomingExploitation,
        Category::RadicalisationExtremism,
        Category::OnlineHate,
        Category::FilteringBreach,
        Category::Upskirting,
        Category::Misuse,
        Category::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Content => "content",
            Category::Contact => "contact",
            Category::Conduct => "conduct",
            Category::Commerce => "commerce",
            Category::Cyberbullying => "cyberbullying",
            Category::Ypsi => "ypsi",
            Category::GroomingExploitation => "grooming_exploitation",
            Category::RadicalisationExtremism => "radicalisation_extremism",
            Category::OnlineHate => "online_hate",
            Category::FilteringBreach => "filtering_breach",
            Category::Upskirting => "upskirting",
            Category::Misuse => "misuse",
            Category::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Content => "Content",
            Category::Contact => "Contact",
            Category::Conduct => "Conduct",
            Category::Commerce => "Commerce",
            Category::Cyberbullying => "Cyberbullying",
            Category::Ypsi => "Youth-produced sexual imagery",
            Category::GroomingExploitation => "Grooming / exploitation",
            Category::RadicalisationExtremism => "Radicalisation / extremism",
            Category::OnlineHate => "Online hate",
            Category::FilteringBreach => "Filtering breach",
            Category::Upskirting => "Upskirting",
            Category::Misuse => "Misuse by a pupil",
            Category::Other => "Other",
        }
    }
}

/// What the DSL did or decided.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionType {
    SpokeWithPupil,
    ParentsInformed,
    ReferredToPolice,
    Ceop,
    ChildrensServices,
    IwfReport,
    Lado,
    FilteringUpdated,
    NoFurtherAction,
    Other,
}

impl ActionType {
    pub const ALL: [ActionType; 10] = [
        ActionType::SpokeWithPupil,
        ActionType::ParentsInformed,
        ActionType::ReferredToPolice,
        ActionType::Ceop,
        ActionType::ChildrensServices,
        ActionType::IwfReport,
        ActionType::Lado,
        ActionType::FilteringUpdated,
        ActionType::NoFurtherAction,
        ActionType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionType::SpokeWithPupil => "spoke_with_pupil",
            ActionType::ParentsInformed => "parents_informed",
            ActionType::ReferredToPolice => "referred_to_police",
            ActionType::Ceop => "ceop",
            ActionType::ChildrensServices => "childrens_services",
            ActionType::IwfReport => "iwf_report",
            ActionType::Lado => "lado",
            ActionType::FilteringUpdated => "filtering_updated",
            ActionType::NoFurtherAction => "no_further_action",
            ActionType::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ActionType> {
        ActionType::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionType::SpokeWithPupil => "Spoke with the pupil",
            ActionType::ParentsInformed => "Parents / carers informed",
            ActionType::ReferredToPolice => "Referred to police",
            ActionType::Ceop => "CEOP report",
            ActionType::ChildrensServices => "Referred to children's services",
            ActionType::IwfReport => "IWF report",
            ActionType::Lado => "LADO consulted",
            ActionType::FilteringUpdated => "Filtering updated",
            ActionType::NoFurtherAction => "No further action",
            ActionType::Other => "Other",
        }
    }
}

/// How a report was closed. Closing needs one.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Resolved,
    ReferredOn,
    MonitoringInPlace,
    NoFurtherAction,
    /// Not genuine: made up, or sent by mistake. No one is blamed for it; a young child's
    /// anonymous report is often a test of whether anyone listens.
    MistakenOrNotGenuine,
    /// Real, but not about being online (a lost pencil, a playground falling-out).
    NotOnlineSafety,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Resolved,
        Outcome::ReferredOn,
        Outcome::MonitoringInPlace,
        Outcome::NoFurtherAction,
        Outcome::NotOnlineSafety,
        Outcome::MistakenOrNotGenuine,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::ReferredOn => "referred_on",
            Outcome::MonitoringInPlace => "monitoring_in_place",
            Outcome::NoFurtherAction => "no_further_action",
            Outcome::MistakenOrNotGenuine => "mistaken_or_not_genuine",
            Outcome::NotOnlineSafety => "not_online_safety",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Resolved => "Resolved in school",
            Outcome::ReferredOn => "Referred to another agency",
            Outcome::MonitoringInPlace => "Monitoring in place",
            Outcome::NoFurtherAction => "No further action",
            Outcome::MistakenOrNotGenuine => "Not genuine (no one is to blame)",
            Outcome::NotOnlineSafety => "Not an online-safety concern",
        }
    }

    /// Closed as not a safeguarding matter: counted apart in the governors' figures, and left
    /// out of what reports ask to be taught.
    pub fn is_not_a_concern(self) -> bool {
        matches!(
            self,
            Outcome::MistakenOrNotGenuine | Outcome::NotOnlineSafety
        )
    }
}

/// One row of the inbox: enough to triage by, nothing the pupil wrote.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRow {
    pub id: String,
    pub received_at_ms: i64,
    pub urgent: bool,
    pub what: String,
    pub status: Status,
    pub category: Option<Category>,
    pub device_name: String,
    /// Where it came from: a pupil, a parent or a member of staff.
    #[serde(default)]
    pub source: crate::record::RecordSource,
    /// The signed-in DSL hasn't opened it yet.
    #[serde(default)]
    pub unread: bool,
}

/// One page of the inbox, and how many records match in all (nothing is cut off unsaid).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportList {
    pub reports: Vec<ReportRow>,
    /// How many records match the filter, on every page.
    #[serde(default)]
    pub total: i64,
    /// This page, from 1.
    #[serde(default)]
    pub page: u32,
    #[serde(default)]
    pub per_page: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCount {
    pub new: i64,
    pub urgent_new: i64,
}

/// One entry in a report's chronology.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportEvent {
    /// The entry's id, for a later entry to refer to.
    #[serde(default)]
    pub id: i64,
    pub at_ms: i64,
    pub by: String,
    /// `status`, `category`, `action`, `action_done`, `correction`, `referral`, `parents`,
    /// `procedure` (a procedure started or one of its steps), `closed`.
    pub kind: String,
    pub action_type: Option<ActionType>,
    pub detail: String,
    /// Who owns an action.
    #[serde(default)]
    pub owner_id: Option<i64>,
    #[serde(default)]
    pub owner: Option<String>,
    /// When an action is due, `YYYY-MM-DD`.
    #[serde(default)]
    pub due_on: Option<String>,
    /// The entry this one completes or corrects; a correction with none corrects the original
    /// text.
    #[serde(default)]
    pub refers_to: Option<i64>,
}

/// A report's page: everything the pupil gave, and what the school has done since.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportDetail {
    pub id: String,
    pub received_at_ms: i64,
    pub urgent: bool,
    pub status: Status,
    pub category: Option<Category>,
    pub outcome: Option<Outcome>,
    pub device_name: String,
    /// Who the pupil would like to talk to, as a name (the trusted adult's, from the profile).
    pub talk_to: String,
    /// A pupil's report from a tablet; `None` for a parent's concern.
    #[serde(default)]
    pub report: Option<Report>,
    /// A parent's concern from the parents' page; `None` for a pupil's report. Exactly one of
    /// the two is set (the `source` of the stored row says which).
    #[serde(default)]
    pub parent_concern: Option<crate::parents::ParentConcern>,
    /// A concern an adult in school logged, with who wrote it; `None` for the other sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_concern: Option<crate::concern::StaffConcern>,
    pub chronology: Vec<ReportEvent>,
    /// The school's local safeguarding contacts, to hand while triaging.
    #[serde(default)]
    pub local_contacts: Vec<LocalContact>,
    // The record: where it came from, who has read it, referrals, parents told, why it closed.
    #[serde(default)]
    pub source: crate::record::RecordSource,
    /// The DSLs who have opened it, first read first.
    #[serde(default)]
    pub reads: Vec<crate::record::RecordRead>,
    #[serde(default)]
    pub referrals: Vec<crate::record::Referral>,
    #[serde(default)]
    pub parents_told: Vec<crate::record::ParentsTold>,
    /// Why it was closed as it was.
    #[serde(default)]
    pub outcome_reason: Option<String>,
    /// Why nobody was referred to, when nobody was.
    #[serde(default)]
    pub not_referred_reason: Option<String>,
    /// Who can own an action (staff who can sign in), for the action form.
    #[serde(default)]
    pub action_owners: Vec<crate::record::StaffName>,
    /// The children the record is about, each with their part in it.
    #[serde(default)]
    pub linked_pupils: Vec<crate::pupil_record::LinkedPupil>,
    /// On hold: kept whatever the retention period says, until a DSL lifts the hold.
    #[serde(default)]
    pub on_hold: bool,
    /// The child sent it without their name and asked for an answer (a picture code): the DSL
    /// may answer them (`POST /staff/reports/{id}/answer`).
    #[serde(default)]
    pub wants_answer: bool,
    /// The answers written to the child, oldest first, each with its second DSL's check.
    #[serde(default)]
    pub answers: Vec<crate::answer::ChildAnswerRow>,
}

/// `PATCH /api/v1/staff/reports/{id}`: any of these; closing needs an outcome, its reason and,
/// when no referral was recorded, why not.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Triage {
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// Anything more, when closing (optional).
    #[serde(default)]
    pub note: Option<String>,
    /// Why this decision, when closing (needed then).
    #[serde(default)]
    pub outcome_reason: Option<String>,
    /// Why it was not referred, when closing a record with no referral (needed then).
    #[serde(default)]
    pub not_referred_reason: Option<String>,
}

/// `POST /api/v1/staff/reports/{id}/actions`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAction {
    pub action_type: ActionType,
    /// What was done and why.
    pub detail: String,
    /// Who owns it (a member of staff); the DSL recording it when not given.
    #[serde(default)]
    pub owner_id: Option<i64>,
    /// When it is due, `YYYY-MM-DD` (optional).
    #[serde(default)]
    pub due_on: Option<String>,
}

pub const MAX_NOTE_CHARS: usize = 4000;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at_ms: i64,
    pub staff_email: String,
    pub action: String,
    pub report_id: Option<String>,
    pub detail: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffAccount {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub locked: bool,
    /// Two-step sign-in is on.
    #[serde(default)]
    pub totp_enabled: bool,
    /// Which AUP this account signs (staff, volunteer or governor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<crate::agreement::AgreementKind>,
    /// When they signed the current version of it; `None` until they do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement_signed_at_ms: Option<i64>,
    /// The head teacher (a school with co-heads flags each of them).
    #[serde(default)]
    pub is_head: bool,
    /// The chair of governors (a governor's account): concerns about the head go to them.
    #[serde(default)]
    pub is_chair: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewStaff {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceRow {
    pub id: i64,
    pub name: String,
    pub created_at_ms: i64,
    pub last_seen_ms: Option<i64>,
    pub revoked: bool,
}

/// Shown once to the admin who made it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolmentCode {
    pub code: String,
    pub expires_at_ms: i64,
}

/// `POST /api/v1/device/enrol`, from a tablet's /setup page.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolRequest {
    pub code: String,
    pub name: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolResponse {
    pub token: String,
}

/// Characters of an enrolment code: no 0/O, 1/I/L, so it can be read across a room.
pub const ENROLMENT_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const ENROLMENT_CODE_LEN: usize = 8;

/// Upper-cases and drops spaces and dashes, so "abcd-efgh" and "ABCD EFGH" are the same code.
pub fn normalise_enrolment_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// A local safeguarding contact (LADO, children's services front door, police non-emergency…),
/// shown to the DSL beside every report.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalContact {
    /// Who: e.g. "LADO", "Children's services (front door)".
    pub who: String,
    /// How to reach them: a phone number, an email or a web address.
    pub contact: String,
}

/// The school profile as an admin edits it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolProfileForm {
    pub name: String,
    pub idle_timeout_secs: u32,
    pub trusted_adults: Vec<crate::device::TrustedAdult>,
    #[serde(default)]
    pub local_contacts: Vec<LocalContact>,
    /// Months a closed report is kept; 0 means until the school decides, otherwise at least
    /// [`MIN_RETENTION_MONTHS`]. Only a DSL may shorten it.
    #[serde(default)]
    pub retention_months: u32,
    /// Teachers and other staff must set up two-step sign-in too (DSLs, admins and trust
    /// accounts always must).
    #[serde(default)]
    pub require_teacher_two_step: bool,
    /// Pupils sign the current pupil AUP on the kiosk before lessons start (never before telling
    /// an adult).
    #[serde(default)]
    pub aup_before_lessons: bool,
    /// Days an answer to an anonymous child can be seen, and its picture code used (between
    /// [`crate::answer::MIN_ANSWER_DAYS`] and [`crate::answer::MAX_ANSWER_DAYS`]). Only a DSL
    /// may change it.
    #[serde(default = "default_answer_days")]
    pub answer_days: u32,
    /// A second DSL checks each answer to a child before the child can see it. Only a DSL may
    /// change it.
    #[serde(default)]
    pub answer_needs_check: bool,
}

fn default_answer_days() -> u32 {
    crate::answer::DEFAULT_ANSWER_DAYS
}

/// The shortest retention period a school may set for closed safeguarding records: a record is
/// never deleted within a year of closing (a stored shorter period is read as this).
pub const MIN_RETENTION_MONTHS: u32 = 12;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_normalise_and_names_round_trip() {
        assert_eq!(normalise_enrolment_code(" abcd-ef gh\n"), "ABCDEFGH");
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for a in ActionType::ALL {
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
        for o in Outcome::ALL {
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
        }
        for r in Role::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
    }
}
