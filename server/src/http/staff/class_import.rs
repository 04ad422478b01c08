//! Importing class lists: the four-column form a teacher types, or a school MIS export (SIMS,
//! Arbor, Bromcom, ScholarPack) as it comes, its columns found by their headers. `?preview=true`
//! says what importing would do and writes nothing, so staff see what Kite understood first.
//! Importing the next export updates rather than duplicates: a pupil is found again by their UPN
//! (moved when their class changed, marked as left when their leaving date has come), or, without
//! a UPN, by their name on that class list. Pupils the file leaves out are listed, never removed:
//! an export may be of some classes only.

use axum::extract::Query;
use axum::Json;
use kite_protocol::class_years::{check_class_years, class_years_band, class_years_label};
use kite_protocol::classes::{
    describe_header, parse_class_csv, ImportOptions, ImportResult, ImportRow, PupilName, RowError,
};
use kite_protocol::pupil_record::YearGroup;
use kite_protocol::staff::Role;

use super::classes::{Editor, MAX_IMPORT_BYTES};
use crate::calendar::iso_date;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::staff::extract::StaffUser;
use crate::http::School;
use crate::ids::{ClassId, PupilId};
use crate::state::AppState;
use crate::storage::pupil_record::DetailsWrite;
use crate::storage::{ClassRecord, PupilRecord};

