//! Upskirting: taking a picture under someone's clothing without their consent, a criminal
//! offence (Voyeurism (Offences) Act 2019) and a form of sexual harassment between children
//! (KCSIE). The route is the police.

use super::shared::{with_referral, PARENTS_TOLD, SECURE_DEVICE};
use super::{field, FieldKind, Needed, Procedure, Step};
use crate::staff::Category;

pub const UPSKIRTING: Procedure = Procedure {
    key: "upskirting",
    title: "Upskirting",
    source: "Voyeurism (Offences) Act 2019; DfE, Keeping children safe in education",
    suggested_for: &[Category::Upskirting],
    steps: &[
        SECURE_DEVICE,
        Step {
            key: "what_happened",
            title: "What happened",
            makes_referral: None,
            guidance: "Write down what happened and what each child said, in their words. \
                Never ask to see the picture.",
            fields: &[
                field("on", "When it happened", FieldKind::Date, Needed::Always),
                field("where", "Where", FieldKind::Short, Needed::Always),
                field(
                    "targeted",
                    "The child it was done to",
                    FieldKind::Short,
                    Needed::Always,
                ),
                field(
                    "by",
                    "Who took the picture",
                    FieldKind::Short,
                    Needed::Always,
                ),
                field(
                    "said",
                    "What the children said",
                    FieldKind::Long,
                    Needed::Always,
                ),
            ],
        },
        Step {
            key: "support",
            title: "Support for the child it was done to",
            makes_referral: None,
            guidance: "The child it was done to is told it is not their fault, is kept apart \
                from the child who did it where they need to be, and knows which adult to go \
                to. The child who did it is supported too.",
            fields: &[
                field(
                    "supported",
                    "The child has been told it is not their fault and knows who to tell",
                    FieldKind::Tick,
                    Needed::Always,
                ),
                field(
                    "plan",
                    "What support is in place",
                    FieldKind::Long,
                    Needed::Optional,
                ),
            ],
        },
        Step {
            key: "police",
            title: "Reported to the police",
            makes_referral: Some(("reported", "yes")),
            guidance: "Upskirting is a crime: report it to the police. Tell children's social \
                care too when a child may be at risk of harm.",
            fields: with_referral!(
                [field(
                    "reported",
                    "Reported to the police",
                    FieldKind::Tick,
                    Needed::Always,
                )],
                "reported" => "yes",
                Some("police"),
                []
            ),
        },
        Step {
            guidance: "Tell the parents or carers of each child, unless the police ask you to \
                wait or it would put a child at risk: then say why.",
            ..PARENTS_TOLD
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::super::tests::{refers, walk};
    use super::*;

    #[test]
    fn it_is_reported_to_the_police_before_it_can_close() {
        let steps: &[(&str, &[(&str, &str)])] = &[
            ("first_steps", &[("told", "yes")]),
            (
                "what_happened",
                &[
                    ("on", "2026-12-01"),
                    ("where", "The cloakroom"),
                    ("targeted", "A Year 6 girl"),
                    ("by", "A Year 6 boy"),
                    ("said", "He held his phone low as she walked past"),
                ],
            ),
            ("support", &[("supported", "yes")]),
            ("parents", &[("told", "yes"), ("on", "2026-12-01")]),
        ];
        let partial = walk(&UPSKIRTING, steps).unwrap();
        assert_eq!(
            UPSKIRTING.missing(&partial),
            vec!["Reported to the police".to_string()]
        );
        let err = walk(&UPSKIRTING, &[("police", &[("reported", "no")])]).unwrap_err();
        assert!(err.contains("tick"), "{err}");
        let err = walk(&UPSKIRTING, &[("police", &[("reported", "yes")])]).unwrap_err();
        assert!(err.contains("Referred to"), "{err}");
        let done = walk(
            &UPSKIRTING,
            &[(
                "police",
                &[("reported", "yes"), ("to", "police"), ("on", "2026-12-01")],
            )],
        )
        .unwrap();
        assert!(refers(&UPSKIRTING, "police", &done["police"]));
    }
}
