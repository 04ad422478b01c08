//! Classes and pupils: what staff manage at `/staff` and what a kiosk shows when a
//! pupil finds their name. Pupils are kept by first name and last-name initial only.
//!
//! The rules for a pupil row live here so the CSV import, the "type a pupil in" form and the app
//! all check the same way and say the same thing.

use serde::{Deserialize, Serialize};

use crate::class_years::{class_years_band, parse_class_years};
use crate::limits::{MAX_CLASS_LABEL_CHARS, MAX_NAME_CHARS};
use crate::pupil_record::{check_details, PupilDetails, YearGroup};
use crate::Band;

/// Colours and animals that make a pupil's symbol, e.g. `blue-fox`. A child who can't read yet
/// finds their own card by its picture; classmates get different ones while there are enough.
pub const SYMBOL_COLOURS: [&str; 8] = [
    "red", "orange", "yellow", "green", "teal", "blue", "purple", "pink",
];
pub const SYMBOL_ANIMALS: [&str; 12] = [
    "cat", "dog", "fox", "owl", "rabbit", "bear", "fish", "frog", "bee", "duck", "hedgehog",
    "tortoise",
];

/// The symbol for a new pupil in a class whose pupils already have `taken`: an animal nobody in
/// the class has yet if there is one, in a colour least used, so two cards never look alike
/// until the class is bigger than the number of animals.
pub fn next_symbol<'a>(taken: impl IntoIterator<Item = &'a str> + Clone) -> String {
    let count = |part: &str, index: usize| {
        taken
            .clone()
            .into_iter()
            .filter(|s| s.split('-').nth(index) == Some(part))
            .count()
    };
    let animal = SYMBOL_ANIMALS
        .iter()
        .enumerate()
        .min_by_key(|(i, a)| (count(a, 1), *i))
        .map(|(_, a)| *a)
        .expect("animals");
    let colour = SYMBOL_COLOURS
        .iter()
        .enumerate()
        .min_by_key(|(i, c)| {
            let same_pair = taken
                .clone()
                .into_iter()
                .any(|s| s == format!("{c}-{animal}"));
            (same_pair, count(c, 0), *i)
        })
        .map(|(_, c)| *c)
        .expect("colours");
    format!("{colour}-{animal}")
}

/// A pupil's name as checked: trimmed first name, upper-case initial.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PupilName {
    pub first_name: String,
    pub last_initial: String,
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// Checks a first name and last-name initial, with the message a teacher sees if not.
pub fn check_pupil_name(first_name: &str, last_initial: &str) -> Result<PupilName, String> {
    let first = first_name.trim();
    let initial = last_initial.trim().trim_end_matches('.');
    if first.is_empty() {
        return Err("the first name is missing".into());
    }
    if has_control(first) || has_control(initial) {
        return Err("the name contains control characters (invisible characters from a copy-and-paste); retype it".into());
    }
    if first.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "the first name is too long; the most is {MAX_NAME_CHARS} characters"
        ));
    }
    let mut letters = initial.chars();
    match (letters.next(), letters.next()) {
        (Some(c), None) if c.is_alphabetic() => Ok(PupilName {
            first_name: first.to_string(),
            last_initial: c.to_uppercase().collect(),
        }),
        (None, _) => Err("the last-name initial is missing".into()),
        _ => Err(format!(
            "the last-name initial must be one letter (got {initial:?})"
        )),
    }
}

/// Checks a class name as staff type it.
pub fn check_class_name(name: &str) -> Result<String, String> {
    let n = name.trim();
    if n.is_empty() {
        return Err("the class name is missing".into());
    }
    if has_control(n) {
        return Err("the class name contains control characters; retype it".into());
    }
    if n.chars().count() > MAX_CLASS_LABEL_CHARS {
        return Err(format!(
            "the class name is too long; the most is {MAX_CLASS_LABEL_CHARS} characters"
        ));
    }
    Ok(n.to_string())
}

