//! The presenter bundle (`dist/present.html`): a lesson on the whiteboard.

fn main() {
    kite_app::mount_in_english(kite_app::adults::PresentApp);
}
