//! Comparing a draft agreement with the version in force: the same text laid out differently is
//! no change at all (publishing it would ask everyone to sign again for nothing), what changed is
//! told in words for the admin to check before publishing, and a small typo fix may be saved as a
//! correction that keeps everyone's signatures.

use kite_protocol::agreement::{AgreementContent, Section, Statement};
use kite_protocol::Band;

/// The most letters a correction may change in any one line: enough for a typo or a misspelt
/// word, too few to change what a line asks of anyone.
pub const MAX_CORRECTION_LETTERS: usize = 12;

fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The content with every text trimmed and runs of spaces and line breaks made one space, as it
/// reads on screen. Stored like this, so two drafts that read the same compare equal.
pub fn normalise(content: &AgreementContent) -> AgreementContent {
    match content {
        AgreementContent::Pupil(aup) => {
            let mut aup = aup.clone();
            for s in aup.eyfs.iter_mut().chain(&mut aup.ks1).chain(&mut aup.ks2) {
                s.text = tidy(&s.text);
                s.read_aloud = tidy(&s.read_aloud);
                s.picture = s.picture.trim().to_string();
            }
            AgreementContent::Pupil(aup)
        }
        AgreementContent::Sections(doc) => {
            let mut doc = doc.clone();
            doc.intro = tidy(&doc.intro);
            for section in &mut doc.sections {
                section.heading = tidy(&section.heading);
                for p in &mut section.points {
                    *p = tidy(p);
                }
            }
            AgreementContent::Sections(doc)
        }
    }
}

fn quote(text: &str) -> String {
    const MOST: usize = 80;
    if text.chars().count() > MOST {
        format!("“{}…”", text.chars().take(MOST).collect::<String>())
    } else {
        format!("“{text}”")
    }
}

