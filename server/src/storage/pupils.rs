//! Classes, pupils, agreements and signatures (issue 6): what the Acceptable Use register is
//! made of. A separate trait from [`super::Storage`] so this part of the schema reads on its own;
//! every store implements both.

use async_trait::async_trait;

#[async_trait]
pub trait PupilStore: Send + Sync {}