/// `POST /api/v1/staff/classes/import`: a class list as CSV text (first name, last-name initial,
/// class, band), or a school MIS export whose header names its columns (surname, forename, date
/// of birth, year group, UPN, admission and leaving dates fill the pupils' records). Good rows are
/// imported; each bad row is reported by line and nothing else is lost. Importing the same file
/// again adds nobody twice; the next export moves and marks leavers by UPN.
#[utoipa::path(
    post,
    path = "/staff/classes/import",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_classes_import",
    summary = "Import a class list as CSV (first name, last-name initial, class, band; or an MIS export with named columns)",
    params(ImportOptions),
    request_body(content = String, description = "The class list", content_type = "text/csv"),
    responses((status = 200, description = "What was imported (or, previewing, would be), and each bad row by line", body = ImportResult)),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn import(
    School(state): School,
    Editor(user): Editor,
    Query(options): Query<ImportOptions>,
    body: String,
) -> Result<Json<ImportResult>, ApiError> {
    if body.len() > MAX_IMPORT_BYTES {
        return Err(ApiError::TooLarge);
    }
    let preview = options.preview;
    let (rows, mut errors) = parse_class_csv(&body);
    let (columns, ignored_columns) = describe_header(&body).unwrap_or_default();
    let mut result = ImportResult {
        preview,
        columns,
        ignored_columns,
        ..ImportResult::default()
    };
    let now = now_ms();
    let today = iso_date(now);
    let file_years = years_by_class(&rows);
    let years_of = |class: &str| {
        file_years
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(class))
            .and_then(|(_, years)| check_class_years(years).ok())
            .unwrap_or_default()
    };
    // Rows grouped by class, in file order, so each class's new pupils are added in one
    // transaction; rows whose pupil Kite already has by UPN are kept apart.
    let mut by_class: Vec<(ClassRecord, Vec<ImportRow>)> = Vec::new();
    let mut found: Vec<(PupilRecord, ClassRecord, ImportRow)> = Vec::new();
    for row in rows {
        let err = |message: String| RowError {
            line: row.line,
            message,
        };
        let class = match by_class
            .iter()
            .find(|(c, _)| c.name.eq_ignore_ascii_case(&row.class_name))
        {
            Some((class, _)) => class.clone(),
            None => match class_for(
                &state,
                &user,
                &row,
                &years_of(&row.class_name),
                preview,
                now,
            )
            .await?
            {
                Ok((class, made)) => {
                    if made {
                        result.classes_created.push(row.class_name.clone());
                    }
                    by_class.push((class.clone(), Vec::new()));
                    class
                }
                Err(why) => {
                    errors.push(err(why));
                    continue;
                }
            },
        };
        if let Some(why) = misfit(&class, &row) {
            errors.push(err(why));
            continue;
        }
        let by_upn = match &row.details.upn {
            Some(upn) => state.storage.pupil_by_upn(upn).await?,
            None => None,
        };
        let gone = leaving_day(&row, &today).is_some();
        match by_upn {
            // A leaver Kite already has, in this list again: nothing to do.
            Some(pupil) if pupil.left_at_ms.is_some() && gone => result.already_there += 1,
            Some(pupil) if pupil.left_at_ms.is_some() => errors.push(err(format!(
                "{} {}. has left the school in Kite; if they have come back, add them to {} by hand",
                pupil.first_name, pupil.last_initial, class.name
            ))),
            Some(pupil) => {
                if found.iter().any(|(p, _, _)| p.id == pupil.id) {
                    errors.push(err(format!(
                        "the UPN {} is in this file twice",
                        row.details.upn.as_deref().unwrap_or("")
                    )));
                } else if pupil.class_id != class.id
                    && user.staff.role == Role::Teacher
                    && !taught(&state, &user, pupil.class_id).await?
                {
                    errors.push(err(format!(
                        "{} {}. is in a class you don't teach; ask an admin to import this row",
                        pupil.first_name, pupil.last_initial
                    )));
                } else {
                    found.push((pupil, class, row));
                }
            }
            None if gone && state.storage.has_left_pupil_named(class.id, &row.name).await? => {
                result.already_there += 1
            }
            None => {
                let names = &mut by_class
                    .iter_mut()
                    .find(|(c, _)| c.name == class.name)
                    .expect("the class was listed above")
                    .1;
                if names.iter().any(|n| same_pupil(&n.name, &row.name)) {
                    errors.push(err(format!(
                        "{} {}. is in {} twice in this file",
                        row.name.first_name, row.name.last_initial, class.name
                    )));
                } else {
                    names.push(row);
                }
            }
        }
    }

    let mut seen = Vec::new();
    for (pupil, class, row) in &found {
        seen.push(pupil.id);
        let name = format!("{} {}.", pupil.first_name, pupil.last_initial);
        let leaving = leaving_day(row, &today);
        if let Some(day) = leaving {
            if !preview {
                mark_left(&state, &user, pupil.id, now).await?;
            }
            result.left.push(format!(
                "{name} ({}), left {day}",
                class_name_of(&state, pupil.class_id).await?
            ));
        } else if pupil.class_id != class.id {
            let from = class_name_of(&state, pupil.class_id).await?;
            let moved = preview || state.storage.move_pupil(pupil.id, class.id).await?;
            if !moved {
                errors.push(RowError {
                    line: row.line,
                    message: format!(
                        "{name} can't move to {}: a pupil of that name is on its list already",
                        class.name
                    ),
                });
                continue;
            }
            if !preview {
                user.audit(
                    &state,
                    "pupil_moved",
                    None,
                    &format!("pupil {}: {from} to {}", pupil.id, class.name),
                )
                .await?;
            }
            result
                .moved
                .push(format!("{name}: {from} to {}", class.name));
        } else {
            result.already_there += 1;
        }
        if !preview && leaving.is_none() {
            state
                .storage
                .set_pupil_details(pupil.id, &row.details, DetailsWrite::Fill)
                .await?;
        }
    }
    for (class, names) in &by_class {
        // Per row: whether the pupil is new to the class list, and their id (none when
        // previewing a pupil to add).
        let mut new = Vec::with_capacity(names.len());
        let mut ids = Vec::with_capacity(names.len());
        if preview {
            for row in names {
                let id = existing(&state, class, &row.name).await?;
                seen.extend(id);
                new.push(id.is_none());
                ids.push(id);
            }
        } else {
            let just_names: Vec<PupilName> = names.iter().map(|n| n.name.clone()).collect();
            let added = state.storage.add_pupils(class.id, &just_names, now).await?;
            for (row, id) in names.iter().zip(added) {
                new.push(id.is_some());
                let id = match id {
                    Some(id) => Some(id),
                    None => existing(&state, class, &row.name).await?,
                };
                ids.push(id);
                let Some(id) = id else { continue };
                seen.push(id);
                // An MIS export's details fill the pupil's record, new or already there; a
                // column the file left empty keeps what was typed before.
                if !row.details.is_empty() {
                    state
                        .storage
                        .set_pupil_details(id, &row.details, DetailsWrite::Fill)
                        .await?;
                }
            }
        }
        for ((row, new), id) in names.iter().zip(new).zip(ids) {
            let name = &row.name;
            // A leaver is added (their record may have a file to send on) and marked as left at
            // once, off the tablets and the register; one already there is marked as left.
            if let Some(day) = leaving_day(row, &today) {
                if let Some(id) = id.filter(|_| !preview) {
                    mark_left(&state, &user, id, now).await?;
                }
                result.left.push(format!(
                    "{} {}. ({}), left {day}",
                    name.first_name, name.last_initial, class.name
                ));
            } else if new {
                result.imported.push(format!(
                    "{} {}. ({})",
                    name.first_name, name.last_initial, class.name
                ));
            } else {
                result.already_there += 1;
            }
        }
    }
    // Who is on these classes' lists and not in the file: listed for staff, never removed.
    for (class, _) in &by_class {
        if class.id == PLANNED {
            continue;
        }
        for p in state.storage.class_pupils(class.id).await? {
            if !seen.contains(&p.id) {
                result.not_in_file.push(format!(
                    "{} {}. ({})",
                    p.first_name, p.last_initial, class.name
                ));
            }
        }
    }
    errors.sort_by_key(|e| e.line);
    result.errors = errors;
    if !preview {
        user.audit(
            &state,
            "class_list_imported",
            None,
            &format!(
                "{} added, {} already there, {} moved, {} left, {} rows with problems",
                result.imported.len(),
                result.already_there,
                result.moved.len(),
                result.left.len(),
                result.errors.len()
            ),
        )
        .await?;
    }
    Ok(Json(result))
}

