//! Kite's own pictures: small inline SVGs drawn with presentation attributes only (the CSP allows
//! no inline styles). Each is always shown beside a text label; a picture never carries meaning
//! on its own. Rendered by [`Icon`], hidden from screen readers because the label says it all.

use leptos::prelude::*;

#[component]
pub fn Icon(svg: &'static str) -> impl IntoView {
    view! { <span class="icon" aria-hidden="true" inner_html=svg></span> }
}

/// The tick on a chosen answer or setting (shown by CSS only when its button is pressed), so a
/// choice is never shown by colour alone. Hidden from screen readers: `aria-pressed` says it.
#[component]
pub fn ChosenTick() -> impl IntoView {
    view! { <span class="chosen-tick"><Icon svg=TICK/></span> }
}

macro_rules! svg {
    ($($body:expr),+) => {
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" focusable="false">"#,
            $($body,)+
            "</svg>"
        )
    };
}

// A face, shared by the feelings; only the mouth and brows change.
macro_rules! face {
    ($fill:literal, $features:literal) => {
        svg!(
            r##"<circle cx="32" cy="32" r="28" fill=""##, $fill, r##"" stroke="#1f2933" stroke-width="3"/><circle cx="23" cy="27" r="3.5" fill="#1f2933"/><circle cx="41" cy="27" r="3.5" fill="#1f2933"/>"##,
            $features
        )
    };
}

