//! The parser and each validation rule, on small inline lessons. Every test checks that the
//! message names the file and the line an author would need to edit.

mod common;

use common::*;
use kite_lessons::{check_lesson, parse_lesson, Activity, Band, Strand};

#[test]
fn the_fixture_is_valid_and_parses_into_the_model() {
    let lesson =
        check_lesson(FILE, VALID, &image_exists).unwrap_or_else(|e| panic!("{}", show(&e)));
    assert_eq!(lesson.id, "foo");
    assert_eq!(lesson.band, Band::Ks1);
    assert_eq!(
        lesson.strands,
        [Strand::PrivacyAndSecurity, Strand::OnlineRelationships]
    );
    assert_eq!(lesson.slides.len(), 2);
    let kinds: Vec<_> = lesson.activities.iter().map(Activity::kind).collect();
    assert_eq!(kinds, ["scenario", "sort", "quiz", "discuss"]);
    let images: Vec<_> = lesson.images().collect();
    assert_eq!(
        images,
        ["padlock.svg", "grown-up-and-child.svg", "tablet.svg"]
    );
}

#[test]
fn the_model_round_trips_through_serde() {
    // The app embeds lessons in serialized form, so what we write must read back the same.
    let lesson = parse_lesson(FILE, VALID).unwrap();
    let text = toml::to_string(&lesson).unwrap();
    assert_eq!(parse_lesson(FILE, &text).unwrap(), lesson);
}

#[test]
fn syntax_error_names_file_and_line() {
    let src = with("title = \"Foo\"", "title = \"Foo");
    let e = parse_lesson(FILE, &src).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(
        e.to_string()
            .starts_with("lessons/content/ks1/03-foo.toml:3: "),
        "{e}"
    );
    assert!(!e.message.contains('\n'), "one-line message: {e}");
}

#[test]
fn unknown_strand_lists_the_strands() {
    let src = with("\"privacy_and_security\"", "\"privcy\"");
    let errors = errors(&src);
    assert_eq!(
        show(&errors),
        "lessons/content/ks1/03-foo.toml:4: unknown strand \"privcy\" (expected one of \
         self_image_and_identity, online_relationships, online_reputation, online_bullying, \
         managing_online_information, health_wellbeing_and_lifestyle, privacy_and_security, \
         copyright_and_ownership)"
    );
}

#[test]
fn unknown_strand_on_a_later_line_of_a_multiline_array() {
    let src = with(
        "strands = [\"privacy_and_security\", \"online_relationships\"]",
        "strands = [\n  \"privacy_and_security\",\n  \"online_relationshps\",\n]",
    );
    assert_one_error(&errors(&src), 6, "unknown strand \"online_relationshps\"");
}

#[test]
fn unknown_band() {
    let src = with("band = \"ks1\"", "band = \"ks3\"");
    assert_one_error(
        &errors(&src),
        2,
        "unknown band \"ks3\" (expected one of eyfs, ks1, ks2)",
    );
}

#[test]
fn a_year_outside_the_band_is_an_error() {
    let src = with("year = \"y1\"", "year = \"y4\"");
    assert_one_error(
        &errors(&src),
        line(&src, "year = ", 0),
        "year \"y4\" is in KS2, but the lesson's band is KS1",
    );
}

#[test]
fn misspelt_field_is_an_error_not_ignored() {
    let src = with(
        "read_aloud = \"Some things are private.\"",
        "read_alod = \"Some things are private.\"",
    );
    let errors = errors(&src);
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert!(errors[0].message.contains("read_alod"), "{}", errors[0]);
    assert_eq!(
        errors[0].line,
        Some(line(&src, "read_alod", 0)),
        "{}",
        errors[0]
    );
}

#[test]
fn missing_read_aloud() {
    let src = with("read_aloud = \"Some things are private.\"\n", "");
    let errors = errors(&src);
    assert_one_error(
        &errors,
        line(&src, "[[slides]]", 0),
        "missing field `read_aloud`",
    );
}

#[test]
fn empty_slide_read_aloud() {
    let src = with(
        "read_aloud = \"Some things are private.\"",
        "read_aloud = \"  \"",
    );
    assert_one_error(
        &errors(&src),
        line(&src, "read_aloud = \"  \"", 0),
        "slide 1: read_aloud is empty (pre-readers hear this",
    );
}

#[test]
fn empty_read_aloud_in_an_activity() {
    let src = with(
        "read_aloud = \"What else is private?\"",
        "read_aloud = \"\"",
    );
    assert_one_error(
        &errors(&src),
        line(&src, "read_aloud = \"\"", 0),
        "activity 4 (discuss): read_aloud is empty",
    );
}

#[test]
fn scenario_without_a_safe_option() {
    let src = with("safe = true", "safe = false");
    assert_one_error(
        &errors(&src),
        line(&src, "[[activities.options]]", 0),
        "activity 1 (scenario): no option has safe = true",
    );
}

