//! Turning a tablet's sync batch into stored records: open each sealed item, parse it with the
//! protocol types, validate it, and answer per item. One bad item never blocks the rest.

use std::collections::HashMap;

use kite_protocol::agreement::{AgreementKind, Signers};
use kite_protocol::child_reply::ChildReply;
use kite_protocol::class_check::ClassCheck;
use kite_protocol::lesson_record::LessonRecord;
use kite_protocol::pupil_signature::PupilSignature;
use kite_protocol::report::Report;
use kite_protocol::sealed::{self, SecretKey};
use kite_protocol::survey::SurveyAnswer;
use kite_protocol::sync::{Ack, AckStatus, ItemKind, SyncBatch, SyncItem};

use crate::answer_codes::code_hash;
use crate::child_replies::match_reply;
use crate::ids::{ClassId, DeviceId, PupilId};
use crate::storage::ingest_refs::{IngestRefs, Wanted};
use crate::storage::reports::child_replies::NewChildReply;
use crate::storage::surveys::NewSurveyAnswer;
use crate::storage::NewPupilSignature;
use crate::storage::{NewClassCheck, NewLessonRecord, NewReport, StorageError, Store, Written};

/// What one item became before storage.
enum Checked {
    Report(NewReport),
    /// With the class id the tablet was set up with, still to be matched to the class list.
    LessonDone(NewLessonRecord, Option<i64>),
    AupSigned(NewPupilSignature),
    /// With the class id the whiteboard was set up with, still to be matched to the class list.
    ClassCheck(NewClassCheck, Option<i64>),
    /// A child's reply, with its ticket still to be matched to an answer in date.
    ChildReply(uuid::Uuid, ChildReply),
    /// A reply matched to its record.
    ChildReplyFor(NewChildReply),
    /// A pupil's survey answer, still to be checked against its survey.
    SurveyAnswer(NewSurveyAnswer),
    /// A reply whose ticket matched no answer in date: kept nowhere.
    Discarded,
    Rejected(String),
}

fn check_item(secret_key: &SecretKey, item: &SyncItem) -> Checked {
    if let Err(e) = item.validate_envelope() {
        return Checked::Rejected(e.to_string());
    }
    let plaintext = match sealed::open(secret_key, &item.sealed) {
        Ok(p) => p,
        Err(e) => return Checked::Rejected(e.to_string()),
    };
    match item.kind {
        ItemKind::Report => {
            let report: Report = match serde_json::from_slice(&plaintext) {
                Ok(r) => r,
                // serde's message names the field and the unknown value, never other content.
                Err(e) => return Checked::Rejected(format!("report: {e}")),
            };
            if let Err(e) = report.validate() {
                return Checked::Rejected(format!("report: {e}"));
            }
            let what = serde_json::to_value(report.what)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            Checked::Report(NewReport {
                id: item.id,
                urgent: report.is_urgent(),
                what,
                // Re-serialised from the validated type: only known fields are kept.
                payload: serde_json::to_string(&report).expect("a report always serialises"),
            })
        }
        ItemKind::LessonDone => {
            let record: LessonRecord = match serde_json::from_slice(&plaintext) {
                Ok(r) => r,
                Err(e) => return Checked::Rejected(format!("lesson record: {e}")),
            };
            if let Err(e) = record.validate() {
                return Checked::Rejected(format!("lesson record: {e}"));
            }
            let band = serde_json::to_value(record.band)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            Checked::LessonDone(
                NewLessonRecord {
                    id: item.id,
                    lesson_id: record.lesson_id.clone(),
                    band,
                    class_label: record.class().map(str::to_owned),
                    by: record.by.as_str().to_string(),
                    completed_at_ms: record.completed_at_ms,
                },
                record.class_id,
            )
        }
        ItemKind::AupSigned => {
            let sig: PupilSignature = match serde_json::from_slice(&plaintext) {
                Ok(s) => s,
                Err(e) => return Checked::Rejected(format!("AUP signature: {e}")),
            };
            if let Err(e) = sig.validate() {
                return Checked::Rejected(format!("AUP signature: {e}"));
            }
            Checked::AupSigned(NewPupilSignature {
                id: item.id,
                pupil_id: PupilId(sig.pupil_id),
                version_id: sig.version_id,
                mark_kind: sig.mark.kind_str(),
                mark: sig.mark.value().to_string(),
                signed_at_ms: sig.signed_at_ms,
            })
        }
        ItemKind::ClassCheck => {
            let check: ClassCheck = match serde_json::from_slice(&plaintext) {
                Ok(c) => c,
                Err(e) => return Checked::Rejected(format!("class check: {e}")),
            };
            if let Err(e) = check.validate() {
                return Checked::Rejected(format!("class check: {e}"));
            }
            Checked::ClassCheck(
                NewClassCheck {
                    id: item.id,
                    class_label: check.class().unwrap_or_default().to_owned(),
                    lesson_id: check.lesson_id.clone(),
                    outcome: check.outcome,
                    answer: check.answer.as_str().to_string(),
                    answered_at_ms: check.answered_at_ms,
                },
                check.class_id,
            )
        }
        ItemKind::ChildReply => {
            let reply: ChildReply = match serde_json::from_slice(&plaintext) {
                Ok(r) => r,
                Err(e) => return Checked::Rejected(format!("child's reply: {e}")),
            };
            if let Err(e) = reply.validate() {
                return Checked::Rejected(format!("child's reply: {e}"));
            }
            Checked::ChildReply(item.id, reply)
        }
        ItemKind::SurveyAnswer => {
            let answer: SurveyAnswer = match serde_json::from_slice(&plaintext) {
                Ok(a) => a,
                Err(e) => return Checked::Rejected(format!("survey answer: {e}")),
            };
            if let Err(e) = answer.validate() {
                return Checked::Rejected(format!("survey answer: {e}"));
            }
            Checked::SurveyAnswer(NewSurveyAnswer {
                id: item.id,
                answer,
            })
        }
    }
}

