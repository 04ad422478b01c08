//! The pictures beside each AUP statement (Kite's own icons), and a pupil's symbol card.

use crate::components::icons;

/// The icon for a statement's picture name (see `kite_protocol::agreement::STATEMENT_PICTURES`).
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

/// (colour class, words) for a `colour-animal` symbol, e.g. ("symbol-blue", "Blue fox").
pub fn symbol_parts(symbol: &str) -> (String, String) {
    let (colour, animal) = symbol.split_once('-').unwrap_or(("blue", symbol));
    let mut words = format!("{colour} {animal}");
    if let Some(first) = words.get(0..1) {
        words = first.to_uppercase() + &words[1..];
    }
    (format!("symbol symbol-{colour}"), words)
}
