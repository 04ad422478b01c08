//! `kite-server`: the school server and its admin commands.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use kite_server::auth::device_token::enrol;
use kite_server::clock::now_ms;
use kite_server::config::Config;
use kite_server::startup::{open_state, shutdown_signal, Application};

#[derive(Parser)]
#[command(name = "kite-server", version, about = "Kite's school server")]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Common {
    /// Where the database and the server's key live.
    #[arg(long, env = "KITE_DATA_DIR", default_value = "data", global = true)]
    data_dir: PathBuf,
    /// sqlite://path (default: kite.db in the data dir).
    #[arg(long, env = "DATABASE_URL", global = true)]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app and /api/v1.
    Serve {
        #[arg(long, env = "KITE_PORT", default_value_t = 8080)]
        port: u16,
        #[arg(long, env = "KITE_BIND", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// The app built by Trunk.
        #[arg(long, env = "KITE_DIST", default_value = "dist")]
        dist: PathBuf,
        /// Seed a demo school into an empty database.
        #[arg(long)]
        demo: bool,
        /// Sync requests a tablet may make a second (sustained; bursts of 30 allowed).
        #[arg(long, env = "KITE_DEVICE_RATE", default_value_t = 5.0)]
        device_rate: f64,
    },
    /// Kiosk tablets.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Reports, as counts and ids only: their content is for the DSL's inbox.
    #[command(subcommand)]
    Reports(ReportsCommand),
}

#[derive(Subcommand)]
enum DeviceCommand {
    /// Enrol a tablet and print its token (shown once) to paste into the tablet's /setup page.
    Add { name: String },
    /// List tablets.
    List,
    /// Stop a tablet from sending (its queued items stay on it).
    Revoke { id: i64 },
}

#[derive(Subcommand)]
enum ReportsCommand {
    /// Ids, urgency, status and times as JSON.
    Summary,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "kite_server=info,warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let mut config = Config::for_data_dir(cli.common.data_dir, PathBuf::from("dist"));
    config.database_url = cli.common.database_url;

    match cli.command {
        Command::Serve {
            port,
            bind,
            dist,
            demo,
            device_rate,
        } => {
            config.device_rate_per_sec = device_rate;
            config.device_burst = config.device_burst.max(device_rate);
            config.port = port;
            config.bind = bind;
            config.dist_dir = dist;
            config.demo = demo;
            let app = Application::build(&config).await?;
            let shutdown = shutdown_signal();
            let url = format!("http://{}:{}", config.bind, app.port());
            println!("Kite is running at {url}/");
            println!("  pupils (kiosk):   {url}/");
            println!("  teachers:         {url}/present");
            println!("  parents:          {url}/parents");
            println!("  staff:            {url}/staff");
            println!("  tablet set-up:    {url}/setup");
            println!("  health:           {url}/api/v1/health");
            app.run_until(shutdown).await?;
        }
        Command::Device(cmd) => {
            let state = open_state(&config).await?;
            let storage = state.storage.as_ref();
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
                    if storage.revoke_device(id, now_ms()).await? {
                        println!("Tablet {id} revoked. Its queued items stay on it until it is enrolled again.");
                    } else {
                        anyhow::bail!("no active tablet with id {id}");
                    }
                }
            }
        }
        Command::Reports(ReportsCommand::Summary) => {
            let state = open_state(&config).await?;
            let summaries = state.storage.report_summaries().await?;
            println!("{}", serde_json::to_string_pretty(&summaries)?);
        }
    }
    Ok(())
}