/// A pupil's answer counts only for a pupils' survey on this server, answered as it asks. It is
/// not refused for arriving after the survey closed: a tablet offline for a while sends late
/// what a pupil answered while it was open.
async fn check_survey_answer(
    storage: &Store,
    answer: &SurveyAnswer,
) -> Result<Option<String>, StorageError> {
    let Some(survey) = storage.survey(answer.survey_id).await? else {
        return Ok(Some(format!(
            "survey answer: survey {} is not on this server",
            answer.survey_id
        )));
    };
    if survey.audience.band().is_none() {
        return Ok(Some("survey answer: that survey is not for pupils".into()));
    }
    Ok(answer
        .validate_for(&survey)
        .err()
        .map(|e| format!("survey answer: {e}")))
}

/// A signature names a pupil and a version by id: both must exist (a tablet that cached an old
/// class list may name a pupil since removed, or a server rebuilt from scratch may not know the
/// version). Rejected items stay on the tablet, shown on /setup, so nothing is silently lost.
fn check_signature_refs(refs: &IngestRefs, sig: &NewPupilSignature) -> Option<String> {
    let Some(pupil) = refs.pupils.get(&sig.pupil_id) else {
        return Some(format!(
            "AUP signature: pupil {} is not on any class list on this server",
            sig.pupil_id
        ));
    };
    let not_theirs = || {
        Some(format!(
            "AUP signature: version {} is not a pupil AUP, nor an agreement of the school's \
             that pupil {} signs, on this server",
            sig.version_id, sig.pupil_id
        ))
    };
    let Some(v) = refs.versions.get(&sig.version_id) else {
        return not_theirs();
    };
    if v.kind == AgreementKind::Pupil {
        return None;
    }
    // A school's own agreement, signed by the pupils of one band. One retired since the pupil
    // signed it offline still counts: the signature was made while it was asked.
    let Some(kind) = refs.kinds.get(&v.kind) else {
        return not_theirs();
    };
    let Some(class) = refs.classes.get(&pupil.class_id) else {
        return not_theirs();
    };
    if kind.signers == Signers::Pupils && kind.band == Some(class.band) {
        None
    } else {
        not_theirs()
    }
}

/// What a batch's items name, looked up together before any item is checked against them.
fn wanted(checked: &[Checked]) -> Wanted {
    let mut wanted = Wanted::default();
    for c in checked {
        match c {
            Checked::AupSigned(sig) => {
                wanted.pupils.push(sig.pupil_id);
                wanted.versions.push(sig.version_id);
            }
            Checked::LessonDone(_, Some(class_id)) | Checked::ClassCheck(_, Some(class_id)) => {
                wanted.classes.push(ClassId(*class_id));
            }
            _ => {}
        }
    }
    wanted
}

