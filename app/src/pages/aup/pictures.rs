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
    // The colours are our own ASCII words: Unicode's upper-casing (a few KB of code) isn't needed.
    if let Some(first) = words.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    (format!("symbol symbol-{colour}"), words)
}

macro_rules! animal {
    ($body:literal) => {
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" focusable="false">"#,
            $body,
            "</svg>"
        )
    };
}

// Simple animal faces of our own, drawn in dark ink over the symbol's colour.
const CAT: &str = animal!(
    r##"<path d="M16 26 14 10l12 8h12l12-8-2 16" fill="#fff" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><circle cx="32" cy="36" r="18" fill="#fff" stroke="#1f2933" stroke-width="3"/><circle cx="25" cy="33" r="2.5" fill="#1f2933"/><circle cx="39" cy="33" r="2.5" fill="#1f2933"/><path d="M30 40h4l-2 2zM12 38h10M12 44h10M42 38h10M42 44h10" stroke="#1f2933" stroke-width="2" fill="#1f2933"/>"##
);
const DOG: &str = animal!(
    r##"<circle cx="32" cy="34" r="18" fill="#fff" stroke="#1f2933" stroke-width="3"/><path d="M14 20c-6 4-6 16 0 20l4-14zM50 20c6 4 6 16 0 20l-4-14z" fill="#1f2933"/><circle cx="25" cy="31" r="2.5" fill="#1f2933"/><circle cx="39" cy="31" r="2.5" fill="#1f2933"/><ellipse cx="32" cy="40" rx="4" ry="3" fill="#1f2933"/><path d="M32 43v4" stroke="#1f2933" stroke-width="2"/>"##
);
const FOX: &str = animal!(
    r##"<path d="M12 12 22 28 32 24 42 28 52 12 50 34 32 54 14 34z" fill="#fff" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><circle cx="25" cy="34" r="2.5" fill="#1f2933"/><circle cx="39" cy="34" r="2.5" fill="#1f2933"/><circle cx="32" cy="47" r="3" fill="#1f2933"/>"##
);
const OWL: &str = animal!(
    r##"<path d="M14 14l8 6h20l8-6v26c0 10-8 16-18 16S14 50 14 40z" fill="#fff" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><circle cx="24" cy="30" r="7" fill="#fff" stroke="#1f2933" stroke-width="3"/><circle cx="40" cy="30" r="7" fill="#fff" stroke="#1f2933" stroke-width="3"/><circle cx="24" cy="30" r="3" fill="#1f2933"/><circle cx="40" cy="30" r="3" fill="#1f2933"/><path d="M29 38h6l-3 5z" fill="#1f2933"/>"##
);
const RABBIT: &str = animal!(
    r##"<ellipse cx="24" cy="14" rx="5" ry="12" fill="#fff" stroke="#1f2933" stroke-width="3"/><ellipse cx="40" cy="14" rx="5" ry="12" fill="#fff" stroke="#1f2933" stroke-width="3"/><circle cx="32" cy="40" r="16" fill="#fff" stroke="#1f2933" stroke-width="3"/><circle cx="26" cy="37" r="2.5" fill="#1f2933"/><circle cx="38" cy="37" r="2.5" fill="#1f2933"/><path d="M30 44h4l-2 2z" fill="#1f2933" stroke="#1f2933" stroke-width="2"/>"##
);
const BEAR: &str = animal!(
    r##"<circle cx="16" cy="18" r="7" fill="#fff" stroke="#1f2933" stroke-width="3"/><circle cx="48" cy="18" r="7" fill="#fff" stroke="#1f2933" stroke-width="3"/><circle cx="32" cy="36" r="19" fill="#fff" stroke="#1f2933" stroke-width="3"/><circle cx="25" cy="32" r="2.5" fill="#1f2933"/><circle cx="39" cy="32" r="2.5" fill="#1f2933"/><ellipse cx="32" cy="42" rx="7" ry="5" fill="none" stroke="#1f2933" stroke-width="2"/><circle cx="32" cy="40" r="2" fill="#1f2933"/>"##
);
const FISH: &str = animal!(
    r##"<path d="M8 32c8-14 30-16 40 0-10 16-32 14-40 0z" fill="#fff" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M48 32l10-10v20z" fill="#fff" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><circle cx="20" cy="29" r="2.5" fill="#1f2933"/><path d="M30 24c3 5 3 11 0 16" fill="none" stroke="#1f2933" stroke-width="2"/>"##
);
const FROG: &str = animal!(
    r##"<circle cx="20" cy="20" r="8" fill="#fff" stroke="#1f2933" stroke-width="3"/><circle cx="44" cy="20" r="8" fill="#fff" stroke="#1f2933" stroke-width="3"/><circle cx="20" cy="20" r="3" fill="#1f2933"/><circle cx="44" cy="20" r="3" fill="#1f2933"/><path d="M10 34c0-6 8-8 22-8s22 2 22 8c0 12-10 18-22 18S10 46 10 34z" fill="#fff" stroke="#1f2933" stroke-width="3"/><path d="M20 40c6 5 18 5 24 0" fill="none" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/>"##
);
const BEE: &str = animal!(
    r##"<ellipse cx="22" cy="18" rx="8" ry="6" fill="#fff" stroke="#1f2933" stroke-width="2"/><ellipse cx="42" cy="18" rx="8" ry="6" fill="#fff" stroke="#1f2933" stroke-width="2"/><ellipse cx="32" cy="38" rx="16" ry="14" fill="#fff" stroke="#1f2933" stroke-width="3"/><path d="M18 34h28M17 42h30" stroke="#1f2933" stroke-width="4"/><circle cx="27" cy="28" r="2" fill="#1f2933"/><circle cx="37" cy="28" r="2" fill="#1f2933"/>"##
);
const DUCK: &str = animal!(
    r##"<circle cx="30" cy="30" r="18" fill="#fff" stroke="#1f2933" stroke-width="3"/><path d="M40 34h16c0 6-6 8-16 6z" fill="#1f2933"/><circle cx="34" cy="25" r="3" fill="#1f2933"/><path d="M14 50c8 6 24 6 32 0" fill="none" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/>"##
);
const HEDGEHOG: &str = animal!(
    r##"<path d="M8 44 12 30 8 26l8-2-2-8 8 3 2-9 6 7 6-7 2 9 8-3-2 8 8 2-4 4 4 14z" fill="#1f2933"/><path d="M22 44c0-8 6-14 14-14 10 0 16 6 20 14z" fill="#fff" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><circle cx="42" cy="38" r="2.5" fill="#1f2933"/><circle cx="56" cy="43" r="2.5" fill="#1f2933"/>"##
);
const TORTOISE: &str = animal!(
    r##"<path d="M10 42c0-14 10-22 22-22s22 8 22 22z" fill="#fff" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M22 42l4-12h12l4 12M26 30l6-8 6 8" fill="none" stroke="#1f2933" stroke-width="2"/><circle cx="56" cy="38" r="6" fill="#fff" stroke="#1f2933" stroke-width="3"/><circle cx="57" cy="37" r="1.5" fill="#1f2933"/><path d="M16 42v8M44 42v8" stroke="#1f2933" stroke-width="4" stroke-linecap="round"/>"##
);

/// The picture for a symbol's animal (see `kite_protocol::classes::SYMBOL_ANIMALS`).
pub fn animal_svg(symbol: &str) -> &'static str {
    match symbol.split_once('-').map(|(_, a)| a).unwrap_or(symbol) {
        "cat" => CAT,
        "dog" => DOG,
        "fox" => FOX,
        "owl" => OWL,
        "rabbit" => RABBIT,
        "bear" => BEAR,
        "fish" => FISH,
        "frog" => FROG,
        "bee" => BEE,
        "duck" => DUCK,
        "hedgehog" => HEDGEHOG,
        "tortoise" => TORTOISE,
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::symbol_parts;

    #[test]
    fn a_symbol_is_its_colour_class_and_its_words_with_a_capital() {
        assert_eq!(
            symbol_parts("blue-fox"),
            ("symbol symbol-blue".to_string(), "Blue fox".to_string())
        );
        assert_eq!(
            symbol_parts("green-owl"),
            ("symbol symbol-green".to_string(), "Green owl".to_string())
        );
    }
}
