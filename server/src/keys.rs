//! The school server's X25519 key pair. Tablets seal every outbox item to the public key; only
//! this secret key opens them. It is kept in the database (`server_key`), so every server process
//! sharing the database opens the same items. Losing it means items still queued on tablets can't
//! be opened: back the database up.
//!
//! Earlier versions kept the key in a file in the data dir. An existing install keeps its key: on the
//! first start with this version the file is imported into the database, and the server says so
//! on every start until the file is removed with `kite-server keys forget-file` (which removes it
//! only once the database holds the same key). A new install generates one.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context};
use kite_protocol::sealed::{generate_secret_key, SecretKey};

use crate::storage::Store;

/// The file earlier versions kept the key in.
const KEY_FILE: &str = "server-secret.key";

pub async fn load_or_create(storage: &Store, data_dir: &Path) -> anyhow::Result<SecretKey> {
    let path = data_dir.join(KEY_FILE);
    let (candidate, origin) = if path.exists() {
        (read_key_file(&path)?, "imported")
    } else {
        (generate_secret_key(), "generated")
    };
    // Stored only if no key is there yet; whichever process stored first, every process reads
    // back the same key.
    let stored = storage
        .server_secret_key(&candidate.to_bytes(), origin, crate::clock::now_ms())
        .await
        .context("reading the server's key from the database")?;
    let array: [u8; 32] = match stored.try_into() {
        Ok(a) => a,
        Err(_) => bail!("the server key in the database is not 32 bytes"),
    };
    let key = SecretKey::from(array);
    if origin == "imported" {
        if key.public_key() != candidate.public_key() {
            tracing::warn!(
                "{} differs from the key in the database; using the database's",
                path.display()
            );
        } else {
            // A copy of the key outside the database is one more thing to keep safe, and is
            // left behind by backups of the database alone.
            tracing::warn!("{}", leftover_notice(&path));
        }
    }
    Ok(key)
}

/// What the server says at start while an imported key file is still on disk.
pub fn leftover_notice(path: &Path) -> String {
    format!(
        "the server key is in the database now; {} is no longer used. \
         Remove it with `kite-server keys forget-file` (back the database up first)",
        path.display()
    )
}

/// Removes the key file of earlier versions once the database holds the same key; returns the
/// path removed, or `None` if there was no file. A file holding another key is left alone (it
/// may be the only copy of a key some tablet's queued items were sealed to).
pub async fn forget_key_file(
    storage: &Store,
    data_dir: &Path,
) -> anyhow::Result<Option<std::path::PathBuf>> {
    let path = data_dir.join(KEY_FILE);
    if !path.exists() {
        return Ok(None);
    }
    let in_file = read_key_file(&path)?;
    let in_database = load_or_create(storage, data_dir).await?;
    if in_file.public_key() != in_database.public_key() {
        bail!(
            "{} holds a different key from the database's; it was left where it is",
            path.display()
        );
    }
    fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
    Ok(Some(path))
}

fn read_key_file(path: &Path) -> anyhow::Result<SecretKey> {
    let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let array: [u8; 32] = match bytes.try_into() {
        Ok(a) => a,
        Err(_) => bail!("{} is not a 32-byte key", path.display()),
    };
    Ok(SecretKey::from(array))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn storage(dir: &Path) -> Store {
        let url = format!("sqlite://{}", dir.join("kite.db").display());
        crate::storage::connect(&url).await.unwrap()
    }

    #[tokio::test]
    async fn the_key_is_made_once_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let storage = storage(dir.path()).await;
        let first = load_or_create(&storage, dir.path()).await.unwrap();
        let second = load_or_create(&storage, dir.path()).await.unwrap();
        assert_eq!(first.public_key(), second.public_key());
        assert!(
            !dir.path().join(KEY_FILE).exists(),
            "a new install keeps its key in the database only"
        );
    }

    #[tokio::test]
    async fn two_processes_starting_at_once_agree_on_one_key() {
        let dir = tempfile::tempdir().unwrap();
        // Two stores (two pools) on one database, as two server processes would have.
        let (a, b) = (storage(dir.path()).await, storage(dir.path()).await);
        let (ka, kb) = tokio::join!(
            load_or_create(&a, dir.path()),
            load_or_create(&b, dir.path())
        );
        assert_eq!(ka.unwrap().public_key(), kb.unwrap().public_key());
    }

    #[tokio::test]
    async fn an_existing_installs_key_file_is_imported() {
        let dir = tempfile::tempdir().unwrap();
        let old = generate_secret_key();
        fs::write(dir.path().join(KEY_FILE), old.to_bytes()).unwrap();
        let storage = storage(dir.path()).await;
        let key = load_or_create(&storage, dir.path()).await.unwrap();
        assert_eq!(
            key.public_key(),
            old.public_key(),
            "tablets' queued items still open"
        );
        // From then on the database holds it, even if the file goes.
        fs::remove_file(dir.path().join(KEY_FILE)).unwrap();
        let again = load_or_create(&storage, dir.path()).await.unwrap();
        assert_eq!(again.public_key(), old.public_key());
    }

    #[tokio::test]
    async fn the_imported_key_file_is_named_and_can_be_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let old = generate_secret_key();
        let path = dir.path().join(KEY_FILE);
        fs::write(&path, old.to_bytes()).unwrap();
        let storage = storage(dir.path()).await;
        load_or_create(&storage, dir.path()).await.unwrap();
        let notice = leftover_notice(&path);
        assert!(notice.contains(&path.display().to_string()), "{notice}");
        assert!(notice.contains("kite-server keys forget-file"), "{notice}");

        assert_eq!(
            forget_key_file(&storage, dir.path()).await.unwrap(),
            Some(path.clone())
        );
        assert!(!path.exists());
        assert_eq!(forget_key_file(&storage, dir.path()).await.unwrap(), None);
        let again = load_or_create(&storage, dir.path()).await.unwrap();
        assert_eq!(again.public_key(), old.public_key(), "the database kept it");
    }

    #[tokio::test]
    async fn a_key_file_unlike_the_databases_is_not_removed() {
        let dir = tempfile::tempdir().unwrap();
        let storage = storage(dir.path()).await;
        load_or_create(&storage, dir.path()).await.unwrap();
        let path = dir.path().join(KEY_FILE);
        fs::write(&path, generate_secret_key().to_bytes()).unwrap();
        let e = forget_key_file(&storage, dir.path()).await.unwrap_err();
        assert!(e.to_string().contains("different key"), "{e}");
        assert!(path.exists());
    }
}
