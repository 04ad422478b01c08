//! `lessons-json CONTENT_DIR IMAGE_DIR`: checks every lesson and prints them as JSON on stdout,
//! for `scripts/build-app` to ship as the app's lessons file. A mistake prints `file:line: what is
//! wrong` for every problem and exits 1, so the build stops.
//!
//! `lessons-json CONTENT_DIR IMAGE_DIR TRANSLATIONS_DIR LANG`: the same check, then prints the
//! translations into `LANG` of the lessons translated completely (the app's `lessons-LANG` file).
//! A lesson with a translation missing is left out and plays in English; the lessons crate's
//! tests list what is missing.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [content, images] => kite_lessons::load_json(Path::new(content), Path::new(images)),
        [content, images, translations, lang] => kite_lessons::load_translations_json(
            Path::new(content),
            Path::new(images),
            Path::new(translations),
            lang,
        ),
        _ => {
            eprintln!("usage: lessons-json CONTENT_DIR IMAGE_DIR [TRANSLATIONS_DIR LANG]");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprintln!(
                "The lessons have problems; fix them and build again:\n{}",
                kite_lessons::format_errors(&errors)
            );
            ExitCode::FAILURE
        }
    }
}
