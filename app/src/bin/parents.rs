//! The parents' bundle (`dist/parents.html`): the parents' page, on a parent's phone.

fn main() {
    kite_app::mount_in_english(kite_app::adults::ParentsApp);
}
