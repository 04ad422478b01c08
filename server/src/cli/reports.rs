//! `kite-server reports …`.

use clap::Subcommand;

use super::open_target;
use crate::config::Config;

#[derive(Subcommand)]
pub enum ReportsCommand {
    /// Ids, urgency, status and times as JSON.
    Summary,
}

pub async fn run(config: &Config, school: Option<&str>, cmd: ReportsCommand) -> anyhow::Result<()> {
    match cmd {
        ReportsCommand::Summary => {
            let state = open_target(config, school).await?.state;
            let summaries = state.storage.report_summaries().await?;
            println!("{}", serde_json::to_string_pretty(&summaries)?);
        }
    }
    Ok(())
}
