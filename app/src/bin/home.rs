//! The pupil home bundle (`dist/index.html`): home and tell. See `kite_protocol::app_routes`.

fn main() {
    kite_app::mount(kite_app::kiosk::HomeApp);
}
