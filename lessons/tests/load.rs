//! `load_dir` on scratch folders: the rules that need more than one file or the file's place.

mod common;

use std::path::Path;

use common::*;
use kite_lessons::{load_dir, LessonError};

/// A content folder and an image folder holding the fixture's images.
fn tree(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    for image in IMAGES {
        dir.write(&format!("images/{image}"), SVG);
    }
    dir
}

fn load(dir: &TempDir) -> Result<Vec<kite_lessons::Lesson>, Vec<LessonError>> {
    load_dir(&dir.path().join("content"), &dir.path().join("images"))
}

fn load_errors(dir: &TempDir) -> Vec<LessonError> {
    load(dir).expect_err("expected errors, lessons were accepted")
}

/// The fixture as a lesson with another id and band.
fn lesson(id: &str, band: &str) -> String {
    let src = with("id = \"foo\"", &format!("id = \"{id}\""));
    if band == "eyfs" {
        return reception(&src);
    }
    let year = if band == "ks2" { "y3" } else { "y1" };
    src.replacen("band = \"ks1\"", &format!("band = \"{band}\""), 1)
        .replacen("year = \"y1\"", &format!("year = \"{year}\""), 1)
}

fn shown(dir: &TempDir, rel: &str) -> String {
    dir.path().join(rel).display().to_string()
}

#[test]
fn loads_every_band_in_teaching_order() {
    let dir = tree("order");
    dir.write("content/ks2/01-c.toml", &lesson("c", "ks2"));
    dir.write("content/ks1/02-b.toml", &lesson("b", "ks1"));
    dir.write("content/ks1/01-a.toml", &lesson("a", "ks1"));
    dir.write("content/eyfs/01-d.toml", &lesson("d", "eyfs"));
    dir.write("content/README.txt", "not a lesson; ignored");
    let lessons = load(&dir).unwrap_or_else(|e| panic!("{}", show(&e)));
    let ids: Vec<_> = lessons.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["d", "a", "b", "c"]);
}

#[test]
fn duplicate_ids_name_both_files() {
    let dir = tree("dup");
    dir.write("content/ks1/01-foo.toml", &lesson("foo", "ks1"));
    dir.write("content/ks2/01-foo.toml", &lesson("foo", "ks2"));
    let errors = load_errors(&dir);
    assert_one_error(&errors, 1, "duplicate id \"foo\"");
    assert_eq!(errors[0].file, shown(&dir, "content/ks2/01-foo.toml"));
    assert!(errors[0].message.ends_with(&format!(
        "(also used by {})",
        shown(&dir, "content/ks1/01-foo.toml")
    )));
}

#[test]
fn band_must_match_its_folder() {
    let dir = tree("band");
    dir.write("content/ks2/03-foo.toml", VALID);
    let errors = load_errors(&dir);
    assert_one_error(
        &errors,
        2,
        "band = \"ks1\" but the file is in the ks2 folder",
    );
    assert_eq!(
        errors[0].to_string(),
        format!(
            "{}:2: band = \"ks1\" but the file is in the ks2 folder; move the file or fix the band",
            shown(&dir, "content/ks2/03-foo.toml")
        )
    );
}

#[test]
fn file_name_must_be_number_then_id() {
    let dir = tree("name");
    dir.write("content/ks1/03-bar.toml", VALID);
    dir.write("content/ks1/foo.toml", &lesson("baz", "ks1"));
    let errors = load_errors(&dir);
    assert_eq!(errors.len(), 2, "{}", show(&errors));
    for e in &errors {
        assert_eq!(e.line, Some(1), "{e}");
        assert!(e.message.starts_with("file name should be NN-"), "{e}");
    }
}

#[test]
fn lessons_outside_a_band_folder_are_reported() {
    let dir = tree("outside");
    dir.write("content/03-foo.toml", VALID);
    dir.write("content/ks3/03-foo.toml", VALID);
    let errors = load_errors(&dir);
    assert_eq!(errors.len(), 2, "{}", show(&errors));
    assert!(errors
        .iter()
        .all(|e| e.line.is_none() && e.message.starts_with("lesson files go directly in")));
}

#[test]
fn missing_image_file_is_checked_against_the_folder() {
    let dir = tree("image");
    std::fs::remove_file(dir.path().join("images/tablet.svg")).unwrap();
    dir.write("content/ks1/03-foo.toml", VALID);
    let errors = load_errors(&dir);
    assert_one_error(
        &errors,
        line(VALID, "image = \"tablet.svg\"", 0),
        "image \"tablet.svg\" not found in public/lessons/",
    );
}

#[test]
fn svg_that_breaks_the_csp_is_reported_with_its_line() {
    let dir = tree("svg");
    dir.write("content/ks1/03-foo.toml", VALID);
    dir.write(
        "images/padlock.svg",
        "<svg viewBox=\"0 0 1 1\">\n<rect style=\"fill:#fff\"/>\n</svg>",
    );
    let errors = load_errors(&dir);
    assert_one_error(&errors, 2, "inline style=");
    assert_eq!(errors[0].file, shown(&dir, "images/padlock.svg"));
}

#[test]
fn errors_from_every_file_are_collected() {
    let dir = tree("many");
    dir.write(
        "content/ks1/01-a.toml",
        &lesson("a", "ks1").replace("answer = 0", "answer = 5"),
    );
    dir.write(
        "content/ks1/02-b.toml",
        &lesson("b", "ks1").replace("\"ks1\"", "\"ks9\""),
    );
    dir.write("content/ks1/03-c.toml", &lesson("c", "ks1"));
    dir.write("content/ks1/04-d.toml", "id = ");
    let errors = load_errors(&dir);
    let files: Vec<_> = errors
        .iter()
        .map(|e| Path::new(&e.file).file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["01-a.toml", "02-b.toml", "04-d.toml"],
        "{}",
        show(&errors)
    );
    assert!(errors.iter().all(|e| e.line.is_some()), "{}", show(&errors));
}

#[test]
fn an_empty_or_missing_folder_is_an_error() {
    let dir = tree("empty");
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    assert!(load_errors(&dir)[0]
        .message
        .starts_with("no lesson files found"));
    let errors = load_dir(&dir.path().join("nope"), &dir.path().join("images")).unwrap_err();
    assert!(
        errors[0].message.starts_with("cannot read lesson folder"),
        "{}",
        show(&errors)
    );
}
