//! Where each school's data lives: a database per school, so that isolation holds by
//! construction rather than by a `school_id` in every query.

use std::path::{Path, PathBuf};

/// The database URL of one school (or of the trust, under its own slug).
///
/// - SQLite (no `DATABASE_URL`, or a `sqlite:` one): the file `<data_dir>/schools/<slug>.sqlite`.
/// - PostgreSQL: the same database, in the schema `school_<slug>` (hyphens become underscores),
///   named by `options[search_path]`, which `storage::connect` creates. When the base URL already
///   names a search path (tests give each server its own), the school's schema is that name
///   followed by `_<slug>`, so servers sharing a database still never share a schema.
pub fn school_database_url(base: Option<&str>, data_dir: &Path, slug: &str) -> String {
    let schema_part = slug.replace('-', "_");
    match base {
        Some(url) if url.starts_with("postgres:") || url.starts_with("postgresql:") => {
            let (before, query) = match url.split_once('?') {
                Some((before, query)) => (before, query),
                None => (url, ""),
            };
            let mut named = false;
            let mut pairs: Vec<String> = query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (key, value) = url::form_urlencoded::parse(pair.as_bytes())
                        .next()
                        .unwrap_or_default();
                    if key == "options[search_path]" {
                        named = true;
                        let raw_key = pair.split('=').next().unwrap_or_default();
                        format!("{raw_key}={}", encode(&format!("{value}_{schema_part}")))
                    } else {
                        pair.to_string()
                    }
                })
                .collect();
            if !named {
                pairs.push(format!("options[search_path]=school_{schema_part}"));
            }
            format!("{before}?{}", pairs.join("&"))
        }
        _ => format!("sqlite://{}", school_sqlite_path(data_dir, slug).display()),
    }
}

pub fn school_sqlite_path(data_dir: &Path, slug: &str) -> PathBuf {
    data_dir.join("schools").join(format!("{slug}.sqlite"))
}

/// Where a school's X25519 key file is kept while keys live in files (the PostgreSQL work moves
/// them into each school's database).
pub fn school_key_dir(data_dir: &Path, slug: &str) -> PathBuf {
    data_dir.join("schools").join(slug)
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_schools_each_get_a_file_in_the_data_dir() {
        let dir = Path::new("/srv/kite");
        assert_eq!(
            school_database_url(None, dir, "st-marys"),
            "sqlite:///srv/kite/schools/st-marys.sqlite"
        );
        assert_eq!(
            school_database_url(Some("sqlite:///elsewhere/kite.db"), dir, "oak"),
            "sqlite:///srv/kite/schools/oak.sqlite"
        );
    }

    #[test]
    fn postgres_schools_each_get_a_schema_of_the_one_database() {
        let dir = Path::new("/srv/kite");
        assert_eq!(
            school_database_url(Some("postgres://kite@db/kite"), dir, "st-marys"),
            "postgres://kite@db/kite?options[search_path]=school_st_marys"
        );
        assert_eq!(
            school_database_url(Some("postgresql://db/kite?sslmode=require"), dir, "oak"),
            "postgresql://db/kite?sslmode=require&options[search_path]=school_oak"
        );
    }

    #[test]
    fn a_search_path_already_given_is_extended_not_replaced() {
        let dir = Path::new("/srv/kite");
        assert_eq!(
            school_database_url(
                Some("postgres://db/kite?options[search_path]=test_42&sslmode=disable"),
                dir,
                "oak"
            ),
            "postgres://db/kite?options[search_path]=test_42_oak&sslmode=disable"
        );
        assert_eq!(
            school_database_url(
                Some("postgres://db/kite?options%5Bsearch_path%5D=t1"),
                dir,
                "trust"
            ),
            "postgres://db/kite?options%5Bsearch_path%5D=t1_trust"
        );
    }
}
