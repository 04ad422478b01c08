//! Staff sign-in with the school's own account (OpenID Connect): the provider the admin set up
//! (`sign_in_provider`, one row or none) and the sign-ins under way (`sign_ins_under_way`), each
//! taken once. What the provider and its tokens mean is in `auth::oidc`.

use sqlx::Row;

use super::{Result, Store};
use crate::ids::StaffId;

/// The provider as stored; the secret still sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProvider {
    pub issuer: String,
    pub client_id: String,
    pub client_secret_sealed: Vec<u8>,
}

/// One sign-in under way: what the provider's answer must match, and once the provider has
/// vouched for an account with two-step sign-in, that account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInUnderWay {
    pub csrf_state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub staff_id: Option<StaffId>,
    pub created_at_ms: i64,
}

impl Store {
    pub async fn sign_in_provider(&self) -> Result<Option<StoredProvider>> {
        let row = sqlx::query(
            "SELECT issuer, client_id, client_secret_sealed FROM sign_in_provider WHERE id = 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| StoredProvider {
            issuer: r.get("issuer"),
            client_id: r.get("client_id"),
            client_secret_sealed: r.get("client_secret_sealed"),
        }))
    }

    /// Sets the provider (`Some`) or turns sign-in with it off (`None`).
    pub async fn set_sign_in_provider(
        &self,
        provider: Option<&StoredProvider>,
        by: StaffId,
        now_ms: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM sign_in_provider WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        if let Some(p) = provider {
            sqlx::query(
                "INSERT INTO sign_in_provider (id, issuer, client_id, client_secret_sealed, \
                 changed_at_ms, changed_by) VALUES (1, $1, $2, $3, $4, $5)",
            )
            .bind(&p.issuer)
            .bind(&p.client_id)
            .bind(&p.client_secret_sealed)
            .bind(now_ms)
            .bind(by)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Keeps a sign-in under way, and forgets those older than `older_than_ms` (abandoned at the
    /// provider's page, say).
    pub async fn keep_sign_in_under_way(
        &self,
        flow_sha256: &[u8],
        flow: &SignInUnderWay,
        older_than_ms: i64,
    ) -> Result<()> {
        sqlx::query("DELETE FROM sign_ins_under_way WHERE created_at_ms < $1")
            .bind(older_than_ms)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO sign_ins_under_way (flow_sha256, csrf_state, nonce, pkce_verifier, \
             staff_id, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(flow_sha256)
        .bind(&flow.csrf_state)
        .bind(&flow.nonce)
        .bind(&flow.pkce_verifier)
        .bind(flow.staff_id.map(i64::from))
        .bind(flow.created_at_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Takes a sign-in under way: it can be answered once only.
    pub async fn take_sign_in_under_way(
        &self,
        flow_sha256: &[u8],
    ) -> Result<Option<SignInUnderWay>> {
        let row = sqlx::query(
            "DELETE FROM sign_ins_under_way WHERE flow_sha256 = $1 \
             RETURNING csrf_state, nonce, pkce_verifier, staff_id, created_at_ms",
        )
        .bind(flow_sha256)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| SignInUnderWay {
            csrf_state: r.get("csrf_state"),
            nonce: r.get("nonce"),
            pkce_verifier: r.get("pkce_verifier"),
            staff_id: r.get::<Option<i64>, _>("staff_id").map(StaffId),
            created_at_ms: r.get("created_at_ms"),
        }))
    }
}
