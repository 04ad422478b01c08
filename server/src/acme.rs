//! Certificates issued automatically (`--acme-domain`): rustls-acme orders one from the ACME
//! directory (Let's Encrypt unless told otherwise), answers the issuer's TLS-ALPN-01 challenge on
//! the HTTPS port itself, and orders again a third of the way before the certificate expires.
//!
//! The account key and the certificate (with its private key) are kept in `<data dir>/acme/`,
//! a directory only the server's user can open, files 0600: a restart serves the certificate it
//! has instead of ordering another (Let's Encrypt limits how many a name may have a week).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use futures::StreamExt;
use rustls_acme::{AccountCache, AcmeConfig, CertCache, ResolvesServerCertAcme};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use sha2::{Digest, Sha256};
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};

use crate::config::Config;

/// The ACME settings, checked; `start` begins ordering.
pub struct Acme {
    domains: Vec<String>,
    contact: Vec<String>,
    directory: String,
    /// How to reach the directory when it isn't on the public web's roots (`--acme-directory-ca`).
    client: Option<Arc<ClientConfig>>,
    cache: AcmeFiles,
}

impl Acme {
    /// `None` without `--acme-domain`.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Self>> {
        if config.acme_domains.is_empty() {
            return Ok(None);
        }
        let mut domains = Vec::new();
        for d in &config.acme_domains {
            let d = d.trim().trim_end_matches('.').to_ascii_lowercase();
            anyhow::ensure!(
                !d.is_empty() && !d.contains(['/', ':', ' ', '*']),
                "--acme-domain {d:?} is not a host name (give the name alone, e.g. kite.school.example)"
            );
            if !domains.contains(&d) {
                domains.push(d);
            }
        }
        let contact = match config.acme_email.as_deref().map(str::trim) {
            Some(e) if !e.is_empty() => {
                anyhow::ensure!(
                    e.contains('@') && !e.contains([' ', ':']),
                    "--acme-email {e:?} is not an email address"
                );
                vec![format!("mailto:{e}")]
            }
            _ => Vec::new(),
        };
        let directory = config.acme_directory.trim().to_string();
        anyhow::ensure!(
            directory.starts_with("https://"),
            "--acme-directory must be an https:// address: {directory}"
        );
        let client = match &config.acme_directory_ca {
            Some(ca) => Some(Arc::new(
                ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
                    .with_safe_default_protocol_versions()
                    .context("TLS protocol versions")?
                    .with_root_certificates(roots_from(ca)?)
                    .with_no_client_auth(),
            )),
            None => None,
        };
        Ok(Some(Self {
            domains,
            contact,
            directory,
            client,
            cache: AcmeFiles {
                dir: config.data_dir.join("acme"),
            },
        }))
    }

    /// Loads the kept certificate, or orders one, in a task of its own that then renews it for
    /// as long as the server runs. The resolver presents the certificate once there is one (a
    /// connection before that fails its handshake) and the challenge's while it is answered.
    pub fn start(self) -> anyhow::Result<Arc<ResolvesServerCertAcme>> {
        crate::state::private_dir(&self.cache.dir)
            .with_context(|| format!("creating {}", self.cache.dir.display()))?;
        // On ring, with the public web's roots (Mozilla's, built in) unless told otherwise.
        let mut acme =
            AcmeConfig::new_with_provider(&self.domains, Arc::new(ring::default_provider()));
        if let Some(client) = self.client {
            acme = acme.client_tls_config(client);
        }
        let mut state = acme
            .cache(self.cache)
            .directory(&self.directory)
            .contact(&self.contact)
            .state();
        let resolver = state.resolver();
        let names = self.domains.join(", ");
        tokio::spawn(async move {
            while let Some(event) = state.next().await {
                match event {
                    Ok(rustls_acme::EventOk::DeployedNewCert) => {
                        tracing::info!("a new certificate for {names} was issued: serving it")
                    }
                    Ok(rustls_acme::EventOk::DeployedCachedCert) => {
                        tracing::info!("serving the certificate kept for {names}")
                    }
                    Ok(done) => tracing::debug!("ACME: {done:?}"),
                    // rustls-acme tries again itself, waiting longer each time (up to a day).
                    Err(e) => tracing::warn!("getting a certificate for {names}: {e}"),
                }
            }
        });
        Ok(resolver)
    }
}

/// The CA certificates (PEM) to trust for the directory's HTTPS instead of the public web's.
fn roots_from(ca: &Path) -> anyhow::Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(ca)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| format!("reading --acme-directory-ca {}", ca.display()))?;
    for cert in certs {
        roots
            .add(cert)
            .with_context(|| format!("--acme-directory-ca {}", ca.display()))?;
    }
    anyhow::ensure!(
        !roots.is_empty(),
        "{} holds no certificate (PEM, BEGIN CERTIFICATE)",
        ca.display()
    );
    Ok(roots)
}

