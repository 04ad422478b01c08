//! `GET /api/v1/health`: ready or not, for the school's IT provider's monitor (and a load
//! balancer): the database answers, every migration is applied, and the data dir's disk has room.
//! It says nothing about anyone, so anyone may ask.

use std::path::Path;

use axum::http::StatusCode;
use axum::Json;
use kite_protocol::device::Health;

use crate::http::School;

/// Below this much free space on the data dir's disk the server says it is not ready: SQLite
/// needs room for its write-ahead log and each night's retention sweep, and a monitor should
/// call someone well before a report can't be written.
pub const MIN_FREE_DISK_MB: u64 = 256;

/// Ready (200) or not (503), and why.
#[utoipa::path(
    get,
    path = "/health",
    tag = crate::http::openapi::TAG_SERVER,
    operation_id = "health",
    summary = "Ready or not: the database, its migrations and the disk",
    description = "Who may call it: anyone. Says nothing about any school's people or records.",
    responses(
        (status = 200, description = "Ready: the database answers, every migration is applied and the data dir's disk has room", body = Health),
        (status = 503, description = "Not ready: the fields say which check failed", body = Health),
    ),
)]
pub async fn health(School(state): School) -> (StatusCode, Json<Health>) {
    let database = state.storage.health().await.is_ok();
    let migrations = match database {
        false => "unknown",
        true => match state.storage.migrations_pending().await {
            Ok(0) => "ok",
            Ok(_) => "pending",
            Err(_) => "unknown",
        },
    };
    let free_mb = free_disk_mb(&state.server.data_dir);
    let disk = disk_verdict(free_mb);
    let ready = database && migrations == "ok" && disk == "ok";
    if !ready {
        tracing::warn!(database, migrations, disk, "health: not ready");
    }
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let health = Health {
        status: if ready { "ok" } else { "not ready" }.into(),
        version: env!("CARGO_PKG_VERSION").into(),
        database: if database { "ok" } else { "unreachable" }.into(),
        migrations: migrations.into(),
        disk: disk.into(),
        disk_free_mb: free_mb,
    };
    (status, Json(health))
}

/// Space an unprivileged process may still write on the disk holding `dir`, in MiB.
fn free_disk_mb(dir: &Path) -> Option<u64> {
    let stat = rustix::fs::statvfs(dir).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize) / (1024 * 1024))
}

fn disk_verdict(free_mb: Option<u64>) -> &'static str {
    match free_mb {
        Some(mb) if mb < MIN_FREE_DISK_MB => "low",
        Some(_) => "ok",
        // A data dir that can't be looked at (removed, unmounted) is no place to keep reports.
        None => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disk_is_low_below_the_minimum_and_unknown_when_unreadable() {
        assert_eq!(disk_verdict(Some(MIN_FREE_DISK_MB - 1)), "low");
        assert_eq!(disk_verdict(Some(MIN_FREE_DISK_MB)), "ok");
        assert_eq!(disk_verdict(None), "unknown");
        let dir = tempfile::tempdir().unwrap();
        assert!(free_disk_mb(dir.path()).is_some());
        assert_eq!(free_disk_mb(&dir.path().join("gone")), None);
    }
}
