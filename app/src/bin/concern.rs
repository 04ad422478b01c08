//! The concern bundle (`dist/concern.html`): the form any adult in school logs a concern with.

fn main() {
    kite_app::mount_in_english(kite_app::adults::ConcernApp);
}
