//! One child's chronology (reads only): every record linked to them through `report_pupils`
//! with its own chronology (`report_events`), `referrals` and `parents_informed`, beside the
//! context a DSL wants: the child's AUP signatures (`pupil_signatures`), their parents'
//! co-signatures (`parent_signatures`), photo consent changes (`photo_consents`) and the lessons
//! their class was taught (`lesson_records`, by class name as the register and coverage find
//! them).
//!
//! A record about several children shows each of them only their own part: the queries here
//! read this child's `report_pupils` row and never another's, and parents-informed rows about
//! another child of the same record are left out.

use std::collections::HashMap;

use kite_protocol::concern::StaffConcern;
use kite_protocol::parents::ParentConcern;
use kite_protocol::pupil_record::{
    ChronologyEntry, ChronologyRecord, RecordAccount, RecordEvent, RecordParentsInformed,
    RecordReferral,
};
use kite_protocol::report::Report;
use kite_protocol::staff::{ActionType, Category, Outcome, Status};
use sqlx::Row;

use super::pupil_record::involvement_from;
use super::{flag, Result, StorageError, Store};
use crate::ids::PupilId;

impl Store {
    /// The child's chronology, oldest first; `class_name` is their class, whose lessons show.
    pub async fn pupil_chronology(
        &self,
        pupil_id: PupilId,
        class_name: &str,
    ) -> Result<Vec<ChronologyEntry>> {
        let mut events = self.linked_events(pupil_id).await?;
        let mut referrals = self.linked_referrals(pupil_id).await?;
        let mut informed = self.linked_parents_informed(pupil_id).await?;
        let mut out = Vec::new();
        let rows = sqlx::query(
            "SELECT r.id, r.source, r.received_at_ms, r.happened_at_ms, r.urgent, r.what, \
                    r.category, r.status, r.outcome, r.outcome_reason, r.not_referred_reason, \
                    r.came_to_light, r.payload, w.name AS written_by, rp.involvement, rp.linked_at_ms, rp.reason, \
                    l.name AS linked_by, \
                    (SELECT COUNT(*) FROM report_pupils o WHERE o.report_id = r.id) AS children \
             FROM report_pupils rp \
             JOIN reports r ON r.id = rp.report_id \
             JOIN staff l ON l.id = rp.linked_by \
             LEFT JOIN staff w ON w.id = r.written_by \
             WHERE rp.pupil_id = $1",
        )
        .bind(pupil_id)
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let id: String = r.get("id");
            let status: String = r.get("status");
            let category: Option<String> = r.get("category");
            let outcome: Option<String> = r.get("outcome");
            let received_at_ms: i64 = r.get("received_at_ms");
            let happened_at_ms: Option<i64> = r.get("happened_at_ms");
            let shared = r.get::<i64, _>("children") > 1;
            let mut record = ChronologyRecord {
                source: r.get("source"),
                received_at_ms,
                happened_at_ms,
                urgent: flag(&r, "urgent"),
                what: r.get("what"),
                category: category.as_deref().and_then(Category::parse),
                status: Status::parse(&status)
                    .ok_or_else(|| StorageError::Corrupt(format!("status {status:?}")))?,
                outcome: outcome.as_deref().and_then(Outcome::parse),
                outcome_reason: r.get("outcome_reason"),
                not_referred_reason: r.get("not_referred_reason"),
                written_by: r.get("written_by"),
                came_to_light: r.get("came_to_light"),
                involvement: involvement_from(&r.get::<String, _>("involvement"))?,
                linked_at_ms: r.get("linked_at_ms"),
                linked_by: r.get("linked_by"),
                link_reason: r.get("reason"),
                shared,
                events: events.remove(&id).unwrap_or_default(),
                referrals: referrals.remove(&id).unwrap_or_default(),
                parents_informed: Vec::new(),
                account: match shared {
                    true => None,
                    false => Some(account(
                        &id,
                        &r.get::<String, _>("source"),
                        r.get("payload"),
                    )),
                },
                report_id: id.clone(),
            };
            for (row, for_this_child) in informed.remove(&id).unwrap_or_default() {
                record.parents_informed.push(if shared && !for_this_child {
                    RecordParentsInformed {
                        who: None,
                        why_not: None,
                        ..row
                    }
                } else {
                    row
                });
            }
            if shared {
                withhold_typed_words(&mut record);
            }
            out.push(ChronologyEntry::Record {
                at_ms: happened_at_ms.unwrap_or(received_at_ms),
                record: Box::new(record),
            });
        }

