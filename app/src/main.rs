//! Kite's kiosk app, built by Trunk into wasm. This file only mounts; see `app.rs`.

mod api;
mod app;
mod components;
mod curriculum;
mod device;
mod display;
mod i18n;
mod lesson_flow;
mod offline;
mod outbox;
mod page_title;
mod pages;
mod parents_api;
mod report_flow;
mod speech;
mod staff_api;

fn main() {
    i18n::init();
    leptos::mount::mount_to_body(app::App);
}
