//! The picture code's pictures: 24 simple things a five-year-old knows by name, each a different
//! shape and colour with a dark outline, so four of them can be told apart at a glance on a
//! tablet and remembered. The order is fixed: a picture's place in [`PICTURES`] is the number the
//! tablet sends (`kite_protocol::answer`), so new pictures may only be added at the end.

use kite_protocol::answer::{AnswerCode, CODE_LENGTH, PICTURE_COUNT};
use leptos::prelude::*;

use crate::i18n::t;

macro_rules! picture {
    ($body:literal) => {
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" focusable="false">"#,
            $body,
            "</svg>"
        )
    };
}

/// The pictures, in the order their numbers are sent.
pub const PICTURES: [&str; PICTURE_COUNT as usize] = [
    // cat
    picture!(
        r##"<path d="M14 30 12 8l14 12h12l14-12-2 22c4 6 4 14-2 20-10 8-26 8-36 0-6-6-6-14-2-20z" fill="#f0a040" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><circle cx="24" cy="34" r="3" fill="#1f2933"/><circle cx="40" cy="34" r="3" fill="#1f2933"/><path d="m29 42 3 3 3-3M14 42h9m18 0h9" fill="none" stroke="#1f2933" stroke-width="2.5" stroke-linecap="round"/>"##
    ),
    // dog
    picture!(
        r##"<ellipse cx="32" cy="36" rx="18" ry="20" fill="#a0673a" stroke="#1f2933" stroke-width="3"/><path d="M14 22c-8 2-10 16-6 24 4-2 8-10 8-18zM50 22c8 2 10 16 6 24-4-2-8-10-8-18z" fill="#5c3a1e" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><circle cx="25" cy="32" r="3" fill="#1f2933"/><circle cx="39" cy="32" r="3" fill="#1f2933"/><ellipse cx="32" cy="44" rx="5" ry="4" fill="#1f2933"/>"##
    ),
    // fish
    picture!(
        r##"<path d="M6 32c10-14 30-16 42 0-12 16-32 14-42 0z" fill="#2f8fd8" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="m46 32 14-12v24z" fill="#f07a2a" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><circle cx="18" cy="29" r="3" fill="#1f2933"/>"##
    ),
    // bird
    picture!(
        r##"<circle cx="30" cy="36" r="18" fill="#e8d23a" stroke="#1f2933" stroke-width="3"/><path d="m46 30 14 4-14 4z" fill="#f07a2a" stroke="#1f2933" stroke-width="2.5" stroke-linejoin="round"/><path d="M16 38c6 8 14 8 18 2-6-2-12-4-18-2z" fill="#c9b020" stroke="#1f2933" stroke-width="2.5"/><circle cx="38" cy="30" r="3" fill="#1f2933"/>"##
    ),
    // bus
    picture!(
        r##"<rect x="6" y="12" width="52" height="36" rx="6" fill="#f2c12e" stroke="#1f2933" stroke-width="3"/><rect x="11" y="18" width="12" height="11" fill="#bfe3f5" stroke="#1f2933" stroke-width="2"/><rect x="26" y="18" width="12" height="11" fill="#bfe3f5" stroke="#1f2933" stroke-width="2"/><rect x="41" y="18" width="12" height="11" fill="#bfe3f5" stroke="#1f2933" stroke-width="2"/><circle cx="18" cy="50" r="6" fill="#1f2933"/><circle cx="46" cy="50" r="6" fill="#1f2933"/>"##
    ),
    // car
    picture!(
        r##"<path d="M6 44V34l8-2 8-12h20l8 12 8 2v10z" fill="#d93a3a" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M25 23h7v9H19zM36 23h4l6 9H36z" fill="#bfe3f5"/><circle cx="18" cy="46" r="6" fill="#1f2933"/><circle cx="46" cy="46" r="6" fill="#1f2933"/>"##
    ),
    // boat
    picture!(
        r##"<path d="M30 6v34" stroke="#1f2933" stroke-width="3"/><path d="M32 8 52 36H32z" fill="#fff" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M28 14 12 36h16z" fill="#e85d75" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M6 42h52l-8 12H14z" fill="#1f4e8c" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/>"##
    ),
    // rocket
    picture!(
        r##"<path d="M32 4c10 8 12 22 8 38H24c-4-16-2-30 8-38z" fill="#d7dde4" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><circle cx="32" cy="22" r="5" fill="#2f8fd8" stroke="#1f2933" stroke-width="2.5"/><path d="m24 30-10 14h10zM40 30l10 14H40z" fill="#d93a3a" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M26 44c0 8 6 14 6 14s6-6 6-14z" fill="#f2a22e" stroke="#1f2933" stroke-width="2.5"/>"##
    ),
    // star
    picture!(
        r##"<path d="m32 4 8 18 20 2-15 13 4 20-17-10-17 10 4-20L4 24l20-2z" fill="#f5c518" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/>"##
    ),
    // moon
    picture!(
        r##"<rect x="2" y="2" width="60" height="60" rx="10" fill="#1f2f5c"/><path d="M40 8a24 24 0 1 0 16 38A20 20 0 0 1 40 8z" fill="#f3eba0" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/>"##
    ),
    // sun
    picture!(
        r##"<path d="M32 2v10M32 52v10M2 32h10M52 32h10M11 11l7 7M46 46l7 7M53 11l-7 7M18 46l-7 7" stroke="#f08a1c" stroke-width="4" stroke-linecap="round"/><circle cx="32" cy="32" r="14" fill="#ffd23a" stroke="#1f2933" stroke-width="3"/>"##
    ),
    // cloud
    picture!(
        r##"<path d="M16 48a10 10 0 0 1-2-20 14 14 0 0 1 26-8 11 11 0 0 1 12 14 8 8 0 0 1-2 14z" fill="#eef3f8" stroke="#5a7aa0" stroke-width="3" stroke-linejoin="round"/>"##
    ),
    // apple
    picture!(
        r##"<path d="M32 18c-8-6-24-4-24 14 0 14 10 26 18 26 3 0 4-2 6-2s3 2 6 2c8 0 18-12 18-26 0-18-16-20-24-14z" fill="#d93a3a" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M32 18c0-6 2-10 4-12" fill="none" stroke="#5c3a1e" stroke-width="3" stroke-linecap="round"/><path d="M36 12c4-6 12-6 14-4-4 6-10 6-14 4z" fill="#3c9a4c" stroke="#1f2933" stroke-width="2"/>"##
    ),
    // banana
    picture!(
        r##"<path d="M10 20c4 22 24 34 46 24-4 10-20 16-32 10C12 48 4 34 10 20z" fill="#f7dc4a" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M10 20 8 14" stroke="#5c3a1e" stroke-width="4" stroke-linecap="round"/>"##
    ),
    // tree
    picture!(
        r##"<rect x="27" y="40" width="10" height="20" fill="#8a5a2e" stroke="#1f2933" stroke-width="3"/><circle cx="32" cy="24" r="20" fill="#3c9a4c" stroke="#1f2933" stroke-width="3"/>"##
    ),
    // flower
    picture!(
        r##"<path d="M32 36v24" stroke="#3c9a4c" stroke-width="4"/><path d="M32 52c-8-2-12-8-12-12 6 0 10 4 12 12z" fill="#3c9a4c"/><circle cx="32" cy="12" r="8" fill="#f06ab0" stroke="#1f2933" stroke-width="2.5"/><circle cx="20" cy="22" r="8" fill="#f06ab0" stroke="#1f2933" stroke-width="2.5"/><circle cx="44" cy="22" r="8" fill="#f06ab0" stroke="#1f2933" stroke-width="2.5"/><circle cx="24" cy="34" r="8" fill="#f06ab0" stroke="#1f2933" stroke-width="2.5"/><circle cx="40" cy="34" r="8" fill="#f06ab0" stroke="#1f2933" stroke-width="2.5"/><circle cx="32" cy="24" r="7" fill="#ffd23a" stroke="#1f2933" stroke-width="2.5"/>"##
    ),
    // house
    picture!(
        r##"<path d="M12 30v28h40V30" fill="#f4e1c1" stroke="#1f2933" stroke-width="3"/><path d="M4 32 32 8l28 24z" fill="#b5432f" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><rect x="27" y="42" width="10" height="16" fill="#5c3a1e"/><rect x="16" y="36" width="8" height="8" fill="#bfe3f5" stroke="#1f2933" stroke-width="2"/><rect x="40" y="36" width="8" height="8" fill="#bfe3f5" stroke="#1f2933" stroke-width="2"/>"##
    ),
    // ball
    picture!(
        r##"<circle cx="32" cy="32" r="26" fill="#fff" stroke="#1f2933" stroke-width="3"/><path d="M32 6a26 26 0 0 1 0 52z" fill="#2f8fd8"/><path d="M6 32h52" stroke="#e8d23a" stroke-width="6"/><circle cx="32" cy="32" r="26" fill="none" stroke="#1f2933" stroke-width="3"/>"##
    ),
    // heart
    picture!(
        r##"<path d="M32 56S6 40 6 22a13 13 0 0 1 26-4 13 13 0 0 1 26 4c0 18-26 34-26 34z" fill="#c2185b" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/>"##
    ),
    // umbrella
    picture!(
        r##"<path d="M4 32a28 26 0 0 1 56 0c-4-4-10-4-14 0-4-4-10-4-14 0-4-4-10-4-14 0-4-4-10-4-14 0z" fill="#7b3fb5" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M32 32v20a6 6 0 0 1-12 0" fill="none" stroke="#1f2933" stroke-width="4" stroke-linecap="round"/>"##
    ),
    // key
    picture!(
        r##"<circle cx="18" cy="32" r="12" fill="#d9a520" stroke="#1f2933" stroke-width="3"/><circle cx="18" cy="32" r="4" fill="#fff" stroke="#1f2933" stroke-width="2"/><path d="M30 29h28v6h-4v8h-6v-8h-4v6h-6v-6h-8z" fill="#d9a520" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/>"##
    ),
    // cup
    picture!(
        r##"<path d="M10 18h36v22a14 14 0 0 1-14 14h-8a14 14 0 0 1-14-14z" fill="#1c9a8e" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M46 24h4a8 8 0 0 1 0 16h-5" fill="none" stroke="#1f2933" stroke-width="4"/><path d="M22 6c-3 4 3 6 0 10M32 6c-3 4 3 6 0 10" fill="none" stroke="#8a9aaa" stroke-width="2.5" stroke-linecap="round"/>"##
    ),
    // hat
    picture!(
        r##"<path d="M18 10h28v34H18z" fill="#2b2b33" stroke="#1f2933" stroke-width="3"/><path d="M18 34h28v6H18z" fill="#d93a3a"/><ellipse cx="32" cy="46" rx="28" ry="7" fill="#2b2b33" stroke="#1f2933" stroke-width="3"/>"##
    ),
    // balloon
    picture!(
        r##"<ellipse cx="32" cy="24" rx="18" ry="21" fill="#7ccf5a" stroke="#1f2933" stroke-width="3"/><path d="m28 45 4 4 4-4z" fill="#7ccf5a" stroke="#1f2933" stroke-width="2"/><path d="M32 49c-6 4 6 8 0 14" fill="none" stroke="#1f2933" stroke-width="2.5" stroke-linecap="round"/><path d="M24 14c2-4 6-6 8-6" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round"/>"##
    ),
];

