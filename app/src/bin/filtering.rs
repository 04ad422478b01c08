//! The filtering and monitoring bundle (`dist/filtering.html`): asking for a change to the
//! filter, its logs and the yearly review.

fn main() {
    kite_app::mount_in_english(kite_app::adults::FilteringApp);
}
