//! The admin's bundle (`dist/admin.html`): tablets, staff accounts, the school profile and the
//! agreements.

fn main() {
    kite_app::mount_in_english(kite_app::adults::AdminApp);
}