#[test]
fn scenario_with_one_option() {
    let src = with(
        "[[activities.options]]\ntext = \"Type it in.\"\nsafe = false\nfeedback = \"Your address is private, so it is safer to ask first.\"\n",
        "",
    );
    assert_one_error(
        &errors(&src),
        line(&src, "[[activities.options]]", 0),
        "activity 1 (scenario): options: has 1, needs 2 to 4",
    );
}

#[test]
fn quiz_answer_out_of_range() {
    let src = with("answer = 0", "answer = 2");
    assert_one_error(
        &errors(&src),
        line(&src, "answer = 2", 0),
        "activity 3 (quiz), question 1: answer = 2 but there are only 2 options (answers count from 0)",
    );
}

#[test]
fn sort_item_in_a_group_that_does_not_exist() {
    let src = with("group = 1", "group = 2");
    assert_one_error(
        &errors(&src),
        line(&src, "group = 2", 0),
        "activity 2 (sort), item 2: group = 2 but must be 0 or 1",
    );
}

#[test]
fn sort_group_with_no_items() {
    let src = VALID.replace("group = 1", "group = 0");
    assert_one_error(
        &errors(&src),
        line(&src, "groups = ", 0),
        "activity 2 (sort): group 1 (\"Ask a grown-up first\") has no items",
    );
}

#[test]
fn sort_needs_exactly_two_groups() {
    let src = with(
        "groups = [\"OK to share\", \"Ask a grown-up first\"]",
        "groups = [\"OK to share\", \"Ask a grown-up first\", \"Never\"]",
    );
    assert_one_error(
        &errors(&src),
        line(&src, "groups = ", 0),
        "groups has 3 names, needs exactly 2",
    );
}

#[test]
fn missing_image_file() {
    let src = with("image = \"tablet.svg\"", "image = \"tablte.svg\"");
    assert_one_error(
        &errors(&src),
        line(&src, "tablte.svg", 0),
        "activity 1 (scenario): image \"tablte.svg\" not found in public/lessons/",
    );
}

#[test]
fn image_must_be_a_plain_file_name() {
    let src = with("image = \"padlock.svg\"", "image = \"../padlock.svg\"");
    assert_one_error(
        &errors(&src),
        line(&src, "../padlock.svg", 0),
        "must be a plain file name",
    );
}

#[test]
fn fewer_than_two_activities() {
    // Keep only the scenario: cut the file at the second [[activities]].
    let second = VALID.match_indices("[[activities]]").nth(1).unwrap().0;
    let src = &VALID[..second];
    assert_one_error(
        &errors(src),
        line(src, "[[activities]]", 0),
        "only 1 activity; each lesson needs at least 2",
    );
}

#[test]
fn empty_outcomes() {
    let src = with(
        "outcomes = [{ text = \"I can say what is private.\", strand = \"privacy_and_security\" }, \
         { text = \"I can tell a trusted adult if something online worries me.\", strand = \
         \"online_relationships\" }]",
        "outcomes = []",
    );
    // One message, not one more for each strand left without an outcome.
    assert_one_error(&errors(&src), 5, "outcomes is empty");
}

#[test]
fn outcomes_are_i_can_statements() {
    let src = with(
        "\"I can say what is private.\"",
        "\"Know what is private.\"",
    );
    assert_one_error(&errors(&src), 5, "outcome 1 should start with \"I can \"");
}

#[test]
fn an_outcome_names_one_of_the_lessons_strands() {
    let src = with(
        "strand = \"online_relationships\" }]",
        "strand = \"online_bullying\" }]",
    );
    let errors = errors(&src);
    assert_eq!(
        show(&errors),
        "lessons/content/ks1/03-foo.toml:5: outcome 2 serves strand \"online_bullying\", which is \
         not in the lesson's strands\n\
         lessons/content/ks1/03-foo.toml:4: strand \"online_relationships\" has no outcome; add an \
         \"I can …\" outcome for it or take it out"
    );
}

#[test]
fn an_outcome_with_an_unknown_strand() {
    let src = with(
        "strand = \"online_relationships\" }]",
        "strand = \"online_relationshps\" }]",
    );
    assert_one_error(
        &errors(&src),
        5,
        "unknown strand \"online_relationshps\" (expected one of",
    );
}

#[test]
fn every_strand_of_a_lesson_has_an_outcome() {
    let src = with(
        "strands = [\"privacy_and_security\", \"online_relationships\"]",
        "strands = [\"privacy_and_security\", \"online_relationships\", \"online_bullying\"]",
    );
    assert_one_error(
        &errors(&src),
        4,
        "strand \"online_bullying\" has no outcome",
    );
}

#[test]
fn teacher_notes_without_disclosure_guidance() {
    let src = with("and tell the DSL the same day.", "and carry on.");
    assert_one_error(
        &errors(&src),
        line(&src, "teacher_notes", 0),
        "the word \"DSL\" is missing",
    );
}

#[test]
fn last_slide_must_point_to_a_trusted_adult() {
    let src = with(
        "text = \"Worried? Tell a trusted adult.\"",
        "text = \"Bye!\"",
    );
    assert_one_error(
        &errors(&src),
        line(&src, "text = \"Bye!\"", 0),
        "the last slide's text must end on telling a trusted adult",
    );
}

