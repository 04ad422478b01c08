//! `kite-server lessons …`.

use clap::Subcommand;

use super::open_target;
use crate::config::Config;

#[derive(Subcommand)]
pub enum LessonsCommand {
    /// Every lesson record (lesson, band, class, by, when) as JSON. Holds no pupil data.
    Summary,
}

pub async fn run(config: &Config, school: Option<&str>, cmd: LessonsCommand) -> anyhow::Result<()> {
    match cmd {
        LessonsCommand::Summary => {
            let state = open_target(config, school).await?.state;
            let records = state.storage.lesson_records().await?;
            println!("{}", serde_json::to_string_pretty(&records)?);
        }
    }
    Ok(())
}
