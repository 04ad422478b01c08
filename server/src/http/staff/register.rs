//! The Acceptable Use register of one class: each pupil's pupil-AUP signature, their parent's
//! co-signature and consent per use, measured against the current versions; as JSON for
//! the staff page and as CSV for the school's records. Teachers see their own classes; admins
//! and DSLs every class. Every read is audited (it is pupil data).

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use kite_protocol::agreement::{AgreementKind, Signers};
use kite_protocol::consent::{ConsentState, OnPaper, UseConsent};
use kite_protocol::register::{
    AgreementSigned, ClassRegister, RegisterAgreement, RegisterRow, Signed,
};

use super::classes::readable_class;
use crate::csv::{date, Csv};
use crate::error::ApiError;
use crate::http::staff::extract::StaffUser;
use crate::http::School;
use crate::ids::ClassId;
use crate::state::AppState;

pub(super) async fn build(
    state: &AppState,
    user: &StaffUser,
    id: ClassId,
) -> Result<ClassRegister, ApiError> {
    let class = readable_class(state, user, id).await?;
    let current = |kind| async move {
        state
            .storage
            .current_agreement(kind)
            .await
            .map(|v| v.map(|v| v.version).unwrap_or(0))
    };
    let pupil_version = current(AgreementKind::Pupil).await?;
    let home_school_version = current(AgreementKind::HomeSchool).await?;
    let rows = state.storage.register_data(class.id).await?;
    // The school's own agreements this class's pupils or their parents are asked to sign:
    // published ones only.
    let mut agreements = Vec::new();
    for kind in state.storage.own_kinds_for_class(class.band).await? {
        let version = current(kind.kind).await?;
        if version > 0 {
            agreements.push(RegisterAgreement {
                kind: kind.kind,
                name: kind.name,
                pupils_sign: kind.signers == Signers::Pupils,
                parents_sign: kind.signers == Signers::Parents || kind.parents_cosign,
                current_version: version,
            });
        }
    }
    let mut signed_own = Vec::with_capacity(rows.len());
    for r in &rows {
        let mut line = Vec::with_capacity(agreements.len());
        for a in &agreements {
            let signed = match a.pupils_sign {
                true => {
                    state
                        .storage
                        .latest_pupil_signature(r.pupil.id, a.kind)
                        .await?
                }
                false => None,
            };
            let parent_signed = match a.parents_sign {
                true => state
                    .storage
                    .latest_parent_agreement_signature(r.pupil.id, a.kind)
                    .await?
                    .map(|p| p.signed),
                false => None,
            };
            let behind =
                |s: &Option<Signed>| s.as_ref().is_none_or(|s| s.version < a.current_version);
            line.push(AgreementSigned {
                kind: a.kind,
                must_sign: a.pupils_sign && behind(&signed),
                parent_must_sign: a.parents_sign && behind(&parent_signed),
                signed,
                parent_signed,
            });
        }
        signed_own.push(line);
    }
    user.audit(state, "register_viewed", None, &class.name)
        .await?;
    Ok(ClassRegister {
        class_id: class.id.into(),
        class_name: class.name,
        band: class.band,
        current_version: pupil_version,
        current_home_school_version: home_school_version,
        agreements,
        pupils: rows
            .into_iter()
            .zip(signed_own)
            .map(|(r, agreements)| RegisterRow {
                pupil_id: r.pupil.id.into(),
                first_name: r.pupil.first_name,
                last_initial: r.pupil.last_initial,
                pupil_must_sign: r
                    .pupil_signed
                    .as_ref()
                    .is_none_or(|s| s.version < pupil_version),
                pupil_signed: r.pupil_signed,
                parent_must_sign: r.parent_signed.as_ref().is_none_or(|(s, home)| {
                    s.version < pupil_version || *home < home_school_version
                }),
                parent_signed: r.parent_signed.map(|(s, _)| s),
                parent_on_paper: r.parent_on_paper,
                consents: r.consents,
                agreements,
            })
            .collect(),
    })
}

/// `GET /api/v1/staff/classes/{id}/register`.
#[utoipa::path(
    get,
    path = "/staff/classes/{id}/register",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_class_register",
    summary = "A class's register: agreements signed and photo consent",
    params(("id" = i64, Path, description = "The class")),
    responses((status = 200, description = "The register", body = ClassRegister)),
    security(("staff_session" = [])),
)]
pub async fn register(
    School(state): School,
    user: StaffUser,
    Path(id): Path<ClassId>,
) -> Result<Json<ClassRegister>, ApiError> {
    Ok(Json(build(&state, &user, id).await?))
}

