//! Classes, pupils and agreement versions for the parents' tests, made through the server's own
//! storage layer (the same calls the staff screens make), and the database pool for the checks
//! that read what was stored.

use kite_protocol::agreement::AgreementKind;
use kite_protocol::Band;
use kite_server::ids::{ClassId, StaffId};
use kite_server::storage::Store;
use sqlx::AnyPool;

use crate::helpers::TestServer;

pub struct ClassFixture {
    pub pool: AnyPool,
    store: Store,
}

impl ClassFixture {
    pub async fn open(s: &TestServer) -> Self {
        Self {
            pool: s.db().await,
            store: s.state.storage.clone(),
        }
    }

    pub async fn class(&self, name: &str, band: &str) -> i64 {
        let band: Band = serde_json::from_value(serde_json::json!(band)).unwrap();
        self.store
            .create_class(name, band, 0)
            .await
            .unwrap()
            .expect("a new class name")
            .0
    }

    pub async fn pupil(&self, class_id: i64, first_name: &str, last_initial: &str) -> i64 {
        let name = kite_protocol::classes::check_pupil_name(first_name, last_initial).unwrap();
        self.store
            .add_pupils(ClassId(class_id), &[name], 0)
            .await
            .unwrap()[0]
            .expect("a new pupil")
            .0
    }

    pub async fn teaches(&self, staff_id: StaffId, class_id: i64) {
        self.store
            .add_class_teacher(ClassId(class_id), staff_id)
            .await
            .unwrap();
    }

    /// Publishes the next version of an agreement (`pupil`, `home_school`, …) with this JSON
    /// content; returns its version number.
    pub async fn publish(&self, kind: &str, content: serde_json::Value) -> u32 {
        let kind: AgreementKind = serde_json::from_value(serde_json::json!(kind)).unwrap();
        self.store
            .publish_agreement(kind, &content.to_string(), "", None, 0)
            .await
            .unwrap()
            .version
    }

    /// New versions of both agreements parents sign, in the pupils' side's shapes.
    pub async fn publish_both(&self) -> (u32, u32) {
        (
            self.publish("pupil", pupil_aup()).await,
            self.publish("home_school", home_school()).await,
        )
    }

    /// No agreement published at all. No product path unpublishes a version (they are the
    /// record of what was signed), so this one step is SQL.
    pub async fn clear_agreements(&self) {
        sqlx::query("DELETE FROM agreement_versions")
            .execute(&self.pool)
            .await
            .unwrap();
    }
}

pub fn pupil_aup() -> serde_json::Value {
    serde_json::json!({
        "type": "pupil",
        "eyfs": [{"text": "I ask a grown-up before I go online", "read_aloud": "I ask a grown-up first.", "picture": "grown-up"}],
        "ks1": [
            {"text": "I ask a grown-up before I go online", "read_aloud": "I ask a grown-up before I go online.", "picture": "grown-up"},
            {"text": "I tell a grown-up if something worries me", "read_aloud": "I tell a grown-up if something worries me.", "picture": "talk"}
        ],
        "ks2": [{"text": "I keep my passwords to myself", "read_aloud": "I keep my passwords to myself.", "picture": "lock", "extra": true}],
        "future_field": 1
    })
}

/// As the pupils' side stores it (`AgreementContent::Sections`: an intro, sections of points).
pub fn home_school() -> serde_json::Value {
    serde_json::json!({
        "type": "sections",
        "intro": "Together we keep children safe online.",
        "sections": [
            {"heading": "The school will", "points": ["Teach children to stay safe online"]},
            {"heading": "At home we will", "points": ["Talk about what our child does online"]}
        ]
    })
}
