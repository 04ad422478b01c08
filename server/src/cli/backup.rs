//! `kite-server backup <file>` and `kite-server restore <file>`: one school's database and key,
//! encrypted with the school's passphrase (see `crate::backup`).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{bail, Context};
use clap::Args;

use super::{locate_target, open_target};
use crate::backup::{self, passphrase};
use crate::config::Config;
use crate::state::AppState;
use crate::storage::migrations;

#[derive(Args)]
pub struct BackupArgs {
    /// The file to write (it must not exist yet), e.g. /backup/kite-2026-12-07.age.
    pub file: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// A file `kite-server backup` (or the daily backup) wrote.
    pub file: PathBuf,
    /// Replace the database that is there (stop the server first). The database replaced is
    /// moved into `before-restore-<time>/` beside it, never deleted.
    #[arg(long)]
    pub force: bool,
}

pub async fn backup(config: &Config, school: Option<&str>, args: BackupArgs) -> anyhow::Result<()> {
    if args.file.exists() {
        bail!(
            "{} already exists: a backup is never written over another; choose a new name",
            args.file.display()
        );
    }
    // Said before the passphrase is asked for, and before the database is opened.
    ensure_sqlite(
        &locate_target(config, school).await?.store.database_url,
        "backed up",
        "pg_dump",
    )?;
    let secret = passphrase::for_command(config.backup_passphrase_file.as_deref(), true)?;
    let target = open_target(config, school).await?;
    let manifest =
        backup::write(&target.state, school, &args.file, &config.data_dir, secret).await?;
    println!(
        "Backed up to {} (Kite {}, migration {:04}, the server's key {}).",
        args.file.display(),
        manifest.kite_version,
        manifest.migration,
        short_key(&manifest.public_key)
    );
    println!(
        "Keep the passphrase apart from the file: without it the backup can't be opened, by \
         anyone."
    );
    Ok(())
}

pub async fn restore(
    config: &Config,
    school: Option<&str>,
    args: RestoreArgs,
) -> anyhow::Result<()> {
    let store = locate_target(config, school).await?.store;
    ensure_sqlite(&store.database_url, "restored", "pg_restore")?;
    let database = sqlx::sqlite::SqliteConnectOptions::from_str(&store.database_url)?
        .get_filename()
        .to_path_buf();
    let in_the_way = in_the_way(config, school, &database)?;
    if !in_the_way.is_empty() && !args.force {
        let what = match school {
            Some(_) => format!("{} is already there", database.display()),
            None => format!(
                "{} is not empty ({} there)",
                config.data_dir.display(),
                in_the_way.join(", ")
            ),
        };
        bail!(
            "{what}: restore onto a new machine's empty data dir, or stop the server and add \
             --force to replace its database (the one there is moved aside, not deleted)"
        );
    }

    let secret = passphrase::for_command(config.backup_passphrase_file.as_deref(), false)?;
    let file = args.file.clone();
    // scrypt takes about a second, on purpose: off the async threads.
    let opened = tokio::task::spawn_blocking(move || backup::open(&file, secret)).await??;
    let manifest = opened.manifest.clone();
    let (carried, _) = migrations::carried();
    if manifest.migration > carried {
        bail!(
            "this backup was taken by Kite {} (migration {:04}); this kite-server is Kite {} and \
             knows migrations up to {carried:04}: restore it with Kite {} or newer. Nothing was \
             restored",
            manifest.kite_version,
            manifest.migration,
            migrations::KITE_VERSION,
            manifest.kite_version
        );
    }

    let dir = database.parent().unwrap_or(Path::new(".")).to_path_buf();
    crate::state::private_dir(&config.data_dir)
        .and_then(|()| crate::state::private_dir(&dir))
        .with_context(|| format!("creating {}", dir.display()))?;
    let restoring = database.with_extension("restoring");
    let _ = std::fs::remove_file(&restoring);
    let into = restoring.clone();
    tokio::task::spawn_blocking(move || opened.write_database(&into)).await??;
    if args.force {
        move_aside(&database)?;
    }
    std::fs::rename(&restoring, &database)
        .with_context(|| format!("moving the restored database into {}", database.display()))?;

    // Opened as the server opens it: an older backup is migrated here (a copy taken first),
    // and the key is read back.
    let state = AppState::open_at(config, &config.databases(), &store).await?;
    let key = kite_protocol::sealed::public_key_to_base64(&state.secret_key.public_key());
    anyhow::ensure!(
        key == manifest.public_key,
        "the restored database's key ({}) is not the one the backup recorded ({})",
        short_key(&key),
        short_key(&manifest.public_key)
    );
    println!(
        "Restored {} into {}: taken {} by Kite {} (migration {:04}), with the server's key {} \
         (reports still queued on tablets will open).",
        args.file.display(),
        database.display(),
        crate::calendar::iso_date_time(manifest.taken_at_ms),
        manifest.kite_version,
        manifest.migration,
        short_key(&key)
    );
    if let Some(slug) = school {
        println!(
            "The school {slug:?} must be in the directory of schools (`kite-server school list`)."
        );
    }
    Ok(())
}

/// What a restore would replace: for the one school, anything in the data dir; for a school of
/// several, its database.
fn in_the_way(
    config: &Config,
    school: Option<&str>,
    database: &Path,
) -> anyhow::Result<Vec<String>> {
    if school.is_some() {
        return Ok(database
            .exists()
            .then(|| database.display().to_string())
            .into_iter()
            .collect());
    }
    match std::fs::read_dir(&config.data_dir) {
        Ok(entries) => {
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            Ok(names)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e).with_context(|| format!("reading {}", config.data_dir.display())),
    }
}

/// Moves the database and its `-wal` and `-shm` into `before-restore-<ms>/` beside it: a stale
/// `-wal` left beside the restored file would be replayed into it.
fn move_aside(database: &Path) -> anyhow::Result<()> {
    let dir = database.parent().unwrap_or(Path::new("."));
    let aside = dir.join(format!("before-restore-{}", crate::clock::now_ms()));
    let name = database
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    for suffix in ["", "-wal", "-shm"] {
        let from = dir.join(format!("{name}{suffix}"));
        if from.exists() {
            crate::state::private_dir(&aside)?;
            std::fs::rename(&from, aside.join(format!("{name}{suffix}")))
                .with_context(|| format!("moving {} aside", from.display()))?;
        }
    }
    if aside.exists() {
        println!("The database that was there is in {}.", aside.display());
    }
    Ok(())
}

/// `kite-server backup` and `restore` are for SQLite; PostgreSQL has its own tools.
fn ensure_sqlite(database_url: &str, done: &str, tool: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        database_url.starts_with("sqlite:"),
        "this server's database is PostgreSQL: it is {done} with {tool} (docs/operating.md, \
         \"Backups\")"
    );
    Ok(())
}

/// The first characters of a key, enough to compare two by eye.
fn short_key(key: &str) -> String {
    key.chars().take(12).collect()
}