/// The id of a class a preview would make: nothing is on its list yet.
const PLANNED: ClassId = ClassId(-1);

/// The row's leaving date, when it has come (dates are ISO, so they compare as text).
fn leaving_day<'a>(row: &'a ImportRow, today: &str) -> Option<&'a str> {
    row.details.leaving_on.as_deref().filter(|d| *d <= today)
}

/// Off the tablets and the register, kept in the records; audited as the register's button is.
async fn mark_left(
    state: &AppState,
    user: &StaffUser,
    id: PupilId,
    now: i64,
) -> Result<(), ApiError> {
    state.storage.mark_pupil_left(id, now).await?;
    user.audit(
        state,
        "pupil_left",
        None,
        &format!("pupil {id} (class list import)"),
    )
    .await?;
    Ok(())
}

/// The pupil of that name on the class's list now, if any.
async fn existing(
    state: &AppState,
    class: &ClassRecord,
    name: &PupilName,
) -> Result<Option<PupilId>, ApiError> {
    if class.id == PLANNED {
        return Ok(None);
    }
    Ok(state.storage.current_pupil_by_name(class.id, name).await?)
}

/// The class a row names: the school's, or a new one (made now, or when previewing only
/// described), and whether it is new. A teacher imports into their own classes only; a class
/// whose year isn't known takes the file's.
async fn class_for(
    state: &AppState,
    user: &StaffUser,
    row: &ImportRow,
    years: &[YearGroup],
    preview: bool,
    now: i64,
) -> Result<Result<(ClassRecord, bool), String>, ApiError> {
    if let Some(class) = state.storage.class_by_name(&row.class_name).await? {
        if user.staff.role == Role::Teacher && !class.taught_by(user.staff.id) {
            return Ok(Err(format!(
                "you don't teach {}; ask an admin to import this row or to add you to the class",
                class.name
            )));
        }
        let class = match preview {
            true => with_years(class, years),
            false => fill_years(state, user, class, years).await?,
        };
        return Ok(Ok((class, false)));
    }
    if preview {
        let planned = ClassRecord {
            id: PLANNED,
            name: row.class_name.clone(),
            band: row.band,
            years: years.to_vec(),
            teachers: Vec::new(),
            pupils: 0,
        };
        return Ok(Ok((planned, true)));
    }
    let Some(id) = state
        .storage
        .create_class_of_years(&row.class_name, row.band, years, now)
        .await?
    else {
        return Ok(Err(format!(
            "the class {} could not be made",
            row.class_name
        )));
    };
    if user.staff.role == Role::Teacher {
        state.storage.add_class_teacher(id, user.staff.id).await?;
    }
    let class = state.storage.class(id).await?.ok_or(ApiError::NotFound)?;
    Ok(Ok((class, true)))
}

