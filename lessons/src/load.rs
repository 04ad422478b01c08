//! Reading the lesson folders from disk (build scripts and tests; not compiled for the app).
//!
//! Layout: `<root>/<band>/NN-<id>.toml`, images in one flat folder. Every file is read, parsed and
//! checked, and every error from every file is returned together, so an author fixes them in one
//! pass rather than one build at a time.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::coverage::coverage;
use crate::error::LessonError;
use crate::images::svg_problems;
use crate::model::{Band, Lesson};
use crate::parse::{locate, parse_lesson};
use crate::translate::{shipped, Translations};
use crate::validate::{is_slug, validate, FieldPath, Problem};

/// Loads and checks every lesson under `root` (e.g. `lessons/content`), with images looked up in
/// `image_dir` (e.g. `public/lessons`). Lessons come back in teaching order: by band, then by
/// file name (the `NN-` prefix).
///
/// Also checks every `.svg` in `image_dir` against the app's rules (size, no inline styles or
/// scripts), since those files ship with the app whether or not a lesson uses them.
///
/// In a build script (paths are relative to the calling package's directory):
///
/// ```no_run
/// # use std::path::Path;
/// println!("cargo::rerun-if-changed=../lessons/content");
/// println!("cargo::rerun-if-changed=../public/lessons");
/// let lessons = kite_lessons::load_dir(
///     Path::new("../lessons/content"),
///     Path::new("../public/lessons"),
/// )
/// .unwrap_or_else(|errors| panic!("\n{}", kite_lessons::format_errors(&errors)));
/// ```
/// `load_dir`, as the JSON the app reads (`Vec<Lesson>`): what `app/build.rs` writes for the
/// app's tests and `lessons-json` prints for the app's lessons file, the same bytes for both.
///
/// Unlike `load_dir`, it also holds the whole curriculum to the coverage rules
/// ([`Coverage::gaps`](crate::Coverage::gaps)), so the app can't be built with a year group short
/// of lessons or missing a strand.
pub fn load_json(root: &Path, image_dir: &Path) -> Result<String, Vec<LessonError>> {
    let lessons = load_dir(root, image_dir)?;
    let gaps = coverage(&lessons).gaps();
    if !gaps.is_empty() {
        let folder = root.display().to_string();
        return Err(gaps
            .into_iter()
            .map(|gap| LessonError::new(&folder, None, gap))
            .collect());
    }
    Ok(serde_json::to_string(&lessons).expect("the lesson model serialises"))
}

/// One language's lesson translations, `<dir>/<lang>.toml` (a `["<lesson id>"]` section per
/// lesson, each line `"English" = "translation"`).
pub fn load_translations(dir: &Path, lang: &str) -> Result<Translations, LessonError> {
    let path = dir.join(format!("{lang}.toml"));
    let name = path.display().to_string();
    let src = fs::read_to_string(&path)
        .map_err(|e| LessonError::new(&name, None, format!("cannot read translations: {e}")))?;
    toml::from_str(&src).map_err(|e| {
        let line = e
            .span()
            .map(|span| src[..span.start].lines().count().max(1));
        LessonError::new(&name, line, e.message())
    })
}

/// What the app fetches for `lang` on a tablet set to it (see [`shipped`]), as JSON: the lessons
/// checked as [`load_json`] checks them, then the translations of those that are complete.
pub fn load_translations_json(
    root: &Path,
    image_dir: &Path,
    translations_dir: &Path,
    lang: &str,
) -> Result<String, Vec<LessonError>> {
    let lessons = load_dir(root, image_dir)?;
    let translations = load_translations(translations_dir, lang).map_err(|e| vec![e])?;
    let table = shipped(&lessons, &translations);
    Ok(serde_json::to_string(&table).expect("translations serialise"))
}

