//! The school server's X25519 key pair. Tablets seal every outbox item to the public key; only
//! this secret key opens them. It is kept in the database (`server_key`), so every server process
//! sharing the database opens the same items. Losing it means items still queued on tablets can't
//! be opened: back the database up.
//!
//! Earlier versions kept the key in a file in the data dir. An existing install keeps its key: on the
//! first start with this version the file is imported into the database (and left where it is,
//! unused from then on). A new install generates one.

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
    if origin == "imported" && key.public_key() != candidate.public_key() {
        tracing::warn!(
            "{} differs from the key in the database; using the database's",
            path.display()
        );
    }
    Ok(key)
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
}
