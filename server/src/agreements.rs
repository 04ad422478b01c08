//! The agreements Kite ships with (version 1 of each kind), seeded when the server starts and a
//! kind has no version yet, and turning stored versions into their wire shape. The words are
//! Kite's own, written plainly; a school edits them at `/staff` and publishes its own versions.

use kite_protocol::agreement::{
    AgreementContent, AgreementCorrection, AgreementKind, AgreementVersion, PupilAup, Section,
    Sections, Statement,
};

use crate::ids::StaffId;
use crate::storage::AgreementVersionRecord;
use crate::storage::{StorageError, Store};

fn st(text: &str, read_aloud: &str, picture: &str) -> Statement {
    Statement {
        text: text.into(),
        read_aloud: read_aloud.into(),
        picture: picture.into(),
    }
}

fn section(heading: &str, points: &[&str]) -> Section {
    Section {
        heading: heading.into(),
        points: points.iter().map(|p| p.to_string()).collect(),
    }
}

/// The youngest children: a handful of picture statements, each one idea.
fn early_years() -> Vec<Statement> {
    vec![
        st(
            "I ask a grown-up before I go online.",
            "I ask a grown-up before I go online.",
            "ask_adult",
        ),
        st(
            "I use kind words.",
            "I use kind words, on a screen and off it.",
            "kind_words",
        ),
        st(
            "My name and where I live are private.",
            "My name and where I live are private. I don't tell them to people online.",
            "private",
        ),
        st(
            "If something worries me, I tell a grown-up.",
            "If something on a screen worries me or makes me feel funny inside, I tell a grown-up I trust.",
            "tell_adult",
        ),
    ]
}

fn key_stage_1() -> Vec<Statement> {
    vec![
        st(
            "I ask a grown-up before I go online.",
            "I ask a grown-up before I go online, and I only use the things they say are OK.",
            "ask_adult",
        ),
        st(
            "I use kind words.",
            "I use kind words when I type or talk online, just like in the playground.",
            "kind_words",
        ),
        st(
            "I keep my name, address and school private.",
            "I keep my full name, my address and my school private. I don't share them online.",
            "private",
        ),
        st(
            "I only talk to people I know in real life.",
            "I only talk or play online with people I know in real life.",
            "messages",
        ),
        st(
            "If something worries me, I tell a grown-up.",
            "If I see something that worries me or upsets me, I turn the screen away and tell a grown-up I trust. I won't be in trouble.",
            "tell_adult",
        ),
    ]
}

fn key_stage_2() -> Vec<Statement> {
    vec![
        st(
            "I ask before I go online, and use school devices for school work.",
            "I ask an adult before I go online at school, and I use school tablets and computers for school work.",
            "school_device",
        ),
        st(
            "I keep my passwords secret.",
            "I keep my passwords to myself. I only share them with a parent or carer, and I never use someone else's.",
            "password",
        ),
        st(
            "I keep personal information private.",
            "I don't share my full name, address, school, phone number or photos of myself with people online.",
            "private",
        ),
        st(
            "I only message people I know in real life.",
            "I only message or play with people I know in real life. If someone I don't know contacts me, I tell an adult.",
            "messages",
        ),
        st(
            "I never agree to meet someone I met online.",
            "I never agree to meet someone I only know online. If anyone asks, I tell an adult straight away.",
            "stop_think",
        ),
        st(
            "I ask before I download or install anything.",
            "I ask an adult before I download a file, install an app or click on a pop-up.",
            "download",
        ),
        st(
            "I am kind online.",
            "I am kind and polite online. I don't send or share anything that could hurt someone, and I stand up for people being treated unkindly.",
            "kind_words",
        ),
        st(
            "I think before I believe or share.",
            "Not everything online is true. I think before I believe something, and before I share it.",
            "stop_think",
        ),
        st(
            "If something upsets me, I turn it off and tell.",
            "If I see something upsetting or something that worries me, I turn off the screen or close the page, and tell a trusted adult. I will not be in trouble for telling.",
            "screen_off",
        ),
        st(
            "I know where to get help.",
            "I can always tell a trusted adult. I can also call Childline on 0800 1111, or report to CEOP if someone online makes me feel unsafe.",
            "tell_adult",
        ),
    ]
}

