//! The oversight bundle (`dist/oversight.html`): the governors' report and the trust overview.

fn main() {
    kite_app::mount_in_english(kite_app::adults::OversightApp);
}