pub const KITE: &str = svg!(
    r##"<path d="M32 4 54 26 32 48 10 26Z" fill="#2f6fb3"/><path d="M32 4v44M10 26h44" stroke="#fff" stroke-width="3"/><path d="M32 48c-3 6 5 8 2 13" fill="none" stroke="#e39b2d" stroke-width="3" stroke-linecap="round"/>"##
);
pub const TELL: &str = svg!(
    r##"<circle cx="32" cy="32" r="30" fill="#fff"/><path d="M14 18h36a4 4 0 0 1 4 4v18a4 4 0 0 1-4 4H30l-10 9v-9h-6a4 4 0 0 1-4-4V22a4 4 0 0 1 4-4z" fill="#5b3aa6"/><path d="M32 38s-9-5-9-11a5 5 0 0 1 9-2 5 5 0 0 1 9 2c0 6-9 11-9 11z" fill="#fff"/>"##
);
pub const LEARN: &str = svg!(
    r##"<path d="M6 14c9-3 18-2 26 4v38c-8-6-17-7-26-4z" fill="#7fb3e0" stroke="#1f5f9e" stroke-width="3" stroke-linejoin="round"/><path d="M58 14c-9-3-18-2-26 4v38c8-6 17-7 26-4z" fill="#bfe0c9" stroke="#2f7d5b" stroke-width="3" stroke-linejoin="round"/>"##
);
pub const RULES: &str = svg!(
    r##"<rect x="12" y="6" width="40" height="52" rx="6" fill="#fff3d6" stroke="#c28a1c" stroke-width="3"/><path d="m19 22 4 4 7-8M19 36l4 4 7-8M19 50l4 4 7-8" fill="none" stroke="#2f7d5b" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/><path d="M35 23h11M35 37h11M35 51h11" stroke="#4a5563" stroke-width="3" stroke-linecap="round"/>"##
);
pub const SPEAKER: &str = svg!(
    r##"<path d="M10 24h10l14-12v40L20 40H10z" fill="#1f5f9e"/><path d="M42 22c4 6 4 14 0 20M48 16c8 9 8 23 0 32" fill="none" stroke="#1f5f9e" stroke-width="4" stroke-linecap="round"/>"##
);
pub const EXIT: &str = svg!(
    r##"<rect x="10" y="6" width="28" height="52" rx="3" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><circle cx="31" cy="33" r="2.5" fill="#1f2933"/><path d="M44 32h14m-6-6 6 6-6 6" fill="none" stroke="#1f2933" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>"##
);
pub const BACK: &str = svg!(
    r##"<path d="M40 14 22 32l18 18" fill="none" stroke="#1f5f9e" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>"##
);
pub const HOME: &str = svg!(
    r##"<path d="M8 30 32 10l24 20" fill="none" stroke="#1f2933" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/><path d="M15 27v27h34V27" fill="#fff3d6" stroke="#1f2933" stroke-width="3"/><rect x="27" y="38" width="10" height="16" fill="#7fb3e0"/>"##
);
pub const UNKIND: &str = svg!(
    r##"<path d="M8 10h34a4 4 0 0 1 4 4v16a4 4 0 0 1-4 4H22l-8 7v-7H8a4 4 0 0 1-4-4V14a4 4 0 0 1 4-4z" fill="#ebe4f8" stroke="#5b3aa6" stroke-width="3"/><path d="m16 18 5 5m0-5-5 5m12-5 5 5m0-5-5 5" stroke="#5b3aa6" stroke-width="2.5" stroke-linecap="round"/><circle cx="46" cy="46" r="14" fill="#fff3d6" stroke="#1f2933" stroke-width="2.5"/><circle cx="41" cy="44" r="2" fill="#1f2933"/><circle cx="51" cy="44" r="2" fill="#1f2933"/><path d="M40 53c3-3 9-3 12 0" fill="none" stroke="#1f2933" stroke-width="2.5" stroke-linecap="round"/>"##
);
pub const UPSET: &str = svg!(
    r##"<rect x="6" y="10" width="52" height="36" rx="5" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><path d="M24 56h16M32 46v10" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/><circle cx="32" cy="28" r="10" fill="#fff" stroke="#5b3aa6" stroke-width="3"/><text x="32" y="33" font-size="14" text-anchor="middle" fill="#5b3aa6" font-weight="700">!</text>"##
);
pub const STRANGER: &str = svg!(
    r##"<circle cx="24" cy="20" r="10" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><path d="M8 56c0-12 7-20 16-20s16 8 16 20" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><circle cx="48" cy="18" r="12" fill="#fff3d6" stroke="#c28a1c" stroke-width="3"/><text x="48" y="24" font-size="17" text-anchor="middle" fill="#1f2933" font-weight="700">?</text>"##
);
pub const CAMERA: &str = svg!(
    r##"<rect x="6" y="18" width="52" height="36" rx="6" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><path d="M22 18l4-8h12l4 8" fill="#dbe8f5" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><circle cx="32" cy="36" r="10" fill="#fff" stroke="#1f5f9e" stroke-width="3"/>"##
);
// Two people, a big one and a small one, going to a door: someone wants to meet.
pub const MEET: &str = svg!(
    r##"<rect x="40" y="8" width="20" height="50" rx="2" fill="#c98d5a" stroke="#1f2933" stroke-width="3"/><circle cx="45" cy="35" r="2.5" fill="#1f2933"/><circle cx="14" cy="16" r="7" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><path d="M4 58c0-20 4-30 10-30s10 10 10 30" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><circle cx="31" cy="34" r="5" fill="#fff3d6" stroke="#1f2933" stroke-width="3"/><path d="M24 58c0-10 3-16 7-16s7 6 7 16" fill="#fff3d6" stroke="#1f2933" stroke-width="3"/>"##
);
pub const SCHOOL_DEVICE: &str = svg!(
    r##"<rect x="10" y="6" width="44" height="52" rx="6" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><rect x="16" y="12" width="32" height="36" rx="2" fill="#fff"/><circle cx="32" cy="53" r="2" fill="#1f2933"/><path d="M32 18l10 4v7c0 6-4 10-10 12-6-2-10-6-10-12v-7z" fill="#bfe0c9" stroke="#2f7d5b" stroke-width="2.5"/>"##
);
// A worried child with a hand up high, calling for help: not safe right now.
pub const HELP_NOW: &str = svg!(
    r##"<circle cx="24" cy="24" r="11" fill="#fff3d6" stroke="#1f2933" stroke-width="3"/><circle cx="20" cy="23" r="2" fill="#1f2933"/><circle cx="28" cy="23" r="2" fill="#1f2933"/><path d="M16 18l5-2M32 18l-5-2M19 30c2-2 3 1 5 0s3-1 5 0" fill="none" stroke="#1f2933" stroke-width="2.5" stroke-linecap="round"/><path d="M8 62c0-16 7-25 16-25s16 9 16 25" fill="#7fb3e0" stroke="#1f2933" stroke-width="3"/><path d="M36 43 50 17" stroke="#1f2933" stroke-width="8" stroke-linecap="round"/><path d="M36 43 50 17" stroke="#7fb3e0" stroke-width="3" stroke-linecap="round"/><circle cx="51" cy="12" r="6" fill="#fff3d6" stroke="#1f2933" stroke-width="3"/><path d="M58 3l3-3M61 13h3M42 4l-2-3" stroke="#c2410c" stroke-width="3" stroke-linecap="round"/>"##
);
pub const SOMETHING_ELSE: &str = svg!(
    r##"<circle cx="32" cy="32" r="27" fill="#fff3d6" stroke="#c28a1c" stroke-width="3"/><circle cx="20" cy="32" r="4" fill="#1f2933"/><circle cx="32" cy="32" r="4" fill="#1f2933"/><circle cx="44" cy="32" r="4" fill="#1f2933"/>"##
);
pub const GAME: &str = svg!(
    r##"<path d="M18 20h28c8 0 12 8 12 18 0 8-6 12-12 6l-5-5H23l-5 5c-6 6-12 2-12-6 0-10 4-18 12-18z" fill="#dbe8f5" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M20 26v10m-5-5h10" stroke="#1f5f9e" stroke-width="3.5" stroke-linecap="round"/><circle cx="43" cy="28" r="3" fill="#2f7d5b"/><circle cx="49" cy="34" r="3" fill="#c28a1c"/>"##
);
pub const VIDEO: &str = svg!(
    r##"<rect x="6" y="12" width="52" height="40" rx="8" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><path d="M27 22v20l16-10z" fill="#1f5f9e"/>"##
);
pub const MESSAGES: &str = svg!(
    r##"<path d="M6 10h32a4 4 0 0 1 4 4v14a4 4 0 0 1-4 4H18l-7 6v-6H6a4 4 0 0 1-4-4V14a4 4 0 0 1 4-4z" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><path d="M58 28H30a4 4 0 0 0-4 4v12a4 4 0 0 0 4 4h16l7 6v-6h5a4 4 0 0 0 4-4V32a4 4 0 0 0-4-4z" fill="#bfe0c9" stroke="#1f2933" stroke-width="3"/>"##
);
pub const WEBSITE: &str = svg!(
    r##"<circle cx="32" cy="32" r="26" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><path d="M6 32h52M32 6c-9 9-9 43 0 52M32 6c9 9 9 43 0 52M10 20h44M10 44h44" fill="none" stroke="#1f5f9e" stroke-width="2.5"/>"##
);
pub const ANY_ADULT: &str = svg!(
    r##"<circle cx="32" cy="18" r="11" fill="#fff3d6" stroke="#1f2933" stroke-width="3"/><path d="M12 58c0-14 9-24 20-24s20 10 20 24" fill="#bfe0c9" stroke="#1f2933" stroke-width="3"/>"##
);
// A face with a finger on its lips: shh, don't say my name.
pub const ANONYMOUS: &str = svg!(
    r##"<circle cx="32" cy="32" r="26" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><circle cx="23" cy="26" r="3" fill="#1f2933"/><circle cx="41" cy="26" r="3" fill="#1f2933"/><path d="M22 44h20" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/><rect x="28" y="34" width="8" height="28" rx="4" fill="#c98d5a" stroke="#1f2933" stroke-width="2.5"/>"##
);
pub const NAME_TAG: &str = svg!(
    r##"<rect x="6" y="16" width="52" height="34" rx="6" fill="#fff3d6" stroke="#c28a1c" stroke-width="3"/><path d="M14 28h24M14 38h16" stroke="#1f2933" stroke-width="3.5" stroke-linecap="round"/><circle cx="47" cy="33" r="6" fill="#7fb3e0"/>"##
);
// A paper plane flying off: send.
pub const SEND: &str = svg!(
    r##"<path d="M4 30 60 6 46 56 30 40z" fill="#fff" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M60 6 30 40v16l8-10" fill="#dbe8f5" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/>"##
);
pub const PENCIL: &str = svg!(
    r##"<path d="M12 52l4-14 28-28 10 10-28 28z" fill="#fff3d6" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/><path d="M38 16l10 10" stroke="#1f2933" stroke-width="3"/>"##
);
pub const THANKS: &str = svg!(
    r##"<circle cx="32" cy="32" r="28" fill="#e2f2ea" stroke="#2f7d5b" stroke-width="3"/><path d="M32 48s-15-8-15-18a8 8 0 0 1 15-4 8 8 0 0 1 15 4c0 10-15 18-15 18z" fill="#2f7d5b"/>"##
);
pub const FACE_SAD: &str = face!(
    "#dbe8f5",
    r##"<path d="M21 47c6-7 16-7 22 0" fill="none" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/>"##
);
pub const FACE_WORRIED: &str = face!(
    "#fff3d6",
    r##"<path d="M17 19l9 3M47 19l-9 3" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/><path d="M22 45c4-3 6 3 10 0s6 3 10 0" fill="none" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/>"##
);
pub const FACE_SCARED: &str = face!(
    "#ebe4f8",
    r##"<ellipse cx="32" cy="45" rx="6" ry="7" fill="#1f2933"/>"##
);
pub const FACE_CROSS: &str = face!(
    "#fde2c8",
    r##"<path d="M16 19l10 4M48 19l-10 4" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/><path d="M22 46h20" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/>"##
);
pub const FACE_MIXED: &str = face!(
    "#e2f2ea",
    r##"<path d="M21 44c4 4 7-4 11 0s7-4 11 0" fill="none" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/><text x="50" y="16" font-size="14" fill="#1f2933" font-weight="700">?</text>"##
);
pub const FACE_OK: &str = face!(
    "#e2f2ea",
    r##"<path d="M21 41c6 7 16 7 22 0" fill="none" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/>"##
);
// The faces of a survey's scale, saddest first (with `FACE_SAD` and `FACE_OK`).
pub const FACE_VERY_SAD: &str = face!(
    "#dbe8f5",
    r##"<path d="M17 21l9-3M47 21l-9-3" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/><path d="M20 49c7-10 17-10 24 0" fill="none" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/><path d="M45 33c-2 4-2 7 0 8 2-1 2-4 0-8z" fill="#2f6fb3"/>"##
);
pub const FACE_NOT_SURE: &str = face!(
    "#f4f4f0",
    r##"<path d="M22 44h20" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/>"##
);
pub const FACE_VERY_HAPPY: &str = face!(
    "#d3f0df",
    r##"<path d="M18 38h28c0 9-6 14-14 14s-14-5-14-14z" fill="#1f2933"/><path d="M24 47c4 3 12 3 16 0" fill="none" stroke="#e98a8a" stroke-width="3" stroke-linecap="round"/>"##
);
pub const TABLET: &str = svg!(
    r##"<rect x="10" y="6" width="44" height="52" rx="6" fill="#dbe8f5" stroke="#1f2933" stroke-width="3"/><rect x="16" y="12" width="32" height="36" rx="2" fill="#fff"/><circle cx="32" cy="53" r="2" fill="#1f2933"/>"##
);
pub const WHITEBOARD: &str = svg!(
    r##"<rect x="4" y="8" width="56" height="38" rx="4" fill="#fff" stroke="#1f2933" stroke-width="3"/><path d="M12 18h24M12 26h32M12 34h18" stroke="#1f5f9e" stroke-width="3" stroke-linecap="round"/><path d="M22 46l-6 12M42 46l6 12" stroke="#1f2933" stroke-width="3" stroke-linecap="round"/>"##
);
pub const FAMILY: &str = svg!(
    r##"<circle cx="22" cy="18" r="9" fill="#fff3d6" stroke="#1f2933" stroke-width="3"/><path d="M6 56c0-13 7-22 16-22s16 9 16 22" fill="#7fb3e0" stroke="#1f2933" stroke-width="3"/><circle cx="46" cy="30" r="7" fill="#fff3d6" stroke="#1f2933" stroke-width="3"/><path d="M34 58c0-10 5-16 12-16s12 6 12 16" fill="#bfe0c9" stroke="#1f2933" stroke-width="3"/>"##
);
pub const SHIELD: &str = svg!(
    r##"<path d="M32 6l22 8v16c0 14-9 24-22 28C19 54 10 44 10 30V14z" fill="#bfe0c9" stroke="#2f7d5b" stroke-width="3"/><path d="m22 32 7 7 13-14" fill="none" stroke="#1f2933" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>"##
);

