//! The training register worked out from its rows: who is on it (every staff account of the
//! school, and the adults added by name), where each stands on each kind of training by the
//! renewal rules in [`kite_protocol::training`], which documents are current and who has read
//! them. The register page, the home pages' due list, the CSV and the governors' percentages are
//! all read from the one [`TrainingRegister`] built here.

use std::collections::HashMap;

use kite_protocol::staff::Role;
use kite_protocol::training::{
    DueItem, KindRule, PersonRef, ReadLine, ReadingDocument, RegisterPerson, Renewal,
    TrainingCompletion, TrainingDue, TrainingKind, TrainingLine, TrainingRegister, TrainingState,
};
use time::Date;

use crate::calendar::{add_months, parse_iso, ymd};
use crate::storage::training::{DocumentRow, TrainingRecordRow};
use crate::storage::{Result, Store};

/// When training done on `done` is due again; `None` when it never is (induction).
pub fn due_on(kind: TrainingKind, done: Date) -> Option<Date> {
    match kind.renewal() {
        Renewal::Once => None,
        Renewal::Months(m) => Some(add_months(done, m.into())),
        Renewal::EachSeptember => {
            // The school year it was read in starts in September; it is read again by the end
            // of the next September.
            let starts = if u8::from(done.month()) >= 9 {
                done.year()
            } else {
                done.year() - 1
            };
            ymd(starts + 1, 9, 30)
        }
    }
}

/// Where someone stands on a kind: from the day it was last done (if ever), whether their role
/// needs it, and today. Due within the next calendar month is "due soon"; past its day, overdue.
pub fn standing(
    kind: TrainingKind,
    needed: bool,
    done: Option<Date>,
    today: Date,
) -> (TrainingState, Option<Date>) {
    let Some(done) = done else {
        let state = if needed {
            TrainingState::NotRecorded
        } else {
            TrainingState::NotNeeded
        };
        return (state, None);
    };
    let due = due_on(kind, done);
    let state = match due {
        Some(due) if due < today => TrainingState::Overdue,
        Some(due) if due <= add_months(today, 1) => TrainingState::DueSoon,
        _ => TrainingState::UpToDate,
    };
    (state, due)
}

/// Every version of every document, each numbered from 1 along its chain of versions.
pub fn numbered_documents(rows: &[DocumentRow]) -> Vec<(ReadingDocument, Option<TrainingKind>)> {
    let mut version: HashMap<i64, i64> = HashMap::new();
    // Rows come oldest first, so a version's predecessor is always numbered before it.
    for d in rows {
        let v = d
            .replaces
            .and_then(|r| version.get(&r))
            .map_or(1, |v| v + 1);
        version.insert(d.id, v);
    }
    rows.iter()
        .map(|d| {
            (
                ReadingDocument {
                    id: d.id,
                    title: d.title.clone(),
                    link: d.link.clone(),
                    version: version[&d.id],
                    published_at_ms: d.published_at_ms,
                    file_id: d.file_id,
                },
                d.counts_as.as_deref().and_then(TrainingKind::parse),
            )
        })
        .collect()
}

/// The documents as they stand now: each one's newest version.
pub fn current_documents(rows: &[DocumentRow]) -> Vec<(ReadingDocument, Option<TrainingKind>)> {
    numbered_documents(rows)
        .into_iter()
        .filter(|(d, _)| !rows.iter().any(|later| later.replaces == Some(d.id)))
        .collect()
}

/// The records shown: every record no correction has replaced.
pub fn shown_records(rows: &[TrainingRecordRow]) -> Vec<&TrainingRecordRow> {
    rows.iter()
        .filter(|r| !rows.iter().any(|c| c.replaces == Some(r.id)))
        .collect()
}

fn who_of(r: &TrainingRecordRow) -> PersonRef {
    PersonRef {
        staff_id: r.staff_id,
        person_id: r.person_id,
    }
}

