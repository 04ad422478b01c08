//! Classes, pupils, agreements and signatures (issue 6): what the Acceptable Use register is
//! made of. A separate trait from [`super::Storage`] so this part of the schema reads on its own;
//! every store implements both.

use async_trait::async_trait;
use kite_protocol::agreement::AgreementKind;
use kite_protocol::classes::PupilName;
use kite_protocol::consent::PhotoConsent;
use kite_protocol::register::Signed;
use kite_protocol::Band;
use uuid::Uuid;

use super::{Result, Written};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRecord {
    pub id: i64,
    pub name: String,
    pub band: Band,
    /// (staff id, name)
    pub teachers: Vec<(i64, String)>,
    /// Pupils who haven't left.
    pub pupils: u32,
}

impl ClassRecord {
    pub fn taught_by(&self, staff_id: i64) -> bool {
        self.teachers.iter().any(|(id, _)| *id == staff_id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PupilRecord {
    pub id: i64,
    pub class_id: i64,
    pub first_name: String,
    pub last_initial: String,
    pub symbol: String,
    pub left_at_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementVersionRecord {
    pub id: i64,
    pub kind: AgreementKind,
    pub version: u32,
    /// JSON in the shape of `kite_protocol::agreement::AgreementContent`.
    pub content: String,
    pub summary: String,
    pub published_at_ms: i64,
    pub published_by: Option<String>,
}

/// A validated pupil signature from a kiosk, ready to be written.
#[derive(Debug, Clone)]
pub struct NewPupilSignature {
    /// The tablet's idempotency key.
    pub id: Uuid,
    pub pupil_id: i64,
    pub version_id: i64,
    pub mark_kind: &'static str,
    pub mark: String,
    pub signed_at_ms: i64,
}

/// One pupil's line in the register, before it is measured against the current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterData {
    pub pupil: PupilRecord,
    /// Latest pupil signature, of any version.
    pub pupil_signed: Option<Signed>,
    /// Latest parent co-signature: the pupil AUP and home-school version numbers signed.
    pub parent_signed: Option<(Signed, u32)>,
    pub photo_consent: PhotoConsent,
}

#[async_trait]
pub trait PupilStore: Send + Sync {
    // --- classes ---
    /// `None` when a class of that name (ignoring case) already exists.
    async fn create_class(&self, name: &str, band: Band, now_ms: i64) -> Result<Option<i64>>;
    async fn list_classes(&self) -> Result<Vec<ClassRecord>>;
    async fn class(&self, id: i64) -> Result<Option<ClassRecord>>;
    /// Found without regard to case.
    async fn class_by_name(&self, name: &str) -> Result<Option<ClassRecord>>;
    async fn set_class_teachers(&self, class_id: i64, staff_ids: &[i64]) -> Result<()>;
    async fn add_class_teacher(&self, class_id: i64, staff_id: i64) -> Result<()>;

    // --- pupils ---
    /// Adds pupils to a class in one transaction, giving each a symbol that differs from their
    /// classmates'. Per name in order: the new id, or `None` when that pupil is already on the list.
    async fn add_pupils(
        &self,
        class_id: i64,
        names: &[PupilName],
        now_ms: i64,
    ) -> Result<Vec<Option<i64>>>;
    /// Pupils on the class list now, by first name.
    async fn class_pupils(&self, class_id: i64) -> Result<Vec<PupilRecord>>;
    async fn pupil(&self, id: i64) -> Result<Option<PupilRecord>>;
    /// True when the pupil was on a class list and now isn't.
    async fn mark_pupil_left(&self, id: i64, now_ms: i64) -> Result<bool>;

    // --- agreements ---
    async fn current_agreement(
        &self,
        kind: AgreementKind,
    ) -> Result<Option<AgreementVersionRecord>>;
    async fn agreement_version(&self, id: i64) -> Result<Option<AgreementVersionRecord>>;
    /// Newest first.
    async fn agreement_versions(&self, kind: AgreementKind) -> Result<Vec<AgreementVersionRecord>>;
    /// Publishes the next version number of `kind` and returns it.
    async fn publish_agreement(
        &self,
        kind: AgreementKind,
        content_json: &str,
        summary: &str,
        published_by: Option<i64>,
        now_ms: i64,
    ) -> Result<AgreementVersionRecord>;

    // --- signatures ---
    /// Writes pupil signatures in one durable transaction; per signature, new or already there.
    async fn store_pupil_signatures(
        &self,
        device_id: i64,
        received_at_ms: i64,
        signatures: &[NewPupilSignature],
    ) -> Result<Vec<Written>>;
    /// Pupils of a class (not left) with the ids of pupil-AUP versions each has signed.
    async fn signed_version_ids(&self, class_id: i64) -> Result<Vec<(i64, Vec<i64>)>>;
    /// The register's raw lines for a class's current pupils.
    async fn register_data(&self, class_id: i64) -> Result<Vec<RegisterData>>;

    // --- staff AUPs ---
    async fn staff_agreement_kind(&self, staff_id: i64) -> Result<AgreementKind>;
    async fn set_staff_agreement_kind(&self, staff_id: i64, kind: AgreementKind) -> Result<()>;
    /// When this person signed this version, if they have.
    async fn staff_signed_at(&self, staff_id: i64, version_id: i64) -> Result<Option<i64>>;
    /// False when they had already signed it.
    async fn sign_staff_agreement(
        &self,
        staff_id: i64,
        version_id: i64,
        signed_name: &str,
        now_ms: i64,
    ) -> Result<bool>;

    // --- settings ---
    async fn aup_before_lessons(&self) -> Result<bool>;
    async fn set_aup_before_lessons(&self, on: bool) -> Result<()>;
}
