//! Checks the whole curriculum when the app is built and embeds it. A mistake in a lesson file
//! stops `cargo build` / `trunk build` with `file:line: what is wrong`; otherwise the lessons are
//! written as JSON into OUT_DIR for `src/curriculum.rs` to `include_str!`.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=../lessons/content");
    println!("cargo::rerun-if-changed=../public/lessons");
    println!("cargo::rerun-if-changed=build.rs");
    let lessons = kite_lessons::load_dir(
        Path::new("../lessons/content"),
        Path::new("../public/lessons"),
    )
    .unwrap_or_else(|errors| {
        panic!(
            "\nThe lessons have problems; fix them and build again:\n{}\n",
            kite_lessons::format_errors(&errors)
        )
    });
    let json = serde_json::to_string(&lessons).expect("lessons serialise");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lessons.json");
    std::fs::write(&out, json).expect("write lessons.json");
}