/// A band as a school writes it: `EYFS`, `ks1`, `KS 2`, `Reception`…
pub fn parse_band(text: &str) -> Option<Band> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_lowercase();
    match t.as_str() {
        "eyfs" | "reception" | "nursery" => Some(Band::Eyfs),
        "ks1" | "keystage1" => Some(Band::Ks1),
        "ks2" | "keystage2" => Some(Band::Ks2),
        _ => None,
    }
}

/// One good row of a class list.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRow {
    /// The line of the file it came from (1 is the first line).
    pub line: usize,
    pub name: PupilName,
    pub class_name: String,
    pub band: Band,
    /// The year group(s) the row gave, youngest first: a pupil's year in an MIS export, or the
    /// class's ("Year 3/4") in the fourth column of the short form. Empty when it gave a band.
    #[serde(default)]
    pub years: Vec<YearGroup>,
    /// What an MIS export gave beyond the name (empty for the four-column form).
    #[serde(default)]
    pub details: PupilDetails,
}

/// A row that could not be imported, and why, in words a teacher can act on.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

/// Splits one CSV line into fields: commas separate, double quotes may wrap a field, `""` inside
/// quotes is a quote. `None` when a quote is left open.
fn csv_fields(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    fields.push(field);
    Some(fields)
}

/// A column of a class list. The positional form is `first name, last-name initial, class,
/// band`; a header row may instead name its columns as school MIS exports do (SIMS, Arbor,
/// Bromcom, ScholarPack), in any order, with more columns Kite ignores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    FirstName,
    /// Preferred over the legal forename: it is the name the child finds on the kiosk.
    PreferredName,
    LastInitial,
    LastName,
    Class,
    Band,
    Year,
    DateOfBirth,
    Upn,
    Admitted,
    Leaving,
    /// The school a leaver moves to (where their child protection file goes).
    Destination,
}

impl Column {
    /// What Kite reads the column as, in a teacher's words.
    fn meaning(self) -> &'static str {
        match self {
            Column::FirstName => "first name",
            Column::PreferredName => "the name the child uses (shown on the tablet)",
            Column::LastInitial => "last-name initial",
            Column::LastName => "last name (the tablet shows only its initial)",
            Column::Class => "class",
            Column::Band => "key stage, or year group",
            Column::Year => "year group",
            Column::DateOfBirth => "date of birth",
            Column::Upn => "UPN (finds the pupil again in the next import)",
            Column::Admitted => "admission date",
            Column::Leaving => "leaving date",
            Column::Destination => "the school they move to",
        }
    }
}

/// A class list's header as Kite reads it: each known column with what it means, and the
/// columns it leaves out. `None` when the file has no header row.
pub fn describe_header(text: &str) -> Option<(Vec<String>, Vec<String>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    let fields = csv_fields(first.trim_end_matches('\r'))?;
    let columns = header_columns(&fields)?;
    let mut used = Vec::new();
    let mut ignored = Vec::new();
    for (header, column) in fields.iter().zip(&columns) {
        let header = header.trim();
        match column {
            Some(c) => used.push(format!("{header}: {}", c.meaning())),
            None if !header.is_empty() => ignored.push(header.to_string()),
            None => {}
        }
    }
    Some((used, ignored))
}

fn column(header: &str) -> Option<Column> {
    let h: String = header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    Some(match h.as_str() {
        "firstname" | "forename" | "legalforename" | "legalfirstname" | "name" | "givenname"
        | "pupilfirstname" => Column::FirstName,
        "preferredforename" | "preferredfirstname" | "knownas" | "preferredname" => {
            Column::PreferredName
        }
        "lastinitial" | "initial" | "surnameinitial" | "lastnameinitial" => Column::LastInitial,
        "lastname" | "surname" | "legalsurname" | "legallastname" | "familyname"
        | "pupilsurname" | "pupillastname" => Column::LastName,
        "class" | "classname" | "reggroup" | "registrationgroup" | "registrationform" | "form"
        | "regform" | "tutorgroup" => Column::Class,
        "band" | "keystage" => Column::Band,
        "year"
        | "yeargroup"
        | "ncyear"
        | "nationalcurriculumyear"
        | "curriculumyear"
        | "yearofeducation"
        | "yeartaughtin" => Column::Year,
        "dob" | "dateofbirth" | "birthdate" => Column::DateOfBirth,
        "upn" | "uniquepupilnumber" => Column::Upn,
        "admissiondate" | "dateofadmission" | "admitted" | "entrydate" | "startdate"
        | "enrolmentstartdate" => Column::Admitted,
        "leavingdate" | "dateofleaving" | "leavedate" | "enddate" | "enrolmentenddate" => {
            Column::Leaving
        }
        "destination" | "destinationschool" | "nextschool" | "newschool" | "movingto"
        | "leavingto" => Column::Destination,
        _ => return None,
    })
}

