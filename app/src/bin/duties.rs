//! The school's duties bundle (`dist/duties.html`): filtering and monitoring (asking for a
//! change to the filter, its logs and the yearly review) and the training register.

fn main() {
    kite_app::mount_in_english(kite_app::adults::DutiesApp);
}
