//! The pupil "our rules" bundle (`dist/aup.html`): the Acceptable Use flow.

fn main() {
    kite_app::mount(kite_app::kiosk::AupApp);
}
