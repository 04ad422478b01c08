//! The adults' bundle (`app/adults.html`): staff pages, parents' pages and the presenter.

fn main() {
    kite_app::i18n::init();
    leptos::mount::mount_to_body(kite_app::adults::App);
}