/// The account key and certificates, one file each in a private directory. A file's name is a
/// hash of what it is for (the directory and the email, or the names), so a changed setting
/// orders afresh rather than serving a certificate for other names.
struct AcmeFiles {
    dir: PathBuf,
}

impl AcmeFiles {
    fn path(&self, kind: &str, parts: &[String], directory: &str) -> PathBuf {
        let mut hash = Sha256::new();
        for p in parts {
            hash.update(p.as_bytes());
            hash.update([0]);
        }
        hash.update(directory.as_bytes());
        let hex: String = hash.finalize()[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.dir.join(format!("{kind}-{hex}.pem"))
    }

    async fn read(path: PathBuf) -> std::io::Result<Option<Vec<u8>>> {
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Written whole or not at all: beside the file, then renamed over it.
    async fn write(path: PathBuf, contents: Vec<u8>) -> std::io::Result<()> {
        tokio::task::spawn_blocking(move || {
            let partial = path.with_extension("pem.partial");
            let mut open = std::fs::OpenOptions::new();
            open.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
            let mut file = open.open(&partial)?;
            file.write_all(&contents)?;
            file.sync_all()?;
            std::fs::rename(&partial, &path)
        })
        .await
        .map_err(std::io::Error::other)?
    }
}

#[async_trait::async_trait]
impl CertCache for AcmeFiles {
    type EC = std::io::Error;

    async fn load_cert(
        &self,
        domains: &[String],
        directory: &str,
    ) -> std::io::Result<Option<Vec<u8>>> {
        Self::read(self.path("certificate", domains, directory)).await
    }

    async fn store_cert(
        &self,
        domains: &[String],
        directory: &str,
        cert: &[u8],
    ) -> std::io::Result<()> {
        Self::write(self.path("certificate", domains, directory), cert.to_vec()).await
    }
}

#[async_trait::async_trait]
impl AccountCache for AcmeFiles {
    type EA = std::io::Error;

    async fn load_account(
        &self,
        contact: &[String],
        directory: &str,
    ) -> std::io::Result<Option<Vec<u8>>> {
        Self::read(self.path("account", contact, directory)).await
    }

    async fn store_account(
        &self,
        contact: &[String],
        directory: &str,
        account: &[u8],
    ) -> std::io::Result<()> {
        Self::write(self.path("account", contact, directory), account.to_vec()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LETS_ENCRYPT;

    fn with(domains: &[&str], email: Option<&str>, directory: &str) -> anyhow::Result<Acme> {
        let mut config = Config::for_data_dir("data".into(), "dist".into());
        config.acme_domains = domains.iter().map(|d| d.to_string()).collect();
        config.acme_email = email.map(str::to_string);
        config.acme_directory = directory.to_string();
        Ok(Acme::from_config(&config)?.expect("ACME is on with a domain"))
    }

    #[test]
    fn names_are_tidied_and_what_is_not_a_name_is_refused_clearly() {
        let acme = with(
            &[
                "Kite.School.example.",
                "kite.school.example",
                "parents.school.example",
            ],
            Some(" it@school.example "),
            LETS_ENCRYPT,
        )
        .unwrap();
        assert_eq!(
            acme.domains,
            ["kite.school.example", "parents.school.example"]
        );
        assert_eq!(acme.contact, ["mailto:it@school.example"]);
        assert_eq!(acme.cache.dir, Path::new("data/acme"));

        let refused = |domains: &[&str], email: Option<&str>, directory: &str| match with(
            domains, email, directory,
        ) {
            Ok(_) => panic!("{domains:?} {email:?} {directory} should be refused"),
            Err(e) => e.to_string(),
        };
        assert!(
            refused(&["https://kite.school.example"], None, LETS_ENCRYPT)
                .contains("not a host name")
        );
        assert!(refused(&["*.school.example"], None, LETS_ENCRYPT).contains("not a host name"));
        assert!(
            refused(&["kite.school.example"], Some("it"), LETS_ENCRYPT).contains("not an email")
        );
        assert!(
            refused(&["kite.school.example"], None, "http://acme.example/dir").contains("https://")
        );
        assert!(
            Acme::from_config(&Config::for_data_dir("d".into(), "d".into()))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_file_is_named_for_what_it_holds() {
        let files = AcmeFiles { dir: "acme".into() };
        let names = |domains: &[&str], directory: &str| {
            let parts: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
            files.path("certificate", &parts, directory)
        };
        let one = names(&["kite.school.example"], LETS_ENCRYPT);
        assert_eq!(one, names(&["kite.school.example"], LETS_ENCRYPT));
        assert_ne!(
            one,
            names(&["kite.school.example", "www.school.example"], LETS_ENCRYPT)
        );
        assert_ne!(
            one,
            names(&["kite.school.example"], "https://staging.example/dir")
        );
        assert!(one.to_str().unwrap().starts_with("acme/certificate-"));
    }
}
