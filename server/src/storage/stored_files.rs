//! Files staff upload as evidence, kept in the database beside the log they belong to: a
//! filtering check's certificate (`filtering_files`), a training certificate or a published
//! document's PDF (`training_files`). Each log keeps its own table, so a file is read with the
//! same rights as its log; the code that keeps and reads them is one.

use sqlx::Row;

use super::{Result, Store};
use crate::ids::StaffId;

/// Which log's files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileStore {
    Filtering,
    Training,
    /// Pictures in the school's news and guides for parents.
    SchoolPosts,
}

impl FileStore {
    /// The log's name, as its routes, audit entries and downloaded file names say it.
    pub fn name(self) -> &'static str {
        match self {
            FileStore::Filtering => "filtering",
            FileStore::Training => "training",
            FileStore::SchoolPosts => "parents_news",
        }
    }

    fn table(self) -> &'static str {
        match self {
            FileStore::Filtering => "filtering_files",
            FileStore::Training => "training_files",
            FileStore::SchoolPosts => "school_post_pictures",
        }
    }
}

impl Store {
    /// Keeps an uploaded file (its type already checked); its id.
    pub async fn add_file(
        &self,
        store: FileStore,
        content_type: &str,
        bytes: &[u8],
        by: StaffId,
        now_ms: i64,
    ) -> Result<i64> {
        let sql = format!(
            "INSERT INTO {} (content_type, bytes, uploaded_by, created_at_ms)
             VALUES ($1, $2, $3, $4) RETURNING id",
            store.table()
        );
        let row = sqlx::query(&sql)
            .bind(content_type)
            .bind(bytes)
            .bind(by)
            .bind(now_ms)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.get("id"))
    }

    /// A kept file's content type and bytes.
    pub async fn file(&self, store: FileStore, id: i64) -> Result<Option<(String, Vec<u8>)>> {
        let sql = format!(
            "SELECT content_type, bytes FROM {} WHERE id = $1",
            store.table()
        );
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (r.get("content_type"), r.get("bytes"))))
    }

    /// A kept file's content type, without reading its bytes.
    pub async fn file_type(&self, store: FileStore, id: i64) -> Result<Option<String>> {
        let sql = format!("SELECT content_type FROM {} WHERE id = $1", store.table());
        Ok(sqlx::query_scalar(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }
}
