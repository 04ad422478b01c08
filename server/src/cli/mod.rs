//! `kite-server`'s command line: serving, the first-run guide, and the admin commands, one file
//! per family. Settings (flags, environment variables and their defaults) are `Config`'s; this
//! module adds the subcommands, `--school`, and finding the school an admin command is for.

mod backup;
mod dev;
mod device;
pub mod first_run;
mod keys;
mod lessons;
mod reports;
pub mod school;
mod serve;
mod staff;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::schools::{open_school, TRUST_SLUG};
use crate::state::{AppState, SchoolStore};

/// `--version`: the version and the database migrations it carries, which is what says whether
/// a database (or a backup) is newer than this server.
static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let (latest, name) = crate::storage::migrations::carried();
    let (sqlite, postgres) = crate::storage::migrations::counts();
    format!(
        "{} (database migrations up to {latest:04}, \"{name}\": {sqlite} for SQLite, {postgres} for PostgreSQL)",
        crate::storage::migrations::KITE_VERSION
    )
});

#[derive(Parser)]
#[command(name = "kite-server", version = VERSION.as_str(), about = "Kite's school server")]
struct Cli {
    #[command(flatten)]
    config: Config,
    /// Which school an admin command is for, when the server runs several (`trust` for the
    /// trust's own accounts).
    #[arg(long, env = "KITE_SCHOOL", global = true)]
    school: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app and /api/v1.
    Serve,
    /// How to sign in the first time: the first admin account, tablets, alerts, the demo.
    FirstRun,
    /// Back a school up (its database and the server's key) into one file, encrypted with the
    /// school's passphrase. Safe while the server runs and tablets sync.
    Backup(backup::BackupArgs),
    /// Restore a backup onto a new machine (an empty data dir), or with --force over the
    /// database that is there (stop the server first).
    Restore(backup::RestoreArgs),
    /// Kiosk tablets.
    #[command(subcommand)]
    Device(device::DeviceCommand),
    /// The server's secret key (kept in the database).
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Reports, as counts and ids only: their content is for the DSL's inbox.
    #[command(subcommand)]
    Reports(reports::ReportsCommand),
    /// Staff accounts: create the first admin here, then manage the rest at /staff.
    #[command(subcommand)]
    Staff(staff::StaffCommand),
    /// Lessons done (by pupils on tablets, or taught by teachers): the coverage register.
    #[command(subcommand)]
    Lessons(lessons::LessonsCommand),
    /// Several schools on one server (a trust): the directory of schools and their host names.
    #[command(subcommand)]
    School(school::SchoolCommand),
    /// Fixtures for the end-to-end tests, made through the server's own code.
    #[command(subcommand, hide = true)]
    Dev(crate::fixtures::DevCommand),
}

/// Parses the command line and does what it says. Logs go to stderr, at the level `RUST_LOG`
/// sets (Kite's own at info by default); what a command prints for people goes to stdout.
pub async fn run() -> anyhow::Result<()> {
    init_logging();
    let Cli {
        config,
        school,
        command,
    } = Cli::parse();
    let school = school.as_deref();
    match command {
        Command::Serve => serve::run(config).await,
        Command::FirstRun => first_run::run(&config).await,
        Command::Backup(args) => backup::backup(&config, school, args).await,
        Command::Restore(args) => backup::restore(&config, school, args).await,
        Command::Device(cmd) => device::run(&config, school, cmd).await,
        Command::Keys(cmd) => keys::run(&config, school, cmd).await,
        Command::Reports(cmd) => reports::run(&config, school, cmd).await,
        Command::Staff(cmd) => staff::run(&config, school, cmd).await,
        Command::Lessons(cmd) => lessons::run(&config, school, cmd).await,
        Command::School(cmd) => school::run(&config, cmd).await,
        Command::Dev(cmd) => dev::run(&config, school, cmd).await,
    }
}

/// Kite's own logs at info, and other crates' warnings, unless `RUST_LOG` says otherwise (an
/// empty or unreadable `RUST_LOG` is taken as unset).
fn init_logging() {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let filter = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .and_then(|v| EnvFilter::try_new(v).ok())
        .unwrap_or_else(|| EnvFilter::new("kite_server=info,warn"));
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(filter)
        .init();
}

/// Where an admin command works: the one school, a school of the directory, or the trust.
struct Target {
    state: AppState,
    is_trust: bool,
}

async fn open_target(config: &Config, school: Option<&str>) -> anyhow::Result<Target> {
    let located = locate_target(config, school).await?;
    let state = match &located.slug {
        None => AppState::open(config).await?,
        Some(slug) => open_school(config, &config.databases(), slug).await?,
    };
    Ok(Target {
        state,
        is_trust: located.is_trust,
    })
}

/// Where an admin command's school keeps its data, found without opening it.
struct Located {
    store: SchoolStore,
    /// `None` for the server's one school.
    slug: Option<String>,
    is_trust: bool,
}

async fn locate_target(config: &Config, school: Option<&str>) -> anyhow::Result<Located> {
    let source = crate::schools::DirectorySource::for_serving(config).await?;
    let directory = match &source {
        Some(source) => source.load().await?,
        None => None,
    };
    let path = source
        .as_ref()
        .map(|s| s.describe())
        .unwrap_or_else(|| config.schools_file().display().to_string());
    let Some(directory) = directory else {
        if let Some(slug) = school {
            anyhow::bail!(
                "--school {slug}: this server runs one school (there is no {path}); leave --school out"
            );
        }
        return Ok(Located {
            store: SchoolStore::single(config),
            slug: None,
            is_trust: false,
        });
    };
    let Some(slug) = school else {
        anyhow::bail!(
            "this server runs several schools ({path}): say which with --school <slug> (see `kite-server school list`)"
        );
    };
    let is_trust = slug == TRUST_SLUG;
    if is_trust {
        anyhow::ensure!(
            directory.trust.is_some(),
            "there is no trust yet: set it with `kite-server school trust --name … --host …`"
        );
    } else if directory.school(slug).is_none() {
        anyhow::bail!("no school {slug:?} in {path} (see `kite-server school list`)");
    }
    Ok(Located {
        store: crate::schools::school_store(config, slug),
        slug: Some(slug.to_string()),
        is_trust,
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn settings_may_come_before_or_after_the_subcommand() {
        for args in [
            ["kite-server", "--data-dir", "d", "serve", "--port", "9"],
            ["kite-server", "--port", "9", "serve", "--data-dir", "d"],
        ] {
            let cli = Cli::try_parse_from(args).unwrap();
            assert!(matches!(cli.command, Command::Serve));
            assert_eq!((cli.config.port, cli.config.data_dir), (9, "d".into()));
        }
        let cli = Cli::try_parse_from([
            "kite-server",
            "school",
            "add",
            "oak",
            "--name",
            "Oak",
            "--host",
            "oak.example",
            "--school",
            "oak",
        ])
        .unwrap();
        assert_eq!(cli.school.as_deref(), Some("oak"));
    }
}
