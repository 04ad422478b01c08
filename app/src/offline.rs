//! Registers the service worker (public/sw.js, served at /sw.js) so a tablet that loaded Kite
//! once starts with the network off. Browsers only allow it on https or on localhost: on a
//! school network, serve Kite over https for offline start to work.

use wasm_bindgen_futures::JsFuture;

pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let promise = container.register("/sw.js");
    // A refusal (http on a LAN, private mode) is not an error for the pupil: the app still works
    // online, and the outbox keeps reports safe either way.
    leptos::task::spawn_local(async move {
        let _ = JsFuture::from(promise).await;
    });
}
