//! Kite's app, built by Trunk into several wasm bundles (`src/bin/`, one per row of
//! `kite_protocol::app_routes::BUNDLES`): the pupil kiosk's home, learn and our rules, and the
//! adults' pages. Everything they share is here, as modules; each bundle's routes are in
//! `kiosk.rs` and `adults.rs`, and the start-up all of them run is in `shell.rs`.

pub mod adult_photos;
pub mod adults;
pub mod api;
pub mod aup_flow;
pub mod class_lessons;
pub mod components;
pub mod curriculum;
pub mod device;
pub mod display;
pub mod here;
pub mod i18n;
pub mod kiosk;
pub mod lesson_flow;
pub mod lesson_pass;
pub mod offline;
pub mod outbox;
pub mod page_title;
pub mod pages;
pub mod parents_api;
pub mod report_flow;
pub mod shell;
pub mod speech;
pub mod staff_api;
pub mod survey_flow;

/// What a pupil bundle's `main` does: the tablet's language first (every string is looked up in
/// it), the voices asked for (`speech::warm`), then the bundle's app on `<body>`.
pub fn mount<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: leptos::IntoView,
{
    // The tablet's language may need its table fetched first (`i18n::init`): the page waits for
    // it rather than drawing in English and changing under a child's eyes.
    wasm_bindgen_futures::spawn_local(async move {
        i18n::init().await;
        speech::warm();
        leptos::mount::mount_to_body(app);
    });
}

/// Mounts the parents' bundle in the language the parent chose on this phone (with the parents'
/// translations only, fetched first like a tablet's).
pub fn mount_for_parents<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: leptos::IntoView,
{
    wasm_bindgen_futures::spawn_local(async move {
        i18n::init_parents().await;
        leptos::mount::mount_to_body(app);
    });
}

/// What a staff bundle's `main` does: its pages are in English only, so it starts in English
/// and doesn't carry the pupils' translations.
pub fn mount_in_english<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: leptos::IntoView,
{
    i18n::init_english();
    leptos::mount::mount_to_body(app);
}
