//! The `kite-server` binary's own command line: settings from flags and the environment, the
//! first-run guide, and making an account the way an admin's page does.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The binary with a clean environment (the shell running the tests may set `KITE_…` or
/// `DATABASE_URL`), plus `env`.
fn kite(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kite-server"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kite-server runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn first_run_says_how_to_sign_in_here() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let text = stdout(&kite(
        &["--data-dir", data, "first-run"],
        &[("KITE_PORT", "9123")],
        "",
    ));
    assert!(text.contains(&format!(
        "--data-dir {data} staff add you@school.example --role admin"
    )));
    assert!(
        text.contains("sign in at http://127.0.0.1:9123/staff"),
        "{text}"
    );
    assert!(
        text.contains("The first sign-in sets up two-step sign-in"),
        "the admin knows to have a phone ready: {text}"
    );
    assert!(text.contains("  tablet set-up:    http://127.0.0.1:9123/setup"));
    // An admin can't make a DSL account: the first one is made here.
    assert!(
        text.contains(&format!(
            "--data-dir {data} staff add dsl@school.example --role dsl"
        )),
        "{text}"
    );
}

#[test]
fn with_a_public_address_first_run_gives_that_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let text = stdout(&kite(
        &["--data-dir", data, "first-run"],
        &[
            ("KITE_PORT", "443"),
            ("KITE_PUBLIC_URL", "https://kite.school.example/"),
        ],
        "",
    ));
    assert!(
        text.contains("sign in at https://kite.school.example/staff"),
        "{text}"
    );
    assert!(text.contains("  tablet set-up:    https://kite.school.example/setup"));
    // A certificate ordered for a name: that name, when no public address is given.
    let text = stdout(&kite(
        &["--data-dir", data, "first-run"],
        &[
            ("KITE_PORT", "443"),
            ("KITE_ACME_DOMAINS", "kite.oak.example"),
        ],
        "",
    ));
    assert!(
        text.contains("sign in at https://kite.oak.example/staff"),
        "{text}"
    );
}

#[test]
fn secure_cookies_from_the_environment_take_yes_and_no_as_words_or_digits() {
    for (value, secure) in [
        ("1", true),
        ("yes", true),
        ("true", true),
        ("0", false),
        ("no", false),
        ("false", false),
    ] {
        let text = stdout(&kite(&["first-run"], &[("KITE_SECURE_COOKIES", value)], ""));
        assert_eq!(
            text.contains("Sign-in cookies are marked Secure"),
            secure,
            "KITE_SECURE_COOKIES={value}"
        );
    }
    let text = stdout(&kite(&["first-run", "--secure-cookies"], &[], ""));
    assert!(text.contains("Sign-in cookies are marked Secure"));
    assert!(
        !kite(&["first-run"], &[("KITE_SECURE_COOKIES", "maybe")], "")
            .status
            .success()
    );
}

#[test]
fn staff_add_checks_an_account_as_the_admins_page_does() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let password = "a long enough password\n";
    let refused = kite(
        &[
            "--data-dir",
            data,
            "staff",
            "add",
            "ann@school",
            "--role",
            "admin",
            "--password-stdin",
        ],
        &[],
        password,
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("doesn't look like an email address"));
    let short = kite(
        &[
            "--data-dir",
            data,
            "staff",
            "add",
            "ann@school.example",
            "--role",
            "admin",
            "--password-stdin",
        ],
        &[],
        "short\n",
    );
    assert!(!short.status.success());
    let made = stdout(&kite(
        &[
            "--data-dir",
            data,
            "staff",
            "add",
            " Ann@School.Example ",
            "--role",
            "admin",
            "--password-stdin",
        ],
        &[],
        password,
    ));
    assert!(made.contains("for ann@school.example"), "{made}");
    let list = stdout(&kite(&["--data-dir", data, "staff", "list"], &[], ""));
    assert!(
        list.contains("\tann@school.example\tadmin\tann\tactive"),
        "{list}"
    );
    let again = kite(
        &[
            "--data-dir",
            data,
            "staff",
            "add",
            "ann@school.example",
            "--role",
            "dsl",
            "--password-stdin",
        ],
        &[],
        password,
    );
    assert!(String::from_utf8_lossy(&again.stderr)
        .contains("there is already an account for ann@school.example"));
}

#[test]
fn version_names_the_newest_migration_it_carries() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
    let files = |db: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(format!("{dir}/{db}"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let (sqlite, postgres) = (files("sqlite"), files("postgres"));
    let newest = sqlite.last().unwrap().trim_end_matches(".sql");
    let (number, name) = newest.split_once('_').unwrap();
    let text = stdout(&kite(&["--version"], &[], ""));
    assert_eq!(
        text.trim_end(),
        format!(
            "kite-server {} (database migrations up to {number}, \"{}\": {} for SQLite, {} for PostgreSQL)",
            env!("CARGO_PKG_VERSION"),
            name.replace('_', " "),
            sqlite.len(),
            postgres.len()
        )
    );
}

/// `kite-server school …` on SQLite: the first entry needs a restart (one school becomes
/// several), later changes don't; pausing and removing say what happens to the school's data.
#[test]
fn school_commands_say_when_a_restart_is_needed_and_that_removing_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let school = |args: &[&str]| {
        let mut all = vec!["--data-dir", data, "school"];
        all.extend_from_slice(args);
        kite(&all, &[], "")
    };
    let first = stdout(&school(&[
        "add", "oak", "--name", "Oak", "--host", "oak.test",
    ]));
    assert!(first.contains("restart the server"), "{first}");
    let second = stdout(&school(&[
        "add", "elm", "--name", "Elm", "--host", "elm.test",
    ]));
    assert!(!second.to_lowercase().contains("restart"), "{second}");
    assert!(second.contains("within a few seconds"), "{second}");

    let paused = stdout(&school(&["suspend", "elm"]));
    assert!(paused.contains("This school's Kite is paused"), "{paused}");
    assert_eq!(
        stdout(&school(&["list"])),
        "oak\tOak\toak.test\nelm\tElm\telm.test\tpaused\n"
    );
    let removed = stdout(&school(&["remove", "elm"]));
    assert!(removed.contains("NOT deleted"), "{removed}");
    assert!(removed.contains("elm.sqlite"), "{removed}");
    assert_eq!(stdout(&school(&["list"])), "oak\tOak\toak.test\n");

    let unknown = school(&["suspend", "ash"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no school has the slug \"ash\""));
}
