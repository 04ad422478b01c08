//! What the kiosk needs for pupils to sign: the school's classes, each class's pupils, the
//! current pupil AUP and each class's own agreements from the school. Fetched with the device token when online and kept in localStorage, so a
//! pupil can sign with the Wi-Fi down (the signature waits in the outbox).

use gloo_net::http::Request;
use kite_protocol::agreement::{KioskAgreement, KioskAup};
use kite_protocol::classes::{KioskClass, KioskPupil};
use serde::de::DeserializeOwned;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn cached<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

fn keep(key: &str, json: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, json);
    }
}

const CLASSES: &str = "kite.aup.classes";
const AUP: &str = "kite.aup.current";
fn pupils_key(class_id: i64) -> String {
    format!("kite.aup.pupils.{class_id}")
}
fn agreements_key(class_id: i64) -> String {
    format!("kite.aup.agreements.{class_id}")
}
/// Pupils who signed on this tablet, per version, until the server's list says so too.
fn signed_here_key(version_id: i64) -> String {
    format!("kite.aup.signed.{version_id}")
}

/// The server's answer, else the cached copy; the fresh answer replaces the cache.
pub(crate) async fn fetch_or_cached<T: DeserializeOwned>(
    token: Option<&str>,
    path: &str,
    key: &str,
) -> Option<T> {
    if let Some(token) = token {
        let fresh = Request::get(path)
            .header("Authorization", &format!("Bearer {token}"))
            .send()
            .await;
        if let Ok(r) = fresh {
            if r.status() == 200 {
                if let Ok(text) = r.text().await {
                    if let Ok(value) = serde_json::from_str(&text) {
                        keep(key, &text);
                        return Some(value);
                    }
                }
            }
        }
    }
    cached(key)
}

pub async fn classes(token: Option<&str>) -> Vec<KioskClass> {
    fetch_or_cached(token, "/api/v1/device/classes", CLASSES)
        .await
        .unwrap_or_default()
}

pub async fn pupils(token: Option<&str>, class_id: i64) -> Vec<KioskPupil> {
    fetch_or_cached(
        token,
        &format!("/api/v1/device/classes/{class_id}/pupils"),
        &pupils_key(class_id),
    )
    .await
    .unwrap_or_default()
}

pub async fn aup(token: Option<&str>) -> Option<KioskAup> {
    fetch_or_cached(token, "/api/v1/device/aup", AUP).await
}

/// The school's own agreements a class signs (none when there are none, or nothing is known).
pub async fn agreements(token: Option<&str>, class_id: i64) -> Vec<KioskAgreement> {
    fetch_or_cached(
        token,
        &format!("/api/v1/device/classes/{class_id}/agreements"),
        &agreements_key(class_id),
    )
    .await
    .unwrap_or_default()
}

/// The school's own agreements (indexes into `own`) this pupil hasn't signed, by the server's
/// list or on this tablet.
pub fn unsigned_by(own: &[KioskAgreement], pupil_id: i64) -> Vec<usize> {
    own.iter()
        .enumerate()
        .filter(|(_, a)| {
            !a.signed_pupils.contains(&pupil_id) && !signed_here(a.version_id, pupil_id)
        })
        .map(|(i, _)| i)
        .collect()
}

fn signed_here(version_id: i64, pupil_id: i64) -> bool {
    cached::<Vec<i64>>(&signed_here_key(version_id)).is_some_and(|ids| ids.contains(&pupil_id))
}

/// The cached AUP without waiting for the network (for the lessons gate).
pub fn cached_aup() -> Option<KioskAup> {
    cached(AUP)
}

pub fn mark_signed_here(version_id: i64, pupil_id: i64) {
    let mut ids: Vec<i64> = cached(&signed_here_key(version_id)).unwrap_or_default();
    if !ids.contains(&pupil_id) {
        ids.push(pupil_id);
        keep(
            &signed_here_key(version_id),
            &serde_json::to_string(&ids).unwrap_or_default(),
        );
    }
}

/// Signed the current version, by the server's list or on this tablet since.
pub fn has_signed(pupil: &KioskPupil, version_id: i64) -> bool {
    pupil.signed_current || signed_here(version_id, pupil.id)
}
