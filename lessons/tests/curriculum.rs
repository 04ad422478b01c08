//! The real curriculum in `lessons/content` and `public/lessons` must load cleanly and cover the
//! framework. Run with `cargo test -p kite-lessons -- --nocapture` to see the coverage matrix.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use kite_lessons::{coverage, format_errors, load_dir, Band, Lesson, Strand};

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
fn the_curriculum_loads_and_covers_every_strand() {
    let lessons = lessons();
    let c = coverage(&lessons);
    println!("\nCoverage (lessons per strand and band):\n{c}");

    assert!(
        c.lessons(Band::Eyfs) >= 6,
        "EYFS lessons: {}",
        c.lessons(Band::Eyfs)
    );
    assert!(
        c.lessons(Band::Ks1) >= 8,
        "KS1 lessons: {}",
        c.lessons(Band::Ks1)
    );
    assert!(
        c.lessons(Band::Ks2) >= 12,
        "KS2 lessons: {}",
        c.lessons(Band::Ks2)
    );
    for strand in Strand::ALL {
        assert!(
            c.key_stages(*strand) >= 2,
            "{strand} is taught in only {} KS1+KS2 lessons",
            c.key_stages(*strand)
        );
    }
    assert!(
        c.strands_taught(Band::Eyfs) >= 4,
        "EYFS strands: {}",
        c.strands_taught(Band::Eyfs)
    );
    // The same rules, as the crate states them for build scripts.
    assert_eq!(c.gaps(), Vec::<String>::new());
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
        println!("{:4} {:32} {}", l.band.label(), l.id, strands.join(", "));
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
