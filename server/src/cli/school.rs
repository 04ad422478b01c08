//! `kite-server school …`: the directory of schools (and the trust) on one server: the schools
//! file on SQLite, the database's directory on PostgreSQL (`schools::source`). Running servers
//! pick a change up within seconds (`--schools-poll`), without a restart.

use clap::Subcommand;

use crate::config::Config;
use crate::schools::database::{school_key_dir, school_sqlite_path};
use crate::schools::{Directory, DirectorySource, TRUST_SLUG};

#[derive(Subcommand)]
pub enum SchoolCommand {
    /// Add a school (or change its name and hosts). Running servers serve it within seconds.
    Add {
        /// Short and lowercase, in file names: oak, st-marys.
        slug: String,
        #[arg(long)]
        name: String,
        /// A host name the school's tablets, staff and parents use (repeat for several).
        #[arg(long = "host", required = true)]
        hosts: Vec<String>,
    },
    /// Set the trust's name and host names; then make its accounts with
    /// `staff add --school trust --role trust`.
    Trust {
        #[arg(long)]
        name: String,
        #[arg(long = "host", required = true)]
        hosts: Vec<String>,
    },
    /// Pause a school: its hosts answer "This school's Kite is paused. Ask the school." Its data
    /// stays.
    Suspend { slug: String },
    /// Serve a paused school again.
    Resume { slug: String },
    /// Take a school out of the directory. Its data is NOT deleted: adding it again with the
    /// same slug serves it as it was.
    Remove { slug: String },
    /// List the schools and the trust, with their host names.
    List,
}

/// Said after every change.
const LIVE: &str = "Running servers pick this up within a few seconds (--schools-poll).";

pub async fn run(config: &Config, cmd: SchoolCommand) -> anyhow::Result<()> {
    let source = DirectorySource::open(config).await?;
    let at = source.describe();
    match cmd {
        SchoolCommand::Add { slug, name, hosts } => {
            let (_, was_empty) = source
                .change(|d| {
                    let was_empty = d.is_empty();
                    d.put_school(&slug, &name, &hosts)?;
                    Ok(was_empty)
                })
                .await?;
            let single = config.data_dir.join("kite.db");
            if was_empty && single.exists() {
                println!("Note: with a directory of schools the server no longer reads {}. To keep that school's data, copy it to {} and, if the data dir still has a server-secret.key from an older version, that into {} (see docs/operating.md, 'Several schools on one server').",
                    single.display(),
                    school_sqlite_path(&config.data_dir, &slug).display(),
                    school_key_dir(&config.data_dir, &slug).display());
            }
            let when = if was_empty {
                "This is the first entry: restart the server to change it from one school to several (after this, changes need no restart)."
            } else {
                LIVE
            };
            println!("{slug} ({}) is in {at}. {when} Make its first admin with `kite-server staff add --school {slug} … --role admin`.", name.trim());
        }
        SchoolCommand::Trust { name, hosts } => {
            let (_, was_empty) = source
                .change(|d| {
                    let was_empty = d.is_empty();
                    d.set_trust(&name, &hosts)?;
                    Ok(was_empty)
                })
                .await?;
            let when = if was_empty {
                "Restart the server to change it from one school to several."
            } else {
                LIVE
            };
            println!("The trust ({}) is in {at}. {when} Make its accounts with `kite-server staff add --school {TRUST_SLUG} … --role trust`.", name.trim());
        }
        SchoolCommand::Suspend { slug } => {
            source.change(|d| d.set_suspended(&slug, true)).await?;
            println!("{slug} is paused: its addresses say \"This school's Kite is paused. Ask the school.\" Its data is kept; `kite-server school resume {slug}` serves it again. {LIVE}");
        }
        SchoolCommand::Resume { slug } => {
            source.change(|d| d.set_suspended(&slug, false)).await?;
            println!("{slug} is served again. {LIVE}");
        }
        SchoolCommand::Remove { slug } => {
            source.change(|d| d.remove_school(&slug)).await?;
            println!("{slug} is out of {at}: its addresses now answer \"No school on this server has this address\". Its data is NOT deleted ({}); adding {slug} again serves it as it was. {LIVE}",
                where_kept(config, &slug));
        }
        SchoolCommand::List => {
            let directory = source.load().await?.unwrap_or_default();
            list(&directory);
        }
    }
    Ok(())
}

fn list(directory: &Directory) {
    for s in &directory.schools {
        let paused = if s.suspended { "\tpaused" } else { "" };
        println!("{}\t{}\t{}{paused}", s.slug, s.name, s.hosts.join(" "));
    }
    if let Some(t) = &directory.trust {
        println!("{TRUST_SLUG}\t{}\t{}", t.name, t.hosts.join(" "));
    }
}

/// Where a school's data stays after it is removed, in words.
fn where_kept(config: &Config, slug: &str) -> String {
    let url = crate::schools::school_store(config, slug).database_url;
    if url.starts_with("sqlite:") {
        school_sqlite_path(&config.data_dir, slug)
            .display()
            .to_string()
    } else {
        "its schema in the database".to_string()
    }
}
