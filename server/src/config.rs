//! Where the server listens, keeps its data and finds the built app.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: IpAddr,
    /// 0 picks a free port (tests).
    pub port: u16,
    /// Holds the SQLite database and the server's secret key.
    pub data_dir: PathBuf,
    /// `sqlite://…`; when absent, `kite.db` in the data dir.
    pub database_url: Option<String>,
    /// The app built by Trunk (`dist/`).
    pub dist_dir: PathBuf,
    /// Seed a demo school (trusted adults, a demo tablet, sample reports) if the database is empty.
    pub demo: bool,
    /// Requests a device may make to `/api/v1/sync`: sustained per second, and burst.
    pub device_rate_per_sec: f64,
    pub device_burst: f64,
    /// Mark the staff session cookie `Secure`: set when the server is reached over HTTPS
    /// (directly or behind a TLS proxy). Off for plain http://127.0.0.1 on a laptop.
    pub secure_cookies: bool,
    /// Urgent-report alerts by email: `smtp://host:25`, `smtp://user:pass@host:587?tls=required`
    /// or `smtps://user:pass@host`. None: no email.
    pub smtp_url: Option<String>,
    /// The alert's From address.
    pub alert_from: String,
    /// How the alert tells the DSL where to sign in (e.g. `https://kite.school.example`).
    pub public_url: Option<String>,
    /// Also POST `{"text": …}` here when an urgent report arrives (says nothing else about it).
    pub alert_webhook: Option<String>,
    /// How often the alert job looks for new urgent reports.
    pub alert_every: std::time::Duration,
    /// The directory of schools (several schools on one server); by default `schools.toml` in
    /// the data dir. No such file: one school.
    pub schools_file: Option<PathBuf>,
}

impl Config {
    pub fn for_data_dir(data_dir: PathBuf, dist_dir: PathBuf) -> Self {
        Self {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            data_dir,
            database_url: None,
            dist_dir,
            demo: false,
            device_rate_per_sec: 5.0,
            device_burst: 30.0,
            secure_cookies: false,
            smtp_url: None,
            alert_from: "Kite <kite@localhost>".into(),
            public_url: None,
            alert_webhook: None,
            alert_every: std::time::Duration::from_secs(15),
            schools_file: None,
        }
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
}