async fn taught(state: &AppState, user: &StaffUser, class_id: ClassId) -> Result<bool, ApiError> {
    Ok(state
        .storage
        .class(class_id)
        .await?
        .is_some_and(|c| c.taught_by(user.staff.id)))
}

async fn class_name_of(state: &AppState, class_id: ClassId) -> Result<String, ApiError> {
    Ok(state
        .storage
        .class(class_id)
        .await?
        .map(|c| c.name)
        .unwrap_or_default())
}

/// The years a class whose year isn't known yet would take from a file: see [`fill_years`].
fn with_years(class: ClassRecord, years: &[YearGroup]) -> ClassRecord {
    if !class.years.is_empty() || class_years_band(years) != Some(class.band) {
        return class;
    }
    ClassRecord {
        years: years.to_vec(),
        ..class
    }
}

fn same_pupil(
    a: &kite_protocol::classes::PupilName,
    b: &kite_protocol::classes::PupilName,
) -> bool {
    a.first_name.to_lowercase() == b.first_name.to_lowercase()
        && a.last_initial.to_lowercase() == b.last_initial.to_lowercase()
}

/// Every year group the file gives each class, by the class's name as first written.
fn years_by_class(rows: &[ImportRow]) -> Vec<(String, Vec<YearGroup>)> {
    let mut out: Vec<(String, Vec<YearGroup>)> = Vec::new();
    for row in rows {
        let at = match out
            .iter()
            .position(|(name, _)| name.eq_ignore_ascii_case(&row.class_name))
        {
            Some(i) => i,
            None => {
                out.push((row.class_name.clone(), Vec::new()));
                out.len() - 1
            }
        };
        out[at].1.extend(&row.years);
    }
    out
}

/// A class whose year isn't known yet takes the year(s) a class list gives it, when they agree
/// with its band: an unknown filled in, never a year someone set changed by a file.
async fn fill_years(
    state: &AppState,
    user: &StaffUser,
    class: ClassRecord,
    years: &[YearGroup],
) -> Result<ClassRecord, ApiError> {
    let filled = with_years(class.clone(), years);
    if filled.years == class.years {
        return Ok(class);
    }
    state.storage.set_class_years(class.id, years).await?;
    user.audit(
        state,
        "class_years_set",
        None,
        &format!(
            "{}: {} (from a class list)",
            class.name,
            class_years_label(years)
        ),
    )
    .await?;
    Ok(filled)
}

/// Why a row can't go in its class, if it can't: its year group isn't the class's, or (when
/// either gives no year) its band isn't.
fn misfit(class: &ClassRecord, row: &ImportRow) -> Option<String> {
    let (has, says) = if !class.years.is_empty() && !row.years.is_empty() {
        if row.years.iter().all(|y| class.years.contains(y)) {
            return None;
        }
        (
            class_years_label(&class.years),
            class_years_label(&row.years),
        )
    } else {
        if class.band == row.band {
            return None;
        }
        (class.band.label().to_string(), row.band.label().to_string())
    };
    Some(format!(
        "{} is a {has} class, but this row says {says}",
        class.name
    ))
}
