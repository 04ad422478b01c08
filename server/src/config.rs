//! Where the server listens, keeps its data and finds the built app. Every setting is a flag, an
//! environment variable and a default, written once here: the command line reads them
//! (`cli`), and tests start from the same defaults (`Config::for_data_dir`).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, Command, FromArgMatches};

/// The server's settings. Every flag may be given before or after the subcommand, as
/// `--data-dir` always could.
/// Let's Encrypt's production ACME directory: where certificates are ordered unless told otherwise.
pub const LETS_ENCRYPT: &str = "https://acme-v02.api.letsencrypt.org/directory";

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Where the database and the server's key live.
    #[arg(long, env = "KITE_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// sqlite://path or postgres://… (default: kite.db in the data dir).
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// The directory of schools, for several schools on one server (default: schools.toml in
    /// the data dir; no file means one school).
    #[arg(long, env = "KITE_SCHOOLS_FILE", global = true)]
    pub schools_file: Option<PathBuf>,
    /// How often a server of several schools looks for changes to the directory of schools (the
    /// file, or the database's table on PostgreSQL), in seconds.
    #[arg(long = "schools-poll", env = "KITE_SCHOOLS_POLL", default_value = "5", value_parser = parse_seconds, global = true)]
    pub schools_poll: Duration,
    /// Turn on the authority's API for the directory of schools (/api/v1/authority/schools), for
    /// requests with `Authorization: Bearer <this>`. Off (404) when unset.
    #[arg(
        long,
        env = "KITE_AUTHORITY_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub authority_token: Option<String>,
    /// On PostgreSQL: the most connections this process opens to the database, shared by all
    /// its schools (each statement is put on its school's schema). Several processes: each has
    /// this many, so keep their sum under the database's max_connections.
    #[arg(long, env = "KITE_DB_CONNECTIONS", default_value_t = crate::storage::DEFAULT_POSTGRES_CONNECTIONS, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub db_connections: u32,
    /// Tablets' syncs this process works on at once, whatever the school; one more is told to
    /// try again in a few seconds (429, its items kept on the tablet), so a county's tablets all
    /// reconnecting on a Monday morning wait on their tablets, not in the server's memory.
    #[arg(long, env = "KITE_SYNCS_AT_ONCE", default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub syncs_at_once: u32,
    /// On SQLite: close a school's database file after this many seconds unused (it is opened
    /// again by the next request), so a server of many schools keeps few files open.
    #[arg(long, env = "KITE_SQLITE_IDLE_SECS", default_value_t = crate::storage::DEFAULT_SQLITE_IDLE.as_secs(), value_parser = clap::value_parser!(u64).range(1..), global = true)]
    pub sqlite_idle_secs: u64,

    /// The port to listen on (0 picks a free one).
    #[arg(long, env = "KITE_PORT", default_value_t = 8080, global = true, help_heading = SERVING)]
    pub port: u16,
    /// The address to listen on.
    #[arg(long, env = "KITE_BIND", default_value = "127.0.0.1", global = true, help_heading = SERVING)]
    pub bind: IpAddr,
    /// The app built by Trunk (default: the one built into this server, or ./dist for a server
    /// built without it).
    #[arg(long = "dist", env = "KITE_DIST", global = true, help_heading = SERVING)]
    pub dist_dir: Option<PathBuf>,
    /// Seed a demo school (trusted adults, a demo tablet, sample reports) into an empty database.
    #[arg(
        long,
        env = "KITE_DEMO",
        action = ArgAction::SetTrue,
        value_parser = BoolishValueParser::new(),
        global = true,
        help_heading = SERVING
    )]
    pub demo: bool,
    /// Sync requests a tablet may make a second (sustained; bursts of 30 allowed).
    #[arg(
        long = "device-rate",
        env = "KITE_DEVICE_RATE",
        default_value_t = 5.0,
        global = true,
        help_heading = SERVING
    )]
    pub device_rate_per_sec: f64,
    /// The burst of sync requests a tablet may make at once (`serve` raises it to the rate when
    /// the rate is higher).
    #[arg(skip = 30.0)]
    pub device_burst: f64,
    /// Mark the sign-in cookies Secure: use when staff and parents reach the server over HTTPS
    /// (directly or behind a TLS proxy). On anyway when --public-url is https://. The variable
    /// takes 1/0, true/false, yes/no or on/off.
    #[arg(
        long,
        env = "KITE_SECURE_COOKIES",
        action = ArgAction::SetTrue,
        value_parser = BoolishValueParser::new(),
        global = true,
        help_heading = SERVING
    )]
    pub secure_cookies: bool,
    /// A staff page locks (and asks for the password again) after this many seconds without a
    /// request from the person; the session ends after 30 minutes without one in any case.
    #[arg(
        long = "staff-lock-secs",
        env = "KITE_STAFF_LOCK_SECS",
        default_value_t = 15 * 60,
        global = true,
        help_heading = SERVING
    )]
    pub staff_lock_secs: u64,
    /// The address of a reverse proxy in front of the server (repeat, or comma-separate): for
    /// requests from it, the client is the address it adds to X-Forwarded-For. Used only to
    /// keep one client from using up everyone's allowance; never stored.
    #[arg(
        long = "trusted-proxy",
        env = "KITE_TRUSTED_PROXIES",
        value_delimiter = ',',
        global = true,
        help_heading = SERVING
    )]
    pub trusted_proxies: Vec<IpAddr>,
    /// Serve HTTPS with this certificate (PEM, the full chain). Replace the file (and the key)
    /// and new connections get the new certificate; no restart.
    #[arg(long, env = "KITE_TLS_CERT", requires = "tls_key", group = "https", global = true, help_heading = HTTPS)]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, env = "KITE_TLS_KEY", requires = "tls_cert", global = true, help_heading = HTTPS)]
    pub tls_key: Option<PathBuf>,
    /// With HTTPS: also listen for plain http on this port (80, usually) and send every request
    /// there to the HTTPS address. Not listened on unless given.
    #[arg(long, env = "KITE_HTTP_PORT", requires = "https", global = true, help_heading = HTTPS)]
    pub http_port: Option<u16>,
    /// Serve HTTPS with a certificate for this name, issued and renewed automatically over ACME
    /// (Let's Encrypt unless --acme-directory says otherwise). Repeat, or comma-separate, for
    /// several names on one certificate. The name's DNS must point at this server and --port
    /// must be reachable from the internet as 443: the issuer checks it there (TLS-ALPN-01).
    /// Instead of --tls-cert.
    #[arg(
        long = "acme-domain",
        env = "KITE_ACME_DOMAINS",
        value_delimiter = ',',
        group = "https",
        global = true,
        help_heading = HTTPS
    )]
    pub acme_domains: Vec<String>,
    /// The email address the issuer may write to about the certificates (expiry warnings).
    #[arg(long, env = "KITE_ACME_EMAIL", requires = "acme_domains", global = true, help_heading = HTTPS)]
    pub acme_email: Option<String>,
    /// The ACME directory to order certificates from. Let's Encrypt's staging directory,
    /// https://acme-staging-v02.api.letsencrypt.org/directory, issues untrusted certificates
    /// without the production rate limits: for trying a set-up out.
    #[arg(
        long,
        env = "KITE_ACME_DIRECTORY",
        default_value = LETS_ENCRYPT,
        global = true,
        help_heading = HTTPS
    )]
    pub acme_directory: String,
    /// Trust only this CA certificate (PEM) for the ACME directory's own HTTPS: a private or
    /// test ACME server. Unset, the public web's roots.
    #[arg(long, env = "KITE_ACME_DIRECTORY_CA", requires = "acme_domains", global = true, help_heading = HTTPS)]
    pub acme_directory_ca: Option<PathBuf>,
    /// Tablets may sync only from these networks (comma-separated CIDRs, e.g.
    /// 10.20.0.0/16,192.168.1.0/24); parents and staff may still sign in from anywhere. Unset,
    /// tablets may sync from any network. Behind a proxy, name it with --trusted-proxy.
    #[arg(
        long = "device-networks",
        env = "KITE_DEVICE_NETWORKS",
        value_delimiter = ',',
        global = true,
        help_heading = SERVING
    )]
    pub device_networks: Vec<ipnet::IpNet>,
    /// Turn on Prometheus metrics at /metrics, for requests with `Authorization: Bearer <this>`.
    /// Off (404) when unset.
    #[arg(
        long,
        env = "KITE_METRICS_TOKEN",
        hide_env_values = true,
        global = true,
        help_heading = SERVING
    )]
    pub metrics_token: Option<String>,
    /// Email every DSL when an urgent report arrives (the email says nothing else):
    /// smtp://host:25, smtp://user:pass@host:587?tls=required, or smtps://user:pass@host.
    #[arg(long, env = "KITE_SMTP_URL", global = true, help_heading = ALERTS)]
    pub smtp_url: Option<String>,
    /// The From address of those emails.
    #[arg(
        long,
        env = "KITE_ALERT_FROM",
        default_value = "Kite <kite@localhost>",
        global = true,
        help_heading = ALERTS
    )]
    pub alert_from: String,
    /// The address staff and parents use to reach this server (e.g. https://kite.school.example):
    /// the link in alert emails, and the address and QR code on parents' letters.
    #[arg(long, env = "KITE_PUBLIC_URL", global = true, help_heading = ALERTS)]
    pub public_url: Option<String>,
    /// Also POST {"text": "…"} to this URL when an urgent report arrives (says nothing else).
    #[arg(long, env = "KITE_ALERT_WEBHOOK", global = true, help_heading = ALERTS)]
    pub alert_webhook: Option<String>,
    /// How often the alert job looks for new urgent reports.
    #[arg(skip = Duration::from_secs(15))]
    pub alert_every: Duration,

    /// Back every school up once a day, encrypted, into this directory (another disk, or a
    /// share copied off the server). Needs the passphrase (KITE_BACKUP_PASSPHRASE_FILE).
    #[arg(long, env = "KITE_BACKUP_DIR", global = true, help_heading = BACKUPS)]
    pub backup_dir: Option<PathBuf>,
    /// How many daily backups to keep in --backup-dir (older ones are deleted).
    #[arg(long, env = "KITE_BACKUP_KEEP", default_value_t = 14, global = true, help_heading = BACKUPS)]
    pub backup_keep: usize,
    /// A file whose first line is the backup passphrase (readable by the server's user only).
    /// Without it the variable KITE_BACKUP_PASSPHRASE is read; `backup` and `restore` ask at the
    /// terminal when neither is set.
    #[arg(long, env = "KITE_BACKUP_PASSPHRASE_FILE", global = true, help_heading = BACKUPS)]
    pub backup_passphrase_file: Option<PathBuf>,
    /// The hour (UTC, 0-23) from which the day's backup is taken.
    #[arg(long, env = "KITE_BACKUP_HOUR", default_value_t = 2, value_parser = clap::value_parser!(u8).range(0..24), global = true, help_heading = BACKUPS)]
    pub backup_hour: u8,
}

