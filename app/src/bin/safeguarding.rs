//! The safeguarding bundle (`dist/safeguarding.html`): each child's record, for the DSL.

fn main() {
    kite_app::mount_in_english(kite_app::adults::SafeguardingApp);
}
