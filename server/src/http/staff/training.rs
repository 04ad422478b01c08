//! The training register: the DSL and admins keep it (adults without a sign-in, training done,
//! corrections as new rows, documents to read) and export it; every member of staff sees the
//! documents published for them (a link, or a PDF kept here) and confirms "I have read" on their
//! own page. A training record may carry its certificate. Every change and every file opened is
//! in the audit log.

use axum::extract::Path;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::Json;
use kite_protocol::staff::Role;
use kite_protocol::training::{
    ConfirmReading, MyReading, NewDocument, NewPerson, NewTrainingRecord, TrainingDue,
    TrainingKind, TrainingRegister, TrainingState,
};
use time::Date;

use crate::calendar::{self, parse_iso};
use crate::clock::now_ms;
use crate::csv::{date, Csv};
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::staff::extract::{AdminOrDsl, StaffUser};
use crate::http::School;
use crate::ids::StaffId;
use crate::state::AppState;
use crate::storage::stored_files::FileStore;
use crate::storage::training::{NewDocumentRow, NewTrainingRow};
use crate::training::{self, current_documents, shown_records};
use crate::validate::clean_text;

use super::stored_file;

/// The largest document or certificate: a policy with a few pictures in it fits.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// Where this log's files are kept.
const FILES: FileStore = FileStore::Training;

fn today() -> Date {
    calendar::date(now_ms())
}

async fn whole(state: &AppState) -> Result<TrainingRegister, ApiError> {
    Ok(training::register(&state.storage, today()).await?)
}

/// `GET /api/v1/staff/training`.
#[utoipa::path(
    get,
    path = "/staff/training",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_training_register",
    summary = "The training register: every adult, each kind of training, what is due, who has read what",
    responses((status = 200, description = "The register", body = TrainingRegister)),
    security(("staff_session" = [])),
)]
pub async fn register(
    School(state): School,
    AdminOrDsl(_user): AdminOrDsl,
) -> Result<Json<TrainingRegister>, ApiError> {
    Ok(Json(whole(&state).await?))
}

/// `GET /api/v1/staff/training/due`.
#[utoipa::path(
    get,
    path = "/staff/training/due",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_training_due",
    summary = "Training overdue (or never recorded) and due in the next month",
    responses((status = 200, description = "What is due", body = TrainingDue)),
    security(("staff_session" = [])),
)]
pub async fn due(
    School(state): School,
    AdminOrDsl(_user): AdminOrDsl,
) -> Result<Json<TrainingDue>, ApiError> {
    Ok(Json(training::due(&whole(&state).await?)))
}

/// `POST /api/v1/staff/training/people`.
#[utoipa::path(
    post,
    path = "/staff/training/people",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_training_add_person",
    summary = "Add an adult without a Kite sign-in to the register (a name and their job)",
    request_body = NewPerson,
    responses(
        (status = 200, description = "The register with them on it", body = TrainingRegister),
        (status = 400, description = "A name or job missing or too long"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn add_person(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    ApiJson(body): ApiJson<NewPerson>,
) -> Result<Json<TrainingRegister>, ApiError> {
    let name = clean_text("the name", &body.name, 80, true)?.expect("required");
    let role = clean_text("their job", &body.role, 80, true)?.expect("required");
    let id = state
        .storage
        .add_training_person(&name, &role, user.staff.id, now_ms())
        .await?;
    user.audit(
        &state,
        "training_person_added",
        None,
        &format!("person {id}"),
    )
    .await?;
    Ok(Json(whole(&state).await?))
}

/// The day training was done: a real day, not in the future, not absurdly long ago.
fn done_on(text: &str) -> Result<Date, ApiError> {
    let day = parse_iso(text).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "{text:?} is not a date: give the day it was done as 2026-09-03"
        ))
    })?;
    if day > today() {
        return Err(ApiError::BadRequest(
            "that day hasn't come yet: record training once it is done".into(),
        ));
    }
    if day.year() < 1990 {
        return Err(ApiError::BadRequest(
            "that day is too long ago to count: check the year".into(),
        ));
    }
    Ok(day)
}

