//! `kite-server serve`: the app and /api/v1, until Ctrl-C or SIGTERM.

use super::first_run;
use crate::config::Config;
use crate::startup::{shutdown_signal, Application};

pub async fn run(mut config: Config) -> anyhow::Result<()> {
    // A rate above the default burst would otherwise refuse a tablet's second request.
    config.device_burst = config.device_burst.max(config.device_rate_per_sec);
    let app = Application::build(&config).await?;
    let shutdown = shutdown_signal();
    let port = app.port();
    let scheme = if app.is_https() { "https" } else { "http" };
    let url = format!("{scheme}://{}:{port}", config.bind);
    if let Some(d) = &app.directory {
        println!("Kite is running at {url}/ for several schools, each at its own host name:");
        for s in &d.schools {
            let paused = if s.suspended { " (paused)" } else { "" };
            println!("  {}: {scheme}://{}:{port}/{paused}", s.name, s.hosts[0]);
        }
        if let Some(t) = &d.trust {
            println!(
                "  {} (trust): {scheme}://{}:{port}/staff",
                t.name, t.hosts[0]
            );
        }
        println!("  any other host name gets 404");
    } else {
        // Listening on 0.0.0.0:443 says nothing to whoever types the address into a tablet:
        // with a public address, that is the one listed.
        match first_run::public_address(&config) {
            Some(public) => {
                println!("Kite is running at {url}/ (its address: {public}/)");
                print!("{}", first_run::addresses(&public, "  "));
            }
            None => {
                println!("Kite is running at {url}/");
                print!("{}", first_run::addresses(&url, "  "));
            }
        }
    }
    if !config.acme_domains.is_empty() && config.tls_cert.is_none() {
        println!(
            "The HTTPS certificate for {} is issued automatically by {} and kept in {}.",
            config.acme_domains.join(", "),
            config.acme_directory,
            config.data_dir.join("acme").display()
        );
    }
    if let Some(plain) = app.redirect_port() {
        println!("Plain http on port {plain} sends browsers to HTTPS.");
    }
    println!("Stop the server with Ctrl-C.");
    app.run_until(shutdown).await
}