/// Where each column is, by a header row that names at least the first name; `None` when the
/// first line is a pupil, not a header.
fn header_columns(fields: &[String]) -> Option<Vec<Option<Column>>> {
    let columns: Vec<Option<Column>> = fields.iter().map(|f| column(f)).collect();
    columns
        .iter()
        .any(|c| matches!(c, Some(Column::FirstName | Column::PreferredName)))
        .then_some(columns)
}

const POSITIONAL: [Option<Column>; 4] = [
    Some(Column::FirstName),
    Some(Column::LastInitial),
    Some(Column::Class),
    Some(Column::Band),
];

/// One row's cells by column, per the header (or the positional form).
struct Cells<'a> {
    columns: &'a [Option<Column>],
    fields: &'a [String],
}

impl Cells<'_> {
    fn get(&self, column: Column) -> Option<&str> {
        self.columns
            .iter()
            .position(|c| *c == Some(column))
            .and_then(|i| self.fields.get(i))
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
    }
}

/// One row checked: the pupil, their class and band, and their details.
fn read_row(cells: &Cells) -> Result<ImportRow, String> {
    let first = cells
        .get(Column::PreferredName)
        .or_else(|| cells.get(Column::FirstName))
        .unwrap_or("");
    let last_name = cells.get(Column::LastName);
    let initial = cells
        .get(Column::LastInitial)
        .map(str::to_string)
        .or_else(|| last_name.and_then(|n| n.chars().next()).map(String::from))
        .unwrap_or_default();
    let name = check_pupil_name(first, &initial)?;
    let class_name = check_class_name(cells.get(Column::Class).unwrap_or(""))?;
    let years = match cells.get(Column::Year) {
        Some(y) => parse_class_years(y).ok_or_else(|| {
            format!("the year group {y:?} is not one Kite knows; use Nursery, Reception or Year 1 to Year 6")
        })?,
        None => Vec::new(),
    };
    // The short form's fourth column is the band or, as many schools keep it, the year group.
    let (band, years) = match (cells.get(Column::Band), class_years_band(&years)) {
        (Some(b), _) => match parse_band(b) {
            Some(band) => (band, years),
            None => {
                let y = parse_class_years(b).filter(|_| years.is_empty()).ok_or_else(|| format!(
                    "the band {b:?} is not one Kite knows; use EYFS, KS1 or KS2, or the year group (Reception, Year 1 to Year 6)"
                ))?;
                // Youngest first, so the first year's band is the class's.
                (y[0].band(), y)
            }
        },
        (None, Some(band)) => (band, years),
        (None, None) => {
            return Err("the band is missing; give EYFS, KS1 or KS2, or the year group".into())
        }
    };
    // A pupil is in one year group; "Year 3/4" describes a class, not a child.
    let year = match cells.get(Column::Year).map(|_| years.as_slice()) {
        Some([one]) => Some(*one),
        _ => None,
    };
    let details = check_details(&PupilDetails {
        last_name: last_name.map(str::to_string),
        date_of_birth: cells.get(Column::DateOfBirth).map(str::to_string),
        year_group: year,
        upn: cells.get(Column::Upn).map(str::to_string),
        admitted_on: cells.get(Column::Admitted).map(str::to_string),
        leaving_on: cells.get(Column::Leaving).map(str::to_string),
        leaving_to: cells.get(Column::Destination).map(str::to_string),
    })?;
    Ok(ImportRow {
        line: 0,
        name,
        class_name,
        band,
        years,
        details,
    })
}

