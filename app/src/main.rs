//! Kite's kiosk app, built by Trunk into wasm. This file only mounts; see `app.rs`.

mod api;
mod app;
mod components;
mod device;
mod offline;
mod outbox;
mod pages;
mod report_flow;
mod speech;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
