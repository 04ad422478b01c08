//! `kite-server`: the school server and its admin commands (see `kite_server::cli`).

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    kite_server::cli::run().await
}
