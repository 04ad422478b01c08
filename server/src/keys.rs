//! The school server's X25519 key pair. Tablets seal every outbox item to the public key; only
//! this secret key opens them. Made at first start and kept in the data dir, readable only by the
//! server's user. Losing it means items still queued on tablets can't be opened: back it up with
//! the database.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};
use kite_protocol::sealed::{generate_secret_key, SecretKey};

const KEY_FILE: &str = "server-secret.key";

pub fn load_or_create(data_dir: &Path) -> anyhow::Result<SecretKey> {
    let path = data_dir.join(KEY_FILE);
    if path.exists() {
        let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let array: [u8; 32] = match bytes.try_into() {
            Ok(a) => a,
            Err(_) => bail!("{} is not a 32-byte key", path.display()),
        };
        return Ok(SecretKey::from(array));
    }
    let key = generate_secret_key();
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(&key.to_bytes())?;
    file.sync_all()?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create(dir.path()).unwrap();
        let second = load_or_create(dir.path()).unwrap();
        assert_eq!(first.public_key(), second.public_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
