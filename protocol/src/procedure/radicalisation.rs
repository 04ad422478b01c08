//! Radicalisation and extremism, after the Prevent duty guidance: the school's Prevent lead is
//! consulted, a Prevent referral (which may lead to Channel) is made or the reason not is
//! recorded, and 999 when anyone is in immediate danger.

use super::shared::{with_referral, PARENTS_TOLD};
use super::{field, Choice, FieldKind, Needed, Procedure, Step};
use crate::staff::Category;

pub const RADICALISATION: Procedure = Procedure {
    key: "radicalisation",
    title: "Radicalisation and extremism",
    source: "Home Office, Prevent duty guidance (2023); DfE, Keeping children safe in education",
    suggested_for: &[Category::RadicalisationExtremism],
    steps: &[
        Step {
            key: "danger",
            title: "Immediate danger",
            makes_referral: None,
            guidance: "If anyone is in immediate danger, call 999 first, then carry on here.",
            fields: &[
                field(
                    "danger",
                    "Is anyone in immediate danger?",
                    FieldKind::YesNo,
                    Needed::Always,
                ),
                field(
                    "called",
                    "999 was called",
                    FieldKind::Tick,
                    Needed::When("danger", "yes"),
                ),
                field(
                    "called_by",
                    "Who called, and when",
                    FieldKind::Short,
                    Needed::When("danger", "yes"),
                ),
            ],
        },
        Step {
            key: "concern",
            title: "What caused the concern",
            makes_referral: None,
            guidance: "Write down what was seen, said or searched for, in the child's words. \
                Do not copy or share extremist material; note where it is.",
            fields: &[
                field("on", "When", FieldKind::Date, Needed::Always),
                field(
                    "what",
                    "What caused the concern",
                    FieldKind::Long,
                    Needed::Always,
                ),
                field(
                    "where",
                    "Where online (app, game or site)",
                    FieldKind::Short,
                    Needed::Optional,
                ),
            ],
        },
        Step {
            key: "prevent_lead",
            title: "The school's Prevent lead consulted",
            makes_referral: None,
            guidance: "Talk it through with the school's Prevent lead (often the DSL) before \
                deciding. The local authority's Prevent team can advise too.",
            fields: &[
                field(
                    "who",
                    "Prevent lead consulted",
                    FieldKind::Short,
                    Needed::Always,
                ),
                field("on", "When", FieldKind::Date, Needed::Always),
                field(
                    "advice",
                    "What was advised",
                    FieldKind::Long,
                    Needed::Always,
                ),
            ],
        },
        Step {
            key: "referral",
            title: "Prevent referral",
            makes_referral: Some(("route", "referred")),
            guidance: "Make a Prevent referral when a child may be being drawn into terrorism \
                or extremism; it may lead to support through Channel. If no referral is made, \
                say why and what the school is doing instead.",
            fields: with_referral!(
                [field(
                    "route",
                    "What was decided",
                    FieldKind::Choice(&[
                        Choice {
                            key: "referred",
                            label: "A Prevent referral was made",
                            only_if_all_no: None,
                        },
                        Choice {
                            key: "not_referred",
                            label: "No Prevent referral",
                            only_if_all_no: None,
                        },
                    ]),
                    Needed::Always,
                )],
                "route" => "referred",
                Some("prevent"),
                [field(
                    "why_not",
                    "Why not, and what the school is doing instead",
                    FieldKind::Long,
                    Needed::When("route", "not_referred"),
                )]
            ),
        },
        Step {
            guidance: "Tell the parents or carers unless the Prevent team or police advise \
                otherwise, or it would put the child at risk: then say why.",
            ..PARENTS_TOLD
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::super::tests::{refers, walk};
    use super::*;

    #[test]
    fn danger_means_999_and_a_prevent_referral_or_the_reason_not() {
        let err = walk(&RADICALISATION, &[("danger", &[("danger", "yes")])]).unwrap_err();
        assert!(err.contains("999"), "{err}");
        let err = walk(
            &RADICALISATION,
            &[("referral", &[("route", "not_referred")])],
        )
        .unwrap_err();
        assert!(err.contains("Why not"), "{err}");
        let referred = walk(
            &RADICALISATION,
            &[(
                "referral",
                &[
                    ("route", "referred"),
                    ("to", "prevent"),
                    ("on", "2026-12-01"),
                ],
            )],
        )
        .unwrap();
        assert!(refers(&RADICALISATION, "referral", &referred["referral"]));
        let done = walk(
            &RADICALISATION,
            &[
                ("danger", &[("danger", "no")]),
                (
                    "concern",
                    &[
                        ("on", "2026-12-01"),
                        ("what", "Shared a video praising an attack"),
                    ],
                ),
                (
                    "prevent_lead",
                    &[
                        ("who", "Mrs Khan"),
                        ("on", "2026-12-01"),
                        ("advice", "Talk with the family; refer if it continues"),
                    ],
                ),
                (
                    "referral",
                    &[
                        ("route", "not_referred"),
                        ("why_not", "A one-off; the family are working with us"),
                    ],
                ),
                ("parents", &[("told", "yes"), ("on", "2026-12-02")]),
            ],
        )
        .unwrap();
        assert!(RADICALISATION.missing(&done).is_empty());
        assert!(!refers(&RADICALISATION, "referral", &done["referral"]));
    }
}
