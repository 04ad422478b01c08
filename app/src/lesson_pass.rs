//! The before-lessons check's pass. When a school asks pupils to have signed our rules before
//! lessons, `/learn` sends the pupil to `/aup?next=learn` ("who is learning today?"), and our
//! rules sends them back with a pass naming their class's band. The two are separate bundles
//! (a full page load apart), so the pass is kept in the tab's sessionStorage, not in memory.
//!
//! It lasts while the pupil is in their lessons: the pupil home ends it (the next child starts
//! there), and so does time, so a pass left on a tablet at break never lets another child past.

use kite_protocol::Band;

/// Where `/learn` sends a pupil who has no pass.
pub const GATE_URL: &str = "/aup?next=learn";
/// The query value that turns our rules into the before-lessons check.
pub const NEXT_LEARN: &str = "learn";

const KEY: &str = "kite.lesson-pass";
/// Long enough for a lesson or two, short enough that the next class is asked again.
const LASTS_MS: u64 = 30 * 60 * 1000;

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Our rules let this pupil through: their class's band, for the lessons to show.
pub fn grant(band: Band) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &format!("{} {}", band.as_str(), now_ms()));
    }
}

/// The band of the pupil whose pass this tab holds, if it hasn't run out.
pub fn current() -> Option<Band> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    let (band, granted) = text.split_once(' ')?;
    let age = now_ms().checked_sub(granted.parse::<u64>().ok()?);
    if age.is_none_or(|age| age >= LASTS_MS) {
        end();
        return None;
    }
    Band::parse(band)
}

/// The pupil has gone back to the start: the next one must be asked again.
pub fn end() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}
