//! Nudes and semi-nudes shared by or about children, after UKCIS "Sharing nudes and
//! semi-nudes: advice for education settings" (2024).

use super::shared::{with_referral, PARENTS_TOLD, SECURE_DEVICE};
use super::{field, yes_no_question, Choice, FieldKind, Needed, Procedure, Step};
use crate::staff::Category;

/// The step whose "yes" answers force a referral, in the nudes procedure.
const IMMEDIATE_REFERRAL: &str = "immediate_referral";

/// Nudes and semi-nudes shared by or about children (UKCIS 2024).
pub const NUDES: Procedure = Procedure {
    key: "nudes",
    title: "Nudes and semi-nudes",
    source: "UKCIS, Sharing nudes and semi-nudes: advice for education settings (2024)",
    suggested_for: &[Category::Ypsi],
    steps: &[
        SECURE_DEVICE,
        Step {
            key: "review_meeting",
            title: "Initial review meeting",
            makes_referral: None,
            guidance: "The DSL meets the staff who know about it as soon as possible, to decide \
                whether to refer now or handle it in school. Talk to the children involved only \
                if it helps, and never in a way that makes them feel to blame.",
            fields: &[
                field("who", "Who took part", FieldKind::Short, Needed::Always),
                field("on", "When", FieldKind::Date, Needed::Always),
            ],
        },
        Step {
            key: IMMEDIATE_REFERRAL,
            title: "Questions that mean an immediate referral",
            makes_referral: None,
            guidance: "Answer each one. Any \"yes\" means a referral to the police or \
                children's social care is required now. In a primary school a child under 13 is \
                nearly always involved.",
            fields: &[
                yes_no_question("adult", "Is an adult involved?"),
                yes_no_question(
                    "coercion",
                    "Is there coercion, blackmail or grooming (including sextortion)?",
                ),
                yes_no_question(
                    "capacity",
                    "Is there a concern about a child's capacity to consent?",
                ),
                yes_no_question(
                    "unusual",
                    "Are the acts unusual for the child's age, or violent?",
                ),
                yes_no_question("under_13", "Is any child in the images under 13?"),
                yes_no_question("risk", "Is any child at immediate risk of harm?"),
            ],
        },
        Step {
            key: "referral",
            title: "Referral, or handling it in school",
            makes_referral: Some(("route", "referred")),
            guidance: "Refer to the police or children's social care when any answer above is \
                \"yes\", or when the DSL thinks it right. Handling it in school is only allowed \
                when every answer is \"no\": say why.",
            fields: with_referral!(
                [field(
                    "route",
                    "What was decided",
                    FieldKind::Choice(&[
                        Choice {
                            key: "referred",
                            label: "Referred to the police or children's social care",
                            only_if_all_no: None,
                        },
                        Choice {
                            key: "in_school",
                            label: "Handled in school",
                            only_if_all_no: Some(IMMEDIATE_REFERRAL),
                        },
                    ]),
                    Needed::Always,
                )],
                "route" => "referred",
                None,
                [field(
                    "why_in_school",
                    "Why it is handled in school",
                    FieldKind::Long,
                    Needed::When("route", "in_school"),
                )]
            ),
        },
        Step {
            guidance: "Tell the parents or carers unless that would put a child at risk; the \
                police or social care may ask you to wait. If they were not told, say why.",
            ..PARENTS_TOLD
        },
        Step {
            key: "image_viewed",
            title: "Whether an image was viewed",
            makes_referral: None,
            guidance: "Nobody should view the image. Only in the exceptional cases the \
                guidance allows (when there is no other way to decide what to do), with the \
                head teacher's agreement and a second adult present, and it is recorded here.",
            fields: &[
                field(
                    "viewed",
                    "An image was viewed",
                    FieldKind::YesNo,
                    Needed::Always,
                )
                .or_no(),
                field(
                    "head_agreed",
                    "The head teacher agreed beforehand",
                    FieldKind::Tick,
                    Needed::When("viewed", "yes"),
                ),
                field(
                    "viewed_by",
                    "Who viewed it",
                    FieldKind::Short,
                    Needed::When("viewed", "yes"),
                ),
                field(
                    "second_person",
                    "The second adult present",
                    FieldKind::Short,
                    Needed::When("viewed", "yes"),
                ),
                field(
                    "why",
                    "Why it had to be viewed",
                    FieldKind::Long,
                    Needed::When("viewed", "yes"),
                ),
            ],
        },
        Step {
            key: "deletion",
            title: "Deletion confirmed",
            makes_referral: None,
            guidance: "Unless the police have the device, the children delete the images from \
                their devices and any accounts or clouds, and the DSL confirms it.",
            fields: &[
                field(
                    "confirmed",
                    "Deletion was confirmed",
                    FieldKind::Tick,
                    Needed::Always,
                ),
                field("how", "How", FieldKind::Short, Needed::Optional),
            ],
        },
        Step {
            key: "covered",
            title: "Sextortion and AI-generated images",
            makes_referral: None,
            guidance: "This procedure covers sextortion (a child threatened or blackmailed, \
                often for money, over an image) and images made or changed with AI or other \
                tools: treat them the same way, and never tell a child to pay.",
            fields: &[field(
                "considered",
                "Sextortion and AI-generated images were considered",
                FieldKind::Tick,
                Needed::Always,
            )],
        },
        Step {
            key: "report_remove",
            title: "Report Remove",
            makes_referral: None,
            guidance: "Where it fits, help the child use Report Remove (Childline and the IWF) \
                to have the image taken down from the internet.",
            fields: &[
                field(
                    "offered",
                    "Report Remove was offered",
                    FieldKind::YesNo,
                    Needed::Always,
                ),
                field(
                    "why_not",
                    "Why it does not fit",
                    FieldKind::Long,
                    Needed::When("offered", "no"),
                ),
            ],
        },
    ],
};

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::tests::answers;
    use super::super::Answers;
    use super::*;

    fn all(value: &str) -> Answers {
        let step = NUDES.step(IMMEDIATE_REFERRAL).unwrap();
        step.fields
            .iter()
            .map(|f| (f.key.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn handling_in_school_needs_every_question_answered_no() {
        let step = NUDES.step("referral").unwrap();
        let in_school = answers(&[("route", "in_school"), ("why_in_school", "Two Y6 friends")]);
        let mut recorded = BTreeMap::new();
        let err = NUDES.check_step(step, &in_school, &recorded).unwrap_err();
        assert!(err.contains("first"), "{err}");
        recorded.insert(IMMEDIATE_REFERRAL.to_string(), all("no"));
        assert!(NUDES.check_step(step, &in_school, &recorded).is_ok());
        let mut one_yes = all("no");
        one_yes.insert("under_13".into(), "yes".into());
        recorded.insert(IMMEDIATE_REFERRAL.to_string(), one_yes);
        let err = NUDES.check_step(step, &in_school, &recorded).unwrap_err();
        assert!(
            err.contains("under 13") && err.contains("required"),
            "{err}"
        );
    }

    #[test]
    fn a_condition_asks_for_its_fields_only_when_it_holds() {
        let step = NUDES.step("image_viewed").unwrap();
        let none = BTreeMap::new();
        let no = NUDES
            .check_step(
                step,
                &answers(&[("viewed", "no"), ("why", "ignored")]),
                &none,
            )
            .unwrap();
        assert_eq!(
            no,
            answers(&[("viewed", "no")]),
            "unasked answers are dropped"
        );
        let err = NUDES
            .check_step(
                step,
                &answers(&[("viewed", "yes"), ("viewed_by", "Ms Head")]),
                &none,
            )
            .unwrap_err();
        assert!(err.contains("head teacher"), "{err}");
    }

    #[test]
    fn a_referral_names_an_agency_or_someone_else() {
        let step = NUDES.step("referral").unwrap();
        let referred = |to: &str| {
            NUDES
                .check_step(
                    step,
                    &answers(&[("route", "referred"), ("to", to), ("on", "2026-12-01")]),
                    &BTreeMap::new(),
                )
                .unwrap()["to"]
                .clone()
        };
        assert_eq!(referred("police"), "police");
        assert_eq!(referred("Police"), "police", "its name is its key");
        assert_eq!(referred("The NSPCC helpline"), "The NSPCC helpline");
        assert_eq!(NUDES.suggested_for, &[Category::Ypsi]);
    }
}
