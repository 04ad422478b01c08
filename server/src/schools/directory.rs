//! The directory of schools a server runs. On SQLite it is a TOML file the deployment owns (by
//! default `<data_dir>/schools.toml`, or `KITE_SCHOOLS_FILE`); on PostgreSQL a table of the
//! database (`schools::source`). Running servers re-read it every few seconds and apply changes
//! (`schools::live`), so every server behind a load balancer routes a host to the same school.
//! `kite-server school add` writes it; no directory means one school, as before.
//!
//! ```toml
//! [trust]
//! name = "Acorn Learning Trust"
//! hosts = ["trust.acorn.example"]
//!
//! [[school]]
//! slug = "oak"
//! name = "Oak Primary"
//! hosts = ["oak.acorn.example"]
//! ```

use std::collections::HashSet;
use std::path::Path;

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

/// The trust's own data (its accounts, their sessions and audit log) lives under this slug, so
/// no school may take it.
pub const TRUST_SLUG: &str = "trust";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directory {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<TrustEntry>,
    #[serde(default, rename = "school")]
    pub schools: Vec<SchoolEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustEntry {
    pub name: String,
    pub hosts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolEntry {
    /// Short, lowercase, in file and schema names: `oak`, `st-marys`.
    pub slug: String,
    /// As staff and the trust see it.
    pub name: String,
    /// The host names the school's tablets, staff and parents use.
    pub hosts: Vec<String>,
    /// Paused by the authority: its hosts answer a kind "paused" page, its data stays.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suspended: bool,
}

/// Who a request's host belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostOwner<'a> {
    School(&'a SchoolEntry),
    Trust,
}

impl Directory {
    /// The directory in `path`, or `None` when there is no such file (one school, as before).
    pub fn load(path: &Path) -> anyhow::Result<Option<Self>> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let directory: Directory =
            toml::from_str(&text).with_context(|| format!("reading {}", path.display()))?;
        directory
            .check()
            .with_context(|| format!("checking {}", path.display()))?;
        Ok(Some(directory))
    }

    /// Writes the file whole (to a temporary file first, then renamed), after checking it.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        self.check()?;
        let text = format!(
            "# Kite: the schools this server runs, and the trust's host names.\n\
             # Running servers notice a change to this file within seconds.\n\n{}",
            toml::to_string(self)?
        );
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
        Ok(())
    }

    /// Adds a school, or changes the name and hosts of the one with this slug (a paused school
    /// stays paused).
    pub fn put_school(&mut self, slug: &str, name: &str, hosts: &[String]) -> anyhow::Result<()> {
        let mut entry = SchoolEntry {
            slug: slug.trim().to_string(),
            name: name.trim().to_string(),
            hosts: normalize_hosts(hosts)?,
            suspended: false,
        };
        match self.schools.iter_mut().find(|s| s.slug == entry.slug) {
            Some(existing) => {
                entry.suspended = existing.suspended;
                *existing = entry;
            }
            None => self.schools.push(entry),
        }
        self.check()
    }

    /// Pauses (or resumes) the school with this slug.
    pub fn set_suspended(&mut self, slug: &str, suspended: bool) -> anyhow::Result<()> {
        match self.schools.iter_mut().find(|s| s.slug == slug) {
            Some(school) => {
                school.suspended = suspended;
                Ok(())
            }
            None => bail!("no school has the slug {slug:?}"),
        }
    }

    /// Takes the school with this slug out of the directory (its data is not touched).
    pub fn remove_school(&mut self, slug: &str) -> anyhow::Result<SchoolEntry> {
        match self.schools.iter().position(|s| s.slug == slug) {
            Some(i) => Ok(self.schools.remove(i)),
            None => bail!("no school has the slug {slug:?}"),
        }
    }

    /// No schools and no trust: a server of one school.
    pub fn is_empty(&self) -> bool {
        self.schools.is_empty() && self.trust.is_none()
    }

    pub fn set_trust(&mut self, name: &str, hosts: &[String]) -> anyhow::Result<()> {
        self.trust = Some(TrustEntry {
            name: name.trim().to_string(),
            hosts: normalize_hosts(hosts)?,
        });
        self.check()
    }

    pub fn school(&self, slug: &str) -> Option<&SchoolEntry> {
        self.schools.iter().find(|s| s.slug == slug)
    }

    /// The school (or the trust) a `Host` header names; the port is ignored, case too.
    pub fn owner_of(&self, host: &str) -> Option<HostOwner<'_>> {
        let host = host_name(host)?;
        if let Some(school) = self.schools.iter().find(|s| s.hosts.contains(&host)) {
            return Some(HostOwner::School(school));
        }
        self.trust
            .as_ref()
            .filter(|t| t.hosts.contains(&host))
            .map(|_| HostOwner::Trust)
    }

    /// Slugs well formed and unique, names given, every host well formed and owned once.
    pub fn check(&self) -> anyhow::Result<()> {
        let mut slugs = HashSet::new();
        let mut hosts = HashSet::new();
        let mut claim = |host: &str, owner: &str| -> anyhow::Result<()> {
            if host_name(host).as_deref() != Some(host) {
                bail!("{owner}: {host:?} is not a host name in lower case without a port");
            }
            if !hosts.insert(host.to_string()) {
                bail!("the host {host} is listed twice: a host belongs to one school or the trust");
            }
            Ok(())
        };
        for school in &self.schools {
            check_slug(&school.slug)?;
            if !slugs.insert(school.slug.as_str()) {
                bail!("two schools have the slug {:?}", school.slug);
            }
            if school.name.trim().is_empty() {
                bail!("the school {:?} has no name", school.slug);
            }
            if school.hosts.is_empty() {
                bail!("the school {:?} has no host names", school.slug);
            }
            for host in &school.hosts {
                claim(host, &school.slug)?;
            }
        }
        if let Some(trust) = &self.trust {
            if trust.name.trim().is_empty() {
                bail!("the trust has no name");
            }
            if trust.hosts.is_empty() {
                bail!("the trust has no host names");
            }
            for host in &trust.hosts {
                claim(host, "the trust")?;
            }
        }
        Ok(())
    }
}

