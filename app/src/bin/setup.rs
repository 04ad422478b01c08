//! The tablet set-up bundle (`dist/setup.html`): enrolment, the tablet's settings and its outbox;
//! and the visitor's page (`/aup/visitor`), the other adults' page on a tablet.

fn main() {
    kite_app::mount(kite_app::kiosk::SetupApp);
}
