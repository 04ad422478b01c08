//! Parents (issue 6): per-child codes from the school's letters, parents' sessions, co-signatures,
//! photo consent and concerns. A separate trait from [`super::Storage`]; every store implements
//! both.

use async_trait::async_trait;
use kite_protocol::consent::{PhotoConsent, PhotoUse};
use kite_protocol::Band;

use super::Result;

/// A class, for the letters and the parents' page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassInfo {
    pub id: i64,
    pub name: String,
    pub band: Band,
}

/// The child a parent's session is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub pupil_id: i64,
    pub first_name: String,
    pub last_initial: String,
    pub class: ClassInfo,
}

/// What a typed code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeLookup {
    /// A live code, for this pupil.
    Active(i64),
    /// The school printed a newer letter for this child (or the child has left).
    Replaced,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentSession {
    pub pupil_id: i64,
    pub csrf_token: String,
    pub created_at_ms: i64,
    pub last_seen_ms: i64,
}

/// A co-signature as stored, with the version numbers it signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCoSignature {
    pub pupil_version_id: i64,
    pub home_school_version_id: i64,
    pub pupil_version: u32,
    pub home_school_version: u32,
    pub parent_name: String,
    pub signed_at_ms: i64,
}

#[async_trait]
pub trait ParentStore: Send + Sync {
    /// Stores new codes (their hashes) for these pupils in one transaction; each pupil's older
    /// codes are revoked and the parents' sessions opened with them end.
    async fn replace_parent_codes(
        &self,
        codes: &[(i64, Vec<u8>)],
        created_by: i64,
        now_ms: i64,
    ) -> Result<()>;
    async fn lookup_parent_code(&self, code_sha256: &[u8]) -> Result<CodeLookup>;

    async fn create_parent_session(
        &self,
        id_sha256: &[u8],
        pupil_id: i64,
        csrf_token: &str,
        now_ms: i64,
    ) -> Result<()>;
    async fn parent_session(&self, id_sha256: &[u8]) -> Result<Option<ParentSession>>;
    async fn touch_parent_session(&self, id_sha256: &[u8], now_ms: i64) -> Result<()>;
    async fn delete_parent_session(&self, id_sha256: &[u8]) -> Result<()>;
    /// Removes sessions idle since `idle_before_ms` or started before `started_before_ms`.
    async fn delete_expired_parent_sessions(
        &self,
        idle_before_ms: i64,
        started_before_ms: i64,
    ) -> Result<u64>;

    /// The pupil with their class, unless they have left.
    async fn child(&self, pupil_id: i64) -> Result<Option<Child>>;
    /// The newest version of an agreement kind (`pupil`, `home_school`, …).
    async fn latest_cosignature(&self, pupil_id: i64) -> Result<Option<StoredCoSignature>>;
    async fn add_cosignature(
        &self,
        pupil_id: i64,
        pupil_version_id: i64,
        home_school_version_id: i64,
        parent_name: &str,
        now_ms: i64,
    ) -> Result<()>;
    /// Newest row per use.
    async fn photo_consent(&self, pupil_id: i64) -> Result<PhotoConsent>;
    async fn add_photo_consent(
        &self,
        pupil_id: i64,
        photo_use: PhotoUse,
        granted: bool,
        given_by: &str,
        now_ms: i64,
    ) -> Result<()>;

    /// A parent's concern into the DSL's inbox: a `reports` row with source `parent` and no
    /// tablet. `payload` is a `ParentConcern`'s JSON.
    async fn store_parent_concern(
        &self,
        id: uuid::Uuid,
        urgent: bool,
        payload: &str,
        received_at_ms: i64,
    ) -> Result<()>;
}
