//! Times and labels for staff screens. Reports are described in adults' words here (the pupil
//! saw pictures and simpler words).

use kite_protocol::report::{Feeling, Place, Reporter, WhatHappened};
use kite_protocol::Band;
use wasm_bindgen::JsValue;

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "Mon 24 Nov 2026, 09:14" in the browser's time zone.
pub fn when(ms: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!(
        "{} {} {} {}, {:02}:{:02}",
        DAYS[d.get_day() as usize % 7],
        d.get_date(),
        MONTHS[d.get_month() as usize % 12],
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// "09:14" today, "Mon 24 Nov, 09:14" otherwise: for dense tables.
pub fn when_short(ms: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let now = js_sys::Date::new_0();
    let same_day = d.get_full_year() == now.get_full_year()
        && d.get_month() == now.get_month()
        && d.get_date() == now.get_date();
    if same_day {
        format!("Today {:02}:{:02}", d.get_hours(), d.get_minutes())
    } else {
        format!(
            "{} {} {}, {:02}:{:02}",
            DAYS[d.get_day() as usize % 7],
            d.get_date(),
            MONTHS[d.get_month() as usize % 12],
            d.get_hours(),
            d.get_minutes()
        )
    }
}

/// A `yyyy-mm-dd` date input as local midnight, in unix ms.
pub fn date_input_ms(value: &str) -> Option<i64> {
    if value.len() != 10 {
        return None;
    }
    let t = js_sys::Date::new(&JsValue::from_str(&format!("{value}T00:00:00"))).get_time();
    (!t.is_nan()).then_some(t as i64)
}

/// "4 Sep 2016" from an ISO date (`2016-09-04`); the text as it is if it isn't one.
pub fn iso_date_label(iso: &str) -> String {
    let mut parts = iso.split('-').map(|p| p.parse::<usize>().ok());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Some(y)), Some(Some(m)), Some(Some(d))) if (1..=12).contains(&m) => {
            format!("{d} {} {y}", MONTHS[m - 1])
        }
        _ => iso.to_string(),
    }
}

pub fn what_label(what: WhatHappened) -> &'static str {
    match what {
        WhatHappened::SomeoneWasUnkind => "Someone was unkind",
        WhatHappened::SawSomethingUpsetting => "Saw something upsetting",
        WhatHappened::StrangerTalkedToMe => "Someone they don't know talked to them",
        WhatHappened::AskedForPhotoOrDetails => "Asked for a photo or personal details",
        WhatHappened::WantsToMeetMe => "Someone wants to meet them",
        WhatHappened::SchoolDeviceShowedSomething => "A school device showed something",
        WhatHappened::NotSafeNow => "Doesn't feel safe now",
        WhatHappened::SomethingElse => "Something else",
    }
}

/// For the inbox, which has the snake_case name.
/// What the inbox calls a parent's concern from the parents' page.
pub const PARENT_CONCERN_LABEL: &str = "A parent's concern";
/// The title of a concern an adult in school logged (stored with `what` `staff_concern`).
pub const STAFF_CONCERN_LABEL: &str = "A staff concern";

pub fn what_label_str(what: &str) -> &'static str {
    // A parent's concern is stored with this `what`.
    if what == "parent_concern" {
        return PARENT_CONCERN_LABEL;
    }
    if what == "staff_concern" {
        return STAFF_CONCERN_LABEL;
    }
    WhatHappened::ALL
        .into_iter()
        .find(|w| {
            serde_json::to_value(w)
                .ok()
                .and_then(|v| v.as_str().map(|s| s == what))
                .unwrap_or(false)
        })
        .map(what_label)
        .unwrap_or("Something else")
}

pub fn place_label(place: Place) -> &'static str {
    match place {
        Place::Game => "In a game",
        Place::Video => "In a video",
        Place::Messages => "In messages or chat",
        Place::Website => "On a website",
        Place::SchoolDevice => "On a school device",
        Place::AtHome => "At home",
        Place::SomewhereElse => "Somewhere else",
    }
}

pub fn feeling_label(f: Feeling) -> &'static str {
    match f {
        Feeling::Sad => "Sad",
        Feeling::Worried => "Worried",
        Feeling::Scared => "Scared",
        Feeling::Angry => "Angry",
        Feeling::Confused => "Confused",
        Feeling::Okay => "Okay",
    }
}

pub fn band_label(b: Option<Band>) -> &'static str {
    match b {
        Some(Band::Eyfs) => "EYFS (3\u{2013}5)",
        Some(Band::Ks1) => "KS1 (5\u{2013}7)",
        Some(Band::Ks2) => "KS2 (7\u{2013}11)",
        None => "Not set on the tablet",
    }
}

pub fn reporter_label(r: &Reporter) -> String {
    match r {
        Reporter::Anonymous => "Anonymous (the pupil chose not to give a name)".into(),
        Reporter::Named { first_name, class } => format!("{first_name}, {class}"),
    }
}

/// Today as a `yyyy-mm-dd` date input shows it (the browser's time zone).
pub fn today_input() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}
