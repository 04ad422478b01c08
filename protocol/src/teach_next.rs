//! What recent reports and concerns ask to be taught. Each record is reduced to the topics it
//! is about (from what happened, where, and the DSL's category), and each topic to the lesson
//! strands that meet it. The server counts topics per key stage and hides any below three; the
//! presenter turns what is left into lessons a class hasn't had, and the governors' report sets
//! the strands asked for beside the strands taught.
//!
//! Strands are named by the curriculum's own ids (`kite_lessons::Strand::id`): the server
//! doesn't hold the curriculum, and a test below checks every id against it.

use serde::{Deserialize, Serialize};

use crate::report::{Place, WhatHappened};
use crate::staff::Category;
use crate::Band;

/// Something a report or concern can be about, as a teacher would name it.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    GroupChats,
    Unkindness,
    UpsettingContent,
    PeopleTheyDontKnow,
    PhotosAndDetails,
    Games,
    Videos,
    Websites,
    Spending,
    Behaviour,
}

impl Topic {
    pub const ALL: [Topic; 10] = [
        Topic::GroupChats,
        Topic::Unkindness,
        Topic::UpsettingContent,
        Topic::PeopleTheyDontKnow,
        Topic::PhotosAndDetails,
        Topic::Games,
        Topic::Videos,
        Topic::Websites,
        Topic::Spending,
        Topic::Behaviour,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::GroupChats => "group_chats",
            Topic::Unkindness => "unkindness",
            Topic::UpsettingContent => "upsetting_content",
            Topic::PeopleTheyDontKnow => "people_they_dont_know",
            Topic::PhotosAndDetails => "photos_and_details",
            Topic::Games => "games",
            Topic::Videos => "videos",
            Topic::Websites => "websites",
            Topic::Spending => "spending",
            Topic::Behaviour => "behaviour",
        }
    }

    /// Words that finish "Reports … were mostly about …".
    pub fn label(self) -> &'static str {
        match self {
            Topic::GroupChats => "group chats and messages",
            Topic::Unkindness => "unkind things said online",
            Topic::UpsettingContent => "upsetting things seen online",
            Topic::PeopleTheyDontKnow => "people they don't know",
            Topic::PhotosAndDetails => "being asked for pictures or details",
            Topic::Games => "online games",
            Topic::Videos => "videos",
            Topic::Websites => "websites",
            Topic::Spending => "buying and spending online",
            Topic::Behaviour => "how people behave online",
        }
    }

    /// The curriculum strands whose lessons meet this topic, the closest first.
    pub fn strands(self) -> &'static [&'static str] {
        match self {
            Topic::GroupChats => &[ONLINE_RELATIONSHIPS, ONLINE_BULLYING],
            Topic::Unkindness => &[ONLINE_BULLYING],
            Topic::UpsettingContent => &[MANAGING_INFORMATION, WELLBEING],
            Topic::PeopleTheyDontKnow => &[ONLINE_RELATIONSHIPS, PRIVACY],
            Topic::PhotosAndDetails => &[PRIVACY, SELF_IMAGE],
            Topic::Games => &[WELLBEING, MANAGING_INFORMATION],
            Topic::Videos => &[MANAGING_INFORMATION, SELF_IMAGE],
            Topic::Websites => &[MANAGING_INFORMATION],
            Topic::Spending => &[MANAGING_INFORMATION, PRIVACY],
            Topic::Behaviour => &[ONLINE_REPUTATION, ONLINE_RELATIONSHIPS],
        }
    }
}

const SELF_IMAGE: &str = "self_image_and_identity";
const ONLINE_RELATIONSHIPS: &str = "online_relationships";
const ONLINE_REPUTATION: &str = "online_reputation";
const ONLINE_BULLYING: &str = "online_bullying";
const MANAGING_INFORMATION: &str = "managing_online_information";
const WELLBEING: &str = "health_wellbeing_and_lifestyle";
const PRIVACY: &str = "privacy_and_security";

/// What a child chose as "what happened". "Not safe now" and "something else" say nothing a
/// lesson could meet.
pub fn topic_of_what(what: WhatHappened) -> Option<Topic> {
    match what {
        WhatHappened::SomeoneWasUnkind => Some(Topic::Unkindness),
        WhatHappened::SawSomethingUpsetting | WhatHappened::SchoolDeviceShowedSomething => {
            Some(Topic::UpsettingContent)
        }
        WhatHappened::StrangerTalkedToMe | WhatHappened::WantsToMeetMe => {
            Some(Topic::PeopleTheyDontKnow)
        }
        WhatHappened::AskedForPhotoOrDetails => Some(Topic::PhotosAndDetails),
        WhatHappened::NotSafeNow | WhatHappened::SomethingElse => None,
    }
}