/// `POST /api/v1/staff/training/records`.
#[utoipa::path(
    post,
    path = "/staff/training/records",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_training_add_record",
    summary = "Record training done, or correct a record (a new row; the old one is kept)",
    request_body = NewTrainingRecord,
    responses(
        (status = 200, description = "The register with it recorded", body = TrainingRegister),
        (status = 400, description = "Nobody named, someone not on the register, or a day that isn't a real past day"),
        (status = 409, description = "The record corrected had already been corrected"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn add_record(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    ApiJson(body): ApiJson<NewTrainingRecord>,
) -> Result<Json<TrainingRegister>, ApiError> {
    let who = body.who;
    match (who.staff_id, who.person_id) {
        (Some(id), None) => match state.storage.staff_by_id(StaffId(id)).await? {
            Some(s) if !s.disabled && s.role != Role::Trust => {}
            _ => return Err(not_on_register()),
        },
        (None, Some(id)) => {
            if !state
                .storage
                .training_people()
                .await?
                .iter()
                .any(|p| p.id == id)
            {
                return Err(not_on_register());
            }
        }
        _ => {
            return Err(ApiError::BadRequest(
                "say who did it: a staff account (staff_id) or a person on the register \
                 (person_id), not both"
                    .into(),
            ))
        }
    }
    let day = done_on(&body.completed_on)?;
    if let Some(file) = body.certificate_file {
        if state.storage.file_type(FILES, file).await?.is_none() {
            return Err(ApiError::BadRequest(format!(
                "file {file} isn't one: upload the certificate first"
            )));
        }
    }
    let provider = clean_text("the provider", &body.provider, 120, false)?.unwrap_or_default();
    let notes = clean_text("the notes", &body.notes, 1000, false)?.unwrap_or_default();
    if let Some(replaces) = body.replaces {
        let records = state.storage.training_records().await?;
        let Some(old) = records.iter().find(|r| r.id == replaces) else {
            return Err(ApiError::BadRequest(format!(
                "there is no training record {replaces} to correct"
            )));
        };
        if old.staff_id != who.staff_id || old.person_id != who.person_id {
            return Err(ApiError::BadRequest(
                "a correction is about the same person as the record it corrects".into(),
            ));
        }
        if !shown_records(&records).iter().any(|r| r.id == replaces) {
            return Err(already_corrected());
        }
    }
    let day_text = day.to_string();
    let id = state
        .storage
        .add_training_record(
            &NewTrainingRow {
                staff_id: who.staff_id,
                person_id: who.person_id,
                kind: body.kind.as_str(),
                completed_on: &day_text,
                provider: &provider,
                notes: &notes,
                replaces: body.replaces,
                certificate_file: body.certificate_file,
            },
            user.staff.id,
            now_ms(),
        )
        .await?
        .ok_or_else(already_corrected)?;
    let detail = match body.replaces {
        Some(old) => format!("record {id} ({}) corrects record {old}", body.kind.as_str()),
        None => format!("record {id} ({})", body.kind.as_str()),
    };
    user.audit(&state, "training_recorded", None, &detail)
        .await?;
    Ok(Json(whole(&state).await?))
}

fn not_on_register() -> ApiError {
    ApiError::BadRequest("that person is not on the training register".into())
}

fn already_corrected() -> ApiError {
    ApiError::Conflict(
        "that record was corrected already; reload the register and correct the one shown".into(),
    )
}

/// A link staff can open: `https://` (or `http://` on a school's own network), no spaces.
pub(super) fn checked_link(link: &str) -> Result<String, ApiError> {
    let link = clean_text("the link", link, 500, true)?.expect("required");
    let scheme_ok = link.starts_with("https://") || link.starts_with("http://");
    if !scheme_ok || link.contains(char::is_whitespace) || link.ends_with("//") {
        return Err(ApiError::BadRequest(
            "give the document's web address, starting https://".into(),
        ));
    }
    Ok(link)
}

/// `POST /api/v1/staff/training/documents`.
#[utoipa::path(
    post,
    path = "/staff/training/documents",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_training_publish_document",
    summary = "Publish a document for every member of staff to confirm reading, or a new version of one (which asks everyone again)",
    request_body = NewDocument,
    responses(
        (status = 200, description = "The register with the document", body = TrainingRegister),
        (status = 400, description = "A title missing, neither a link nor an uploaded PDF (or both), or no such document to replace"),
        (status = 409, description = "The version replaced had already been replaced"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn publish_document(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    ApiJson(body): ApiJson<NewDocument>,
) -> Result<Json<TrainingRegister>, ApiError> {
    let title = clean_text("the title", &body.title, 120, true)?.expect("required");
    let link = match body.file_id {
        None if body.link.trim().is_empty() => {
            return Err(ApiError::BadRequest(
                "give the document's web address, or upload it as a PDF".into(),
            ))
        }
        None => checked_link(&body.link)?,
        Some(_) if !body.link.trim().is_empty() => {
            return Err(ApiError::BadRequest(
                "give a web address or a PDF, not both".into(),
            ))
        }
        Some(file) => {
            let kind = state.storage.file_type(FILES, file).await?;
            match kind.as_deref() {
                Some("application/pdf") => String::new(),
                Some(_) => {
                    return Err(ApiError::BadRequest(
                        "a document to read must be a PDF".into(),
                    ))
                }
                None => {
                    return Err(ApiError::BadRequest(format!(
                        "file {file} isn't one: upload the PDF first"
                    )))
                }
            }
        }
    };
    let conflict = || {
        ApiError::Conflict(
            "a newer version of that document was published already; reload the register".into(),
        )
    };
    if let Some(old) = body.replaces {
        let rows = state.storage.reading_documents().await?;
        if !rows.iter().any(|d| d.id == old) {
            return Err(ApiError::BadRequest(format!(
                "there is no document {old} to publish a new version of"
            )));
        }
        if rows.iter().any(|d| d.replaces == Some(old)) {
            return Err(conflict());
        }
    }
    let id = state
        .storage
        .add_reading_document(
            &NewDocumentRow {
                title: &title,
                link: &link,
                file_id: body.file_id,
                replaces: body.replaces,
                counts_as: body.counts_as.map(TrainingKind::as_str),
            },
            user.staff.id,
            now_ms(),
        )
        .await?
        .ok_or_else(conflict)?;
    user.audit(
        &state,
        "document_published",
        None,
        &format!("document {id}"),
    )
    .await?;
    Ok(Json(whole(&state).await?))
}

/// `POST /api/v1/staff/training/files`.
#[utoipa::path(
    post,
    path = "/staff/training/files",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_training_file_upload",
    summary = "Upload a document to read (a PDF) or a training certificate (a PDF or an image), the raw bytes as the body",
    request_body(description = "A PDF, PNG, JPEG or WebP file", content(("application/pdf"), ("image/png"), ("image/jpeg"), ("image/webp"))),
    responses(
        (status = 200, description = "The file's id, to publish as a document or attach to a record", body = Object, example = json!({"id": 1})),
        (status = 400, description = "Not a PDF or an image"),
        (status = 413, description = "Larger than 8 MB"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn upload_file(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    body: axum::body::Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let wrong_type = "the file must be a PDF (or, for a certificate, a PNG, JPEG or WebP image)";
    stored_file::upload(&state, &user, FILES, &body, MAX_FILE_BYTES, wrong_type).await
}

/// `GET /api/v1/staff/training/files/{id}`.
#[utoipa::path(
    get,
    path = "/staff/training/files/{id}",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_training_file",
    summary = "A training certificate or a document's PDF, for the register's keepers",
    params(("id" = i64, Path, description = "The file")),
    responses(
        (status = 200, description = "The file", content(("application/pdf"), ("image/png"), ("image/jpeg"), ("image/webp"))),
        (status = 404, description = "No such file"),
    ),
    security(("staff_session" = [])),
)]
pub async fn file(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    stored_file::serve(&state, &user, FILES, id).await
}

/// `GET /api/v1/staff/training/documents/{id}/file`.
#[utoipa::path(
    get,
    path = "/staff/training/documents/{id}/file",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_training_document_file",
    summary = "A published document's PDF (any version), for every member of staff to read",
    params(("id" = i64, Path, description = "The document version")),
    responses(
        (status = 200, description = "The PDF", content(("application/pdf"))),
        (status = 404, description = "No such document, or it is a link"),
    ),
    security(("staff_session" = [])),
)]
pub async fn document_file(
    School(state): School,
    user: StaffUser,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    let documents = state.storage.reading_documents().await?;
    let file = documents
        .iter()
        .find(|d| d.id == id)
        .and_then(|d| d.file_id)
        .ok_or(ApiError::NotFound)?;
    let (content_type, bytes) = state
        .storage
        .file(FILES, file)
        .await?
        .ok_or(ApiError::NotFound)?;
    user.audit(&state, "document_opened", None, &format!("document {id}"))
        .await?;
    Ok(stored_file::inline(
        content_type,
        bytes,
        &format!("document-{id}.pdf"),
    ))
}

async fn my_reading(state: &AppState, user: &StaffUser) -> Result<Vec<MyReading>, ApiError> {
    let documents = current_documents(&state.storage.reading_documents().await?);
    let mine = state.storage.reading_confirmations().await?;
    Ok(documents
        .into_iter()
        .map(|(document, _)| MyReading {
            confirmed_at_ms: mine
                .iter()
                .find(|c| c.document_id == document.id && c.staff_id == user.staff.id.0)
                .map(|c| c.confirmed_at_ms),
            document,
        })
        .collect())
}

/// `GET /api/v1/staff/training/reading`.
#[utoipa::path(
    get,
    path = "/staff/training/reading",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_training_my_reading",
    summary = "The documents the school asks staff to read, and whether I have confirmed each (its current version)",
    responses((status = 200, description = "My reading", body = Vec<MyReading>)),
    security(("staff_session" = [])),
)]
pub async fn reading(
    School(state): School,
    user: StaffUser,
) -> Result<Json<Vec<MyReading>>, ApiError> {
    Ok(Json(my_reading(&state, &user).await?))
}

