//! The parents' bundle (`dist/parents.html`): the parents' page, on a parent's phone.

fn main() {
    kite_app::mount(kite_app::adults::ParentsApp);
}
