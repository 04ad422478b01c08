//! Searching a pupil and confiscating a device, after the DfE's "Searching, screening and
//! confiscation" (2022): why, by whom with a witness, what was found and what became of it,
//! and a suspected indecent image never looked at.

use super::shared::{with_referral, PARENTS_TOLD};
use super::{field, Choice, FieldKind, Needed, Procedure, Step};
use crate::staff::Category;

/// The step whose yes/no question (a suspected indecent image) rules out giving it back.
const FOUND: &str = "found";

pub const SEARCHING: Procedure = Procedure {
    key: "searching",
    title: "Searching and confiscating a device",
    source: "DfE, Searching, screening and confiscation (2022)",
    suggested_for: &[Category::Ypsi, Category::Upskirting, Category::Misuse],
    steps: &[
        Step {
            key: "grounds",
            title: "Why a search",
            makes_referral: None,
            guidance: "Only the head teacher, or a member of staff they have authorised, \
                searches, and only with reasonable grounds to suspect the pupil has something \
                banned or something the school's rules say may be searched for. Explain to the \
                child what you are looking for and why, and ask for their help first.",
            fields: &[
                field(
                    "grounds",
                    "The reasons to suspect it",
                    FieldKind::Long,
                    Needed::Always,
                ),
                field(
                    "looked_for",
                    "What was looked for",
                    FieldKind::Short,
                    Needed::Always,
                ),
                field(
                    "authorised",
                    "The person searching is the head teacher or authorised by them",
                    FieldKind::Tick,
                    Needed::Always,
                ),
            ],
        },
        Step {
            key: "search",
            title: "Who searched, and who witnessed",
            makes_referral: None,
            guidance: "Two adults: the one who searches and a witness, where possible the same \
                sex as the child. Search the child's bag or pockets, never more than outer \
                clothing, and keep the child's dignity.",
            fields: &[
                field("on", "When", FieldKind::Date, Needed::Always),
                field("by", "Who searched", FieldKind::Short, Needed::Always),
                field("witness", "Who witnessed", FieldKind::Short, Needed::Always),
            ],
        },
        Step {
            key: FOUND,
            title: "What was found",
            makes_referral: None,
            guidance: "If you think a device holds an indecent image of a child, do not look \
                at it, copy it or send it to anyone, and do not delete it: switch the device \
                off, lock it away and give it to the DSL, who decides with the police.",
            fields: &[
                field("found", "What was found", FieldKind::Long, Needed::Always),
                field(
                    "indecent",
                    "Is an indecent image of a child suspected?",
                    FieldKind::YesNo,
                    Needed::Always,
                )
                .or_no(),
                field(
                    "not_looked",
                    "Nobody looked at, copied or sent the image",
                    FieldKind::Tick,
                    Needed::When("indecent", "yes"),
                ),
                field(
                    "switched_off",
                    "The device is switched off and locked away",
                    FieldKind::Tick,
                    Needed::When("indecent", "yes"),
                ),
                field(
                    "to_dsl",
                    "The device was given to the DSL",
                    FieldKind::Tick,
                    Needed::When("indecent", "yes"),
                ),
            ],
        },
        Step {
            key: "done_with",
            title: "What was done with it",
            makes_referral: Some(("done", "police")),
            guidance: "Give it back as soon as it is reasonable, to the child or their parents. \
                Keep it only for a good reason, and say until when. Pass it to the police when \
                it may be evidence of an offence: a suspected indecent image always goes to the \
                police.",
            fields: with_referral!(
                [field(
                    "done",
                    "What was done with it",
                    FieldKind::Choice(&[
                        Choice {
                            key: "returned_child",
                            label: "Given back to the child",
                            only_if_all_no: Some(FOUND),
                        },
                        Choice {
                            key: "returned_parents",
                            label: "Given back to the parents",
                            only_if_all_no: Some(FOUND),
                        },
                        Choice {
                            key: "kept",
                            label: "Kept by the school for now",
                            only_if_all_no: None,
                        },
                        Choice {
                            key: "police",
                            label: "Passed to the police",
                            only_if_all_no: None,
                        },
                    ]),
                    Needed::Always,
                )],
                "done" => "police",
                Some("police"),
                [field(
                    "why_kept",
                    "Why it is kept, and until when",
                    FieldKind::Long,
                    Needed::When("done", "kept"),
                )]
            ),
        },
        Step {
            guidance: "Tell the parents about the search and what was found, unless that would \
                put the child at risk: then say why.",
            ..PARENTS_TOLD
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::super::tests::{refers, walk};
    use super::*;

    const BEFORE: &[(&str, &[(&str, &str)])] = &[
        (
            "grounds",
            &[
                ("grounds", "Seen filming in the toilets"),
                ("looked_for", "A phone"),
                ("authorised", "yes"),
            ],
        ),
        (
            "search",
            &[
                ("on", "2026-12-01"),
                ("by", "Mr Patel (head)"),
                ("witness", "Ms Lewis"),
            ],
        ),
    ];

    fn then(
        more: &[(&'static str, &'static [(&'static str, &'static str)])],
    ) -> Vec<(&'static str, &'static [(&'static str, &'static str)])> {
        BEFORE.iter().chain(more).copied().collect()
    }

    #[test]
    fn every_step_is_required_and_a_witness_is_named() {
        let missing = SEARCHING.missing(&Default::default());
        assert_eq!(missing.len(), 5);
        let err = walk(
            &SEARCHING,
            &[("search", &[("on", "2026-12-01"), ("by", "Mr Patel")])],
        )
        .unwrap_err();
        assert!(err.contains("Who witnessed"), "{err}");
        let done = walk(
            &SEARCHING,
            &then(&[
                ("found", &[("found", "A phone"), ("indecent", "no")]),
                ("done_with", &[("done", "returned_parents")]),
                ("parents", &[("told", "yes"), ("on", "2026-12-01")]),
            ]),
        )
        .unwrap();
        assert!(SEARCHING.missing(&done).is_empty());
        assert!(!refers(&SEARCHING, "done_with", &done["done_with"]));
    }

    #[test]
    fn a_suspected_indecent_image_is_secured_and_never_given_back() {
        let err = walk(
            &SEARCHING,
            &then(&[("found", &[("found", "A phone"), ("indecent", "yes")])]),
        )
        .unwrap_err();
        assert!(err.contains("Nobody looked at"), "{err}");
        let secured: &[(&str, &str)] = &[
            ("found", "A phone"),
            ("indecent", "yes"),
            ("not_looked", "yes"),
            ("switched_off", "yes"),
            ("to_dsl", "yes"),
        ];
        let err = walk(
            &SEARCHING,
            &then(&[
                ("found", secured),
                ("done_with", &[("done", "returned_child")]),
            ]),
        )
        .unwrap_err();
        assert!(err.contains("indecent image"), "{err}");
        let done = walk(
            &SEARCHING,
            &then(&[
                ("found", secured),
                (
                    "done_with",
                    &[("done", "police"), ("to", "police"), ("on", "2026-12-02")],
                ),
            ]),
        )
        .unwrap();
        assert!(refers(&SEARCHING, "done_with", &done["done_with"]));
        assert_eq!(done["done_with"]["to"], "police");
    }
}