/// Seconds, as `--schools-poll` takes them (a fraction for tests: 0.2).
fn parse_seconds(text: &str) -> Result<Duration, String> {
    match text.trim().parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 3600.0 => Ok(Duration::from_secs_f64(secs)),
        _ => Err(format!(
            "{text:?} isn't a number of seconds between 0 and 3600, like 5"
        )),
    }
}

const SERVING: &str = "Serving";
const ALERTS: &str = "Urgent-report alerts";
const BACKUPS: &str = "Backups";
const HTTPS: &str = "HTTPS";

impl Config {
    /// The defaults, with this data dir and built app. The environment is not read, so a test's
    /// server is the same whatever the shell that runs the tests has set.
    pub fn for_data_dir(data_dir: PathBuf, dist_dir: PathBuf) -> Self {
        let command = Self::augment_args(Command::new("kite-server")).mut_args(|arg| arg.env(None));
        let mut config = command
            .try_get_matches_from(["kite-server"])
            .and_then(|matches| Self::from_arg_matches(&matches))
            .expect("every setting has a default or is optional");
        config.data_dir = data_dir;
        config.dist_dir = Some(dist_dir);
        config
    }

    /// Whether the sign-in cookies are Secure (and `__Host-`, with HSTS): when asked, when the
    /// server serves HTTPS itself, or when the public address staff use is https, so an https
    /// school can't forget to turn it on.
    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies
            || self.serves_https()
            || self
                .public_url
                .as_deref()
                .is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"))
    }

    /// Whether the server answers HTTPS itself: with certificate files, or one issued over ACME.
    pub fn serves_https(&self) -> bool {
        self.tls_cert.is_some() || !self.acme_domains.is_empty()
    }

    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.bind, self.port)
    }

    pub fn schools_file(&self) -> PathBuf {
        self.schools_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("schools.toml"))
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("kite.db").display()))
    }

    /// The connections a process built from this config opens: make it once per process and
    /// give it to every school (`schools::open_tenant` passes the first school's on).
    pub fn databases(&self) -> crate::storage::Databases {
        crate::storage::Databases::new(
            self.db_connections,
            Duration::from_secs(self.sqlite_idle_secs),
        )
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;

    fn parse(args: &[&str]) -> Config {
        let command = Config::augment_args(Command::new("kite-server")).mut_args(|a| a.env(None));
        let matches = command
            .try_get_matches_from(std::iter::once("kite-server").chain(args.iter().copied()))
            .unwrap();
        Config::from_arg_matches(&matches).unwrap()
    }

    #[test]
    fn defaults_come_from_the_flags() {
        let c = Config::for_data_dir("d".into(), "app".into());
        assert_eq!(c.data_dir, PathBuf::from("d"));
        assert_eq!(c.dist_dir, Some(PathBuf::from("app")));
        assert_eq!(c.addr(), SocketAddr::new(Ipv4Addr::LOCALHOST.into(), 8080));
        assert_eq!((c.device_rate_per_sec, c.device_burst), (5.0, 30.0));
        assert!(!c.secure_cookies && !c.demo && !c.cookies_secure());
        assert_eq!(c.staff_lock_secs, 900);
        assert!(c.trusted_proxies.is_empty());
        assert_eq!(c.alert_from, "Kite <kite@localhost>");
        assert_eq!(c.alert_every, Duration::from_secs(15));
        assert_eq!(c.database_url(), "sqlite://d/kite.db");
        assert_eq!(c.schools_file(), PathBuf::from("d/schools.toml"));
    }

    #[test]
    fn flags_keep_their_names() {
        let c = parse(&[
            "--data-dir=x",
            "--port=9",
            "--bind=0.0.0.0",
            "--dist=app",
            "--device-rate=7",
            "--secure-cookies",
            "--demo",
            "--public-url=https://kite.example",
        ]);
        assert_eq!((c.port, c.bind.to_string().as_str()), (9, "0.0.0.0"));
        assert_eq!(
            (c.device_rate_per_sec, c.dist_dir),
            (7.0, Some(PathBuf::from("app")))
        );
        assert!(c.secure_cookies && c.demo);
        assert_eq!(c.public_url.as_deref(), Some("https://kite.example"));
    }

    #[test]
    fn an_https_public_url_makes_cookies_secure_without_the_flag() {
        assert!(parse(&["--public-url=https://kite.example"]).cookies_secure());
        assert!(!parse(&["--public-url=http://kite.example"]).cookies_secure());
        let c = parse(&["--trusted-proxy=10.0.0.1,::1", "--staff-lock-secs=5"]);
        assert_eq!(c.trusted_proxies.len(), 2);
        assert_eq!(c.staff_lock_secs, 5);
    }

    #[test]
    fn https_and_the_tablets_networks_are_flags_too() {
        let c = parse(&[
            "--tls-cert=c.pem",
            "--tls-key=k.pem",
            "--http-port=80",
            "--device-networks=10.20.0.0/16,2001:db8::/32",
            "--metrics-token=s3cret",
        ]);
        assert!(
            c.cookies_secure(),
            "HTTPS makes the cookies Secure (and HSTS)"
        );
        assert_eq!(c.http_port, Some(80));
        assert_eq!(c.device_networks.len(), 2);
        assert_eq!(c.metrics_token.as_deref(), Some("s3cret"));
        let plain = parse(&[]);
        assert!(plain.tls_cert.is_none() && plain.dist_dir.is_none());
        assert!(plain.device_networks.is_empty() && plain.metrics_token.is_none());
        // A certificate without its key is refused at the command line, not at the first visitor.
        let command = Config::augment_args(Command::new("kite-server")).mut_args(|a| a.env(None));
        assert!(command
            .try_get_matches_from(["kite-server", "--tls-cert=c.pem"])
            .is_err());
    }

    #[test]
    fn a_certificate_from_acme_is_https_too_and_not_with_certificate_files() {
        let c = parse(&[
            "--acme-domain=kite.school.example,www.kite.school.example",
            "--acme-domain=parents.school.example",
            "--acme-email=it@school.example",
            "--http-port=80",
        ]);
        assert_eq!(c.acme_domains.len(), 3);
        assert!(c.serves_https() && c.cookies_secure());
        assert_eq!(c.acme_directory, LETS_ENCRYPT);
        assert_eq!(c.http_port, Some(80));
        let refused = |args: &[&str]| {
            let command =
                Config::augment_args(Command::new("kite-server")).mut_args(|a| a.env(None));
            command
                .try_get_matches_from(std::iter::once("kite-server").chain(args.iter().copied()))
                .is_err()
        };
        // One source of certificates, and the redirect port only with HTTPS.
        assert!(refused(&[
            "--acme-domain=a.example",
            "--tls-cert=c.pem",
            "--tls-key=k.pem"
        ]));
        assert!(refused(&["--http-port=80"]));
        assert!(refused(&["--acme-email=it@school.example"]));
        assert!(!parse(&[]).serves_https());
    }
}