/// `GET /api/v1/staff/classes/{id}/register.csv`: the same register, for a spreadsheet.
#[utoipa::path(
    get,
    path = "/staff/classes/{id}/register.csv",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_class_register_csv",
    summary = "A class's register, as CSV for a spreadsheet",
    params(("id" = i64, Path, description = "The class")),
    responses((status = 200, description = "The register, one pupil a row", body = String, content_type = "text/csv")),
    security(("staff_session" = [])),
)]
pub async fn register_csv(
    School(state): School,
    user: StaffUser,
    Path(id): Path<ClassId>,
) -> Result<Response, ApiError> {
    let reg = build(&state, &user, id).await?;
    let filename: String = reg
        .class_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"register-{filename}.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        to_csv(&reg),
    )
        .into_response())
}

/// The register as CSV, one pupil a line.
pub fn to_csv(reg: &ClassRegister) -> String {
    let mut csv = Csv::default();
    // Every pupil is asked about the same uses, in the same order.
    let uses: Vec<String> = reg
        .pupils
        .first()
        .map(|p| p.consents.iter().map(|c| c.name.clone()).collect())
        .unwrap_or_default();
    let mut head: Vec<String> = [
        "First name",
        "Last initial",
        "Class",
        "Pupil AUP version signed",
        "Pupil signed on",
        "Needs to sign",
        "Parent co-signed version",
        "Parent signed on",
        "Parent needs to sign",
    ]
    .map(String::from)
    .into();
    for a in &reg.agreements {
        if a.pupils_sign {
            head.push(format!("{} version signed", a.name));
            head.push(format!("{}: needs to sign", a.name));
        }
        if a.parents_sign {
            head.push(format!("{}: parent signed version", a.name));
            head.push(format!("{}: parent needs to sign", a.name));
        }
    }
    head.extend(uses.iter().map(|u| format!("Consent: {u}")));
    csv.row(head);
    for p in &reg.pupils {
        let mut cells = vec![
            p.first_name.clone(),
            p.last_initial.clone(),
            reg.class_name.clone(),
            p.pupil_signed
                .as_ref()
                .map(|s| s.version.to_string())
                .unwrap_or_default(),
            p.pupil_signed
                .as_ref()
                .map(|s| date(s.at_ms))
                .unwrap_or_default(),
            yes_no(p.pupil_must_sign),
            p.parent_signed
                .as_ref()
                .map(|s| s.version.to_string())
                .unwrap_or_default(),
            p.parent_signed
                .as_ref()
                .map(|s| match &p.parent_on_paper {
                    Some(paper) => format!("{} {}", date(s.at_ms), paper_words(paper)),
                    None => date(s.at_ms),
                })
                .unwrap_or_default(),
            yes_no(p.parent_must_sign),
        ];
        let version_on = |s: &Option<Signed>| {
            s.as_ref()
                .map(|s| format!("{} on {}", s.version, date(s.at_ms)))
                .unwrap_or_default()
        };
        for (a, kind) in p.agreements.iter().zip(&reg.agreements) {
            if kind.pupils_sign {
                cells.push(version_on(&a.signed));
                cells.push(yes_no(a.must_sign));
            }
            if kind.parents_sign {
                cells.push(version_on(&a.parent_signed));
                cells.push(yes_no(a.parent_must_sign));
            }
        }
        cells.extend(p.consents.iter().map(consent_words));
        csv.row(cells);
    }
    csv.finish()
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// Consent in words, with the date it last changed and whether that was on paper.
pub fn consent_words(c: &UseConsent) -> String {
    let words = match c.state {
        ConsentState::NotAsked => return "not given (no answer yet)".into(),
        ConsentState::Given { at_ms } => format!("given {}", date(at_ms)),
        ConsentState::Withdrawn { at_ms } => format!("withdrawn {}", date(at_ms)),
    };
    match &c.on_paper {
        Some(paper) => format!("{words} {}", paper_words(paper)),
        None => words,
    }
}

/// `(paper form of 2026-09-04, recorded by Ms Patel)`.
fn paper_words(paper: &OnPaper) -> String {
    format!(
        "(paper form of {}, recorded by {})",
        date(paper.form_date_ms),
        paper.recorded_by
    )
}
