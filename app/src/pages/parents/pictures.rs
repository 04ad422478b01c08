//! The picture beside each statement of the pupil AUP, so a parent sees what their child sees.
//!
//! Merge note: the kiosk's `/aup` (the pupils' side of issue 6) has the same mapping in
//! `pages/aup/pictures.rs`; once both are on main, this file should go and the parents' page
//! use that one (the names are `kite_protocol::agreement::STATEMENT_PICTURES`).

use crate::components::icons;

pub fn statement_icon(name: &str) -> &'static str {
    match name {
        "ask_adult" => icons::ANY_ADULT,
        "tell_adult" => icons::TELL,
        "kind_words" => icons::FACE_OK,
        "private" => icons::NAME_TAG,
        "password" => icons::SHIELD,
        "download" => icons::WEBSITE,
        "messages" => icons::MESSAGES,
        "screen_off" => icons::EXIT,
        "school_device" => icons::SCHOOL_DEVICE,
        "stop_think" => icons::STRANGER,
        _ => icons::RULES,
    }
}