        let signed = sqlx::query(
            "SELECT s.signed_at_ms, v.version FROM pupil_signatures s \
             JOIN agreement_versions v ON v.id = s.version_id \
             WHERE s.pupil_id = $1 AND v.kind = 'pupil'",
        )
        .bind(pupil_id)
        .fetch_all(&self.pool)
        .await?;
        out.extend(signed.iter().map(|r| ChronologyEntry::AupSigned {
            at_ms: r.get("signed_at_ms"),
            version: r.get("version"),
        }));
        let cosigned = sqlx::query(
            "SELECT signed_at_ms, parent_name FROM parent_signatures WHERE pupil_id = $1",
        )
        .bind(pupil_id)
        .fetch_all(&self.pool)
        .await?;
        out.extend(cosigned.iter().map(|r| ChronologyEntry::ParentCoSigned {
            at_ms: r.get("signed_at_ms"),
            parent_name: r.get("parent_name"),
        }));
        // The school's own agreements: the child's signatures on a tablet, then parents'.
        let own = sqlx::query(
            "SELECT s.signed_at_ms, k.name, v.version, NULL AS parent_name FROM pupil_signatures s \
             JOIN agreement_versions v ON v.id = s.version_id \
             JOIN agreement_kinds k ON k.key = v.kind \
             WHERE s.pupil_id = $1 AND NOT k.built_in \
             UNION ALL \
             SELECT s.signed_at_ms, k.name, v.version, s.parent_name FROM parent_agreement_signatures s \
             JOIN agreement_versions v ON v.id = s.version_id \
             JOIN agreement_kinds k ON k.key = v.kind \
             WHERE s.pupil_id = $2",
        )
        .bind(pupil_id)
        .bind(pupil_id)
        .fetch_all(&self.pool)
        .await?;
        out.extend(own.iter().map(|r| ChronologyEntry::OwnAgreementSigned {
            at_ms: r.get("signed_at_ms"),
            name: r.get("name"),
            version: r.get("version"),
            parent_name: r.get("parent_name"),
        }));
        let consents = sqlx::query(
            "SELECT c.at_ms, c.photo_use, u.name AS use_name, c.granted, c.given_by \
             FROM photo_consents c JOIN consent_uses u ON u.key = c.photo_use WHERE c.pupil_id = $1",
        )
        .bind(pupil_id)
        .fetch_all(&self.pool)
        .await?;
        out.extend(consents.iter().map(|r| ChronologyEntry::PhotoConsent {
            at_ms: r.get("at_ms"),
            photo_use: r.get("photo_use"),
            use_name: r.get("use_name"),
            granted: flag(r, "granted"),
            given_by: r.get("given_by"),
        }));
        out.extend(self.class_coverage(class_name).await?.into_iter().map(|l| {
            ChronologyEntry::Lesson {
                at_ms: l.latest_ms,
                lesson_id: l.lesson_id,
                times: l.times,
                taught_by_teacher: l.taught_by_teacher,
            }
        }));
        out.sort_by_key(ChronologyEntry::at_ms);
        Ok(out)
    }

    /// The chronology entries of every record linked to the child, by record, oldest first.
    async fn linked_events(&self, pupil_id: PupilId) -> Result<HashMap<String, Vec<RecordEvent>>> {
        let rows = sqlx::query(
            "SELECT e.id, e.report_id, e.at_ms, e.staff_name, e.kind, e.action_type, e.detail, \
                    e.due_on, e.refers_to, o.name AS owner \
             FROM report_events e \
             JOIN report_pupils rp ON rp.report_id = e.report_id AND rp.pupil_id = $1 \
             LEFT JOIN staff o ON o.id = e.owner_id \
             ORDER BY e.at_ms, e.id",
        )
        .bind(pupil_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out: HashMap<String, Vec<RecordEvent>> = HashMap::new();
        for r in rows {
            let action_type: Option<String> = r.get("action_type");
            out.entry(r.get("report_id"))
                .or_default()
                .push(RecordEvent {
                    id: r.get("id"),
                    at_ms: r.get("at_ms"),
                    by: r.get("staff_name"),
                    kind: r.get("kind"),
                    action_type: action_type.as_deref().and_then(ActionType::parse),
                    detail: r.get("detail"),
                    owner: r.get("owner"),
                    due_on: r.get("due_on"),
                    refers_to: r.get("refers_to"),
                });
        }
        Ok(out)
    }

    async fn linked_referrals(
        &self,
        pupil_id: PupilId,
    ) -> Result<HashMap<String, Vec<RecordReferral>>> {
        let rows = sqlx::query(
            "SELECT f.report_id, f.agency, f.agency_detail, f.referred_on, f.reference, f.result, \
                    f.recorded_at_ms, s.name AS recorded_by \
             FROM referrals f \
             JOIN report_pupils rp ON rp.report_id = f.report_id AND rp.pupil_id = $1 \
             JOIN staff s ON s.id = f.recorded_by \
             ORDER BY f.referred_on, f.id",
        )
        .bind(pupil_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out: HashMap<String, Vec<RecordReferral>> = HashMap::new();
        for r in rows {
            out.entry(r.get("report_id"))
                .or_default()
                .push(RecordReferral {
                    agency: r.get("agency"),
                    agency_detail: r.get("agency_detail"),
                    referred_on: r.get("referred_on"),
                    reference: r.get("reference"),
                    result: r.get("result"),
                    recorded_by: r.get("recorded_by"),
                    recorded_at_ms: r.get("recorded_at_ms"),
                });
        }
        Ok(out)
    }

    /// Whether this child's parents were told: rows about this child, or about the whole record
    /// (no child named); never rows about another child of the same record.
    async fn linked_parents_informed(
        &self,
        pupil_id: PupilId,
    ) -> Result<HashMap<String, Vec<(RecordParentsInformed, bool)>>> {
        let rows = sqlx::query(
            "SELECT pi.report_id, pi.pupil_id, pi.informed, pi.who, pi.how, pi.informed_on, pi.why_not, \
                    pi.recorded_at_ms, s.name AS recorded_by \
             FROM parents_informed pi \
             JOIN report_pupils rp ON rp.report_id = pi.report_id AND rp.pupil_id = $1 \
             JOIN staff s ON s.id = pi.recorded_by \
             WHERE pi.pupil_id IS NULL OR pi.pupil_id = $1 \
             ORDER BY pi.recorded_at_ms, pi.id",
        )
        .bind(pupil_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out: HashMap<String, Vec<(RecordParentsInformed, bool)>> = HashMap::new();
        for r in rows {
            let for_this_child = r.get::<Option<i64>, _>("pupil_id").is_some();
            out.entry(r.get("report_id")).or_default().push((
                RecordParentsInformed {
                    informed: flag(&r, "informed"),
                    who: r.get("who"),
                    how: r.get("how"),
                    informed_on: r.get("informed_on"),
                    why_not: r.get("why_not"),
                    recorded_by: r.get("recorded_by"),
                    recorded_at_ms: r.get("recorded_at_ms"),
                },
                for_this_child,
            ));
        }
        Ok(out)
    }
}

/// The words the record was made with, from its stored payload (a pupil's report, a parent's
/// concern or a staff concern, as `source` says).
fn account(id: &str, source: &str, payload: String) -> RecordAccount {
    read_account(source, &payload).unwrap_or_else(|e| {
        tracing::error!(record = id, "a stored {source} record does not parse: {e}");
        RecordAccount::Unreadable
    })
}

fn read_account(source: &str, payload: &str) -> serde_json::Result<RecordAccount> {
    Ok(match source {
        "parent" => {
            let c: ParentConcern = serde_json::from_str(payload)?;
            RecordAccount::Parent { text: c.text }
        }
        "staff" => {
            let c: StaffConcern = serde_json::from_str(payload)?;
            RecordAccount::Staff {
                place: c.concern.place,
                what_happened: c.concern.what_happened,
                child_words: c.concern.child_words,
                action_taken: c.concern.action_taken,
            }
        }
        _ => {
            let r: Report = serde_json::from_str(payload)?;
            RecordAccount::Pupil {
                place: r.place,
                feeling: r.feeling,
                words: r.words,
                web_address: r.web_address,
                drew: r.drawing_png.is_some(),
            }
        }
    })
}

/// On a record about several children, what the school typed may name another child: the
/// chronology keeps what was done, by whom and when, and leaves the words on the record's page.
/// Kite's own entries (a status or category change) carry no typed words and stay.
fn withhold_typed_words(record: &mut ChronologyRecord) {
    record.outcome_reason = None;
    record.not_referred_reason = None;
    for event in &mut record.events {
        if !matches!(event.kind.as_str(), "status" | "category") {
            event.detail.clear();
        }
    }
    for referral in &mut record.referrals {
        referral.result = None;
        referral.agency_detail = None;
    }
}