pub fn load_dir(root: &Path, image_dir: &Path) -> Result<Vec<Lesson>, Vec<LessonError>> {
    let mut errors = Vec::new();
    let images = check_images(image_dir, &mut errors);
    let files = lesson_files(root, &mut errors);
    if files.is_empty() && errors.is_empty() {
        errors.push(LessonError::new(
            root.display().to_string(),
            None,
            "no lesson files found (expected eyfs/, ks1/ and ks2/ folders of .toml files)",
        ));
    }

    let image_exists = |name: &str| images.contains(name);
    // id -> the file that used it first, for the duplicate message.
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut lessons = Vec::new();
    for file in files {
        let name = file.path.display().to_string();
        let src = match fs::read_to_string(&file.path) {
            Ok(src) => src,
            Err(e) => {
                errors.push(LessonError::new(
                    name,
                    None,
                    format!("cannot read file: {e}"),
                ));
                continue;
            }
        };
        let lesson = match parse_lesson(&name, &src) {
            Ok(lesson) => lesson,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut problems = validate(&lesson, &image_exists);
        problems.extend(placement_problems(&lesson, &file));
        if let Some(first) = ids.get(&lesson.id) {
            problems.push(Problem::new(
                FieldPath::root().key("id"),
                format!("duplicate id \"{}\" (also used by {first})", lesson.id),
            ));
        } else {
            ids.insert(lesson.id.clone(), name.clone());
        }
        if problems.is_empty() {
            lessons.push((file.band, file.path, lesson));
        } else {
            errors.extend(locate(&name, &src, problems));
        }
    }

    if errors.is_empty() {
        lessons.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        Ok(lessons.into_iter().map(|(_, _, lesson)| lesson).collect())
    } else {
        Err(errors)
    }
}

/// A lesson file and the band its folder says it is.
struct LessonFile {
    band: Band,
    path: PathBuf,
}

/// Every `.toml` under `root`, recursively. Ones not directly inside a band folder are reported
/// rather than skipped: a lesson that silently never appears is worse than an error.
fn lesson_files(root: &Path, errors: &mut Vec<LessonError>) -> Vec<LessonFile> {
    let mut found = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                let message = format!("cannot read lesson folder: {e}");
                errors.push(LessonError::new(dir.display().to_string(), None, message));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "toml") {
                found.push(path);
            }
        }
    }
    found.sort();

    let mut files = Vec::new();
    for path in found {
        let band = path
            .parent()
            .filter(|parent| parent.parent() == Some(root))
            .and_then(|parent| parent.file_name()?.to_str()?.parse::<Band>().ok());
        match band {
            Some(band) => files.push(LessonFile { band, path }),
            None => errors.push(LessonError::new(
                path.display().to_string(),
                None,
                format!(
                    "lesson files go directly in {}/eyfs, {0}/ks1 or {0}/ks2",
                    root.display()
                ),
            )),
        }
    }
    files
}

/// Checks that a lesson sits where its contents say: band folder = `band`, file = `NN-<id>.toml`.
fn placement_problems(lesson: &Lesson, file: &LessonFile) -> Vec<Problem> {
    let mut problems = Vec::new();
    if lesson.band != file.band {
        problems.push(Problem::new(
            FieldPath::root().key("band"),
            format!(
                "band = \"{}\" but the file is in the {} folder; move the file or fix the band",
                lesson.band.id(),
                file.band.id()
            ),
        ));
    }
    // The number orders lessons within a band; the rest must be the id so files are findable.
    let stem = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let numbered = stem
        .split_once('-')
        .filter(|(nn, _)| nn.len() == 2 && nn.bytes().all(|b| b.is_ascii_digit()));
    let matches = numbered.is_some_and(|(_, rest)| rest == lesson.id);
    // A bad id already has its own message from `validate`; don't pile a second one on.
    if !matches && is_slug(&lesson.id) {
        problems.push(Problem::new(
            FieldPath::root().key("id"),
            format!(
                "file name should be NN-{}.toml (two digits, a hyphen, then the id) to match id \"{}\"",
                lesson.id, lesson.id
            ),
        ));
    }
    problems
}

/// Checks every `.svg` in `image_dir` and returns the names of all files there.
fn check_images(image_dir: &Path, errors: &mut Vec<LessonError>) -> HashSet<String> {
    let mut names = HashSet::new();
    let entries = match fs::read_dir(image_dir) {
        Ok(entries) => entries,
        Err(e) => {
            let message = format!("cannot read image folder: {e}");
            errors.push(LessonError::new(
                image_dir.display().to_string(),
                None,
                message,
            ));
            return names;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|ext| ext == "svg") {
            let shown = path.display().to_string();
            match fs::read_to_string(&path) {
                Ok(svg) => errors.extend(
                    svg_problems(&svg)
                        .into_iter()
                        .map(|(line, message)| LessonError::new(&shown, Some(line), message)),
                ),
                Err(e) => {
                    let message = format!("cannot read image: {e}");
                    errors.push(LessonError::new(shown, None, message));
                }
            }
        }
        names.insert(name.to_string());
    }
    names
}
