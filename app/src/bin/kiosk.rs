//! The pupil kiosk bundle (`app/index.html`): home, learn, tell, our rules, set-up.

fn main() {
    kite_app::i18n::init();
    leptos::mount::mount_to_body(kite_app::kiosk::App);
}
