//! Online hate: something said or shared online that targets someone for who they are. A hate
//! incident is recorded and dealt with in school; when it is a crime it goes to the police.

use super::shared::{with_referral, PARENTS_TOLD};
use super::{field, yes_no_question, Choice, FieldKind, Needed, Procedure, Step};
use crate::staff::Category;

/// The step whose "yes" answers make it a crime for the police.
const CRIME: &str = "crime";

pub const ONLINE_HATE: Procedure = Procedure {
    key: "online_hate",
    title: "Online hate",
    source: "Home Office and police guidance on hate incidents and hate crime; DfE, Keeping \
        children safe in education",
    suggested_for: &[Category::OnlineHate],
    steps: &[
        Step {
            key: "what_was_said",
            title: "What was said or shared",
            makes_referral: None,
            guidance: "Write down what was said or shared, and where, in the words used. Keep \
                a copy with the DSL if you can do so without sharing it further; never ask a \
                child to send it to you.",
            fields: &[
                field("on", "When", FieldKind::Date, Needed::Always),
                field(
                    "where",
                    "Where online (app, game or site)",
                    FieldKind::Short,
                    Needed::Always,
                ),
                field(
                    "what",
                    "What was said or shared",
                    FieldKind::Long,
                    Needed::Always,
                ),
                field(
                    "by",
                    "Who said or shared it",
                    FieldKind::Short,
                    Needed::Optional,
                ),
            ],
        },
        Step {
            key: "targeted",
            title: "Who was targeted",
            makes_referral: None,
            guidance: "Hate targets someone for who they are, or who they are thought to be.",
            fields: &[
                field("who", "Who was targeted", FieldKind::Short, Needed::Always),
                field(
                    "because",
                    "Because of",
                    FieldKind::Choice(&[
                        Choice {
                            key: "race",
                            label: "Race or ethnicity",
                            only_if_all_no: None,
                        },
                        Choice {
                            key: "religion",
                            label: "Religion or belief",
                            only_if_all_no: None,
                        },
                        Choice {
                            key: "disability",
                            label: "Disability",
                            only_if_all_no: None,
                        },
                        Choice {
                            key: "sexual_orientation",
                            label: "Sexual orientation",
                            only_if_all_no: None,
                        },
                        Choice {
                            key: "transgender",
                            label: "Being transgender",
                            only_if_all_no: None,
                        },
                        Choice {
                            key: "other",
                            label: "Something else",
                            only_if_all_no: None,
                        },
                    ]),
                    Needed::Always,
                ),
                field(
                    "other",
                    "What else",
                    FieldKind::Short,
                    Needed::When("because", "other"),
                ),
            ],
        },
        Step {
            key: CRIME,
            title: "Whether it is a crime",
            makes_referral: None,
            guidance: "Answer each one. Any \"yes\" means it may be a hate crime and goes to \
                the police.",
            fields: &[
                yes_no_question("threat", "Does it threaten violence or harm?"),
                yes_no_question(
                    "harassment",
                    "Is it repeated, aimed at someone, to frighten or upset them?",
                ),
                yes_no_question("stirring", "Does it stir up hatred against a group?"),
                yes_no_question(
                    "adult",
                    "Is an adult, or someone outside school, behind it?",
                ),
            ],
        },
        Step {
            key: "referral",
            title: "The police, or handling it in school",
            makes_referral: Some(("route", "police")),
            guidance: "Report it to the police when any answer above is \"yes\". Handling it in \
                school is only allowed when every answer is \"no\": say why, and what the school \
                is doing. Report the post to the app or site too.",
            fields: with_referral!(
                [field(
                    "route",
                    "What was decided",
                    FieldKind::Choice(&[
                        Choice {
                            key: "police",
                            label: "Reported to the police",
                            only_if_all_no: None,
                        },
                        Choice {
                            key: "in_school",
                            label: "Handled in school",
                            only_if_all_no: Some(CRIME),
                        },
                    ]),
                    Needed::Always,
                )],
                "route" => "police",
                Some("police"),
                [field(
                    "why_in_school",
                    "Why it is handled in school, and what the school is doing",
                    FieldKind::Long,
                    Needed::When("route", "in_school"),
                )]
            ),
        },
        Step {
            key: "support",
            title: "Support for the child targeted",
            makes_referral: None,
            guidance: "The child targeted is told it is not their fault and knows which adult \
                to go to. The child who did it learns why it hurts.",
            fields: &[
                field(
                    "supported",
                    "The child targeted is supported and knows who to tell",
                    FieldKind::Tick,
                    Needed::Always,
                ),
                field(
                    "reported_to_site",
                    "Reported to the app or site",
                    FieldKind::YesNo,
                    Needed::Optional,
                ),
            ],
        },
        PARENTS_TOLD,
    ],
};

#[cfg(test)]
mod tests {
    use super::super::tests::{refers, walk};
    use super::*;

    const BEFORE: &[(&str, &[(&str, &str)])] = &[
        (
            "what_was_said",
            &[
                ("on", "2026-12-01"),
                ("where", "A class group chat"),
                ("what", "Names about a child's religion"),
            ],
        ),
        (
            "targeted",
            &[("who", "A Year 5 boy"), ("because", "religion")],
        ),
    ];

    fn crime(threat: &'static str) -> [(&'static str, &'static str); 4] {
        [
            ("threat", threat),
            ("harassment", "no"),
            ("stirring", "no"),
            ("adult", "no"),
        ]
    }

    #[test]
    fn a_crime_goes_to_the_police_and_anything_less_may_be_handled_in_school() {
        let in_school: &[(&str, &str)] = &[
            ("route", "in_school"),
            ("why_in_school", "Said once, apologised, class talk planned"),
        ];
        let no = crime("no");
        let steps: Vec<(&str, &[(&str, &str)])> = BEFORE
            .iter()
            .copied()
            .chain([("crime", &no[..]), ("referral", in_school)])
            .collect();
        let done = walk(&ONLINE_HATE, &steps).unwrap();
        assert!(!refers(&ONLINE_HATE, "referral", &done["referral"]));

        let yes = crime("yes");
        let steps: Vec<(&str, &[(&str, &str)])> = BEFORE
            .iter()
            .copied()
            .chain([("crime", &yes[..]), ("referral", in_school)])
            .collect();
        let err = walk(&ONLINE_HATE, &steps).unwrap_err();
        assert!(
            err.contains("threaten") && err.contains("referral"),
            "{err}"
        );

        let police: &[(&str, &str)] =
            &[("route", "police"), ("to", "police"), ("on", "2026-12-01")];
        let done = walk(&ONLINE_HATE, &[("crime", &yes[..]), ("referral", police)]).unwrap();
        assert!(refers(&ONLINE_HATE, "referral", &done["referral"]));
        assert_eq!(ONLINE_HATE.missing(&done).len(), 4);
    }
}