/// `POST /api/v1/staff/training/reading`.
#[utoipa::path(
    post,
    path = "/staff/training/reading",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_training_confirm_reading",
    summary = "I have read this document (its current version)",
    request_body = ConfirmReading,
    responses(
        (status = 200, description = "My reading, with it confirmed", body = Vec<MyReading>),
        (status = 404, description = "No such document"),
        (status = 409, description = "A newer version was published since; read that one"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn confirm_reading(
    School(state): School,
    user: StaffUser,
    ApiJson(body): ApiJson<ConfirmReading>,
) -> Result<Json<Vec<MyReading>>, ApiError> {
    let rows = state.storage.reading_documents().await?;
    if !rows.iter().any(|d| d.id == body.document_id) {
        return Err(ApiError::NotFound);
    }
    let current = current_documents(&rows);
    let Some((document, counts_as)) = current.iter().find(|(d, _)| d.id == body.document_id) else {
        return Err(ApiError::Conflict(
            "a newer version was published while you were reading; reload to read it".into(),
        ));
    };
    let now = now_ms();
    let new = state
        .storage
        .confirm_reading(document.id, user.staff.id, now)
        .await?;
    if new {
        if let Some(kind) = counts_as {
            let day = calendar::date(now).to_string();
            let notes = format!(
                "Confirmed reading \"{}\" (version {}) in Kite",
                document.title, document.version
            );
            state
                .storage
                .add_training_record(
                    &NewTrainingRow {
                        staff_id: Some(user.staff.id.0),
                        person_id: None,
                        kind: kind.as_str(),
                        completed_on: &day,
                        provider: "",
                        notes: &notes,
                        replaces: None,
                        certificate_file: None,
                    },
                    user.staff.id,
                    now,
                )
                .await?;
        }
        user.audit(
            &state,
            "document_read",
            None,
            &format!("document {} version {}", document.id, document.version),
        )
        .await?;
    }
    Ok(Json(my_reading(&state, &user).await?))
}

fn state_text(state: TrainingState) -> &'static str {
    match state {
        TrainingState::UpToDate => "up to date",
        TrainingState::DueSoon => "due soon",
        TrainingState::Overdue => "overdue",
        TrainingState::NotRecorded => "not recorded",
        TrainingState::NotNeeded => "not needed",
    }
}

/// `GET /api/v1/staff/training/export.csv`.
#[utoipa::path(
    get,
    path = "/staff/training/export.csv",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_training_export",
    summary = "The training register as CSV: one row for each person and kind of training, and for each document they were asked to read",
    responses((status = 200, description = "The register", body = String, content_type = "text/csv")),
    security(("staff_session" = [])),
)]
pub async fn export(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
) -> Result<impl IntoResponse, ApiError> {
    let register = whole(&state).await?;
    let mut csv = Csv::default();
    csv.row([
        "name",
        "role",
        "kite_account",
        "training",
        "state",
        "completed_on",
        "due_on",
        "provider",
    ]);
    for p in &register.people {
        let account = if p.who.staff_id.is_some() {
            "yes"
        } else {
            "no"
        };
        for line in p
            .training
            .iter()
            .filter(|l| l.state != TrainingState::NotNeeded)
        {
            csv.row([
                p.name.as_str(),
                &p.role,
                account,
                line.kind.label(),
                state_text(line.state),
                line.completed_on.as_deref().unwrap_or(""),
                line.due_on.as_deref().unwrap_or(""),
                &line.provider,
            ]);
        }
        for (read, doc) in p.read.iter().zip(&register.documents) {
            let title = format!("Read: {} (version {})", doc.title, doc.version);
            let on = read.confirmed_at_ms.map(date).unwrap_or_default();
            let said = if read.confirmed_at_ms.is_some() {
                "read"
            } else {
                "not confirmed"
            };
            csv.row([p.name.as_str(), &p.role, account, &title, said, &on, "", ""]);
        }
    }
    user.audit(&state, "training_exported", None, "").await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"kite-training-register.csv\"",
            ),
        ],
        csv.finish(),
    ))
}
