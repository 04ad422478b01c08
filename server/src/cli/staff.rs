//! `kite-server staff …`: the first admin account, and help for someone locked out.

use clap::Subcommand;
use kite_protocol::staff::Role;

use super::{open_target, Target};
use crate::accounts::{self, NewAccount};
use crate::auth::password::weak_password_reason;
use crate::authority::{self, Change};
use crate::clock::now_ms;
use crate::config::Config;
use crate::storage::{Actor, NewAudit};
use crate::validate::valid_email;

#[derive(Subcommand)]
pub enum StaffCommand {
    /// Create a staff account. Asks for the password (or reads one line with --password-stdin).
    Add {
        email: String,
        /// dsl (DSL and deputies), teacher, admin, staff (teaching assistants, office,
        /// lunchtime staff, volunteers: their AUP and logging concerns only), governor (the
        /// governors' report only), or trust (with --school trust).
        #[arg(long)]
        role: String,
        /// The name shown in the chronology (default: the part of the email before @).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    /// List staff accounts.
    List,
    /// Turn off two-step sign-in for someone who lost their phone (they can set it up again).
    ResetTwoStep { email: String },
    /// Set a new password for an account (and lift any lockout).
    SetPassword {
        email: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

fn read_new_password(from_stdin: bool) -> anyhow::Result<String> {
    let password = if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        let ask = |prompt| {
            rpassword::prompt_password(prompt).map_err(|e| {
                anyhow::anyhow!(
                    "no terminal to ask for the password on ({e}): run this in a terminal, \
                     or give the password on standard input with --password-stdin"
                )
            })
        };
        let first = ask("Password: ")?;
        let again = ask("Same password again: ")?;
        anyhow::ensure!(first == again, "the two passwords were different");
        first
    };
    if let Some(reason) = weak_password_reason(&password) {
        anyhow::bail!("{reason}");
    }
    Ok(password)
}

pub async fn run(config: &Config, school: Option<&str>, cmd: StaffCommand) -> anyhow::Result<()> {
    let Target { state, is_trust } = open_target(config, school).await?;
    let storage = &state.storage;
    let audit = |action: &'static str, detail: String| async move {
        storage
            .append_audit(NewAudit {
                at_ms: now_ms(),
                actor: Actor::CommandLine,
                action,
                report_id: None,
                detail: &detail,
            })
            .await
    };
    match cmd {
        StaffCommand::Add {
            email,
            role,
            name,
            password_stdin,
        } => {
            let role = Role::parse(role.trim()).ok_or_else(|| {
                anyhow::anyhow!("--role must be dsl, teacher, admin, staff, governor or trust")
            })?;
            // A trust's accounts live in the trust's own database, and only there.
            anyhow::ensure!(
                (role == Role::Trust) == is_trust,
                "trust accounts are made with --school trust --role trust, and the trust has no other kind"
            );
            // Checked before the password is asked for, so a typo doesn't cost typing it twice.
            let email = valid_email(&email)?;
            let name = name
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_string());
            let password = read_new_password(password_stdin)?;
            let account = NewAccount {
                email,
                name,
                role,
                password,
            }
            .check()?;
            let email = account.email().to_string();
            let id = accounts::create(&state, account, Actor::CommandLine).await?;
            if role == Role::Dsl {
                authority::tell_other_dsls(&state, Change::DslAccountAdded, None, Some(id)).await?;
            }
            println!(
                "Created {} account {id} for {email}. Sign in at /staff.",
                role.label()
            );
        }
        StaffCommand::List => {
            for s in storage.list_staff().await? {
                let state = if s.disabled { "disabled" } else { "active" };
                println!(
                    "{}\t{}\t{}\t{}\t{state}",
                    s.id,
                    s.email,
                    s.role.as_str(),
                    s.name
                );
            }
        }
        StaffCommand::ResetTwoStep { email } => {
            let email = email.trim().to_lowercase();
            let account = storage
                .staff_by_email(&email)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no account for {email}"))?;
            storage.set_totp_secret(account.id, None).await?;
            audit("two_step_reset", email.clone()).await?;
            if account.role == Role::Dsl {
                authority::tell_other_dsls(
                    &state,
                    Change::DslAccountChanged,
                    None,
                    Some(account.id),
                )
                .await?;
            }
            println!("Two-step sign-in is off for {email}; they can turn it on again at /staff/password.");
        }
        StaffCommand::SetPassword {
            email,
            password_stdin,
        } => {
            let email = email.trim().to_lowercase();
            let account = storage
                .staff_by_email(&email)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no account for {email}"))?;
            let password = read_new_password(password_stdin)?;
            let hash = state.hasher.hash(&password).await?;
            storage.set_password(account.id, &hash).await?;
            storage.record_login_success(account.id).await?;
            storage.delete_sessions_of(account.id, None).await?;
            audit("password_set", email.clone()).await?;
            if account.role == Role::Dsl {
                authority::tell_other_dsls(
                    &state,
                    Change::DslAccountChanged,
                    None,
                    Some(account.id),
                )
                .await?;
            }
            println!("New password set for {email}; their other sessions were signed out.");
        }
    }
    Ok(())
}
