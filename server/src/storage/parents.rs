//! Parents (issue 6): per-child codes from the school's letters, parents' sessions, co-signatures,
//! photo consent and concerns. A separate trait from [`super::Storage`]; every store implements
//! both.

use async_trait::async_trait;

#[async_trait]
pub trait ParentStore: Send + Sync {}