fn staff() -> Sections {
    Sections {
        intro: "School devices, systems and the internet help us teach and keep pupils safe. \
                I agree to use them in the ways below, and I know this agreement protects pupils, \
                colleagues and me."
            .into(),
        sections: vec![
            section(
                "Keeping pupils safe",
                &[
                    "I report any online safety concern about a pupil to the DSL the same day, and record it as the school asks.",
                    "If a pupil finds something unsuitable, I turn off the screen, keep the pupil calm and note the web address for the DSL.",
                    "I supervise pupils' use of devices, and check sites and apps before pupils use them.",
                    "I teach online safety as planned, and remind pupils they can always tell a trusted adult.",
                ],
            ),
            section(
                "Devices, accounts and data",
                &[
                    "I keep my passwords private and lock or sign out of any device I leave.",
                    "I store pupil information only on school systems, never on personal devices or personal accounts.",
                    "I only take photos or videos of pupils on school devices, and only where parents have given consent for that use.",
                    "I don't try to get round the school's filtering or security, and I report anything that seems wrong with it.",
                ],
            ),
            section(
                "Communication and social media",
                &[
                    "I contact pupils and parents only through school systems.",
                    "I don't accept pupils or recent pupils as friends or followers on personal social media.",
                    "What I post online, in or out of school, does not bring the school into disrepute or identify pupils.",
                ],
            ),
            section(
                "If something goes wrong",
                &[
                    "I tell the DSL or headteacher straight away if I know of misuse by anyone, including colleagues.",
                    "I understand that breaking this agreement may lead to disciplinary action.",
                ],
            ),
        ],
    }
}

fn volunteer() -> Sections {
    Sections {
        intro: "Thank you for helping at our school. While you are here, you agree to the following."
            .into(),
        sections: vec![
            section(
                "Keeping pupils safe",
                &[
                    "I tell the member of staff I am working with, or the DSL, about anything that worries me about a pupil, the same day.",
                    "I only use school devices with pupils when a member of staff has asked me to.",
                ],
            ),
            section(
                "Phones, photos and information",
                &[
                    "I don't take photos or videos of pupils on my own phone or device.",
                    "I keep my phone away while I am working with pupils.",
                    "I keep what I learn about pupils and families confidential.",
                ],
            ),
            section(
                "Online",
                &[
                    "I don't contact pupils online or accept them as friends or followers.",
                    "I don't post about pupils or the school's private business online.",
                ],
            ),
        ],
    }
}

fn governor() -> Sections {
    Sections {
        intro: "Governors see confidential information and lead the school's online safety. \
                As a governor, I agree to the following."
            .into(),
        sections: vec![
            section(
                "Information",
                &[
                    "I keep governing body papers and anything about pupils, families or staff confidential and secure.",
                    "I use the school's systems, not personal email, for governing body business where the school provides them.",
                    "I keep my passwords private and lock devices that hold school information.",
                ],
            ),
            section(
                "Online safety oversight",
                &[
                    "I read the reports on online safety incidents and filtering the school gives governors, and ask questions about them.",
                    "I make sure the school reviews this policy and its agreements every year.",
                ],
            ),
            section(
                "Conduct",
                &[
                    "I don't post about the school's private business, pupils or staff online.",
                    "I report any concern about a pupil's safety to the DSL straight away.",
                ],
            ),
        ],
    }
}

fn home_school() -> Sections {
    Sections {
        intro: "Keeping children safe online works best when home and school work together. \
                This is what each of us agrees to."
            .into(),
        sections: vec![
            section(
                "What the school does",
                &[
                    "Teaches online safety in every year group, in words that fit your child's age.",
                    "Filters and supervises the internet your child uses at school.",
                    "Listens when your child tells us something worries them, and acts on it.",
                    "Tells you about concerns that affect your child, and shares tips for home.",
                ],
            ),
            section(
                "What parents and carers do",
                &[
                    "Talk with your child about what they do online, and read the pupil agreement with them.",
                    "Use parental controls and age ratings for games, apps and devices at home.",
                    "Tell the school about anything online that worries you about your child or others.",
                    "Don't post photos or videos of other people's children from school events online.",
                ],
            ),
            section(
                "What your child does",
                &[
                    "Follows the pupil agreement they signed at school.",
                    "Is kind online and keeps personal information private.",
                    "Tells a trusted adult, at home or at school, if something online worries them.",
                ],
            ),
        ],
    }
}

