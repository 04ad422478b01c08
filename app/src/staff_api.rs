//! Every call the staff screens make to `/api/v1/staff/…`, in one place. The browser sends the
//! session cookie itself (same origin, HttpOnly); this module adds the CSRF token the server gave
//! at sign-in to every state-changing request, and turns error answers into kind messages.

use std::cell::RefCell;

use gloo_net::http::{Method, RequestBuilder};
use kite_protocol::device::ApiError;
use kite_protocol::school_account::{
    SchoolAccountSettings, SchoolAccountSettingsForm, SchoolAccountSignIn, SchoolAccountTwoStep,
};
use kite_protocol::staff::{
    AuditPage, DeviceRow, EnrolmentCode, LoginRequest, Me, NewAction, NewCount, NewStaff,
    PasswordChange, PasswordConfirm, RecoveryCodes, ReportDetail, ReportList, SchoolProfileForm,
    StaffAccount, TotpCode, TotpDisable, TotpSetup, Triage,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

thread_local! {
    /// The session's CSRF token. Kept out of the reactive graph so event handlers and tasks can
    /// reach it without a context.
    static CSRF: RefCell<Option<String>> = const { RefCell::new(None) };
}

pub fn set_csrf(token: Option<String>) {
    CSRF.with(|c| *c.borrow_mut() = token);
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffError {
    /// HTTP status; 0 when the server could not be reached.
    pub status: u16,
    pub message: String,
}

impl StaffError {
    pub fn is_signed_out(&self) -> bool {
        self.status == 401
    }
    pub fn is_forbidden(&self) -> bool {
        self.status == 403
    }
    /// The session is live but its screen locked after a while without use: the password
    /// opens it again.
    pub fn is_locked(&self) -> bool {
        self.status == 423
    }
}

fn unreachable() -> StaffError {
    StaffError {
        status: 0,
        message: "Can't reach the school server just now. Check the connection and try again."
            .into(),
    }
}

/// The server's message, with a capital letter and a full stop.
fn sentence(s: &str) -> String {
    let mut c = s.chars();
    let mut out = match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

async fn call<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<String>,
) -> Result<T, StaffError> {
    let csrf = CSRF.with(|c| c.borrow().clone());
    request(method, path, body, csrf).await
}

/// One call to `/api/v1{path}`: the JSON answer, or the server's message made kind. `csrf` is
/// sent on every state-changing request. Shared with the parents' page, which has its own
/// session and token.
pub(crate) async fn request<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<String>,
    csrf: Option<String>,
) -> Result<T, StaffError> {
    let builder = RequestBuilder::new(&format!("/api/v1{path}")).method(method.clone());
    send_built(builder, method, body, csrf).await
}

/// A GET the page makes by itself (a poll), not for something the person did: the server
/// doesn't count it as the person being there, so an unattended screen still locks.
async fn background_get<T: DeserializeOwned>(path: &str) -> Result<T, StaffError> {
    let builder = RequestBuilder::new(&format!("/api/v1{path}")).header("X-Kite-Background", "1");
    send_built(builder, Method::GET, None, None).await
}

async fn send_built<T: DeserializeOwned>(
    mut builder: RequestBuilder,
    method: Method,
    body: Option<String>,
    csrf: Option<String>,
) -> Result<T, StaffError> {
    if method != Method::GET {
        if let Some(token) = csrf {
            builder = builder.header("X-CSRF-Token", &token);
        }
    }
    let request = match body {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json)
            .map_err(|_| unreachable())?,
        None => builder.build().map_err(|_| unreachable())?,
    };
    let response = request.send().await.map_err(|_| unreachable())?;
    let status = response.status();
    if (200..300).contains(&status) {
        return response.json::<T>().await.map_err(|_| StaffError {
            status,
            message: "The server's answer was not understood. Reload the page.".into(),
        });
    }
    let message = match response.json::<ApiError>().await {
        Ok(e) => sentence(&e.error),
        Err(_) => {
            format!("The school server answered with an error ({status}). Try again in a minute.")
        }
    };
    Err(StaffError { status, message })
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, StaffError> {
    call(Method::GET, path, None).await
}

async fn send<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, StaffError> {
    let json = serde_json::to_string(body).map_err(|_| unreachable())?;
    call(method, path, Some(json)).await
}

type Done = serde_json::Value;

/// Who is signed in, if anyone (`None` is not an error: the sign-in form is shown).
pub async fn me() -> Result<Option<Me>, StaffError> {
    let me: Option<Me> = get("/staff/session").await?;
    set_csrf(me.as_ref().map(|m| m.csrf_token.clone()));
    Ok(me)
}

pub async fn login(email: &str, password: &str, code: Option<String>) -> Result<Me, StaffError> {
    let me: Me = send(
        Method::POST,
        "/staff/login",
        &LoginRequest {
            email: email.into(),
            password: password.into(),
            totp_code: code,
        },
    )
    .await?;
    set_csrf(Some(me.csrf_token.clone()));
    Ok(me)
}

/// Whether the sign-in page shows "Sign in with your school account".
pub async fn school_account_available() -> Result<SchoolAccountSignIn, StaffError> {
    get("/staff/oidc").await
}

/// The two-step code after the school's provider has said who this is.
pub async fn school_account_two_step(code: &str) -> Result<Me, StaffError> {
    let me: Me = send(
        Method::POST,
        "/staff/oidc/two-step",
        &SchoolAccountTwoStep {
            totp_code: code.into(),
        },
    )
    .await?;
    set_csrf(Some(me.csrf_token.clone()));
    Ok(me)
}

pub async fn school_account_settings() -> Result<SchoolAccountSettings, StaffError> {
    get("/staff/oidc/settings").await
}

pub async fn save_school_account_settings(
    form: &SchoolAccountSettingsForm,
) -> Result<SchoolAccountSettings, StaffError> {
    send(Method::PUT, "/staff/oidc/settings", form).await
}

pub async fn logout() -> Result<(), StaffError> {
    let r: Result<Done, _> = send(Method::POST, "/staff/logout", &()).await;
    set_csrf(None);
    r.map(|_| ())
}

pub async fn change_password(current: &str, new: &str) -> Result<(), StaffError> {
    send::<_, Done>(
        Method::POST,
        "/staff/password",
        &PasswordChange {
            current_password: current.into(),
            new_password: new.into(),
        },
    )
    .await
    .map(|_| ())
}

/// `query` is already encoded, e.g. `status=all&urgency=urgent`.
pub async fn reports(query: &str) -> Result<ReportList, StaffError> {
    get(&format!("/staff/reports?{query}")).await
}

/// `query` is already encoded: `period=2026-27/autumn`.
pub async fn governors_report(
    query: &str,
) -> Result<kite_protocol::oversight::GovernorsReport, StaffError> {
    get(&format!("/staff/governors-report?{query}")).await
}

/// The trust overview; `query` as for the governors' report (the server reads the period only).
pub async fn trust_overview(
    query: &str,
) -> Result<kite_protocol::trust::TrustOverview, StaffError> {
    get(&format!("/staff/trust/overview?{query}")).await
}

pub async fn new_count() -> Result<NewCount, StaffError> {
    background_get("/staff/reports/count").await
}

/// Whether the session is still open (a background check, for accounts with no count to poll).
pub async fn still_signed_in() -> Result<Option<Me>, StaffError> {
    background_get("/staff/session").await
}

/// Opens a locked screen with the account's password.
pub async fn unlock(password: &str) -> Result<Me, StaffError> {
    let me: Me = send(
        Method::POST,
        "/staff/unlock",
        &kite_protocol::staff::UnlockRequest {
            password: password.into(),
        },
    )
    .await?;
    set_csrf(Some(me.csrf_token.clone()));
    Ok(me)
}

/// Logs a concern; sending the same one again (same id) answers with the same receipt.
pub async fn log_concern(
    c: &kite_protocol::concern::NewConcern,
) -> Result<kite_protocol::concern::ConcernReceipt, StaffError> {
    send(Method::POST, "/staff/concerns", c).await
}

/// Current pupils of any class whose name starts with these letters, for the concern form.
pub async fn find_pupils(q: &str) -> Result<Vec<kite_protocol::concern::PupilChoice>, StaffError> {
    let q = String::from(js_sys::encode_uri_component(q));
    get(&format!("/staff/concerns/pupils?q={q}")).await
}

pub async fn report(id: &str) -> Result<ReportDetail, StaffError> {
    get(&format!("/staff/reports/{id}")).await
}

pub async fn procedures(
    id: &str,
) -> Result<kite_protocol::procedure::RecordProcedures, StaffError> {
    get(&format!("/staff/reports/{id}/procedures")).await
}

pub async fn start_procedure(id: &str, procedure: &str) -> Result<(), StaffError> {
    let body = kite_protocol::procedure::StartProcedure {
        procedure: procedure.into(),
    };
    send::<_, Done>(
        Method::POST,
        &format!("/staff/reports/{id}/procedures"),
        &body,
    )
    .await
    .map(|_| ())
}

pub async fn record_step(
    id: &str,
    procedure: &str,
    step: &str,
    answers: &kite_protocol::procedure::Answers,
) -> Result<(), StaffError> {
    let body = kite_protocol::procedure::RecordStep {
        step: step.into(),
        answers: answers.clone(),
    };
    let path = format!("/staff/reports/{id}/procedures/{procedure}/steps");
    send::<_, Done>(Method::POST, &path, &body)
        .await
        .map(|_| ())
}

pub async fn triage(id: &str, t: &Triage) -> Result<(), StaffError> {
    send::<_, Done>(Method::PATCH, &format!("/staff/reports/{id}"), t)
        .await
        .map(|_| ())
}

pub async fn add_action(id: &str, a: &NewAction) -> Result<(), StaffError> {
    send::<_, Done>(Method::POST, &format!("/staff/reports/{id}/actions"), a)
        .await
        .map(|_| ())
}

/// One page of the audit log: `query` is the filters as `key=value` pairs, values unencoded.
pub async fn audit(query: &[(&str, String)]) -> Result<AuditPage, StaffError> {
    let q: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
        .collect();
    get(&format!("/staff/audit?{}", q.join("&"))).await
}

pub async fn accounts() -> Result<Vec<StaffAccount>, StaffError> {
    get("/staff/accounts").await
}

pub async fn create_account(a: &NewStaff) -> Result<StaffAccount, StaffError> {
    send(Method::POST, "/staff/accounts", a).await
}

pub async fn update_account(
    id: i64,
    change: serde_json::Value,
) -> Result<StaffAccount, StaffError> {
    send(Method::PATCH, &format!("/staff/accounts/{id}"), &change).await
}

pub async fn devices() -> Result<Vec<DeviceRow>, StaffError> {
    get("/staff/devices").await
}

pub async fn revoke_device(id: i64) -> Result<(), StaffError> {
    send::<_, Done>(Method::POST, &format!("/staff/devices/{id}/revoke"), &())
        .await
        .map(|_| ())
}

pub async fn new_enrolment_code() -> Result<EnrolmentCode, StaffError> {
    send(Method::POST, "/staff/enrolment-codes", &()).await
}

/// A school year's term dates (the year it starts in).
pub async fn term_dates(
    school_year: i32,
) -> Result<kite_protocol::oversight::TermDatesForm, StaffError> {
    get(&format!("/staff/school/terms?school_year={school_year}")).await
}

pub async fn save_term_dates(
    form: &kite_protocol::oversight::TermDatesForm,
) -> Result<kite_protocol::oversight::TermDatesForm, StaffError> {
    send(Method::PUT, "/staff/school/terms", form).await
}

pub async fn school() -> Result<SchoolProfileForm, StaffError> {
    get("/staff/school").await
}

pub async fn save_school(p: &SchoolProfileForm) -> Result<SchoolProfileForm, StaffError> {
    send(Method::PUT, "/staff/school", p).await
}

pub async fn totp_setup(password: &str) -> Result<TotpSetup, StaffError> {
    send(
        Method::POST,
        "/staff/totp/setup",
        &PasswordConfirm {
            password: password.into(),
        },
    )
    .await
}

/// Turns two-step sign-in on; answers the recovery codes, to show once.
pub async fn totp_enable(code: &str) -> Result<RecoveryCodes, StaffError> {
    send(
        Method::POST,
        "/staff/totp/enable",
        &TotpCode { code: code.into() },
    )
    .await
}

/// A new set of recovery codes in place of the old.
pub async fn new_recovery_codes(password: &str) -> Result<RecoveryCodes, StaffError> {
    send(
        Method::POST,
        "/staff/totp/recovery-codes",
        &PasswordConfirm {
            password: password.into(),
        },
    )
    .await
}

pub async fn totp_disable(password: &str) -> Result<(), StaffError> {
    send::<_, Done>(
        Method::POST,
        "/staff/totp/disable",
        &TotpDisable {
            password: password.into(),
        },
    )
    .await
    .map(|_| ())
}

/// Uploads a trusted adult's photo (PNG, JPEG or WebP); answers the path to put in the profile.
pub async fn upload_photo(bytes: &[u8], content_type: &str) -> Result<String, StaffError> {
    let too_big = "That photo is too big: the most is 512 KB. Try a smaller picture.";
    let v = upload("/api/v1/staff/school/photos", bytes, content_type, too_big).await?;
    v["path"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(unreachable)
}

/// Uploads a filtering check's certificate (PDF or image); answers its id.
pub async fn upload_filtering_file(bytes: &[u8], content_type: &str) -> Result<i64, StaffError> {
    let too_big = "That file is too big: the most is 2 MB.";
    upload_for_id("filtering", bytes, content_type, too_big).await
}

/// Uploads a document's PDF or a training certificate; answers its id.
pub async fn upload_training_file(bytes: &[u8], content_type: &str) -> Result<i64, StaffError> {
    let too_big = "That file is too big: the most is 8 MB.";
    upload_for_id("training", bytes, content_type, too_big).await
}

/// Uploads to `/staff/{area}/files`, which answers the kept file's id.
async fn upload_for_id(
    area: &str,
    bytes: &[u8],
    content_type: &str,
    too_big: &str,
) -> Result<i64, StaffError> {
    let url = format!("/api/v1/staff/{area}/files");
    let v = upload(&url, bytes, content_type, too_big).await?;
    v["id"].as_i64().ok_or_else(unreachable)
}

/// Sends a file's raw bytes as the body; the server's JSON answer.
async fn upload(
    url: &str,
    bytes: &[u8],
    content_type: &str,
    too_big: &str,
) -> Result<serde_json::Value, StaffError> {
    let mut builder = RequestBuilder::new(url).method(Method::POST);
    if let Some(token) = CSRF.with(|c| c.borrow().clone()) {
        builder = builder.header("X-CSRF-Token", &token);
    }
    let body = js_sys::Uint8Array::from(bytes);
    let request = builder
        .header("Content-Type", content_type)
        .body(body)
        .map_err(|_| unreachable())?;
    let response = request.send().await.map_err(|_| unreachable())?;
    let status = response.status();
    if status == 200 {
        return response.json().await.map_err(|_| unreachable());
    }
    let message = match status {
        413 => too_big.to_string(),
        _ => match response.json::<ApiError>().await {
            Ok(e) => sentence(&e.error),
            Err(_) => format!("The school server answered with an error ({status})."),
        },
    };
    Err(StaffError { status, message })
}

/// New letters (and codes) for a class's parents, or for some of its pupils. Old codes stop
/// working.
pub async fn parent_letters(
    class_id: i64,
    pupil_ids: Option<Vec<i64>>,
) -> Result<kite_protocol::parents::ParentLetters, StaffError> {
    send(
        Method::POST,
        &format!("/staff/classes/{class_id}/parent-letters"),
        &kite_protocol::parents::LettersRequest { pupil_ids },
    )
    .await
}
// --- a pupil's safeguarding record (DSL) ---

use kite_protocol::pupil_record::{
    LinkPupil, LinkedPupil, PupilDetails, PupilDetailsPage, PupilHit, PupilRecordPage,
    RecordPrinted,
};

/// Pupils whose first or last name starts with the letters typed.
pub async fn find_pupil_records(q: &str) -> Result<Vec<PupilHit>, StaffError> {
    let q: String = js_sys::encode_uri_component(q).into();
    get(&format!("/staff/pupils?q={q}")).await
}

/// A child's details and chronology, newest first (each call is audited by the server).
pub async fn pupil_record(id: i64) -> Result<PupilRecordPage, StaffError> {
    get(&format!("/staff/pupils/{id}/record")).await
}

/// Tells the server the record is being printed (audited); who printed it and when.
/// `for_transfer`: printed as the child protection file for the school they move to.
pub async fn pupil_record_printed(
    id: i64,
    for_transfer: bool,
) -> Result<RecordPrinted, StaffError> {
    let purpose = if for_transfer {
        "?purpose=transfer"
    } else {
        ""
    };
    call(
        Method::POST,
        &format!("/staff/pupils/{id}/record/printed{purpose}"),
        None,
    )
    .await
}

pub async fn record_file_transfer(
    id: i64,
    t: &kite_protocol::file_transfer::NewTransfer,
) -> Result<Done, StaffError> {
    send(Method::POST, &format!("/staff/pupils/{id}/transfers"), t).await
}

pub async fn decide_retention(
    report_id: &str,
    d: &kite_protocol::retention::RetentionDecision,
) -> Result<Done, StaffError> {
    send(
        Method::POST,
        &format!("/staff/reports/{report_id}/retention"),
        d,
    )
    .await
}

pub async fn pupil_details(id: i64) -> Result<PupilDetailsPage, StaffError> {
    get(&format!("/staff/pupils/{id}/details")).await
}

pub async fn save_pupil_details(id: i64, d: &PupilDetails) -> Result<PupilDetailsPage, StaffError> {
    send(Method::PUT, &format!("/staff/pupils/{id}/details"), d).await
}

pub async fn link_pupil(report_id: &str, l: &LinkPupil) -> Result<Vec<LinkedPupil>, StaffError> {
    send(
        Method::POST,
        &format!("/staff/reports/{report_id}/pupils"),
        l,
    )
    .await
}

// --- classes, register and agreements ---

use kite_protocol::agreement::{
    AgreementKind, AgreementKindInfo, AgreementPreview, AgreementVersion, CorrectAgreement,
    MyAgreement, NewAgreementKind, PublishAgreement, RetireAgreementKind, SignAgreement,
};
use kite_protocol::classes::{ClassSummary, ClassYears, ImportResult, NewClass, NewPupil};
use kite_protocol::register::ClassRegister;

pub async fn classes() -> Result<Vec<ClassSummary>, StaffError> {
    get("/staff/classes").await
}

pub async fn create_class(c: &NewClass) -> Result<ClassSummary, StaffError> {
    send(Method::POST, "/staff/classes", c).await
}

pub async fn set_class_years(id: i64, years: &ClassYears) -> Result<ClassSummary, StaffError> {
    send(Method::PUT, &format!("/staff/classes/{id}/years"), years).await
}

pub async fn set_class_teachers(id: i64, staff_ids: Vec<i64>) -> Result<ClassSummary, StaffError> {
    send(
        Method::PUT,
        &format!("/staff/classes/{id}/teachers"),
        &serde_json::json!({ "staff_ids": staff_ids }),
    )
    .await
}

/// A class list as CSV text, sent as it is (not JSON). `preview`: what importing it would do,
/// with nothing written.
pub async fn import_classes(csv: String, preview: bool) -> Result<ImportResult, StaffError> {
    let path = if preview {
        "/api/v1/staff/classes/import?preview=true"
    } else {
        "/api/v1/staff/classes/import"
    };
    let mut builder = RequestBuilder::new(path).method(Method::POST);
    if let Some(token) = CSRF.with(|c| c.borrow().clone()) {
        builder = builder.header("X-CSRF-Token", &token);
    }
    let response = builder
        .header("Content-Type", "text/csv; charset=utf-8")
        .body(csv)
        .map_err(|_| unreachable())?
        .send()
        .await
        .map_err(|_| unreachable())?;
    let status = response.status();
    if status == 200 {
        return response.json().await.map_err(|_| unreachable());
    }
    let message = match status {
        413 => "That file is too big: the most is 512 KB.".to_string(),
        _ => match response.json::<ApiError>().await {
            Ok(e) => sentence(&e.error),
            Err(_) => format!("The school server answered with an error ({status})."),
        },
    };
    Err(StaffError { status, message })
}

pub async fn add_pupil(class_id: i64, p: &NewPupil) -> Result<ClassSummary, StaffError> {
    send(
        Method::POST,
        &format!("/staff/classes/{class_id}/pupils"),
        p,
    )
    .await
}

pub async fn mark_pupil_left(pupil_id: i64) -> Result<(), StaffError> {
    call::<Done>(
        Method::POST,
        &format!("/staff/pupils/{pupil_id}/left"),
        None,
    )
    .await
    .map(|_| ())
}

pub async fn register(class_id: i64) -> Result<ClassRegister, StaffError> {
    get(&format!("/staff/classes/{class_id}/register")).await
}

use kite_protocol::consent::{
    ConsentUse, NewConsentUse, PaperCoSignature, PaperConsent, RetireConsentUse,
};

pub async fn paper_consent(class_id: i64, p: &PaperConsent) -> Result<ClassRegister, StaffError> {
    send(
        Method::POST,
        &format!("/staff/classes/{class_id}/paper/consent"),
        p,
    )
    .await
}

pub async fn paper_cosignature(
    class_id: i64,
    p: &PaperCoSignature,
) -> Result<ClassRegister, StaffError> {
    send(
        Method::POST,
        &format!("/staff/classes/{class_id}/paper/cosignature"),
        p,
    )
    .await
}

pub async fn consent_uses() -> Result<Vec<ConsentUse>, StaffError> {
    get("/staff/consent-uses").await
}

pub async fn add_consent_use(u: &NewConsentUse) -> Result<Vec<ConsentUse>, StaffError> {
    send(Method::POST, "/staff/consent-uses", u).await
}

pub async fn retire_consent_use(key: String) -> Result<Vec<ConsentUse>, StaffError> {
    send(
        Method::POST,
        "/staff/consent-uses/retire",
        &RetireConsentUse { key },
    )
    .await
}

pub async fn agreement_kinds() -> Result<Vec<AgreementKindInfo>, StaffError> {
    get("/staff/agreement-kinds").await
}

pub async fn add_agreement_kind(k: &NewAgreementKind) -> Result<AgreementKindInfo, StaffError> {
    send(Method::POST, "/staff/agreement-kinds", k).await
}

pub async fn retire_agreement_kind(
    kind: AgreementKind,
) -> Result<Vec<AgreementKindInfo>, StaffError> {
    send(
        Method::POST,
        "/staff/agreement-kinds/retire",
        &RetireAgreementKind { kind },
    )
    .await
}

pub async fn agreements() -> Result<Vec<AgreementVersion>, StaffError> {
    get("/staff/agreements").await
}

pub async fn publish_agreement(
    kind: &str,
    p: &PublishAgreement,
) -> Result<AgreementVersion, StaffError> {
    send(Method::POST, &format!("/staff/agreements/{kind}"), p).await
}

/// What publishing this draft would change, and who would sign again.
pub async fn preview_agreement(
    kind: &str,
    p: &PublishAgreement,
) -> Result<AgreementPreview, StaffError> {
    send(
        Method::POST,
        &format!("/staff/agreements/{kind}/preview"),
        p,
    )
    .await
}

pub async fn correct_agreement(
    kind: &str,
    c: &CorrectAgreement,
) -> Result<AgreementVersion, StaffError> {
    send(
        Method::POST,
        &format!("/staff/agreements/{kind}/correction"),
        c,
    )
    .await
}

pub async fn my_agreement() -> Result<MyAgreement, StaffError> {
    get("/staff/agreement").await
}

/// Whether this staff member has an agreement still to sign: `GET /staff/agreement` read for its
/// signature alone, so the bundles that send the adult to `/staff` to sign it carry none of the
/// agreement's own JSON.
pub async fn agreement_due() -> Result<bool, StaffError> {
    #[derive(serde::Deserialize)]
    struct Signed {
        signed_at_ms: Option<i64>,
    }
    get::<Signed>("/staff/agreement")
        .await
        .map(|s| s.signed_at_ms.is_none())
}

pub async fn sign_agreement(s: &SignAgreement) -> Result<MyAgreement, StaffError> {
    send(Method::POST, "/staff/agreement/sign", s).await
}

/// A change to a record: `POST /staff/reports/{id}/{what}` (an action done, a correction, a
/// referral or its result, the parents told).
pub async fn record_change<B: Serialize>(id: &str, what: &str, body: &B) -> Result<(), StaffError> {
    send::<_, Done>(Method::POST, &format!("/staff/reports/{id}/{what}"), body)
        .await
        .map(|_| ())
}

/// The start of a letter to a child's parents; `pupil_id` chooses the child.
pub async fn parent_letter(
    id: &str,
    pupil_id: Option<i64>,
) -> Result<kite_protocol::record::ParentLetter, StaffError> {
    match pupil_id {
        Some(p) => get(&format!("/staff/reports/{id}/parent-letter?pupil_id={p}")).await,
        None => get(&format!("/staff/reports/{id}/parent-letter")).await,
    }
}

pub async fn dsl_home() -> Result<kite_protocol::record::DslHome, StaffError> {
    get("/staff/dsl-home").await
}

pub async fn filtering_log() -> Result<kite_protocol::filtering::FilteringLog, StaffError> {
    get("/staff/filtering").await
}

pub async fn my_filter_changes() -> Result<Vec<kite_protocol::filtering::FilterChange>, StaffError>
{
    get("/staff/filtering/my-changes").await
}

/// A write to the filtering logs (`what` under `/staff/filtering/`); the answer is not needed:
/// the page reads the log again.
pub async fn filtering_write<B: Serialize>(
    method: Method,
    what: &str,
    body: &B,
) -> Result<(), StaffError> {
    send::<B, Done>(method, &format!("/staff/filtering/{what}"), body)
        .await
        .map(|_| ())
}

pub async fn policy() -> Result<kite_protocol::policy::OnlineSafetyPolicy, StaffError> {
    get("/staff/policy").await
}

/// Whether the online-safety policy is in date (an admin's home).
pub async fn policy_review() -> Result<kite_protocol::review::ReviewStatus, StaffError> {
    get("/staff/policy/review").await
}

pub async fn approve_policy(
    body: &kite_protocol::policy::NewPolicyApproval,
) -> Result<kite_protocol::policy::OnlineSafetyPolicy, StaffError> {
    send(Method::POST, "/staff/policy/approvals", body).await
}

pub async fn training_register() -> Result<kite_protocol::training::TrainingRegister, StaffError> {
    get("/staff/training").await
}

pub async fn training_due() -> Result<kite_protocol::training::TrainingDue, StaffError> {
    get("/staff/training/due").await
}

/// A change to the training register (`people`, `records`, `documents`): the register as it
/// now stands.
pub async fn training_change<B: Serialize>(
    what: &str,
    body: &B,
) -> Result<kite_protocol::training::TrainingRegister, StaffError> {
    send(Method::POST, &format!("/staff/training/{what}"), body).await
}

pub async fn my_reading() -> Result<Vec<kite_protocol::training::MyReading>, StaffError> {
    get("/staff/training/reading").await
}

pub async fn confirm_reading(
    document_id: i64,
) -> Result<Vec<kite_protocol::training::MyReading>, StaffError> {
    let body = kite_protocol::training::ConfirmReading { document_id };
    send(Method::POST, "/staff/training/reading", &body).await
}

/// Logs a concern about an adult in school, for the head (or the chair of governors).
pub async fn log_adult_concern(
    c: &kite_protocol::adult_concern::NewAdultConcern,
) -> Result<kite_protocol::adult_concern::AdultConcernReceipt, StaffError> {
    send(Method::POST, "/staff/adult-concerns", c).await
}

/// The concerns about adults that go to the head (or the chair), with each adult's pattern.
pub async fn adult_concerns() -> Result<kite_protocol::adult_concern::AdultConcernList, StaffError>
{
    get("/staff/adult-concerns").await
}

/// One concern about an adult, with what was recorded on it.
pub async fn adult_concern(
    id: &str,
) -> Result<kite_protocol::adult_concern::AdultConcernRecord, StaffError> {
    get(&format!("/staff/adult-concerns/{id}")).await
}

/// Records the LADO consulted, a decision or the outcome on a concern about an adult.
pub async fn adult_concern_step(
    id: &str,
    step: &kite_protocol::adult_concern::AdultConcernStep,
) -> Result<kite_protocol::adult_concern::AdultConcernRecord, StaffError> {
    send(
        Method::POST,
        &format!("/staff/adult-concerns/{id}/steps"),
        step,
    )
    .await
}

/// The head's (or chair's) home: open concerns about adults, LADO overdue, the filtering review.
pub async fn head_summary() -> Result<kite_protocol::adult_concern::HeadSummary, StaffError> {
    get("/staff/adult-concerns/summary").await
}

/// One day's visitors (`YYYY-MM-DD`; today when empty).
pub async fn visitors(date: &str) -> Result<kite_protocol::visitor::VisitorDay, StaffError> {
    if date.is_empty() {
        get("/staff/visitors").await
    } else {
        get(&format!("/staff/visitors?date={date}")).await
    }
}

/// The visitors' poster; `None` before the office has made one.
pub async fn visitor_poster() -> Result<Option<kite_protocol::visitor::VisitorPoster>, StaffError> {
    get("/staff/visitors/poster").await
}

/// A new poster; every older one stops working.
pub async fn new_visitor_poster() -> Result<kite_protocol::visitor::VisitorPoster, StaffError> {
    send(Method::POST, "/staff/visitors/poster", &()).await
}

// --- the school's news and guides for parents ---

use kite_protocol::school_posts::{NewSchoolPost, SchoolPostRow};

pub async fn school_posts() -> Result<Vec<SchoolPostRow>, StaffError> {
    get("/staff/parents-news").await
}

pub async fn add_school_post(p: &NewSchoolPost) -> Result<SchoolPostRow, StaffError> {
    send(Method::POST, "/staff/parents-news", p).await
}

pub async fn take_down_school_post(id: i64) -> Result<SchoolPostRow, StaffError> {
    send(
        Method::POST,
        &format!("/staff/parents-news/{id}/take-down"),
        &(),
    )
    .await
}

/// Uploads a picture for a post (PNG, JPEG or WebP, at most 1 MB); answers its id.
pub async fn upload_school_post_picture(
    bytes: &[u8],
    content_type: &str,
) -> Result<i64, StaffError> {
    let too_big =
        "That picture is too big: the most is 1 MB. Save it smaller (or as a JPEG) and try again.";
    let v = upload(
        "/api/v1/staff/parents-news/pictures",
        bytes,
        content_type,
        too_big,
    )
    .await?;
    v["id"].as_i64().ok_or_else(unreachable)
}

pub async fn surveys() -> Result<Vec<kite_protocol::survey::SurveySummary>, StaffError> {
    get("/staff/surveys").await
}

pub async fn add_survey(
    draft: &kite_protocol::survey::SurveyDraft,
) -> Result<kite_protocol::survey::Survey, StaffError> {
    send(Method::POST, "/staff/surveys", draft).await
}

pub async fn survey_results(id: i64) -> Result<kite_protocol::survey::SurveyResults, StaffError> {
    get(&format!("/staff/surveys/{id}/results")).await
}

/// The staff surveys open today that this person hasn't answered (their home's card).
pub async fn surveys_to_answer() -> Result<Vec<kite_protocol::survey::Survey>, StaffError> {
    get("/staff/surveys/to-answer").await
}

pub async fn answer_survey(answer: &kite_protocol::survey::SurveyAnswer) -> Result<(), StaffError> {
    send::<_, Done>(
        Method::POST,
        &format!("/staff/surveys/{}/answers", answer.survey_id),
        answer,
    )
    .await
    .map(|_| ())
}