/// A slug names a file and a database schema: lowercase letters, digits and single hyphens
/// inside, at most 40 characters, and not the trust's.
pub fn check_slug(slug: &str) -> anyhow::Result<()> {
    let ok = !slug.is_empty()
        && slug.len() <= 40
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if !ok {
        bail!(
            "{slug:?} can't be a school's slug: use lowercase letters, digits and hyphens, like st-marys"
        );
    }
    if slug == TRUST_SLUG {
        bail!("{TRUST_SLUG:?} is the trust's own slug; pick another for the school");
    }
    Ok(())
}

fn normalize_hosts(hosts: &[String]) -> anyhow::Result<Vec<String>> {
    hosts
        .iter()
        .map(|h| {
            host_name(h)
                .ok_or_else(|| anyhow::anyhow!("{h:?} is not a host name (like oak.trust.example)"))
        })
        .collect()
}

/// The host name in a `Host` header (or typed on the command line): lower case, without the
/// port or a trailing dot. `None` when it isn't a plausible DNS name or IP address.
pub fn host_name(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let name = if let Some(rest) = raw.strip_prefix('[') {
        // [::1]:8080
        &raw[..rest.find(']')? + 2]
    } else {
        match raw.rsplit_once(':') {
            Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
            Some(_) => return None,
            None => raw,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let plausible = !name.is_empty()
        && name.len() <= 253
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    plausible.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_is_matched_without_its_port_or_case() {
        assert_eq!(
            host_name("Oak.Trust.Example:8080").as_deref(),
            Some("oak.trust.example")
        );
        assert_eq!(
            host_name("oak.trust.example.").as_deref(),
            Some("oak.trust.example")
        );
        assert_eq!(host_name("[::1]:8080").as_deref(), Some("[::1]"));
        assert_eq!(host_name("oak/../x"), None);
        assert_eq!(host_name(""), None);
    }

    fn oak_elm() -> Directory {
        let mut d = Directory::default();
        d.put_school("oak", "Oak Primary", &["OAK.example:443".into()])
            .unwrap();
        d.put_school("elm", "Elm Primary", &["elm.example".into()])
            .unwrap();
        d.set_trust("Acorn Trust", &["trust.example".into()])
            .unwrap();
        d
    }

    #[test]
    fn hosts_route_to_their_school_or_the_trust_and_nowhere_else() {
        let d = oak_elm();
        assert!(
            matches!(d.owner_of("oak.example:8080"), Some(HostOwner::School(s)) if s.slug == "oak")
        );
        assert!(matches!(d.owner_of("ELM.example"), Some(HostOwner::School(s)) if s.slug == "elm"));
        assert_eq!(d.owner_of("trust.example"), Some(HostOwner::Trust));
        assert_eq!(d.owner_of("ash.example"), None);
        assert_eq!(d.owner_of("127.0.0.1:8080"), None);
    }

    #[test]
    fn the_file_round_trips_and_bad_entries_are_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("schools.toml");
        assert_eq!(Directory::load(&path).unwrap(), None);
        let d = oak_elm();
        d.save(&path).unwrap();
        assert_eq!(Directory::load(&path).unwrap(), Some(d.clone()));

        let mut twice = d.clone();
        let err = twice
            .put_school("ash", "Ash", &["oak.example".into()])
            .unwrap_err();
        assert!(err.to_string().contains("listed twice"), "{err}");
        let mut trust = d.clone();
        assert!(trust
            .put_school("trust", "T", &["t.example".into()])
            .is_err());
        assert!(trust
            .put_school("Oak School", "O", &["o.example".into()])
            .is_err());

        std::fs::write(
            &path,
            "[[school]]\nslug = \"oak\"\nname = \"Oak\"\nhosts = []\n",
        )
        .unwrap();
        let err = format!("{:#}", Directory::load(&path).unwrap_err());
        assert!(err.contains("no host names"), "{err}");
    }
}