/// Reads a class list: `first name, last-name initial, class, band`, one pupil a line, a header
/// row optional, blank lines ignored; or a school MIS export whose header names its columns
/// (`Legal Surname`, `Forename`, `DOB`, `Year`, `UPN`, `Reg Group`…), whose band may come from the
/// year group. Each row is checked on its own, so a bad row is reported by its line number and
/// never stops the good ones. Class/band agreement across rows and with existing classes is the
/// server's to check.
pub fn parse_class_csv(text: &str) -> (Vec<ImportRow>, Vec<RowError>) {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut columns: Vec<Option<Column>> = POSITIONAL.to_vec();
    let mut named = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let err = |message: String| RowError { line, message };
        let Some(fields) = csv_fields(raw.trim_end_matches('\r')) else {
            errors.push(err("a quote is opened and not closed".into()));
            continue;
        };
        if line == 1 {
            if let Some(header) = header_columns(&fields) {
                named = header != POSITIONAL;
                if !header.contains(&Some(Column::Class)) {
                    errors.push(err(
                        "the header names no class column (Class, Reg Group or Form); add one"
                            .into(),
                    ));
                    return (rows, errors);
                }
                columns = header;
                continue;
            }
        }
        if !named && fields.len() != 4 {
            errors.push(err(format!(
                "has {} columns; it needs 4: first name, last-name initial, class, band",
                fields.len()
            )));
            continue;
        }
        match read_row(&Cells {
            columns: &columns,
            fields: &fields,
        }) {
            Ok(row) => rows.push(ImportRow { line, ..row }),
            Err(m) => errors.push(err(m)),
        }
    }
    (rows, errors)
}

/// A staff member as shown against a class.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassTeacher {
    pub id: i64,
    pub name: String,
}

/// `GET /api/v1/staff/classes`: the classes the signed-in person may see.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassSummary {
    pub id: i64,
    pub name: String,
    pub band: Band,
    /// The year group(s) it is taught as, youngest first (see `class_years`); empty until
    /// someone sets it.
    #[serde(default)]
    pub years: Vec<YearGroup>,
    pub teachers: Vec<ClassTeacher>,
    /// Pupils on the class list now (not those who have left).
    pub pupils: u32,
}

/// `POST /api/v1/staff/classes`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewClass {
    pub name: String,
    /// Needed only when no year is given; with one it is the youngest year's band.
    #[serde(default)]
    pub band: Option<Band>,
    /// One year group, or two for a mixed class.
    #[serde(default)]
    pub years: Vec<YearGroup>,
}

/// `PUT /api/v1/staff/classes/{id}/years`: the class's year group(s); its band follows.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassYears {
    pub years: Vec<YearGroup>,
}

/// `PUT /api/v1/staff/classes/{id}/teachers`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassTeachers {
    pub staff_ids: Vec<i64>,
}

/// `POST /api/v1/staff/classes/{id}/pupils`: a pupil typed in by hand.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPupil {
    pub first_name: String,
    pub last_initial: String,
}

/// `POST /api/v1/staff/classes/import` (the CSV text as the body): what happened, row by row.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportResult {
    /// Nothing was written: this is what importing the file would do.
    #[serde(default)]
    pub preview: bool,
    /// What each column of the file's header was read as ("Legal Surname: last name"), and the
    /// columns Kite leaves out. Empty for the four-column form without a header.
    #[serde(default)]
    pub columns: Vec<String>,
    #[serde(default)]
    pub ignored_columns: Vec<String>,
    /// Pupils added, as "First L. (Class)".
    pub imported: Vec<String>,
    /// Rows for pupils already on that class list: nothing added twice.
    pub already_there: u32,
    /// Pupils found by their UPN in another class and moved, as "First L.: Oak to Elm".
    #[serde(default)]
    pub moved: Vec<String>,
    /// Pupils whose leaving date has come, marked as left (a leaver new to Kite is added for
    /// their record, and marked as left), as "First L. (Class), left 2026-07-22".
    #[serde(default)]
    pub left: Vec<String>,
    /// Pupils of the classes in the file who aren't in it, as "First L. (Class)": left alone (an
    /// export may leave out some pupils), for staff to check.
    #[serde(default)]
    pub not_in_file: Vec<String>,
    pub classes_created: Vec<String>,
    pub errors: Vec<RowError>,
}

