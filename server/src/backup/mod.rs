//! A school's backup: a consistent copy of its SQLite database (the server's key is in it), in
//! one file encrypted with a passphrase the school keeps.
//!
//! The file is an [age](https://age-encryption.org) file (passphrase, scrypt), so it can be
//! opened without Kite too (`age -d`), holding:
//!
//! ```text
//! KITE BACKUP 1\n
//! {"kite_version":"…","migration":50,"school":null,"taken_at_ms":…,"public_key":"…"}\n
//! <the SQLite database, to the end>
//! ```
//!
//! The line of facts says what restore checks before writing anything: that this server knows the
//! backup's migrations, and afterwards that the restored database holds the same key (without it
//! a report still queued on a tablet can't be opened). PostgreSQL is backed up with `pg_dump`
//! (`docs/operating.md`): its own tool takes a consistent snapshot of every school's schema and
//! restores types, sequences and triggers exactly, which a copy made here would have to redo.

pub mod nightly;
pub mod passphrase;

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

use crate::state::AppState;

const MAGIC: &str = "KITE BACKUP 1";

/// What a backup says about itself, in the clear only once decrypted.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub kite_version: String,
    /// The newest migration the database had.
    pub migration: i64,
    /// The school's slug on a server of several schools.
    pub school: Option<String>,
    pub taken_at_ms: i64,
    /// The server's public key (base64): tablets' items were sealed to it.
    pub public_key: String,
}

/// Writes an encrypted backup of the school `state` serves to `out`. The plaintext copy is made
/// in `scratch` (the data dir, which already holds the database) and removed afterwards; `out`
/// appears only once complete, so a failed backup never leaves a file that looks like one.
pub async fn write(
    state: &AppState,
    school: Option<&str>,
    out: &Path,
    scratch: &Path,
    passphrase: SecretString,
) -> anyhow::Result<Manifest> {
    let copy = scratch.join(format!(".kite-backup-{}.db", uuid::Uuid::new_v4().simple()));
    let result = copy_and_encrypt(state, school.map(str::to_string), out, &copy, passphrase).await;
    let _ = std::fs::remove_file(&copy);
    result
}

async fn copy_and_encrypt(
    state: &AppState,
    school: Option<String>,
    out: &Path,
    copy: &Path,
    passphrase: SecretString,
) -> anyhow::Result<Manifest> {
    state
        .storage
        .snapshot_to(copy)
        .await
        .context("copying the database")?;
    let manifest = Manifest {
        kite_version: crate::storage::migrations::KITE_VERSION.to_string(),
        migration: state.storage.latest_migration().await?,
        school,
        taken_at_ms: crate::clock::now_ms(),
        public_key: kite_protocol::sealed::public_key_to_base64(&state.secret_key.public_key()),
    };
    let (copy, out, m) = (copy.to_path_buf(), out.to_path_buf(), manifest.clone());
    tokio::task::spawn_blocking(move || encrypt_to(&copy, &out, &m, passphrase)).await??;
    Ok(manifest)
}

fn encrypt_to(
    copy: &Path,
    out: &Path,
    manifest: &Manifest,
    passphrase: SecretString,
) -> anyhow::Result<()> {
    let partial = partial_path(out);
    let result = (|| {
        let file = create_private(&partial)?;
        let mut writer = age::Encryptor::with_user_passphrase(passphrase)
            .wrap_output(std::io::BufWriter::new(file))?;
        writeln!(writer, "{MAGIC}")?;
        writeln!(writer, "{}", serde_json::to_string(manifest)?)?;
        std::io::copy(&mut File::open(copy)?, &mut writer)?;
        let file = writer.finish()?.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&partial, out)?;
        anyhow::Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result.with_context(|| format!("writing {}", out.display()))
}

/// An opened backup: its facts, and the database after them.
pub struct Opened {
    pub manifest: Manifest,
    database: Box<dyn BufRead + Send>,
}

/// Opens a backup with the passphrase. A wrong passphrase, or a file that isn't a Kite backup,
/// is said clearly here, before anything is written anywhere.
pub fn open(file: &Path, passphrase: SecretString) -> anyhow::Result<Opened> {
    let input =
        BufReader::new(File::open(file).with_context(|| format!("opening {}", file.display()))?);
    let not_age = || format!("{} is not a Kite backup (not an age file)", file.display());
    let decryptor = age::Decryptor::new_buffered(input).with_context(not_age)?;
    if !decryptor.is_scrypt() {
        bail!(
            "{} is not a Kite backup (not made with a passphrase)",
            file.display()
        );
    }
    let identity = age::scrypt::Identity::new(passphrase);
    let reader = match decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)) {
        Ok(r) => r,
        Err(age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys) => {
            bail!(
                "wrong passphrase for {}: nothing was restored",
                file.display()
            )
        }
        Err(e) => return Err(e).with_context(|| format!("opening {}", file.display())),
    };
    let mut reader: Box<dyn BufRead + Send> = Box::new(BufReader::new(reader));
    let mut magic = String::new();
    reader.read_line(&mut magic)?;
    if magic.trim_end() != MAGIC {
        bail!("{} is not a Kite backup", file.display());
    }
    let mut facts = String::new();
    reader.read_line(&mut facts)?;
    let manifest: Manifest = serde_json::from_str(facts.trim_end())
        .with_context(|| format!("{}: the backup's facts can't be read", file.display()))?;
    Ok(Opened {
        manifest,
        database: reader,
    })
}

impl Opened {
    /// Writes the database to `path` (which must not exist), made private and synced. The
    /// backup's every chunk is authenticated as it is read: a damaged or cut-short file stops
    /// here with an error and its partial copy is removed.
    pub fn write_database(mut self, path: &Path) -> anyhow::Result<()> {
        let result = (|| {
            let mut file = create_private(path)?;
            std::io::copy(&mut self.database, &mut file)?;
            file.sync_all()?;
            let mut header = [0u8; 16];
            File::open(path)?.read_exact(&mut header)?;
            anyhow::ensure!(
                &header == b"SQLite format 3\0",
                "the backup does not hold a SQLite database"
            );
            anyhow::Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(path);
        }
        result.with_context(|| format!("writing {}", path.display()))
    }
}

/// `backup.age` → `backup.age.partial`, where a backup is written until it is complete.
fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    out.with_file_name(name)
}

/// A new file only the server's user can read (a backup is as sensitive as the database).
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    open.open(path)
}
