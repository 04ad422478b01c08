//! Kite's app, built by Trunk into two wasm bundles (`src/bin/`): the pupil kiosk and the adults'
//! pages. Everything they share is here, as modules; each bundle's routes are in `kiosk.rs` and
//! `adults.rs`, and the start-up both run is in `shell.rs`.

pub mod adults;
pub mod api;
pub mod components;
pub mod curriculum;
pub mod device;
pub mod display;
pub mod i18n;
pub mod kiosk;
pub mod lesson_flow;
pub mod offline;
pub mod outbox;
pub mod page_title;
pub mod pages;
pub mod parents_api;
pub mod report_flow;
pub mod shell;
pub mod speech;
pub mod staff_api;
