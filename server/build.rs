//! `sqlx::migrate!` embeds the migrations at compile time; without this, adding a migration file
//! doesn't rebuild the server and the new file is silently missing from the binary.
fn main() {
    println!("cargo::rerun-if-changed=migrations");
}