/// The class a lesson record is kept under: the name on the school's class list, because the
/// register, coverage and the parents' corner find lessons by it. A tablet set up from the list
/// sends the class's id; an older tablet sends only what was typed, which counts only when it is a
/// class's name. Anything else is recorded with no class (and logged): a name that matches no
/// class would look recorded while reaching no one. The lesson itself is still kept.
///
/// Ids were looked up with the batch (`refs`); a name, from older tablets only, is looked up here
/// once a batch (`by_name`).
async fn class_on_the_list(
    storage: &Store,
    refs: &IngestRefs,
    by_name: &mut HashMap<String, Option<String>>,
    label: Option<&str>,
    class_id: Option<i64>,
) -> Result<Option<String>, StorageError> {
    let found = match (class_id, label) {
        (Some(id), _) => refs.classes.get(&ClassId(id)).map(|c| c.name.clone()),
        (None, Some(label)) => match by_name.get(label) {
            Some(found) => found.clone(),
            None => {
                let found = storage.class_by_name(label).await?.map(|c| c.name);
                by_name.insert(label.to_owned(), found.clone());
                found
            }
        },
        (None, None) => return Ok(None),
    };
    if found.is_none() {
        tracing::warn!(
            ?class_id,
            ?label,
            "lesson record names a class not on the class list; recorded with no class"
        );
    }
    Ok(found)
}

impl Checked {
    fn id(&self) -> Option<uuid::Uuid> {
        match self {
            Checked::Report(r) => Some(r.id),
            Checked::LessonDone(r, _) => Some(r.id),
            Checked::AupSigned(s) => Some(s.id),
            Checked::ClassCheck(c, _) => Some(c.id),
            Checked::ChildReplyFor(r) => Some(r.id),
            Checked::SurveyAnswer(a) => Some(a.id),
            Checked::ChildReply(..) | Checked::Discarded | Checked::Rejected(_) => None,
        }
    }
}

/// The code hashes of the stored reports whose children asked for an answer. Committed before
/// any ack, so a report the tablet forgets has its code kept (a retry after a failure here finds
/// the report a duplicate and keeps the code then).
async fn keep_answer_codes(
    storage: &Store,
    secret_key: &SecretKey,
    batch: &SyncBatch,
    reports: &[NewReport],
    now_ms: i64,
) -> Result<(), StorageError> {
    let codes: Vec<(String, String)> = batch
        .items
        .iter()
        .filter(|item| reports.iter().any(|r| r.id == item.id))
        .filter_map(|item| {
            let code = item.answer_code.as_ref()?;
            Some((item.id.to_string(), code_hash(secret_key, code)))
        })
        .collect();
    if codes.is_empty() {
        return Ok(());
    }
    storage.store_answer_codes(&codes, now_ms).await
}

