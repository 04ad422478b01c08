//! `kite-server dev …` (hidden): the end-to-end tests' fixtures, made through the server's own
//! code (`crate::fixtures`) against the same database the server under test uses.

use super::{open_target, Target};
use crate::config::Config;
use crate::fixtures::DevCommand;

pub async fn run(config: &Config, school: Option<&str>, cmd: DevCommand) -> anyhow::Result<()> {
    let Target { state, is_trust } = open_target(config, school).await?;
    anyhow::ensure!(!is_trust, "fixtures belong to a school, not to the trust");
    println!("{}", crate::fixtures::run(&state, cmd).await?);
    Ok(())
}