// Display settings: each beside its words.
pub const TICK: &str = svg!(
    r##"<path d="M14 34l12 12 24-26" fill="none" stroke="currentColor" stroke-width="7" stroke-linecap="round" stroke-linejoin="round"/>"##
);
pub const TEXT_SIZE: &str = svg!(
    r##"<path d="M6 52L18 20l12 32M10 42h16" fill="none" stroke="#1f5f9e" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/><path d="M30 54L44 10l14 44M35 40h18" fill="none" stroke="#1f2933" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>"##
);
pub const LETTERS: &str = svg!(
    r##"<rect x="6" y="10" width="52" height="44" rx="8" fill="#fff3d6" stroke="#1f2933" stroke-width="3"/><path d="M16 44V22h8a6 6 0 010 12h-8M34 44V22l14 22V22" fill="none" stroke="#1f2933" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>"##
);
pub const CONTRAST: &str = svg!(
    r##"<circle cx="32" cy="32" r="26" fill="#ffffff" stroke="#1f2933" stroke-width="4"/><path d="M32 6a26 26 0 010 52z" fill="#1f2933"/>"##
);
pub const SPEED: &str = svg!(
    r##"<path d="M10 44a22 22 0 0144 0" fill="none" stroke="#1f2933" stroke-width="5" stroke-linecap="round"/><path d="M32 44l12-14" stroke="#1f5f9e" stroke-width="5" stroke-linecap="round"/><circle cx="32" cy="44" r="5" fill="#1f5f9e"/>"##
);
// One hand, turned: up, sideways (wobbly) and down (not yet), as classes show it.
macro_rules! thumb {
    ($turn:literal) => {
        svg!(
            r#"<g transform="rotate("#,
            $turn,
            r##" 32 32)"><path d="M8 28h10v28H8z" fill="#7fb3e0" stroke="#1f5f9e" stroke-width="3" stroke-linejoin="round"/><path d="M18 30l10-18c2-4 8-3 8 2v10h14a5 5 0 0 1 5 6l-4 20a5 5 0 0 1-5 4H18z" fill="#ffd27a" stroke="#1f2933" stroke-width="3" stroke-linejoin="round"/></g>"##
        )
    };
}
pub const THUMBS_UP: &str = thumb!("0");
pub const THUMB_SIDEWAYS: &str = thumb!("90");
pub const THUMB_DOWN: &str = thumb!("180");