/// Where a child said it happened. "At home", "on a school device" and "somewhere else" are
/// places, not things a lesson is about.
pub fn topic_of_place(place: Place) -> Option<Topic> {
    match place {
        Place::Messages => Some(Topic::GroupChats),
        Place::Game => Some(Topic::Games),
        Place::Video => Some(Topic::Videos),
        Place::Website => Some(Topic::Websites),
        Place::SchoolDevice | Place::AtHome | Place::SomewhereElse => None,
    }
}

/// The DSL's category of any record (a pupil's report, a parent's or a staff concern).
pub fn topic_of_category(category: Category) -> Option<Topic> {
    match category {
        Category::Content | Category::FilteringBreach | Category::RadicalisationExtremism => {
            Some(Topic::UpsettingContent)
        }
        Category::Contact | Category::GroomingExploitation => Some(Topic::PeopleTheyDontKnow),
        Category::Conduct | Category::Misuse => Some(Topic::Behaviour),
        Category::Commerce => Some(Topic::Spending),
        Category::Cyberbullying | Category::OnlineHate => Some(Topic::Unkindness),
        Category::Ypsi | Category::Upskirting => Some(Topic::PhotosAndDetails),
        Category::Other => None,
    }
}

/// The topics one record is about, each once, in [`Topic::ALL`] order.
pub fn topics_of(
    what: Option<WhatHappened>,
    place: Option<Place>,
    category: Option<Category>,
) -> Vec<Topic> {
    let mut topics: Vec<Topic> = [
        what.and_then(topic_of_what),
        place.and_then(topic_of_place),
        category.and_then(topic_of_category),
    ]
    .into_iter()
    .flatten()
    .collect();
    topics.sort();
    topics.dedup();
    topics
}

/// The strands one record asks for, each once.
pub fn strands_of(topics: &[Topic]) -> Vec<&'static str> {
    let mut strands: Vec<&'static str> = topics.iter().flat_map(|t| t.strands()).copied().collect();
    strands.sort();
    strands.dedup();
    strands
}

/// Every strand some topic asks for, each once.
pub fn strands_asked_about() -> Vec<&'static str> {
    strands_of(&Topic::ALL)
}

/// `GET /api/v1/device/teach-next`: what a key stage's recent reports and concerns were about.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeachNext {
    /// How many days back the records were counted from (a half-term, give or take).
    pub days: u32,
    pub key_stages: Vec<AskedFor>,
}

/// One key stage's topics, the most asked for first. A topic is here only when at least three
/// records were about it; the counts themselves are not sent.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AskedFor {
    pub band: Band,
    pub topics: Vec<Topic>,
}

impl TeachNext {
    /// The topics of one key stage, or none.
    pub fn topics(&self, band: Band) -> &[Topic] {
        self.key_stages
            .iter()
            .find(|k| k.band == band)
            .map_or(&[], |k| k.topics.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_strand_named_is_one_of_the_curriculums() {
        for topic in Topic::ALL {
            assert!(!topic.strands().is_empty(), "{topic:?} meets no strand");
            for id in topic.strands() {
                assert!(
                    id.parse::<kite_lessons::Strand>().is_ok(),
                    "{topic:?}: {id} is not a strand"
                );
            }
        }
    }

    #[test]
    fn a_group_chat_report_asks_for_relationships_and_bullying() {
        let topics = topics_of(
            Some(WhatHappened::SomeoneWasUnkind),
            Some(Place::Messages),
            Some(Category::Cyberbullying),
        );
        assert_eq!(topics, vec![Topic::GroupChats, Topic::Unkindness]);
        assert_eq!(
            strands_of(&topics),
            vec!["online_bullying", "online_relationships"]
        );
    }

    #[test]
    fn a_report_about_nothing_a_lesson_meets_asks_for_nothing() {
        assert!(topics_of(Some(WhatHappened::SomethingElse), Some(Place::AtHome), None).is_empty());
        assert!(topics_of(None, None, Some(Category::Other)).is_empty());
        assert!(topics_of(Some(WhatHappened::NotSafeNow), None, None).is_empty());
    }

    #[test]
    fn every_category_but_other_meets_a_topic() {
        for category in Category::ALL {
            assert_eq!(
                topic_of_category(category).is_none(),
                category == Category::Other,
                "{category:?}"
            );
        }
    }

    #[test]
    fn topics_are_named_once_and_round_trip() {
        for topic in Topic::ALL {
            let json = serde_json::to_string(&topic).unwrap();
            assert_eq!(json, format!("\"{}\"", topic.as_str()));
            assert_eq!(serde_json::from_str::<Topic>(&json).unwrap(), topic);
        }
    }
}
