//! Trusted adults' photos on a tablet. The server gives them to enrolled tablets and signed-in
//! staff only, so they are fetched with the device token. Each time the tablet gets the school's
//! settings (at set-up, and at every start while online) the service worker is asked to keep every
//! photo the settings name and to drop the photos of adults who have been removed: the "who"
//! step then shows faces offline, even on a tablet where no child has opened it yet.

use kite_protocol::device::DeviceConfig;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Hands the service worker (public/sw.js, its "message" listener) the photos to keep, with the
/// token to fetch them. Without a service worker (http on a school network, private mode) there
/// is no offline copy to keep, and nothing happens.
pub fn keep_offline(token: &str, config: &DeviceConfig) {
    let photos: Vec<&str> = config
        .trusted_adults
        .iter()
        .filter_map(|a| a.photo.as_deref())
        .collect();
    // Built as a JS object directly: serde_json's `Value` would add its own code to every kiosk
    // bundle for this one message.
    let message = js_sys::Object::new();
    let keep: js_sys::Array = photos
        .into_iter()
        .map(wasm_bindgen::JsValue::from_str)
        .collect();
    let _ = js_sys::Reflect::set(&message, &"keepPhotos".into(), &keep);
    let _ = js_sys::Reflect::set(&message, &"token".into(), &token.trim().into());
    let Some(ready) = web_sys::window().and_then(|w| w.navigator().service_worker().ready().ok())
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
        if let Some(worker) = registration.active() {
            let _ = worker.post_message(&message);
        }
    });
}

/// A photo as a blob URL for an `<img>` (which can't carry the token). The service worker
/// answers from its copy when it has one.
pub async fn photo_blob_url(src: &str, token: Option<&str>) -> Option<String> {
    let mut request = gloo_net::http::Request::get(src);
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {}", token.trim()));
    }
    let response = request.send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let raw: web_sys::Response = response.into();
    let blob = JsFuture::from(raw.blob().ok()?).await.ok()?;
    web_sys::Url::create_object_url_with_blob(blob.unchecked_ref()).ok()
}