/// For anyone in school for a visit: short enough to read at the office window.
fn visitor() -> Sections {
    Sections {
        intro: "Welcome to our school. Before you use our Wi-Fi or devices, or work near pupils, \
                please read and agree to the following for today's visit."
            .into(),
        sections: vec![
            section(
                "Keeping pupils safe",
                &[
                    "If anything worries me about a pupil's safety, I tell the person I am visiting or the DSL before I leave.",
                    "I only work with pupils where a member of staff can see me, unless the school has agreed otherwise.",
                ],
            ),
            section(
                "Phones and photos",
                &[
                    "I don't take photos, videos or recordings of pupils.",
                    "I use my phone only away from pupils, unless staff ask me to use it for my work.",
                ],
            ),
            section(
                "Wi-Fi, devices and information",
                &[
                    "I use the school's Wi-Fi and any school device only for the work I am here to do.",
                    "I don't try to get round the school's filtering, or look at anything unsuitable for a school.",
                    "I keep anything I see or hear about pupils, families or staff to myself.",
                ],
            ),
            section(
                "Online",
                &["I don't post anything about pupils or the school's private business online."],
            ),
        ],
    }
}

/// Version 1 of each kind, as Kite ships it; a school's own kind starts with the school's words.
pub fn default_content(kind: AgreementKind) -> Option<AgreementContent> {
    Some(match kind {
        AgreementKind::Pupil => AgreementContent::Pupil(PupilAup {
            eyfs: early_years(),
            ks1: key_stage_1(),
            ks2: key_stage_2(),
        }),
        AgreementKind::Staff => AgreementContent::Sections(staff()),
        AgreementKind::Volunteer => AgreementContent::Sections(volunteer()),
        AgreementKind::Governor => AgreementContent::Sections(governor()),
        AgreementKind::HomeSchool => AgreementContent::Sections(home_school()),
        AgreementKind::Visitor => AgreementContent::Sections(visitor()),
        AgreementKind::Custom(_) => return None,
    })
}

/// Publishes Kite's version 1 of every kind that has no version yet. Run at every start; does
/// nothing once a school has its versions.
pub async fn seed_defaults(storage: &Store, now_ms: i64) -> Result<(), StorageError> {
    for kind in AgreementKind::ALL {
        let Some(content) = default_content(kind) else {
            continue;
        };
        if storage.current_agreement(kind).await?.is_none() {
            let json = serde_json::to_string(&content)
                .map_err(|e| StorageError::Corrupt(e.to_string()))?;
            storage
                .publish_agreement(kind, &json, "Kite's first version.", None, now_ms)
                .await?;
        }
    }
    Ok(())
}

/// A new account signs the AUP of its role: governors the governor AUP (seed 003), everyone
/// else the staff one until an admin says volunteer. Called wherever accounts are made.
pub async fn assign_for_role(
    storage: &Store,
    staff_id: StaffId,
    role: kite_protocol::staff::Role,
) -> Result<(), StorageError> {
    if role == kite_protocol::staff::Role::Governor {
        storage
            .set_staff_agreement_kind(staff_id, AgreementKind::Governor)
            .await?;
    }
    Ok(())
}

fn parse_content(id: i64, json: &str) -> Result<AgreementContent, StorageError> {
    serde_json::from_str(json).map_err(|e| StorageError::Corrupt(format!("agreement {id}: {e}")))
}

/// A stored version in its wire shape: the text in force, and the text as first published when
/// a correction has changed it.
pub fn to_wire(r: AgreementVersionRecord) -> Result<AgreementVersion, StorageError> {
    Ok(AgreementVersion {
        content: parse_content(r.id, &r.content)?,
        original: if r.original_content == r.content {
            None
        } else {
            Some(parse_content(r.id, &r.original_content)?)
        },
        corrections: Vec::new(),
        id: r.id,
        kind: r.kind,
        version: r.version,
        summary: r.summary,
        published_at_ms: r.published_at_ms,
        published_by: r.published_by,
    })
}

