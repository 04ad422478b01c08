//! A demo school for people evaluating Kite (`kite-server serve --demo`): trusted adults, a demo
//! tablet whose token is written to the data dir, a few sample reports, and demo staff sign-ins
//! (also written to the data dir). Only seeded into an empty database, so it never mixes with a
//! real school's records.

use std::path::Path;

use kite_protocol::device::TrustedAdult;
use kite_protocol::report::{Feeling, Place, Report, Reporter, TalkTo, WhatHappened};
use kite_protocol::Band;
use uuid::Uuid;

use crate::auth::device_token::enrol;
use crate::clock::now_ms;
use crate::ids::{ClassId, PupilId, StaffId};
use crate::state::AppState;
use crate::storage::{NewReport, SchoolProfile, Store};

pub const DEMO_TOKEN_FILE: &str = "demo-device-token.txt";

pub async fn seed_if_empty(state: &AppState, data_dir: &Path) -> anyhow::Result<()> {
    let storage = &state.storage;
    if !storage.list_devices().await?.is_empty() {
        return Ok(());
    }
    storage
        .set_school_profile(&SchoolProfile {
            name: "Kite Demo Primary".into(),
            idle_timeout_secs: 90,
            trusted_adults: vec![
                adult("khan", "Mrs Khan", "Class teacher"),
                adult("obi", "Mr Obi", "Headteacher"),
                adult("lewis", "Ms Lewis", "Teaching assistant"),
            ],
        })
        .await?;
    let (device_id, token) = enrol(storage, "Demo tablet (Year 2)").await?;
    std::fs::write(data_dir.join(DEMO_TOKEN_FILE), format!("{token}\n"))?;

    let now = now_ms();
    let samples = [
        (
            WhatHappened::SomeoneWasUnkind,
            Place::Game,
            Feeling::Sad,
            Some("They said I can't play"),
        ),
        (
            WhatHappened::WantsToMeetMe,
            Place::Messages,
            Feeling::Confused,
            None,
        ),
        (
            WhatHappened::SawSomethingUpsetting,
            Place::Video,
            Feeling::Scared,
            None,
        ),
    ];
    let reports: Vec<NewReport> = samples
        .into_iter()
        .map(|(what, place, feeling, words)| {
            let report = pupil_report(what, place, feeling, words, Some(Band::Ks1), now);
            NewReport {
                id: Uuid::new_v4(),
                urgent: report.is_urgent(),
                what: serde_json::to_value(what).unwrap().as_str().unwrap().into(),
                payload: serde_json::to_string(&report).unwrap(),
            }
        })
        .collect();
    storage.store_reports(device_id, now, &reports).await?;
    seed_demo_staff(state, data_dir).await?;
    seed_demo_classes(state).await?;
    Ok(())
}

/// A pupil's report as a kiosk tablet makes it: anonymous, to any grown-up.
pub fn pupil_report(
    what: WhatHappened,
    place: Place,
    feeling: Feeling,
    words: Option<&str>,
    band: Option<Band>,
    made_at_ms: i64,
) -> Report {
    Report {
        what,
        place: Some(place),
        feeling: Some(feeling),
        words: words.map(str::to_owned),
        drawing_png: None,
        web_address: None,
        talk_to: TalkTo::AnyGrownUp,
        reporter: Reporter::Anonymous,
        band,
        made_at_ms,
    }
}

/// Two classes with made-up first names, so the kiosk's "Find your name" and the register have
/// something to show. The demo teacher teaches Oak.
async fn seed_demo_classes(state: &AppState) -> anyhow::Result<()> {
    let storage = &state.storage;
    let teacher = storage.staff_by_email("teacher@demo.school").await?;
    for (class, band, names) in [
        (
            "Oak",
            Band::Ks1,
            ["Ava B", "Ben C", "Chloe D", "Dev E", "Ella F", "Finn G"],
        ),
        (
            "Willow",
            Band::Ks2,
            ["Grace H", "Harry J", "Isla K", "Jay L", "Kai M", "Lena N"],
        ),
    ] {
        let teacher = teacher.as_ref().filter(|_| class == "Oak").map(|t| t.id);
        add_class(storage, class, band, &names, teacher, now_ms()).await?;
    }
    Ok(())
}

/// A class made by [`add_class`]: its id and its pupils' ids, in the order given.
pub struct NewClass {
    pub id: ClassId,
    pub pupils: Vec<(String, PupilId)>,
}

/// A class with pupils ("Ava B": a first name and a last initial), taught by the staff member
/// `teacher` if given. `None` when a class of that name is already there.
pub async fn add_class(
    storage: &Store,
    name: &str,
    band: Band,
    pupils: &[&str],
    teacher: Option<StaffId>,
    now_ms: i64,
) -> anyhow::Result<Option<NewClass>> {
    use kite_protocol::classes::check_pupil_name;
    let names = pupils
        .iter()
        .map(|n| {
            let n = n.trim();
            let (first, initial) = n.split_once(' ').unwrap_or((n, ""));
            check_pupil_name(first, initial).map_err(|e| anyhow::anyhow!("{n:?}: {e}"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let Some(id) = storage.create_class(name, band, now_ms).await? else {
        return Ok(None);
    };
    let ids = storage.add_pupils(id, &names, now_ms).await?;
    if let Some(teacher) = teacher {
        storage.add_class_teacher(id, teacher).await?;
    }
    let pupils = names
        .into_iter()
        .zip(ids)
        .filter_map(|(n, id)| Some((n.first_name, id?)))
        .collect();
    Ok(Some(NewClass { id, pupils }))
}

pub const DEMO_STAFF_FILE: &str = "demo-staff-logins.txt";

/// A DSL, an admin, a teacher and a governor, each with a random password written to the data dir (never a
/// fixed one: a demo server left running must not be open to anyone who read the docs).
async fn seed_demo_staff(state: &AppState, data_dir: &Path) -> anyhow::Result<()> {
    use kite_protocol::staff::Role;
    let mut lines = String::from("Demo staff sign-ins for /staff (made by --demo):\n");
    for (email, name, role) in [
        ("dsl@demo.school", "Mrs Khan (DSL)", Role::Dsl),
        ("admin@demo.school", "Mr Patel (admin)", Role::Admin),
        ("teacher@demo.school", "Ms Lewis (teacher)", Role::Teacher),
        ("governor@demo.school", "Mr Osei (governor)", Role::Governor),
    ] {
        let password = crate::auth::staff::random_token()[..16].to_string();
        let hash = state.hasher.hash(&password).await?;
        if let Some(id) = state
            .storage
            .create_staff(email, name, role, &hash, now_ms())
            .await?
        {
            crate::agreements::assign_for_role(&state.storage, id, role).await?;
            lines.push_str(&format!("  {}\t{email}\t{password}\n", role.as_str()));
        }
    }
    std::fs::write(data_dir.join(DEMO_STAFF_FILE), lines)?;
    Ok(())
}

fn adult(id: &str, name: &str, role: &str) -> TrustedAdult {
    TrustedAdult {
        id: id.into(),
        name: name.into(),
        role: role.into(),
        photo: None,
    }
}
