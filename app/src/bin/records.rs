//! The school's records bundle (`dist/records.html`): classes, registers and parents' letters.

fn main() {
    kite_app::mount_in_english(kite_app::adults::RecordsApp);
}
