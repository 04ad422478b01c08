//! `kite-server first-run`: how to start using a new server (the first admin account, tablets,
//! alerts, the demo), with commands ready to paste for this data dir. `scripts/run` prints it
//! before serving, and `serve` shows the same list of addresses once it is running.

use std::fmt::Write;

use kite_protocol::staff::MIN_PASSWORD_CHARS;

use crate::config::Config;
use crate::demo::{DEMO_STAFF_FILE, DEMO_TOKEN_FILE};
use crate::schools::DirectorySource;

pub async fn run(config: &Config) -> anyhow::Result<()> {
    let program = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "kite-server".into());
    print!("{}", guide(config, &program).await);
    Ok(())
}

/// The guide, with `program` as the way to run this server, saying so when it runs several
/// schools.
pub async fn guide(config: &Config, program: &str) -> String {
    text(config, program, several_schools(config).await.as_deref())
}

/// Where the directory of schools is kept, when this server has one: the schools file, or on
/// PostgreSQL the database's directory (which a server of many schools keeps there, with no
/// file). A database that doesn't answer is no reason to withhold the guide: the file is read.
async fn several_schools(config: &Config) -> Option<String> {
    let source = match DirectorySource::for_serving(config).await {
        Ok(source) => source,
        Err(e) => {
            tracing::warn!(error = format!("{e:#}"), "reading the directory of schools");
            Some(DirectorySource::File(config.schools_file()))
        }
    }?;
    match source.load().await {
        Ok(Some(_)) => Some(source.describe()),
        Ok(None) => None,
        Err(e) => {
            tracing::warn!(error = format!("{e:#}"), "reading the directory of schools");
            None
        }
    }
}

/// Where each part of Kite is, under `url` (`http://host:port`, no trailing slash), one a line
/// after `indent`.
pub fn addresses(url: &str, indent: &str) -> String {
    [
        ("pupils (kiosk):", "/"),
        ("teachers:", "/present"),
        ("parents:", "/parents"),
        ("staff:", "/staff"),
        ("tablet set-up:", "/setup"),
        ("health:", "/api/v1/health"),
    ]
    .iter()
    .map(|(who, path)| format!("{indent}{who:<17} {url}{path}\n"))
    .collect()
}

/// The address staff, parents and tablets use, without a trailing slash: `--public-url`, or
/// else the first name a certificate is ordered for (`--acme-domain`).
pub fn public_address(config: &Config) -> Option<String> {
    let public = config
        .public_url
        .as_deref()
        .map(|u| u.trim_end_matches('/').to_string());
    public.or_else(|| {
        config.acme_domains.first().map(|domain| match config.port {
            443 => format!("https://{domain}"),
            port => format!("https://{domain}:{port}"),
        })
    })
}

/// The guide, with `program` as the way to run this server; `schools`: where the directory of
/// schools is kept, when there is one.
fn text(config: &Config, program: &str, schools: Option<&str>) -> String {
    let data = config.data_dir.display().to_string();
    let cmd = format!("{} --data-dir {}", shell_word(program), shell_word(&data));
    let url = public_address(config).unwrap_or_else(|| {
        let scheme = if config.tls_cert.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}:{}", config.bind, config.port)
    });
    let mut t = String::from("\nFirst time?\n");
    if let Some(schools) = schools {
        let _ = writeln!(
            t,
            "  This server runs several schools ({schools}): add --school <slug> to each command below\n  (see `{cmd} school list`).",
        );
    }
    let _ = write!(
        t,
        r#"  - Create the first admin account (it asks for a password, at least {MIN_PASSWORD_CHARS} characters):
        {cmd} staff add you@school.example --role admin --name "Your Name"
    then sign in at {url}/staff.
    The first sign-in sets up two-step sign-in: have a phone with an authenticator app ready
    (DSL, admin and trust accounts always need it). It shows one-time recovery codes to print
    or write down. There the admin adds teachers, other staff and governors (role governor:
    the governors' report only), sets the school profile, and makes one-time enrolment codes
    for tablets.
  - Create the DSL's account here too (only a DSL can add or change a DSL account, so the
    admin can't); the DSL then adds the deputies at /staff:
        {cmd} staff add dsl@school.example --role dsl --name "Their Name"
  - To connect a tablet, open /setup on it and type an enrolment code from /staff (Tablets).
    Without a staff account you can still enrol one from here and paste the token it prints:
        {cmd} device add "Year 2 tablet"
"#
    );
    if config.cookies_secure() {
        t.push_str("  - Sign-in cookies are marked Secure: staff and parents must reach the server over HTTPS.\n");
    } else {
        t.push_str("  - Staff reach the server over HTTPS? Start with --secure-cookies (or KITE_SECURE_COOKIES=1).\n");
    }
    let _ = write!(
        t,
        r#"  - To email the DSLs when an urgent report arrives (the email says nothing else), set
        KITE_SMTP_URL=smtp://user:pass@mail.school.example:587?tls=required
        KITE_ALERT_FROM="Kite <kite@school.example>"  KITE_PUBLIC_URL=https://kite.school.example
    and/or KITE_ALERT_WEBHOOK=https://… (gets {{"text": "…"}}).
  - To try Kite with a demo school (trusted adults, a demo tablet, sample reports), serve with
    --demo (./scripts/run --demo) and paste the token in {data}/{DEMO_TOKEN_FILE} into /setup.
    Demo staff sign-ins (DSL, admin, teacher, governor) are in {data}/{DEMO_STAFF_FILE}.
  - PostgreSQL instead of SQLite: DATABASE_URL=postgres://… ; several schools and their trust on
    one server: {data}/schools.toml (see docs/operating.md, "Several schools on one server").
  - Reports made on a tablet reach this server; list them (ids only) with
        {cmd} reports summary
  Once the server is running, Kite is at {url}/:
"#
    );
    t.push_str(&addresses(&url, "    "));
    t.push('\n');
    t
}

/// `word` as one shell word: as it is when it is plain, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:=@,".contains(c));
    if plain && !word.is_empty() {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_has_commands_for_this_data_dir() {
        let config = Config::for_data_dir("/srv/kite data".into(), "dist".into());
        let t = text(&config, "/opt/kite-server", None);
        assert!(t.contains(
            "/opt/kite-server --data-dir '/srv/kite data' staff add you@school.example --role admin"
        ));
        assert!(
            t.contains("/opt/kite-server --data-dir '/srv/kite data' device add \"Year 2 tablet\"")
        );
        assert!(t.contains("Start with --secure-cookies"));
        assert!(t.contains("  staff:            http://127.0.0.1:8080/staff\n"));
    }

    #[test]
    fn plain_words_stay_plain() {
        assert_eq!(shell_word("data"), "data");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
