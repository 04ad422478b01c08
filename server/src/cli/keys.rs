//! `kite-server keys …`: the server's secret key.

use clap::Subcommand;

use crate::config::Config;
use crate::schools::database::school_key_dir;

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Remove the key file earlier versions kept in the data dir, once the database holds the
    /// same key (the server names the file at start while it is there).
    ForgetFile,
}

pub async fn run(config: &Config, school: Option<&str>, cmd: KeysCommand) -> anyhow::Result<()> {
    match cmd {
        KeysCommand::ForgetFile => {
            let target = super::open_target(config, school).await?;
            let dir = match school {
                Some(slug) => school_key_dir(&config.data_dir, slug),
                None => config.data_dir.clone(),
            };
            match crate::keys::forget_key_file(&target.state.storage, &dir).await? {
                Some(path) => println!(
                    "Removed {}: the key is kept in the database.",
                    path.display()
                ),
                None => println!("There is no key file in {}: nothing to do.", dir.display()),
            }
        }
    }
    Ok(())
}
