//! The real curriculum in `lessons/content` and `public/lessons` must load cleanly and cover the
//! framework. Run with `cargo test -p kite-lessons -- --nocapture` to see the coverage matrix.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use kite_lessons::{coverage, format_errors, load_dir, load_json, Band, Lesson, Strand, Year};

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn image_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/lessons")
}

fn lessons() -> Vec<Lesson> {
    load_dir(&content_dir(), &image_dir())
        .unwrap_or_else(|errors| panic!("lesson errors:\n{}", format_errors(&errors)))
}

#[test]
fn the_curriculum_loads_and_covers_every_strand_in_every_year() {
    let lessons = lessons();
    let c = coverage(&lessons);
    println!("\nCoverage (lessons per strand and year group):\n{c}");

    for year in Year::ALL {
        assert!(
            c.year_lessons(*year) >= 6,
            "{year} has {} lessons; one per half-term is 6",
            c.year_lessons(*year)
        );
    }
    for year in &Year::ALL[1..] {
        for strand in Strand::ALL {
            assert!(
                c.in_year(*strand, *year) >= 1,
                "{year} has no lesson teaching {strand}"
            );
        }
    }
    assert!(
        c.strands_taught(Band::Eyfs) >= 4,
        "EYFS strands: {}",
        c.strands_taught(Band::Eyfs)
    );
    assert!(
        c.lessons(Band::Ks2) >= 24,
        "KS2 lessons: {}",
        c.lessons(Band::Ks2)
    );
    // The same rules, as the crate states them for build scripts.
    assert_eq!(c.gaps(), Vec::<String>::new());
}

#[test]
fn every_lesson_ends_on_telling_a_trusted_adult() {
    for lesson in lessons() {
        let last = lesson.slides.last().expect("every lesson has slides");
        for words in [&last.text, &last.read_aloud] {
            let words = words.to_lowercase();
            assert!(
                words.contains("trusted adult") || words.contains("grown-up"),
                "{}'s last slide says {words:?}",
                lesson.id
            );
        }
    }
}

#[test]
fn the_build_refuses_a_curriculum_with_a_thin_year() {
    // The whole curriculum less one Year 6 lesson: the app's build (via load_json) must stop.
    let tmp = common::TempDir::new("thin-year");
    for band in Band::ALL {
        for entry in std::fs::read_dir(content_dir().join(band.id())).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap();
            let text = std::fs::read_to_string(&path).unwrap();
            tmp.write(&format!("{}/{name}", band.id()), &text);
        }
    }
    assert!(load_json(tmp.path(), &image_dir()).is_ok());
    let y6 = lessons().into_iter().rfind(|l| l.year == Year::Y6).unwrap();
    let file = std::fs::read_dir(tmp.path().join("ks2"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_str().unwrap().ends_with(&format!("-{}.toml", y6.id)))
        .unwrap();
    std::fs::remove_file(file).unwrap();
    let errors = load_json(tmp.path(), &image_dir()).unwrap_err();
    let shown = format_errors(&errors);
    assert!(
        shown.contains("Year 6 has 5 lessons; needs at least 6, one per half-term"),
        "{shown}"
    );
}

#[test]
fn ks2_teaches_the_smart_rules() {
    let lessons = lessons();
    let smart = lessons
        .iter()
        .filter(|l| l.band == Band::Ks2)
        .find(|l| l.pupil_text().contains("SMART"))
        .expect("a KS2 lesson mentioning SMART");
    // Each letter of the idea is on a slide of its own words.
    for word in ["Safe", "Meet", "Accept", "Reliable", "Tell"] {
        assert!(
            smart.pupil_text().contains(word),
            "SMART lesson lacks {word}"
        );
    }
}

#[test]
fn every_illustration_is_used_by_a_lesson() {
    // Unused pictures still ship to every tablet; catch them when a lesson stops using one.
    let used: BTreeSet<String> = lessons()
        .iter()
        .flat_map(|l| l.images().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(image_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".svg"))
        .collect();
    let unused: Vec<_> = on_disk.difference(&used).collect();
    assert!(
        unused.is_empty(),
        "illustrations no lesson uses: {unused:?}"
    );
}

#[test]
fn lesson_list() {
    // Not an assertion: a readable index of the curriculum for `--nocapture` runs.
    for l in lessons() {
        let strands: Vec<_> = l.strands.iter().map(|s| s.id()).collect();
        println!("{:6} {:34} {}", l.year.label(), l.id, strands.join(", "));
    }
}

#[test]
fn the_readme_example_is_a_valid_lesson() {
    // Teachers copy the README's example, so it must pass the same checks as a real lesson.
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("```toml\n")
        .expect("README has a ```toml example")
        + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let images = image_dir();
    let exists = |name: &str| images.join(name).is_file();
    if let Err(errors) =
        kite_lessons::check_lesson("README.md example", &readme[start..end], &exists)
    {
        panic!("{}", format_errors(&errors));
    }
}

#[test]
fn advice_to_keep_a_screenshot_always_names_the_one_picture_never_kept() {
    // "Keep a screenshot" is right for bullying and wrong for a nude or semi-nude picture, which
    // is never copied, kept or forwarded (doing so is itself an offence): a lesson that gives the
    // first advice, to children, teachers or parents, gives the exception too.
    const ADVICE: [&str; 4] = [
        "keep a screenshot",
        "keep it (screenshot)",
        "save screenshots",
        "take a screenshot",
    ];
    for lesson in lessons() {
        let all = serde_json::to_string(&lesson).unwrap().to_lowercase();
        if ADVICE.iter().any(|a| all.contains(a)) {
            assert!(
                all.contains("nude") || all.contains("no clothes"),
                "{} advises keeping a screenshot but never says a nude picture is never kept",
                lesson.id
            );
        }
    }
}

#[test]
fn each_key_stage_has_a_safer_internet_day_lesson_for_the_presenter_to_offer() {
    let lessons = lessons();
    for band in [Band::Ks1, Band::Ks2] {
        assert!(
            lessons.iter().any(|l| l.band == band
                && l.id
                    .starts_with(kite_lessons::calendar::SAFER_INTERNET_DAY_PREFIX)),
            "{band:?} has no Safer Internet Day lesson"
        );
    }
}
