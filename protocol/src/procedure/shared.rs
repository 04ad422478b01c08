//! Steps more than one procedure takes, each used as it is or with its own guidance
//! (`Step { guidance: "…", ..PARENTS_TOLD }`).

use super::{field, FieldKind, Needed, Step};

/// A device holding an image that may be indecent: nobody looks, and it is secured.
pub(super) const SECURE_DEVICE: Step = Step {
    key: "first_steps",
    title: "What the adult who found it was told",
    makes_referral: None,
    guidance: "Never view, copy, print, share or save the image, not even to show the \
        DSL. Do not ask the child to show it or send it. Secure the device: switched \
        off, locked away, and passed to the DSL. Write down what the child said, in \
        their words.",
    fields: &[
        field(
            "told",
            "The adult was told this, and the device is switched off and secured",
            FieldKind::Tick,
            Needed::Always,
        ),
        field(
            "device_where",
            "Where the device is now",
            FieldKind::Short,
            Needed::Optional,
        ),
    ],
};

/// Whether the parents or carers were told, when, or why not.
pub(super) const PARENTS_TOLD: Step = Step {
    key: "parents",
    title: "Parents told",
    makes_referral: None,
    guidance: "Tell the parents or carers unless that would put a child at risk. If they \
        were not told, say why.",
    fields: &[
        field(
            "told",
            "Parents were told",
            FieldKind::YesNo,
            Needed::Always,
        ),
        field("on", "When", FieldKind::Date, Needed::When("told", "yes")),
        field(
            "why_not",
            "Why not",
            FieldKind::Long,
            Needed::When("told", "no"),
        ),
    ],
};

/// A step's fields with a referral among them: who it went to, when, and their reference (the
/// fields the server copies into the record's referrals), asked when `trigger` has `value`,
/// the form starting with `agency` chosen.
macro_rules! with_referral {
    ([$($before:expr),* $(,)?], $trigger:literal => $value:literal, $agency:expr, [$($after:expr),* $(,)?]) => {
        &[
            $($before,)*
            $crate::procedure::field(
                "to",
                "Referred to",
                $crate::procedure::FieldKind::Agency,
                $crate::procedure::Needed::When($trigger, $value),
            )
            .starting($agency),
            $crate::procedure::field(
                "on",
                "Referred on",
                $crate::procedure::FieldKind::Date,
                $crate::procedure::Needed::When($trigger, $value),
            ),
            $crate::procedure::field(
                "reference",
                "Their reference",
                $crate::procedure::FieldKind::Short,
                $crate::procedure::Needed::Optional,
            ),
            $($after,)*
        ]
    };
}
pub(super) use with_referral;
