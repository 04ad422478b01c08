//! The words and pictures of the flow. Every label is short and concrete and is also what the
//! speaker reads, so a child who can't read hears exactly what they see. The words are English
//! here and translated where they are shown and spoken (`crate::i18n::t`).

use kite_protocol::report::{Feeling, Place, WhatHappened};
use kite_protocol::Band;

use crate::components::icons;

pub struct Choice<T> {
    pub value: T,
    pub label: &'static str,
    pub icon: &'static str,
}

const fn choice<T>(value: T, label: &'static str, icon: &'static str) -> Choice<T> {
    Choice { value, label, icon }
}

pub const WHAT_QUESTION: &str = "What happened?";
pub const WHERE_QUESTION: &str = "Where did it happen?";
pub const FEEL_QUESTION: &str = "How do you feel?";
pub const WHO_QUESTION: &str = "Who would you like to talk to?";
pub const SEND_QUESTION: &str = "Ready to send?";
pub const SAY_MORE_QUESTION: &str = "Do you want to say more?";
pub const DEVICE_QUESTION: &str = "A school screen showed something it shouldn't.";

pub const WHAT: [Choice<WhatHappened>; 8] = [
    choice(
        WhatHappened::SomeoneWasUnkind,
        "Someone was unkind to me or a friend",
        icons::UNKIND,
    ),
    choice(
        WhatHappened::SawSomethingUpsetting,
        "I saw something that upset me",
        icons::UPSET,
    ),
    choice(
        WhatHappened::StrangerTalkedToMe,
        "Someone I don't know talked to me",
        icons::STRANGER,
    ),
    choice(
        WhatHappened::AskedForPhotoOrDetails,
        "Someone asked for a photo or my details",
        icons::CAMERA,
    ),
    choice(
        WhatHappened::WantsToMeetMe,
        "Someone wants to meet me",
        icons::MEET,
    ),
    choice(
        WhatHappened::SchoolDeviceShowedSomething,
        "A school screen showed something it shouldn't",
        icons::SCHOOL_DEVICE,
    ),
    choice(
        WhatHappened::NotSafeNow,
        "I don't feel safe right now",
        icons::HELP_NOW,
    ),
    choice(
        WhatHappened::SomethingElse,
        "Something else",
        icons::SOMETHING_ELSE,
    ),
];

pub const WHERE: [Choice<Place>; 7] = [
    choice(Place::Game, "In a game", icons::GAME),
    choice(Place::Video, "In a video", icons::VIDEO),
    choice(Place::Messages, "In messages or a chat", icons::MESSAGES),
    choice(Place::Website, "On a website", icons::WEBSITE),
    choice(
        Place::SchoolDevice,
        "On a school tablet or computer",
        icons::SCHOOL_DEVICE,
    ),
    choice(Place::AtHome, "At home", icons::HOME),
    choice(
        Place::SomewhereElse,
        "Somewhere else",
        icons::SOMETHING_ELSE,
    ),
];

pub const FEELINGS: [Choice<Feeling>; 6] = [
    choice(Feeling::Sad, "Sad", icons::FACE_SAD),
    choice(Feeling::Worried, "Worried", icons::FACE_WORRIED),
    choice(Feeling::Scared, "Scared", icons::FACE_SCARED),
    choice(Feeling::Angry, "Cross", icons::FACE_CROSS),
    choice(Feeling::Confused, "Mixed up", icons::FACE_MIXED),
    choice(Feeling::Okay, "OK", icons::FACE_OK),
];

/// Said the moment a child chooses whether to give their name: honest, and no nudge either way.
pub fn anonymity_explained(band: Option<Band>) -> &'static str {
    match band {
        Some(Band::Eyfs) | Some(Band::Ks1) => {
            "You don't have to say your name. If someone is not safe, grown-ups will still try to help."
        }
        _ => {
            "If you don't give your name, the school won't know it was you unless you tell them. If someone could be in danger, grown-ups will still try to help."
        }
    }
}

pub const URGENT_NOTICE: &str =
    "Thank you for telling. Please go and find a grown-up now, too. You are not in trouble.";

pub const DEVICE_HELP: &str =
    "Turn the screen off, or turn it over. Then tell a grown-up in the room now. You are not in trouble.";

pub const THANK_YOU: &str =
    "Thank you for telling. You did the right thing. A grown-up at school will help.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_the_protocol_knows_has_a_picture_and_words() {
        for what in WhatHappened::ALL {
            assert!(WHAT.iter().any(|c| c.value == what), "{what:?}");
        }
        for place in Place::ALL {
            assert!(WHERE.iter().any(|c| c.value == place), "{place:?}");
        }
        for feeling in Feeling::ALL {
            assert!(FEELINGS.iter().any(|c| c.value == feeling), "{feeling:?}");
        }
        for c in WHAT.iter().map(|c| (c.label, c.icon)) {
            assert!(!c.0.is_empty() && c.1.starts_with("<svg"));
        }
    }

    #[test]
    fn pupil_words_stay_short_and_never_say_wrong_or_trouble_as_blame() {
        let all: Vec<&str> = WHAT
            .iter()
            .map(|c| c.label)
            .chain(WHERE.iter().map(|c| c.label))
            .chain(FEELINGS.iter().map(|c| c.label))
            .collect();
        for label in all {
            assert!(label.split_whitespace().count() <= 9, "too long: {label}");
            assert!(!label.to_lowercase().contains("wrong"), "{label}");
        }
        assert!(URGENT_NOTICE.contains("not in trouble"));
    }
}