/// `POST /api/v1/staff/classes/import?preview=true` checks a file without importing it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ImportOptions {
    /// Say what importing would do, and write nothing.
    #[serde(default)]
    pub preview: bool,
}

/// A pupil as a kiosk shows them on "Find your name".
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KioskPupil {
    pub id: i64,
    pub first_name: String,
    pub last_initial: String,
    /// `colour-animal`, e.g. `blue-fox`.
    pub symbol: String,
    /// Has signed the current pupil AUP.
    pub signed_current: bool,
}

/// `GET /api/v1/device/classes`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KioskClass {
    pub id: i64,
    pub name: String,
    pub band: Band,
    /// The class's year group(s), so the tablet shows its own year's lessons first. Empty when
    /// the school hasn't set it (and in lists a tablet cached before classes had years).
    #[serde(default)]
    pub years: Vec<YearGroup>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_initials_one_letter() {
        let n = check_pupil_name("  Ava ", "b.").unwrap();
        assert_eq!(
            (n.first_name.as_str(), n.last_initial.as_str()),
            ("Ava", "B")
        );
        assert!(check_pupil_name("", "B").unwrap_err().contains("missing"));
        assert!(check_pupil_name("Ava", "Br")
            .unwrap_err()
            .contains("one letter"));
        assert!(check_pupil_name("Ava", "")
            .unwrap_err()
            .contains("initial is missing"));
        assert!(check_pupil_name("A\u{7}va", "B")
            .unwrap_err()
            .contains("control"));
        assert!(check_pupil_name(&"a".repeat(41), "B")
            .unwrap_err()
            .contains("too long"));
        assert_eq!(check_pupil_name("Zoë", "ö").unwrap().last_initial, "Ö");
    }

    #[test]
    fn a_class_list_keeps_good_rows_and_names_bad_ones_by_line() {
        let csv = "First name,Last initial,Class,Band\n\
                   Ava,B,Oak,KS1\n\
                   \"O'Neil, Jo\",K,\"Oak\",ks1\n\
                   ,C,Oak,KS1\n\
                   Max,Smith,Oak,KS1\n\
                   Sam,T,Oak,Year 9\n\
                   \n\
                   Lily,P,Ash,EYFS\n\
                   Tom,R,Oak\n\
                   \"Open,R,Oak,KS1\n";
        let (rows, errors) = parse_class_csv(csv);
        let names: Vec<_> = rows.iter().map(|r| r.name.first_name.as_str()).collect();
        assert_eq!(names, ["Ava", "O'Neil, Jo", "Lily"]);
        assert_eq!(rows[2].line, 8);
        assert_eq!(rows[2].band, Band::Eyfs);
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [4, 5, 6, 9, 10]);
        assert!(errors[0].message.contains("first name is missing"));
        assert!(errors[1].message.contains("one letter"));
        assert!(errors[2].message.contains("Year 9"));
        assert!(errors[3].message.contains("3 columns"));
        assert!(errors[4].message.contains("quote"));
    }

    #[test]
    fn mis_exports_are_read_by_their_column_names() {
        // SIMS-style: legal names, UK dates, the year group instead of a band, extra columns.
        let sims = "UPN,Legal Surname,Legal Forename,Preferred Forename,DOB,Gender,Year,Reg Group,Admission Date\n\
                    A123456789012,Brown,Olivia,Liv,04/09/2016,F,Year 3,Oak,01/09/2020\n\
                    B123456789012,Khan,Zain,,2019-02-28,M,R,Acorns,\n\
                    C123456789012,Smith,Max,,31/02/2016,M,3,Oak,\n\
                    D123456789012,Jones,Amy,,01/01/2016,F,Year 9,Oak,\n";
        let (rows, errors) = parse_class_csv(sims);
        assert_eq!(rows.len(), 2, "{errors:?}");
        let liv = &rows[0];
        assert_eq!(
            (liv.name.first_name.as_str(), liv.name.last_initial.as_str()),
            ("Liv", "B")
        );
        assert_eq!((liv.class_name.as_str(), liv.band), ("Oak", Band::Ks2));
        assert_eq!(liv.details.last_name.as_deref(), Some("Brown"));
        assert_eq!(liv.details.date_of_birth.as_deref(), Some("2016-09-04"));
        assert_eq!(liv.details.year_group, Some(YearGroup::Y3));
        assert_eq!(liv.details.upn.as_deref(), Some("A123456789012"));
        assert_eq!(liv.details.admitted_on.as_deref(), Some("2020-09-01"));
        assert_eq!(
            (rows[1].band, rows[1].details.year_group),
            (Band::Eyfs, Some(YearGroup::Reception))
        );
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [4, 5]);
        assert!(errors[0].message.contains("date of birth"));
        assert!(errors[1].message.contains("Year 9"));

        // Arbor / Bromcom / ScholarPack style headers.
        let arbor =
            "First Name,Last Name,Date of Birth,Year Group,Class,Date of Admission,Leaving Date,Destination School\n\
                     Ava,Patel,2017-05-01,Y2,Willow,2019-09-02,2024-07-19,Hill Top Primary\n";
        let (rows, errors) = parse_class_csv(arbor);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows[0].band, Band::Ks1);
        assert_eq!(rows[0].details.leaving_on.as_deref(), Some("2024-07-19"));
        assert_eq!(
            rows[0].details.leaving_to.as_deref(),
            Some("Hill Top Primary")
        );
        let bromcom = "Forename,Surname,NC Year,Form,Band\nTom,Reed,N2,Nursery,EYFS\n";
        let (rows, errors) = parse_class_csv(bromcom);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows[0].details.year_group, Some(YearGroup::Nursery));

        let (_, errors) = parse_class_csv("Forename,Surname\nTom,Reed\n");
        assert!(errors[0].message.contains("class column"));
    }

    #[test]
    fn the_short_form_takes_a_year_group_instead_of_a_band() {
        let (rows, errors) =
            parse_class_csv("Ava,B,Oak,Year 4\nBen,C,Ash,R\nCat,D,Elm,Y3/4\nDan,E,Fir,3\n");
        assert!(errors.is_empty(), "{errors:?}");
        let got: Vec<_> = rows.iter().map(|r| (r.band, r.years.clone())).collect();
        use YearGroup::*;
        assert_eq!(
            got,
            [
                (Band::Ks2, vec![Y4]),
                (Band::Eyfs, vec![Reception]),
                (Band::Ks2, vec![Y3, Y4]),
                (Band::Ks2, vec![Y3]),
            ]
        );
        // The short form's year describes the class, not the pupil's record.
        assert!(rows.iter().all(|r| r.details.is_empty()));
        let (rows, _) = parse_class_csv("Ava,B,Oak,KS1\n");
        assert!(rows[0].years.is_empty());
        let (_, errors) = parse_class_csv("Ava,B,Oak,Year 2/3/4\n");
        assert!(errors[0].message.contains("year group"), "{errors:?}");
    }

    #[test]
    fn the_header_is_optional() {
        let (rows, errors) = parse_class_csv("Ava,B,Oak,KS1\r\nBen,C,Oak,KS1\r\n");
        assert_eq!((rows.len(), errors.len()), (2, 0));
    }

    #[test]
    fn classmates_get_different_animals_while_there_are_enough() {
        let mut taken: Vec<String> = Vec::new();
        for _ in 0..SYMBOL_ANIMALS.len() {
            let s = next_symbol(taken.iter().map(String::as_str));
            taken.push(s);
        }
        let animals: std::collections::HashSet<_> =
            taken.iter().map(|s| s.split('-').nth(1).unwrap()).collect();
        assert_eq!(animals.len(), SYMBOL_ANIMALS.len());
        // A bigger class: no two pupils share colour and animal while combinations remain.
        for _ in 0..40 {
            let s = next_symbol(taken.iter().map(String::as_str));
            taken.push(s);
        }
        let distinct: std::collections::HashSet<_> = taken.iter().collect();
        assert_eq!(distinct.len(), taken.len());
    }
}
