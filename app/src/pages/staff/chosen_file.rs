//! A file a member of staff picked with `<input type="file">`, read in the browser: a trusted
//! adult's photo (bytes), a class list (text), or a certificate or policy sent to be kept.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The first file chosen in the input that fired `ev`, if any.
pub fn first_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
}

pub async fn bytes(file: &web_sys::File) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The file as UTF-8 text, without the byte-order mark spreadsheet programs put at the start of
/// a CSV (it would otherwise stick to the first pupil's name).
pub async fn text(file: &web_sys::File) -> Option<String> {
    let text = JsFuture::from(file.text()).await.ok()?.as_string()?;
    Some(text.trim_start_matches('\u{feff}').to_string())
}

/// Reads the file chosen in the input that fired `ev` and hands its bytes and type to `send`
/// (which uploads them); nothing happens when the choice was cleared.
pub fn send_chosen<F, Fut>(ev: &leptos::ev::Event, send: F)
where
    F: FnOnce(Vec<u8>, String) -> Fut + 'static,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let Some(chosen) = first_file(ev) else {
        return;
    };
    leptos::task::spawn_local(async move {
        if let Some(bytes) = bytes(&chosen).await {
            send(bytes, chosen.type_()).await;
        }
    });
}
