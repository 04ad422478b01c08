//! The adults' bundle (`dist/adults.html`): staff pages, parents' pages and the presenter.

fn main() {
    kite_app::mount(kite_app::adults::App);
}
