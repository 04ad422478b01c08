//! Classes, pupils and agreement versions written straight into the server's SQLite file. The
//! pupils' side of issue 6 creates these through its own API; the parents' tests only need them
//! to exist, so they are seeded here with plain SQL on the real database.

use sqlx::SqlitePool;

use crate::helpers::TestServer;

pub struct ClassFixture {
    pub pool: SqlitePool,
}

impl ClassFixture {
    pub async fn open(s: &TestServer) -> Self {
        let pool = SqlitePool::connect(&format!("sqlite://{}", s.db_path().display()))
            .await
            .unwrap();
        Self { pool }
    }

    pub async fn class(&self, name: &str, band: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO classes (name, band, created_at_ms) VALUES (?, ?, 0) RETURNING id",
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
             VALUES (?, ?, ?, 'blue-fox', 0) RETURNING id",
        )
        .bind(class_id)
        .bind(first_name)
        .bind(last_initial)
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }

    pub async fn teaches(&self, staff_id: i64, class_id: i64) {
        sqlx::query("INSERT INTO class_teachers (class_id, staff_id) VALUES (?, ?)")
            .bind(class_id)
            .bind(staff_id)
            .execute(&self.pool)
            .await
            .unwrap();
    }

    /// Publishes a version of an agreement (`pupil`, `home_school`, …) with this JSON content.
    pub async fn publish(&self, kind: &str, version: i64, content: serde_json::Value) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO agreement_versions (kind, version, content, published_at_ms)
             VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(kind)
        .bind(version)
        .bind(content.to_string())
        .bind(version)
        .fetch_one(&self.pool)
        .await
        .unwrap()
    }

    /// Both agreements parents sign, in the agreed shapes, at this version.
    pub async fn publish_both(&self, version: i64) {
        self.publish("pupil", version, pupil_aup()).await;
        self.publish("home_school", version, home_school()).await;
    }
}

pub fn pupil_aup() -> serde_json::Value {
    serde_json::json!({
        "eyfs": [{"text": "I ask a grown-up before I go online", "read_aloud": "I ask a grown-up first.", "picture": "grown-up"}],
        "ks1": [
            {"text": "I ask a grown-up before I go online", "read_aloud": "I ask a grown-up before I go online.", "picture": "grown-up"},
            {"text": "I tell a grown-up if something worries me", "read_aloud": "I tell a grown-up if something worries me.", "picture": "talk"}
        ],
        "ks2": [{"text": "I keep my passwords to myself", "read_aloud": "I keep my passwords to myself.", "picture": "lock", "extra": true}],
        "future_field": 1
    })
}

pub fn home_school() -> serde_json::Value {
    serde_json::json!({
        "title": "Our home-school agreement",
        "sections": [
            {"heading": "The school will", "items": ["Teach children to stay safe online"]},
            {"heading": "At home we will", "items": ["Talk about what our child does online"]}
        ]
    })
}