/// Pairs of positions (old, new) of one longest run of equal items, in order.
fn matching<T: PartialEq>(old: &[T], new: &[T]) -> Vec<(usize, usize)> {
    let mut longest = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            longest[i][j] = if old[i] == new[j] {
                longest[i + 1][j + 1] + 1
            } else {
                longest[i + 1][j].max(longest[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < old.len() && j < new.len() {
        if old[i] == new[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if longest[i + 1][j] >= longest[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// One list compared with another: between the lines that stay, lines facing each other are
/// "changed", and any left over on one side "removed" or "added". `name(i)` names the i-th line
/// of the new list ("KS1 statement 3").
fn compare_lists<T: PartialEq>(
    old: &[T],
    new: &[T],
    name: impl Fn(usize) -> String,
    changed: impl Fn(&T, &T) -> String,
    text: impl Fn(&T) -> &str,
    out: &mut Vec<String>,
) {
    let mut anchors = matching(old, new);
    anchors.push((old.len(), new.len()));
    let (mut i, mut j) = (0, 0);
    for (ai, aj) in anchors {
        while i < ai && j < aj {
            out.push(format!(
                "{} changed: {}",
                name(j),
                changed(&old[i], &new[j])
            ));
            i += 1;
            j += 1;
        }
        while i < ai {
            out.push(format!(
                "{} removed: {}",
                name(j).replace(&format!(" {}", j + 1), ""),
                quote(text(&old[i]))
            ));
            i += 1;
        }
        while j < aj {
            out.push(format!("{} added: {}", name(j), quote(text(&new[j]))));
            j += 1;
        }
        i = ai + 1;
        j = aj + 1;
    }
}

fn statement_change(old: &Statement, new: &Statement) -> String {
    let mut parts = Vec::new();
    if old.text != new.text {
        parts.push(format!("{} → {}", quote(&old.text), quote(&new.text)));
    }
    if old.read_aloud != new.read_aloud {
        parts.push(format!(
            "the words read aloud are now {}",
            quote(&new.read_aloud)
        ));
    }
    if old.picture != new.picture {
        parts.push(format!(
            "the picture is now “{}” (was “{}”)",
            new.picture, old.picture
        ));
    }
    parts.join("; ")
}

fn sections_changes(old: &[Section], new: &[Section], out: &mut Vec<String>) {
    for s in new {
        match old.iter().find(|o| o.heading == s.heading) {
            None => out.push(format!(
                "Section {} added, with {} points",
                quote(&s.heading),
                s.points.len()
            )),
            Some(o) => compare_lists(
                &o.points,
                &s.points,
                |j| format!("In {}, point {}", quote(&s.heading), j + 1),
                |a, b| format!("{} → {}", quote(a), quote(b)),
                |p| p.as_str(),
                out,
            ),
        }
    }
    for o in old {
        if !new.iter().any(|s| s.heading == o.heading) {
            out.push(format!(
                "Section {} removed, with its {} points",
                quote(&o.heading),
                o.points.len()
            ));
        }
    }
}

/// What changed from `old` to `new`, in words, one line each; empty when they read the same.
pub fn describe(old: &AgreementContent, new: &AgreementContent) -> Vec<String> {
    let (old, new) = (normalise(old), normalise(new));
    let mut out = Vec::new();
    match (&old, &new) {
        (AgreementContent::Pupil(a), AgreementContent::Pupil(b)) => {
            for band in Band::ALL {
                compare_lists(
                    a.for_band(band),
                    b.for_band(band),
                    |j| format!("{} statement {}", band.label(), j + 1),
                    statement_change,
                    |s| s.text.as_str(),
                    &mut out,
                );
            }
        }
        (AgreementContent::Sections(a), AgreementContent::Sections(b)) => {
            if a.intro != b.intro {
                out.push(format!(
                    "Introduction changed: {} → {}",
                    quote(&a.intro),
                    quote(&b.intro)
                ));
            }
            sections_changes(&a.sections, &b.sections, &mut out);
            let order = |d: &[Section]| d.iter().map(|s| s.heading.clone()).collect::<Vec<_>>();
            let (was, now) = (order(&a.sections), order(&b.sections));
            let kept: Vec<_> = was.iter().filter(|h| now.contains(h)).collect();
            let kept_now: Vec<_> = now.iter().filter(|h| was.contains(h)).collect();
            if kept != kept_now {
                out.push("The sections are in a different order".into());
            }
        }
        _ => out.push("The whole agreement is a different kind of text".into()),
    }
    out
}

/// `None` when `new` is a fair correction of `old`: the same statements or sections with the
/// same pictures, and each changed line differing by at most [`MAX_CORRECTION_LETTERS`]
/// letters. Otherwise why not, in words.
pub fn not_a_correction(old: &AgreementContent, new: &AgreementContent) -> Option<String> {
    let (old, new) = (normalise(old), normalise(new));
    if old == new {
        return Some("nothing has changed".into());
    }
    let lines = |c: &AgreementContent| -> Vec<(String, String)> {
        match c {
            AgreementContent::Pupil(aup) => Band::ALL
                .into_iter()
                .flat_map(|band| {
                    aup.for_band(band)
                        .iter()
                        .enumerate()
                        .flat_map(move |(i, s)| {
                            let at = format!("{} statement {}", band.label(), i + 1);
                            [
                                (at.clone(), s.text.clone()),
                                (format!("{at} (read aloud)"), s.read_aloud.clone()),
                                (format!("{at} (picture)"), s.picture.clone()),
                            ]
                        })
                })
                .collect(),
            AgreementContent::Sections(doc) => {
                std::iter::once(("The introduction".to_string(), doc.intro.clone()))
                    .chain(doc.sections.iter().enumerate().flat_map(|(i, s)| {
                        std::iter::once((format!("Section {} heading", i + 1), s.heading.clone()))
                            .chain(s.points.iter().enumerate().map(move |(j, p)| {
                                (format!("Section {} point {}", i + 1, j + 1), p.clone())
                            }))
                    }))
                    .collect()
            }
        }
    };
    let (was, now) = (lines(&old), lines(&new));
    let shape = |l: &[(String, String)]| l.iter().map(|(at, _)| at.clone()).collect::<Vec<_>>();
    if shape(&was) != shape(&now) {
        return Some(
            "a correction can't add, remove or move statements, sections or points".into(),
        );
    }
    for ((at, a), (_, b)) in was.iter().zip(&now) {
        if a == b {
            continue;
        }
        if at.ends_with("(picture)") {
            return Some(format!("a correction can't change a picture ({at})"));
        }
        if strsim::levenshtein(a, b) > MAX_CORRECTION_LETTERS {
            return Some(format!(
                "{at} changes by more than {MAX_CORRECTION_LETTERS} letters, which is more than a typo"
            ));
        }
    }
    None
}