#[test]
fn grown_up_counts_as_a_trusted_adult() {
    let src = with(
        "read_aloud = \"If something worries you, tell a trusted adult.\"",
        "read_aloud = \"If something worries you, tell a grown-up.\"",
    );
    assert!(check_lesson(FILE, &src, &image_exists).is_ok());
}

#[test]
fn id_must_be_a_slug() {
    let src = with("id = \"foo\"", "id = \"Foo Bar\"");
    assert_one_error(&errors(&src), 1, "id \"Foo Bar\" must be a slug");
}

#[test]
fn unknown_activity_kind() {
    let src = with("kind = \"discuss\"", "kind = \"poll\"");
    let errors = errors(&src);
    assert_eq!(errors.len(), 1, "{}", show(&errors));
    assert!(
        errors[0].message.contains("unknown variant `poll`"),
        "{}",
        errors[0]
    );
    assert_eq!(
        errors[0].line,
        Some(line(&src, "kind = \"poll\"", 0)),
        "{}",
        errors[0]
    );
}

#[test]
fn every_rule_error_is_reported_in_one_pass() {
    let src = VALID
        .replacen("answer = 0", "answer = 9", 1)
        .replacen("safe = true", "safe = false", 1)
        .replacen("tell the DSL", "tell someone", 1);
    let errors = errors(&src);
    let lines: Vec<_> = errors.iter().map(|e| e.line.unwrap()).collect();
    assert_eq!(
        lines,
        [
            line(&src, "[[activities.options]]", 0),
            line(&src, "answer = 9", 0),
            line(&src, "teacher_notes", 0),
        ],
        "{}",
        show(&errors)
    );
}

#[test]
fn a_slide_can_carry_its_own_teacher_notes() {
    let src = with(
        "image = \"padlock.svg\"",
        "image = \"padlock.svg\"\nnotes = \"\"\"\nAsk: what do you keep private at home?\nPause for hands.\"\"\"",
    );
    let lesson = check_lesson(FILE, &src, &image_exists).unwrap_or_else(|e| panic!("{}", show(&e)));
    let notes: Vec<_> = lesson.slides.iter().map(|s| s.notes.as_deref()).collect();
    assert_eq!(
        notes,
        [
            Some("Ask: what do you keep private at home?\nPause for hands."),
            None
        ],
        "only the slide that has notes carries them"
    );
    let text = toml::to_string(&lesson).unwrap();
    assert_eq!(parse_lesson(FILE, &text).unwrap(), lesson, "round trip");
}

#[test]
fn empty_slide_notes() {
    let src = with(
        "image = \"padlock.svg\"",
        "image = \"padlock.svg\"\nnotes = \" \"",
    );
    assert_one_error(
        &errors(&src),
        line(&src, "notes = \" \"", 0),
        "slide 1: notes is empty",
    );
}

#[test]
fn every_answer_in_a_reception_lesson_needs_a_picture() {
    let src =
        with("band = \"ks1\"", "band = \"eyfs\"").replacen("year = \"y1\"", "year = \"eyfs\"", 1);
    let errors = errors(&src);
    // Two scenario options, four sort cards and a quiz question's two options.
    assert_eq!(errors.len(), 8, "{}", show(&errors));
    assert!(
        errors.iter().all(|e| e
            .message
            .contains("every answer in a Reception (EYFS) lesson has a picture")),
        "{}",
        show(&errors)
    );
    assert_eq!(
        errors[0].line,
        Some(line(&src, "[[activities.options]]", 0))
    );
    check_lesson(FILE, &reception(VALID), &image_exists).unwrap_or_else(|e| panic!("{}", show(&e)));
}

#[test]
fn answers_to_one_question_have_different_pictures() {
    let src = reception(VALID).replacen("image = \"house.svg\"", "image = \"star.svg\"", 1);
    assert_one_error(
        &errors(&src),
        line(&src, "image = \"star.svg\"", 1),
        "activity 2 (sort), item 2: image \"star.svg\" is also item 1's picture",
    );
}

#[test]
fn answer_pictures_are_checked_and_cached_with_the_lesson() {
    let src = with(
        "text = \"Your address\"\ngroup = 1",
        "text = \"Your address\"\ngroup = 1\nimage = \"nope.svg\"",
    );
    assert_one_error(
        &errors(&src),
        line(&src, "nope.svg", 0),
        "activity 2 (sort), item 2: image \"nope.svg\" not found",
    );

    let src = with("answer = 0", "answer = 0\nimages = [\"tablet.svg\"]");
    assert_one_error(
        &errors(&src),
        line(&src, "images = ", 0),
        "images has 1 pictures for 2 options",
    );

    let src = with(
        "answer = 0",
        "answer = 0\nimages = [\"padlock.svg\", \"tablet.svg\"]",
    );
    let lesson = check_lesson(FILE, &src, &image_exists).unwrap_or_else(|e| panic!("{}", show(&e)));
    let images: Vec<_> = lesson.images().collect();
    assert_eq!(
        images,
        [
            "padlock.svg",
            "grown-up-and-child.svg",
            "tablet.svg",
            "padlock.svg",
            "tablet.svg"
        ]
    );
}