/// As [`to_wire`], with the version's corrections: who, when, why and what each changed.
pub async fn to_wire_with_corrections(
    storage: &Store,
    r: AgreementVersionRecord,
) -> Result<AgreementVersion, StorageError> {
    let mut before = parse_content(r.id, &r.original_content)?;
    let mut corrections = Vec::new();
    for c in storage.agreement_corrections(r.id).await? {
        let after = parse_content(r.id, &c.content)?;
        corrections.push(AgreementCorrection {
            corrected_at_ms: c.corrected_at_ms,
            corrected_by: c.corrected_by,
            reason: c.reason,
            changes: crate::agreement_changes::describe(&before, &after),
        });
        before = after;
    }
    Ok(AgreementVersion {
        corrections,
        ..to_wire(r)?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_is_valid_for_its_kind() {
        for kind in AgreementKind::ALL {
            let shape = kite_protocol::agreement::ContentShape::of_built_in(kind).unwrap();
            assert_eq!(
                default_content(kind).unwrap().validate_for(shape),
                Ok(()),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn every_pupil_band_ends_with_telling_a_grown_up() {
        if let AgreementContent::Pupil(aup) = default_content(AgreementKind::Pupil).unwrap() {
            for band in kite_protocol::Band::ALL {
                let last = aup.for_band(band).last().unwrap();
                assert_eq!(last.picture, "tell_adult", "{band:?}");
            }
        } else {
            panic!("the pupil AUP is statements");
        }
    }
}

// What changed between two texts, tried on Kite's own pupil agreement. Here rather than beside
// `agreement_changes` so that module needn't name this one (modules depend one way).
#[cfg(test)]
mod change_tests {
    use super::default_content;
    use crate::agreement_changes::{describe, normalise, not_a_correction};
    use kite_protocol::agreement::AgreementKind;
    use kite_protocol::agreement::{AgreementContent, Statement};

    fn pupil() -> kite_protocol::agreement::PupilAup {
        match default_content(AgreementKind::Pupil).unwrap() {
            AgreementContent::Pupil(p) => p,
            _ => unreachable!(),
        }
    }

    #[test]
    fn the_same_words_spaced_differently_are_no_change() {
        let mut spaced = pupil();
        spaced.ks1[0].text = format!("  {}  ", spaced.ks1[0].text.replace(' ', "   "));
        let (a, b) = (
            default_content(AgreementKind::Pupil).unwrap(),
            AgreementContent::Pupil(spaced),
        );
        assert_ne!(a, b);
        assert_eq!(describe(&a, &b), Vec::<String>::new());
        assert_eq!(normalise(&a), normalise(&b));
    }

    #[test]
    fn changes_are_told_in_words() {
        let mut p = pupil();
        p.ks1[1].text = "I use kind words, always.".into();
        p.ks2.remove(0);
        p.eyfs.push(Statement {
            text: "I take turns.".into(),
            read_aloud: "I take turns on the tablet.".into(),
            picture: "kind_words".into(),
        });
        let said = describe(
            &default_content(AgreementKind::Pupil).unwrap(),
            &AgreementContent::Pupil(p),
        );
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(
            said[0].starts_with("EYFS statement 5 added: “I take turns.”"),
            "{said:?}"
        );
        assert!(
            said[1].starts_with(
                "KS1 statement 2 changed: “I use kind words.” → “I use kind words, always.”"
            ),
            "{said:?}"
        );
        assert!(
            said[2].starts_with("KS2 statement removed: “I ask before"),
            "{said:?}"
        );
    }

    #[test]
    fn a_typo_is_a_correction_but_a_new_rule_or_picture_is_not() {
        let old = default_content(AgreementKind::Pupil).unwrap();
        let mut typo = pupil();
        typo.ks2[1].text = "I keep my passwords secret!".into();
        assert_eq!(not_a_correction(&old, &AgreementContent::Pupil(typo)), None);
        let mut rewrite = pupil();
        rewrite.ks2[1].text = "I can share my password with my best friend.".into();
        assert!(not_a_correction(&old, &AgreementContent::Pupil(rewrite))
            .unwrap()
            .contains("more than 12 letters"));
        let mut picture = pupil();
        picture.ks2[1].picture = "private".into();
        assert!(not_a_correction(&old, &AgreementContent::Pupil(picture))
            .unwrap()
            .contains("picture"));
        let mut fewer = pupil();
        fewer.ks2.pop();
        assert!(not_a_correction(&old, &AgreementContent::Pupil(fewer))
            .unwrap()
            .contains("add, remove"));
    }
}