/// A picture's name, in the tablet's language: shown under it and read aloud.
pub fn picture_name(picture: u8) -> &'static str {
    match picture {
        0 => t("cat"),
        1 => t("dog"),
        2 => t("fish"),
        3 => t("bird"),
        4 => t("bus"),
        5 => t("car"),
        6 => t("boat"),
        7 => t("rocket"),
        8 => t("star"),
        9 => t("moon"),
        10 => t("sun"),
        11 => t("cloud"),
        12 => t("apple"),
        13 => t("banana"),
        14 => t("tree"),
        15 => t("flower"),
        16 => t("house"),
        17 => t("ball"),
        18 => t("heart"),
        19 => t("umbrella"),
        20 => t("key"),
        21 => t("cup"),
        22 => t("hat"),
        _ => t("balloon"),
    }
}

/// The four names in order, for reading aloud: "cat, bus, star, apple".
pub fn spoken_code(code: &AnswerCode) -> String {
    code.0
        .iter()
        .map(|p| picture_name(*p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Four pictures drawn at random with the browser's cryptographic generator. Bytes from 240 up
/// are skipped, so each picture is equally likely.
pub fn random_code() -> AnswerCode {
    let mut code = [0u8; CODE_LENGTH];
    let mut filled = 0;
    while filled < CODE_LENGTH {
        let mut bytes = [0u8; 16];
        getrandom::getrandom(&mut bytes).expect("the browser provides crypto.getRandomValues");
        for byte in bytes {
            if filled < CODE_LENGTH && byte < 240 {
                code[filled] = byte % PICTURE_COUNT;
                filled += 1;
            }
        }
    }
    AnswerCode(code)
}

/// One picture, big, with its name under it.
#[component]
pub fn PictureTile(picture: u8) -> impl IntoView {
    view! {
        <span class="picture-tile" data-picture=picture.to_string()>
            <span class="picture" aria-hidden="true" inner_html=PICTURES[picture as usize % PICTURES.len()]></span>
            <span class="picture-name">{picture_name(picture)}</span>
        </span>
    }
}

/// A child's four pictures in a row, in order.
#[component]
pub fn PictureCode(code: AnswerCode) -> impl IntoView {
    view! {
        <ol class="picture-code" data-testid="picture-code">
            {code.0.iter().map(|p| view! { <li><PictureTile picture=*p/></li> }).collect_view()}
        </ol>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_picture_has_its_own_name_and_drawing() {
        let names: std::collections::BTreeSet<_> = (0..PICTURE_COUNT).map(picture_name).collect();
        assert_eq!(names.len(), PICTURE_COUNT as usize);
        let drawings: std::collections::BTreeSet<_> = PICTURES.iter().collect();
        assert_eq!(drawings.len(), PICTURES.len());
    }

    #[test]
    fn random_codes_use_every_picture_and_only_real_ones() {
        let mut seen = [false; PICTURE_COUNT as usize];
        for _ in 0..500 {
            let code = random_code();
            assert!(code.validate().is_ok());
            for p in code.0 {
                seen[p as usize] = true;
            }
        }
        assert!(seen.iter().all(|s| *s), "{seen:?}");
        assert_eq!(
            spoken_code(&AnswerCode([0, 4, 8, 12])),
            "cat, bus, star, apple"
        );
    }
}
