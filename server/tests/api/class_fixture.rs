//! Classes, pupils and agreement versions written straight into the server's database. The
//! pupils' side of issue 6 creates these through its own API; the parents' tests only need them
//! to exist, so they are seeded here with plain SQL on the real database.

use sqlx::AnyPool;

use crate::helpers::TestServer;

pub struct ClassFixture {
    pub pool: AnyPool,
}

impl ClassFixture {
    pub async fn open(s: &TestServer) -> Self {
        Self { pool: s.db().await }
    }

    pub async fn class(&self, name: &str, band: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO classes (name, band, created_at_ms) VALUES ($1, $2, 0) RETURNING id",
        )
        .bind(name)
        .bind(band)
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }

    pub async fn pupil(&self, class_id: i64, first_name: &str, last_initial: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO pupils (class_id, first_name, last_initial, symbol, created_at_ms)
             VALUES ($1, $2, $3, 'blue-fox', 0) RETURNING id",
        )
        .bind(class_id)
        .bind(first_name)
        .bind(last_initial)
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }

    pub async fn teaches(&self, staff_id: kite_server::ids::StaffId, class_id: i64) {
        sqlx::query("INSERT INTO class_teachers (class_id, staff_id) VALUES ($1, $2)")
            .bind(class_id)
            .bind(staff_id)
            .execute(&self.pool)
            .await
            .unwrap();
    }

    /// Publishes the next version of an agreement (`pupil`, `home_school`, …) with this JSON
    /// content; returns its version number.
    pub async fn publish(&self, kind: &str, content: serde_json::Value) -> u32 {
        let version: i64 = sqlx::query_scalar(
            "INSERT INTO agreement_versions (kind, version, content, published_at_ms)
             SELECT $1, COALESCE(MAX(version), 0) + 1, $2, 0 FROM agreement_versions WHERE kind = $1
             RETURNING version",
        )
        .bind(kind)
        .bind(content.to_string())
        .fetch_one(&self.pool)
        .await
        .unwrap();
        version as u32
    }

    /// New versions of both agreements parents sign, in the pupils' side's shapes.
    pub async fn publish_both(&self) -> (u32, u32) {
        (
            self.publish("pupil", pupil_aup()).await,
            self.publish("home_school", home_school()).await,
        )
    }

    /// No agreement published at all (the server may ship default texts; a fresh database has
    /// nothing that refers to them yet).
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
