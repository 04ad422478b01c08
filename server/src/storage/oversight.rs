//! The raw figures behind the governors' report (issue 8) and the DSL's incident-log export.
//! Raw counts never leave the server as they are: `http::staff::governors` suppresses small
//! numbers before anything reaches a governor.

use async_trait::async_trait;

use super::Result;

/// One report of a period, reduced to what the figures need: no content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFacts {
    /// `None` until the DSL has categorised it.
    pub category: Option<String>,
    /// `eyfs` / `ks1` / `ks2`, when the tablet knew its band.
    pub band: Option<String>,
    pub urgent: bool,
    pub status: String,
    pub received_at_ms: i64,
    /// When the first thing was done about it (opened, triaged, an action), if anything has been.
    pub first_response_ms: Option<i64>,
}

/// The AUP register as a whole school, now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AupFigures {
    /// Pupils on roll (not marked as left).
    pub pupils: u32,
    pub pupils_signed_current: u32,
    pub parents_cosigned_current: u32,
    /// (photo use as stored, pupils whose newest answer for it is "given").
    pub photo_consent_given: Vec<(String, u32)>,
}

/// One report as the incident log export gives it. `payload` is the pupil's report JSON: the
/// export decides which of its fields to include.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub id: String,
    pub received_at_ms: i64,
    pub urgent: bool,
    pub status: String,
    pub category: Option<String>,
    pub outcome: Option<String>,
    pub updated_at_ms: Option<i64>,
    /// `pupil` (payload is a `Report`) or `parent` (a `ParentConcern`).
    pub source: String,
    pub payload: String,
    /// Action types recorded, in order.
    pub actions: Vec<String>,
}

#[async_trait]
pub trait OversightStore: Send + Sync {
    /// Pupils' reports received in `[from_ms, to_ms)` (parents' concerns are counted apart).
    async fn report_facts(&self, from_ms: i64, to_ms: i64) -> Result<Vec<ReportFacts>>;
    /// Parents' concerns received in `[from_ms, to_ms)`.
    async fn parent_concern_count(&self, from_ms: i64, to_ms: i64) -> Result<u32>;
    /// Actions recorded in `[from_ms, to_ms)`, counted by type.
    async fn action_counts(&self, from_ms: i64, to_ms: i64) -> Result<Vec<(String, u32)>>;
    /// Lessons done in `[from_ms, to_ms)`: (lesson id, band, records).
    async fn lesson_counts(&self, from_ms: i64, to_ms: i64) -> Result<Vec<(String, String, u32)>>;
    async fn aup_figures(&self) -> Result<AupFigures>;
    /// Reports received in `[from_ms, to_ms)`, oldest first, for the incident log export.
    async fn export_rows(&self, from_ms: i64, to_ms: i64) -> Result<Vec<ExportRow>>;
}
