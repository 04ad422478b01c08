//! The pupil learn bundle (`dist/learn.html`): the lesson list and the lesson player.

fn main() {
    kite_app::mount(kite_app::kiosk::LearnApp);
}