/// Acks in the order of the batch's items. Storage errors fail the whole batch (the tablet keeps
/// everything and retries), so an ack is only ever sent for a committed write. A batch may mix
/// kinds: reports are committed, then lesson records, AUP signatures, class checks and children's
/// replies, and only then is anything acknowledged.
pub async fn ingest(
    storage: &Store,
    secret_key: &SecretKey,
    device_id: DeviceId,
    received_at_ms: i64,
    batch: &SyncBatch,
) -> Result<Vec<Ack>, StorageError> {
    let mut checked: Vec<Checked> = batch
        .items
        .iter()
        .map(|item| check_item(secret_key, item))
        .collect();
    let refs = storage.ingest_refs(wanted(&checked)).await?;
    let mut by_name = HashMap::new();
    // Read only when a reply came, and once for the batch: the answers still in date.
    let mut answered = None;
    for c in &mut checked {
        match c {
            Checked::AupSigned(sig) => {
                if let Some(reason) = check_signature_refs(&refs, sig) {
                    *c = Checked::Rejected(reason);
                }
            }
            Checked::LessonDone(record, class_id) => {
                let label = record.class_label.as_deref();
                record.class_label =
                    class_on_the_list(storage, &refs, &mut by_name, label, *class_id).await?;
            }
            // An answer is only any use under a class the knowledge map can find, so one that
            // names no class on the list stays on the whiteboard with the reason, to be seen.
            Checked::ClassCheck(check, class_id) => {
                let label = Some(check.class_label.as_str()).filter(|l| !l.is_empty());
                match class_on_the_list(storage, &refs, &mut by_name, label, *class_id).await? {
                    Some(name) => check.class_label = name,
                    None => {
                        *c = Checked::Rejected(
                            "class check: that class is not on this school's class list; choose the class again on the whiteboard".into(),
                        )
                    }
                }
            }
            Checked::SurveyAnswer(a) => {
                if let Some(reason) = check_survey_answer(storage, &a.answer).await? {
                    *c = Checked::Rejected(reason);
                }
            }
            Checked::ChildReply(id, reply) => {
                if answered.is_none() {
                    answered = Some(storage.answered_codes(received_at_ms).await?);
                }
                let answered = answered.as_deref().unwrap_or_default();
                *c = match match_reply(secret_key, answered, *id, reply) {
                    Some(found) => Checked::ChildReplyFor(found),
                    None => Checked::Discarded,
                };
            }
            _ => {}
        }
    }

    // A batch may repeat an id (a confused client): store the first, call the rest duplicates.
    let mut seen = std::collections::HashSet::new();
    let mut reports: Vec<NewReport> = Vec::new();
    let mut records: Vec<NewLessonRecord> = Vec::new();
    let mut signatures: Vec<NewPupilSignature> = Vec::new();
    let mut class_checks: Vec<NewClassCheck> = Vec::new();
    let mut replies: Vec<NewChildReply> = Vec::new();
    let mut survey_answers: Vec<NewSurveyAnswer> = Vec::new();
    for c in &checked {
        if !c.id().is_some_and(|id| seen.insert(id)) {
            continue;
        }
        match c {
            Checked::Report(r) => reports.push(r.clone()),
            Checked::LessonDone(r, _) => records.push(r.clone()),
            Checked::AupSigned(s) => signatures.push(s.clone()),
            Checked::ClassCheck(c, _) => class_checks.push(c.clone()),
            Checked::ChildReplyFor(r) => replies.push(r.clone()),
            Checked::SurveyAnswer(a) => survey_answers.push(a.clone()),
            Checked::ChildReply(..) | Checked::Discarded | Checked::Rejected(_) => {}
        }
    }
    let mut outcome: std::collections::HashMap<uuid::Uuid, Written> =
        std::collections::HashMap::new();
    if !reports.is_empty() {
        let written = storage
            .store_reports(device_id, received_at_ms, &reports)
            .await?;
        outcome.extend(reports.iter().map(|r| r.id).zip(written));
        keep_answer_codes(storage, secret_key, batch, &reports, received_at_ms).await?;
    }
    if !records.is_empty() {
        let written = storage
            .store_lesson_records(device_id, received_at_ms, &records)
            .await?;
        outcome.extend(records.iter().map(|r| r.id).zip(written));
    }
    if !signatures.is_empty() {
        let written = storage
            .store_pupil_signatures(device_id, received_at_ms, &signatures)
            .await?;
        outcome.extend(signatures.iter().map(|s| s.id).zip(written));
    }
    if !class_checks.is_empty() {
        let written = storage
            .store_class_checks(device_id, received_at_ms, &class_checks)
            .await?;
        outcome.extend(class_checks.iter().map(|c| c.id).zip(written));
    }
    if !replies.is_empty() {
        let written = storage
            .store_child_replies(received_at_ms, &replies)
            .await?;
        outcome.extend(replies.iter().map(|r| r.id).zip(written));
    }
    if !survey_answers.is_empty() {
        let written = storage.store_survey_answers(&survey_answers).await?;
        outcome.extend(survey_answers.iter().map(|a| a.id).zip(written));
    }

    let mut first_seen = std::collections::HashSet::new();
    Ok(batch
        .items
        .iter()
        .zip(checked)
        .map(|(item, checked)| match checked {
            Checked::Rejected(reason) => Ack {
                id: item.id,
                status: AckStatus::Rejected,
                reason: Some(reason),
            },
            Checked::Discarded => Ack {
                id: item.id,
                status: AckStatus::Discarded,
                reason: None,
            },
            Checked::Report(_)
            | Checked::LessonDone(..)
            | Checked::AupSigned(_)
            | Checked::ClassCheck(..)
            | Checked::ChildReply(..)
            | Checked::ChildReplyFor(_)
            | Checked::SurveyAnswer(_) => {
                let status = match outcome.get(&item.id) {
                    Some(Written::Stored) if first_seen.insert(item.id) => AckStatus::Stored,
                    _ => AckStatus::Duplicate,
                };
                Ack {
                    id: item.id,
                    status,
                    reason: None,
                }
            }
        })
        .collect())
}
