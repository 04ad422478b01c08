//! [`ParentStore`] on SQLite.

use async_trait::async_trait;

use super::SqliteStorage;
use crate::storage::parents::ParentStore;

#[async_trait]
impl ParentStore for SqliteStorage {}
