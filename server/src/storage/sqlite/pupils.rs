//! [`PupilStore`] on SQLite.

use async_trait::async_trait;

use super::SqliteStorage;
use crate::storage::pupils::PupilStore;

#[async_trait]
impl PupilStore for SqliteStorage {}
