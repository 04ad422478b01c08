//! Misuse by a pupil (seeds 001 and 002): what happened and which of our rules it broke, the
//! consequence agreed and why, and the parents told, with a letter the DSL can print. A
//! consequence never takes away a child's way to tell a trusted adult: a child who has lost
//! the internet for a week must still be able to tell someone when something goes wrong.

use std::collections::BTreeMap;

use super::shared::PARENTS_TOLD;
use super::{field, Answers, FieldKind, Needed, Procedure, Step};
use crate::staff::Category;
use crate::MONTH_NAMES;

pub const MISUSE: Procedure = Procedure {
    key: "misuse",
    title: "Misuse by a pupil",
    source: "the school's online-safety policy and our rules (the pupils' agreement)",
    suggested_for: &[Category::Misuse],
    steps: &[
        Step {
            key: "what_happened",
            title: "What happened",
            makes_referral: None,
            guidance: "Say what happened in plain words: the letter to the parents uses them. \
                Name the rule from our rules (the agreement the pupils signed). If it points to \
                a safeguarding concern (for example extremist material, or someone contacting \
                the child), follow that procedure too.",
            fields: &[
                field("on", "When it happened", FieldKind::Date, Needed::Always),
                field(
                    "rule",
                    "Which of our rules was broken",
                    FieldKind::Short,
                    Needed::Always,
                ),
                field("what", "What happened", FieldKind::Long, Needed::Always),
                field(
                    "concern",
                    "Does it raise a safeguarding concern?",
                    FieldKind::YesNo,
                    Needed::Always,
                )
                .or_no(),
                field(
                    "concern_what",
                    "What is being done about it",
                    FieldKind::Long,
                    Needed::When("concern", "yes"),
                ),
            ],
        },
        Step {
            key: "consequence",
            title: "The consequence",
            makes_referral: None,
            guidance: "Agree a consequence that is fair, short and explained to the child, with \
                the reason. A consequence never takes away a child's way to tell a trusted \
                adult: even with the internet or a device stopped, the child can still tell any \
                adult in school, use the Tell button, and call Childline on 0800 1111. Tell the \
                child so.",
            fields: &[
                field(
                    "consequence",
                    "The consequence",
                    FieldKind::Long,
                    Needed::Always,
                ),
                field(
                    "reason",
                    "Why this consequence",
                    FieldKind::Long,
                    Needed::Always,
                ),
                field("until", "Until", FieldKind::Date, Needed::Optional),
                field(
                    "can_tell",
                    "The consequence leaves every way to tell a trusted adult open",
                    FieldKind::Tick,
                    Needed::Always,
                ),
                field(
                    "explained",
                    "The child was told the consequence, why, and that they can still always tell",
                    FieldKind::Tick,
                    Needed::Always,
                ),
            ],
        },
        Step {
            guidance: "Tell the parents what happened and the consequence, unless that would \
                put the child at risk: then say why. A letter built from this record can be \
                printed from this page.",
            ..PARENTS_TOLD
        },
    ],
};

/// "1 December 2026", as a letter says a date, from `YYYY-MM-DD`.
fn long_date(iso: &str) -> Option<String> {
    let mut parts = iso.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let month = MONTH_NAMES.get(m.parse::<usize>().ok()?.checked_sub(1)?)?;
    Some(format!("{} {month} {y}", d.parse::<u32>().ok()?))
}

