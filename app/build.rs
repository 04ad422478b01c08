//! Checks the whole curriculum when the app is built. A mistake in a lesson file stops
//! `cargo build` / `trunk build` with `file:line: what is wrong`. The app itself fetches the
//! lessons as a file (`scripts/build-app` ships it, see `src/curriculum.rs`); the JSON written to
//! OUT_DIR here is for the app's native tests only.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=../lessons/content");
    println!("cargo::rerun-if-changed=../public/lessons");
    println!("cargo::rerun-if-changed=build.rs");
    let json = kite_lessons::load_json(
        Path::new("../lessons/content"),
        Path::new("../public/lessons"),
    )
    .unwrap_or_else(|errors| {
        panic!(
            "\nThe lessons have problems; fix them and build again:\n{}\n",
            kite_lessons::format_errors(&errors)
        )
    });
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lessons.json");
    std::fs::write(&out, json).expect("write lessons.json");
}
