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
    /// The directory of schools, for several schools on one server (default: schools.toml in
    /// the data dir; no file means one school).
    #[arg(long, env = "KITE_SCHOOLS_FILE", global = true)]
    schools_file: Option<PathBuf>,
    /// Which school an admin command is for, when the server runs several (`trust` for the
    /// trust's own accounts).
    #[arg(long, env = "KITE_SCHOOL", global = true)]
    school: Option<String>,
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
        /// Mark the staff sign-in cookie Secure: use when staff reach the server over HTTPS.
        #[arg(long, env = "KITE_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Email every DSL when an urgent report arrives (the email says nothing else):
        /// smtp://host:25, smtp://user:pass@host:587?tls=required, or smtps://user:pass@host.
        #[arg(long, env = "KITE_SMTP_URL")]
        smtp_url: Option<String>,
        /// The From address of those emails.
        #[arg(long, env = "KITE_ALERT_FROM", default_value = "Kite <kite@localhost>")]
        alert_from: String,
        /// Also POST {"text": "…"} to this URL when an urgent report arrives (says nothing else).
        #[arg(long, env = "KITE_ALERT_WEBHOOK")]
        alert_webhook: Option<String>,
        /// The address staff use to reach this server, for the link in alert emails.
        #[arg(long, env = "KITE_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Kiosk tablets.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Reports, as counts and ids only: their content is for the DSL's inbox.
    #[command(subcommand)]
    Reports(ReportsCommand),
    /// Staff accounts: create the first admin here, then manage the rest at /staff.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Lessons done (by pupils on tablets, or taught by teachers): the coverage register.
    #[command(subcommand)]
    Lessons(LessonsCommand),
    /// Several schools on one server (a trust): the directory of schools and their host names.
    #[command(subcommand)]
    School(SchoolCommand),
    /// Fixtures for the end-to-end tests, made through the server's own code.
    #[command(subcommand, hide = true)]
    Dev(kite_server::fixtures::DevCommand),
}

#[derive(Subcommand)]
enum SchoolCommand {
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

/// Where an admin command works: the one school, a school of the directory, or the trust.
struct Target {
    state: kite_server::state::AppState,
    is_trust: bool,
}

async fn open_target(config: &Config, school: Option<&str>) -> anyhow::Result<Target> {
    use kite_server::schools::{open_school, Directory, TRUST_SLUG};
    let path = config.schools_file();
    let Some(directory) = Directory::load(&path)? else {
        if let Some(slug) = school {
            anyhow::bail!(
                "--school {slug}: this server runs one school (there is no {}); leave --school out",
                path.display()
            );
        }
        return Ok(Target {
            state: open_state(config).await?,
            is_trust: false,
        });
    };
    let Some(slug) = school else {
        anyhow::bail!(
            "this server runs several schools ({}): say which with --school <slug> (see `kite-server school list`)",
            path.display()
        );
    };
    let is_trust = slug == TRUST_SLUG;
    if is_trust {
        anyhow::ensure!(
            directory.trust.is_some(),
            "there is no trust yet: set it with `kite-server school trust --name … --host …`"
        );
    } else if directory.school(slug).is_none() {
        anyhow::bail!(
            "no school {slug:?} in {} (see `kite-server school list`)",
            path.display()
        );
    }
    Ok(Target {
        state: open_school(config, slug).await?,
        is_trust,
    })
}

fn school_command(config: &Config, cmd: SchoolCommand) -> anyhow::Result<()> {
    use kite_server::schools::{Directory, TRUST_SLUG};
    let path = config.schools_file();
    let mut directory = Directory::load(&path)?.unwrap_or_default();
    match cmd {
        SchoolCommand::Add { slug, name, hosts } => {
            let first = directory.schools.is_empty();
            directory.put_school(&slug, &name, &hosts)?;
            directory.save(&path)?;
            let single = config.data_dir.join("kite.db");
            if first && single.exists() {
                println!("Note: with a schools file the server no longer reads {}. To keep that school's data, copy it to {} and its server-secret.key into {} (see the README).",
                    single.display(),
                    kite_server::schools::database::school_sqlite_path(&config.data_dir, &slug).display(),
                    kite_server::schools::database::school_key_dir(&config.data_dir, &slug).display());
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
enum LessonsCommand {
    /// Every lesson record (lesson, band, class, by, when) as JSON. Holds no pupil data.
    Summary,
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Create a staff account. Asks for the password (or reads one line with --password-stdin).
    Add {
        email: String,
        /// dsl (DSL and deputies), teacher, admin, governor (the governors' report only), or
        /// trust (with --school trust).
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
        let first = rpassword::prompt_password("Password: ")?;
        let again = rpassword::prompt_password("Same password again: ")?;
        anyhow::ensure!(first == again, "the two passwords were different");
        first
    };
    if let Some(reason) = kite_server::auth::password::weak_password_reason(&password) {
        anyhow::bail!("{reason}");
    }
    Ok(password)
}

async fn staff_command(
    config: &Config,
    school: Option<&str>,
    cmd: StaffCommand,
) -> anyhow::Result<()> {
    use kite_protocol::staff::Role;
    use kite_server::auth::password::hash_now;
    use kite_server::storage::{Actor, NewAudit};
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
                anyhow::anyhow!("--role must be dsl, teacher, admin, governor or trust")
            })?;
            // A trust's accounts live in the trust's own database, and only there.
            anyhow::ensure!(
                (role == Role::Trust) == is_trust,
                "trust accounts are made with --school trust --role trust, and the trust has no other kind"
            );
            let email = email.trim().to_lowercase();
            anyhow::ensure!(email.contains('@'), "{email:?} is not an email address");
            let name = name
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_string());
            let password = read_new_password(password_stdin)?;
            let hash = hash_now(&password)?;
            let id = storage
                .create_staff(&email, &name, role, &hash, now_ms())
                .await?
                .ok_or_else(|| anyhow::anyhow!("there is already an account for {email}"))?;
            kite_server::agreements::assign_for_role(storage, id, role).await?;
            audit("account_created", format!("{email} as {}", role.as_str())).await?;
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
            storage
                .set_password(account.id, &hash_now(&password)?)
                .await?;
            storage.record_login_success(account.id).await?;
            storage.delete_sessions_of(account.id, None).await?;
            audit("password_set", email.clone()).await?;
            println!("New password set for {email}; their other sessions were signed out.");
        }
    }
    Ok(())
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
    config.schools_file = cli.common.schools_file;
    let school = cli.common.school.as_deref();

