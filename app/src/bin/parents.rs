//! The parents' bundle (`dist/parents.html`): the parents' page, on a parent's phone, in the language the parent chose.

fn main() {
    kite_app::mount_for_parents(kite_app::adults::ParentsApp);
}