/// The whole register as of `today`.
pub async fn register(store: &Store, today: Date) -> Result<TrainingRegister> {
    let staff = store.list_staff().await?;
    let people = store.training_people().await?;
    let records = store.training_records().await?;
    let documents = current_documents(&store.reading_documents().await?);
    let confirmations = store.reading_confirmations().await?;

    // The latest day each person did each kind, by the records shown.
    let mut latest: HashMap<(PersonRef, TrainingKind), &TrainingRecordRow> = HashMap::new();
    for r in shown_records(&records) {
        let Some(kind) = TrainingKind::parse(&r.kind) else {
            continue;
        };
        let slot = latest.entry((who_of(r), kind)).or_insert(r);
        if r.completed_on > slot.completed_on {
            *slot = r;
        }
    }

    let mut adults: Vec<(PersonRef, String, String, bool)> = staff
        .iter()
        .filter(|s| !s.disabled && s.role != Role::Trust)
        .map(|s| {
            (
                PersonRef {
                    staff_id: Some(s.id.0),
                    person_id: None,
                },
                s.name.clone(),
                s.role.label().to_string(),
                s.role == Role::Dsl,
            )
        })
        .collect();
    adults.extend(people.iter().map(|p| {
        (
            PersonRef {
                staff_id: None,
                person_id: Some(p.id),
            },
            p.name.clone(),
            p.role.clone(),
            false,
        )
    }));
    adults.sort_by_key(|a| a.1.to_lowercase());

    let people = adults
        .into_iter()
        .map(|(who, name, role, is_dsl)| {
            let training = TrainingKind::ALL
                .into_iter()
                .map(|kind| {
                    let record = latest.get(&(who, kind));
                    let done = record.and_then(|r| parse_iso(&r.completed_on));
                    let needed = is_dsl || !kind.needed_by_dsl_only();
                    let (state, due) = standing(kind, needed, done, today);
                    TrainingLine {
                        kind,
                        state,
                        completed_on: done.map(|d| d.to_string()),
                        due_on: due.map(|d| d.to_string()),
                        provider: record.map(|r| r.provider.clone()).unwrap_or_default(),
                        record_id: record.map(|r| r.id),
                        certificate_file: record.and_then(|r| r.certificate_file),
                    }
                })
                .collect();
            // Only someone with a sign-in can confirm reading in Kite.
            let read = documents
                .iter()
                .filter(|_| who.staff_id.is_some())
                .map(|(d, _)| ReadLine {
                    document_id: d.id,
                    confirmed_at_ms: confirmations
                        .iter()
                        .find(|c| Some(c.staff_id) == who.staff_id && c.document_id == d.id)
                        .map(|c| c.confirmed_at_ms),
                })
                .collect();
            RegisterPerson {
                who,
                name,
                role,
                training,
                read,
            }
        })
        .collect();

    Ok(TrainingRegister {
        today: today.to_string(),
        kinds: TrainingKind::ALL
            .into_iter()
            .map(|kind| KindRule {
                kind,
                label: kind.label().into(),
                renewal: kind.renewal_text(),
            })
            .collect(),
        documents: documents.into_iter().map(|(d, _)| d).collect(),
        people,
    })
}

/// What is overdue (or needed and never recorded), and what falls due in the next month, soonest
/// first.
pub fn due(register: &TrainingRegister) -> TrainingDue {
    let mut due = TrainingDue::default();
    for p in &register.people {
        for line in &p.training {
            let item = DueItem {
                name: p.name.clone(),
                kind: line.kind,
                state: line.state,
                due_on: line.due_on.clone(),
            };
            match line.state {
                TrainingState::Overdue | TrainingState::NotRecorded => due.overdue.push(item),
                TrainingState::DueSoon => due.due_soon.push(item),
                TrainingState::UpToDate | TrainingState::NotNeeded => {}
            }
        }
    }
    // Dated items first, oldest due first; never recorded after them.
    let order = |i: &DueItem| (i.due_on.is_none(), i.due_on.clone(), i.name.clone());
    due.overdue.sort_by_key(order);
    due.due_soon.sort_by_key(order);
    due
}

/// Each kind's completion: of the adults who need it, how many are up to date (due soon still
/// counts: it isn't late yet).
pub fn completion(register: &TrainingRegister) -> Vec<TrainingCompletion> {
    TrainingKind::ALL
        .into_iter()
        .map(|kind| {
            let lines = register
                .people
                .iter()
                .flat_map(|p| p.training.iter().filter(|l| l.kind == kind));
            let (mut people, mut up_to_date) = (0, 0);
            for l in lines {
                match l.state {
                    TrainingState::NotNeeded => {}
                    TrainingState::UpToDate | TrainingState::DueSoon => {
                        people += 1;
                        up_to_date += 1;
                    }
                    TrainingState::Overdue | TrainingState::NotRecorded => people += 1,
                }
            }
            TrainingCompletion::new(kind, people, up_to_date)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        ymd(y, m, day).unwrap()
    }

    #[test]
    fn each_kind_falls_due_by_its_rule() {
        let done = d(2025, 3, 10);
        assert_eq!(due_on(TrainingKind::Induction, done), None);
        assert_eq!(
            due_on(TrainingKind::AnnualUpdate, done),
            Some(d(2026, 3, 10))
        );
        assert_eq!(
            due_on(TrainingKind::DslTraining, done),
            Some(d(2027, 3, 10))
        );
        assert_eq!(due_on(TrainingKind::Prevent, done), Some(d(2027, 3, 10)));
        assert_eq!(
            due_on(TrainingKind::Safeguarding, done),
            Some(d(2028, 3, 10))
        );
        // Part 1 read in March 2025 (school year 2024-25) is read again by 30 September 2025;
        // read in September 2025, by 30 September 2026.
        assert_eq!(due_on(TrainingKind::KcsiePart1, done), Some(d(2025, 9, 30)));
        assert_eq!(
            due_on(TrainingKind::KcsiePart1, d(2025, 9, 2)),
            Some(d(2026, 9, 30))
        );
    }

    #[test]
    fn overdue_after_the_day_due_soon_within_a_month() {
        let today = d(2026, 6, 15);
        let k = TrainingKind::AnnualUpdate;
        let at = |done| standing(k, true, Some(done), today).0;
        assert_eq!(at(d(2025, 6, 14)), TrainingState::Overdue);
        assert_eq!(at(d(2025, 6, 15)), TrainingState::DueSoon, "due today");
        assert_eq!(at(d(2025, 7, 15)), TrainingState::DueSoon);
        assert_eq!(at(d(2025, 7, 16)), TrainingState::UpToDate);
        assert_eq!(standing(k, true, None, today).0, TrainingState::NotRecorded);
        assert_eq!(
            standing(TrainingKind::DslTraining, false, None, today).0,
            TrainingState::NotNeeded
        );
        assert_eq!(
            standing(TrainingKind::Induction, true, Some(d(2001, 1, 1)), today).0,
            TrainingState::UpToDate
        );
    }
}
