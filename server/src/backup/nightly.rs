//! The daily backup `serve` takes when `--backup-dir` is set: each school (and the trust) into
//! `kite-<date>.age` (`kite-<slug>-<date>.age` on a server of several schools), the newest
//! `--backup-keep` kept. One a day, from `--backup-hour` (UTC); a server that was down then takes
//! that day's as soon as it is back.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use age::secrecy::{ExposeSecret, SecretString};
use anyhow::Context;

use crate::config::Config;
use crate::state::AppState;

/// The daily backup's settings, checked when the server starts.
#[derive(Clone)]
pub struct Nightly {
    pub dir: PathBuf,
    pub keep: usize,
    pub hour: u8,
    passphrase: Arc<SecretString>,
}

impl Nightly {
    /// `None` without `--backup-dir`. With it, the passphrase must be there and the directory
    /// writable, or the server doesn't start: better told now than finding no backups later.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Self>> {
        let Some(dir) = config.backup_dir.clone() else {
            return Ok(None);
        };
        let passphrase = super::passphrase::configured(config.backup_passphrase_file.as_deref())?
            .with_context(|| {
            format!(
                "--backup-dir is set but no passphrase is: set KITE_BACKUP_PASSPHRASE_FILE \
                     (or {})",
                super::passphrase::VARIABLE
            )
        })?;
        crate::state::private_dir(&dir)
            .with_context(|| format!("creating the backup directory {}", dir.display()))?;
        anyhow::ensure!(config.backup_keep >= 1, "--backup-keep must be at least 1");
        Ok(Some(Self {
            dir,
            keep: config.backup_keep,
            hour: config.backup_hour,
            passphrase: Arc::new(passphrase),
        }))
    }

    /// The day's backup of one school, if it is due at `now_ms` and not taken yet; then the
    /// oldest beyond `keep` are deleted. Returns the file written.
    pub async fn take_if_due(
        &self,
        state: &AppState,
        school: Option<&str>,
        scratch: &Path,
        now_ms: i64,
    ) -> anyhow::Result<Option<PathBuf>> {
        let hour = (now_ms / 3_600_000).rem_euclid(24);
        let file = self
            .dir
            .join(file_name(school, &crate::calendar::iso_date(now_ms)));
        if hour < i64::from(self.hour) || file.exists() {
            return Ok(None);
        }
        let passphrase = SecretString::from(self.passphrase.expose_secret().to_string());
        super::write(state, school, &file, scratch, passphrase).await?;
        self.prune(school)?;
        Ok(Some(file))
    }

    /// Deletes this school's backups beyond the newest `keep` (their names sort by date).
    fn prune(&self, school: Option<&str>) -> anyhow::Result<()> {
        let mut ours: Vec<PathBuf> = std::fs::read_dir(&self.dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| is_ours(school, n))
            })
            .collect();
        ours.sort();
        let extra = ours.len().saturating_sub(self.keep);
        for old in &ours[..extra] {
            std::fs::remove_file(old).with_context(|| format!("removing {}", old.display()))?;
        }
        Ok(())
    }
}

fn prefix(school: Option<&str>) -> String {
    match school {
        Some(slug) => format!("kite-{slug}-"),
        None => "kite-".to_string(),
    }
}

fn file_name(school: Option<&str>, date: &str) -> String {
    format!("{}{date}.age", prefix(school))
}

/// `kite-<date>.age` for this school and no other (`kite-oak-…` is not the one school's).
fn is_ours(school: Option<&str>, name: &str) -> bool {
    name.strip_prefix(&prefix(school))
        .and_then(|rest| rest.strip_suffix(".age"))
        .is_some_and(|date| {
            date.len() == 10
                && date.chars().enumerate().all(|(i, c)| {
                    if i == 4 || i == 7 {
                        c == '-'
                    } else {
                        c.is_ascii_digit()
                    }
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_school_prunes_only_its_own_backups() {
        assert!(is_ours(None, "kite-2026-12-07.age"));
        assert!(!is_ours(None, "kite-oak-2026-12-07.age"));
        assert!(is_ours(Some("oak"), "kite-oak-2026-12-07.age"));
        assert!(!is_ours(Some("oak"), "kite-2026-12-07.age"));
        assert!(!is_ours(None, "kite-2026-12-07.age.partial"));
        assert_eq!(
            file_name(Some("oak"), "2026-12-07"),
            "kite-oak-2026-12-07.age"
        );
    }
}
