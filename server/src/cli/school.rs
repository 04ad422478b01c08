//! `kite-server school …`: the directory of schools (and the trust) on one server.

use clap::Subcommand;

use crate::config::Config;
use crate::schools::database::{school_key_dir, school_sqlite_path};
use crate::schools::{Directory, TRUST_SLUG};

#[derive(Subcommand)]
pub enum SchoolCommand {
    /// Add a school (or change its name and hosts). Restart the server to pick it up.
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
    /// List the schools and the trust, with their host names.
    List,
}

pub fn run(config: &Config, cmd: SchoolCommand) -> anyhow::Result<()> {
    let path = config.schools_file();
    let mut directory = Directory::load(&path)?.unwrap_or_default();
    match cmd {
        SchoolCommand::Add { slug, name, hosts } => {
            let first = directory.schools.is_empty();
            directory.put_school(&slug, &name, &hosts)?;
            directory.save(&path)?;
            let single = config.data_dir.join("kite.db");
            if first && single.exists() {
                println!("Note: with a schools file the server no longer reads {}. To keep that school's data, copy it to {} and, if the data dir still has a server-secret.key from an older version, that into {} (see docs/operating.md, 'Several schools on one server').",
                    single.display(),
                    school_sqlite_path(&config.data_dir, &slug).display(),
                    school_key_dir(&config.data_dir, &slug).display());
            }
            println!("{slug} ({}) is in {}. Restart the server to serve it; make its first admin with `kite-server staff add --school {slug} … --role admin`.", name.trim(), path.display());
        }
        SchoolCommand::Trust { name, hosts } => {
            directory.set_trust(&name, &hosts)?;
            directory.save(&path)?;
            println!("The trust ({}) is in {}. Make its accounts with `kite-server staff add --school {TRUST_SLUG} … --role trust`.", name.trim(), path.display());
        }
        SchoolCommand::List => {
            for s in &directory.schools {
                println!("{}\t{}\t{}", s.slug, s.name, s.hosts.join(" "));
            }
            if let Some(t) = &directory.trust {
                println!("{TRUST_SLUG}\t{}\t{}", t.name, t.hosts.join(" "));
            }
        }
    }
    Ok(())
}
