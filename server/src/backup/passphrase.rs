//! The passphrase a school's backups are encrypted with. The school keeps it (not the server:
//! a backup whose passphrase sits beside it protects nothing). Read from, in order: the file
//! `KITE_BACKUP_PASSPHRASE_FILE` names (its first line; for the nightly backup and scripts), the
//! variable `KITE_BACKUP_PASSPHRASE`, or a prompt on the terminal. It never goes on the command
//! line, where other users' `ps` would show it.

use std::path::Path;

use age::secrecy::SecretString;
use anyhow::{bail, Context};

/// Long enough that guessing it through scrypt is out of reach; short enough to keep on paper.
pub const MIN_CHARS: usize = 12;

pub const VARIABLE: &str = "KITE_BACKUP_PASSPHRASE";

/// The passphrase from the file, if one is named, or the variable; `None` if neither is set.
pub fn configured(file: Option<&Path>) -> anyhow::Result<Option<SecretString>> {
    let text = match file {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| {
                format!("reading the backup passphrase from {}", path.display())
            })?;
            text.lines().next().unwrap_or("").to_string()
        }
        None => match std::env::var(VARIABLE) {
            Ok(v) => v,
            Err(_) => return Ok(None),
        },
    };
    checked(text).map(Some)
}

/// The configured passphrase, or one typed at the terminal (twice when making a backup, so a
/// typo doesn't lock the school out of it).
pub fn for_command(file: Option<&Path>, confirm: bool) -> anyhow::Result<SecretString> {
    if let Some(p) = configured(file)? {
        return Ok(p);
    }
    let first = rpassword::prompt_password("Backup passphrase: ")
        .context("no passphrase: set KITE_BACKUP_PASSPHRASE_FILE or KITE_BACKUP_PASSPHRASE, or run this at a terminal")?;
    if confirm {
        let again = rpassword::prompt_password("Same passphrase again: ")?;
        if first != again {
            bail!("the two passphrases were different");
        }
    }
    checked(first)
}

fn checked(text: String) -> anyhow::Result<SecretString> {
    let text = text.trim_end_matches(['\r', '\n']).to_string();
    if text.chars().count() < MIN_CHARS {
        bail!(
            "the backup passphrase must be at least {MIN_CHARS} characters (a few words is good)"
        );
    }
    Ok(SecretString::from(text))
}

#[cfg(test)]
mod tests {
    use age::secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn a_short_passphrase_is_refused_and_the_file_gives_its_first_line() {
        assert!(checked("short".into()).is_err());
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p");
        std::fs::write(&file, "correct horse battery\nignored\n").unwrap();
        let p = configured(Some(&file)).unwrap().unwrap();
        assert_eq!(p.expose_secret(), "correct horse battery");
    }
}