/// The letter to the parents, paragraph by paragraph, from what was recorded: `None` until what
/// happened and the consequence are. Plain and kind, naming only the child (`None`: "your
/// child"), and always saying the child can still tell.
pub fn misuse_letter(
    child: Option<&str>,
    recorded: &BTreeMap<String, Answers>,
) -> Option<Vec<String>> {
    let happened = recorded.get("what_happened")?;
    let consequence = recorded.get("consequence")?;
    let said = |a: &Answers, k: &str| {
        a.get(k)
            .map(String::as_str)
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let (name, starting) = match child {
        Some(c) => (c.to_string(), c.to_string()),
        None => ("your child".to_string(), "Your child".to_string()),
    };
    let on = long_date(&said(happened, "on")).unwrap_or_default();
    let until = consequence
        .get("until")
        .and_then(|d| long_date(d))
        .map(|d| format!(" This lasts until {d}."))
        .unwrap_or_default();
    Some(vec![
        "Dear parent or carer,".to_string(),
        format!(
            "I am writing to let you know about something that happened at school on {on} \
             involving {name}. {}",
            said(happened, "what")
        ),
        format!(
            "It went against one of our rules, which every child in the class has agreed to: \
             \"{}\"",
            said(happened, "rule")
        ),
        format!(
            "What happens now: {}{until} We chose this because: {}",
            said(consequence, "consequence"),
            said(consequence, "reason")
        ),
        format!(
            "This does not change how much we care about {name}. {starting} can still talk to any \
             adult in school at any time, and tell a trusted adult about anything that worries \
             them, online or offline: nothing about this takes that away."
        ),
        format!(
            "It would help if you talked with {name} at home about using the internet safely \
             and kindly. Please get in touch with me at school if you would like to talk about \
             it."
        ),
        "Thank you.".to_string(),
    ])
}

#[cfg(test)]
mod tests {
    use super::super::tests::walk;
    use super::*;

    const HAPPENED: (&str, &[(&str, &str)]) = (
        "what_happened",
        &[
            ("on", "2026-12-01"),
            ("rule", "I only use the websites my teacher says."),
            (
                "what",
                "During a lesson he searched for games and played one instead of his work.",
            ),
            ("concern", "no"),
        ],
    );

    const CONSEQUENCE: &[(&str, &str)] = &[
        (
            "consequence",
            "He works on paper instead of a tablet for the next two lessons.",
        ),
        (
            "reason",
            "So that he can show us he is ready to use the tablets safely again.",
        ),
        ("until", "2026-12-05"),
        ("can_tell", "yes"),
        ("explained", "yes"),
    ];

    #[test]
    fn a_consequence_is_recorded_only_when_it_leaves_every_way_to_tell_open() {
        let without: Vec<_> = CONSEQUENCE
            .iter()
            .copied()
            .filter(|(k, _)| *k != "can_tell")
            .collect();
        let err = walk(&MISUSE, &[HAPPENED, ("consequence", &without[..])]).unwrap_err();
        assert!(err.contains("every way to tell"), "{err}");
        let done = walk(
            &MISUSE,
            &[
                HAPPENED,
                ("consequence", CONSEQUENCE),
                ("parents", &[("told", "yes"), ("on", "2026-12-01")]),
            ],
        )
        .unwrap();
        assert!(MISUSE.missing(&done).is_empty());
        assert_eq!(
            done["what_happened"]["concern"], "no",
            "the form starts at no"
        );
    }

    #[test]
    fn the_letter_is_built_from_what_was_recorded_and_says_the_child_can_still_tell() {
        let happened = walk(&MISUSE, &[HAPPENED]).unwrap();
        assert_eq!(
            misuse_letter(Some("Sam"), &happened),
            None,
            "not before the consequence"
        );
        let done = walk(&MISUSE, &[HAPPENED, ("consequence", CONSEQUENCE)]).unwrap();
        let letter = misuse_letter(Some("Sam"), &done).unwrap().join("\n\n");
        for words in [
            "on 1 December 2026 involving Sam",
            "searched for games",
            "\"I only use the websites my teacher says.\"",
            "works on paper",
            "until 5 December 2026",
            "ready to use the tablets",
            "Sam can still talk to any adult",
        ] {
            assert!(letter.contains(words), "{words} in {letter}");
        }
        let anyone = misuse_letter(None, &done).unwrap().join("\n\n");
        assert!(anyone.contains("Your child can still talk"), "{anyone}");
    }
}
