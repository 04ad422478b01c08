//! The tablet set-up bundle (`dist/setup.html`): enrolment, the tablet's settings and its outbox.

fn main() {
    kite_app::mount(kite_app::kiosk::SetupApp);
}
