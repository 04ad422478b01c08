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
        }
    }

    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.bind, self.port)
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("kite.db").display()))
    }
}
