//! `kite-server device …`: kiosk tablets.

use clap::Subcommand;

use super::{open_target, Target};
use crate::auth::device_token::enrol;
use crate::clock::now_ms;
use crate::config::Config;

#[derive(Subcommand)]
pub enum DeviceCommand {
    /// Enrol a tablet and print its token (shown once) to paste into the tablet's /setup page.
    Add { name: String },
    /// List tablets.
    List,
    /// Stop a tablet from sending (its queued items stay on it).
    Revoke { id: i64 },
}

pub async fn run(config: &Config, school: Option<&str>, cmd: DeviceCommand) -> anyhow::Result<()> {
    let Target { state, is_trust } = open_target(config, school).await?;
    anyhow::ensure!(!is_trust, "tablets belong to a school, not to the trust");
    let storage = &state.storage;
    match cmd {
        DeviceCommand::Add { name } => {
            let (id, token) = enrol(storage, name.trim()).await?;
            println!("Enrolled tablet {id} ({}).", name.trim());
            println!("Paste this token into the tablet's /setup page (shown only once):");
            println!("{token}");
        }
        DeviceCommand::List => {
            for d in storage.list_devices().await? {
                let state = if d.revoked_at_ms.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                let seen = d
                    .last_seen_ms
                    .map(|t| format!("{} s ago", (now_ms() - t) / 1000))
                    .unwrap_or_else(|| "never".into());
                println!("{}\t{}\t{state}\tlast seen {seen}", d.id, d.name);
            }
        }
        DeviceCommand::Revoke { id } => {
            if storage
                .revoke_device(crate::ids::DeviceId(id), now_ms())
                .await?
            {
                println!(
                    "Tablet {id} revoked. Its queued items stay on it until it is enrolled again."
                );
            } else {
                anyhow::bail!("no active tablet with id {id}");
            }
        }
    }
    Ok(())
}