    match cli.command {
        Command::Serve {
            port,
            bind,
            dist,
            demo,
            device_rate,
            secure_cookies,
            smtp_url,
            alert_from,
            public_url,
            alert_webhook,
        } => {
            config.alert_webhook = alert_webhook;
            config.secure_cookies = secure_cookies;
            config.smtp_url = smtp_url;
            config.alert_from = alert_from;
            config.public_url = public_url;
            config.device_rate_per_sec = device_rate;
            config.device_burst = config.device_burst.max(device_rate);
            config.port = port;
            config.bind = bind;
            config.dist_dir = dist;
            config.demo = demo;
            let app = Application::build(&config).await?;
            let shutdown = shutdown_signal();
            let url = format!("http://{}:{}", config.bind, app.port());
            if !app.schools.is_empty() {
                println!(
                    "Kite is running at {url}/ for several schools, each at its own host name:"
                );
                if let Some(d) = kite_server::schools::Directory::load(&config.schools_file())? {
                    let port = app.port();
                    for s in &d.schools {
                        println!("  {}: http://{}:{port}/", s.name, s.hosts[0]);
                    }
                    if let Some(t) = &d.trust {
                        println!("  {} (trust): http://{}:{port}/staff", t.name, t.hosts[0]);
                    }
                }
                println!("  any other host name gets 404");
                app.run_until(shutdown).await?;
                return Ok(());
            }
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
            let Target { state, is_trust } = open_target(&config, school).await?;
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
                    if storage.revoke_device(id, now_ms()).await? {
                        println!("Tablet {id} revoked. Its queued items stay on it until it is enrolled again.");
                    } else {
                        anyhow::bail!("no active tablet with id {id}");
                    }
                }
            }
        }
        Command::Lessons(LessonsCommand::Summary) => {
            let state = open_target(&config, school).await?.state;
            let records = state.storage.lesson_records().await?;
            println!("{}", serde_json::to_string_pretty(&records)?);
        }
        Command::Staff(cmd) => staff_command(&config, school, cmd).await?,
        Command::School(cmd) => school_command(&config, cmd)?,
        Command::Dev(cmd) => {
            let Target { state, is_trust } = open_target(&config, school).await?;
            anyhow::ensure!(!is_trust, "fixtures belong to a school, not to the trust");
            println!("{}", kite_server::fixtures::run(&state, cmd).await?);
        }
        Command::Reports(ReportsCommand::Summary) => {
            let state = open_target(&config, school).await?.state;
            let summaries = state.storage.report_summaries().await?;
            println!("{}", serde_json::to_string_pretty(&summaries)?);
        }
    }
    Ok(())
}
