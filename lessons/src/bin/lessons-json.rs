//! `lessons-json CONTENT_DIR IMAGE_DIR`: checks every lesson and prints them as JSON on stdout,
//! for `scripts/build-app` to ship as the app's lessons file. A mistake prints `file:line: what is
//! wrong` for every problem and exits 1, so the build stops.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [content, images] = args.as_slice() else {
        eprintln!("usage: lessons-json CONTENT_DIR IMAGE_DIR");
        return ExitCode::from(2);
    };
    match kite_lessons::load_json(Path::new(content), Path::new(images)) {
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
