//! `/api/v1/staff/…`: one table of every staff route, with who may use it. The router (and with
//! it the OpenAPI document, from each handler's `#[utoipa::path]`) is built from the table, and
//! the role test walks the same table with every role, so a route can't be added without its
//! access being tested. Access is enforced by each handler's first extractor
//! (`Dsl`, `Admin`, `AdminOrDsl`, `StaffUser`, `AnyAccount`, `TrustUser`, `ConcernWriter`, `Head`,
//! `DutiesLead`, `HeadOrChair`); `access` here says what that extractor is, for the test and
//! the docs.

mod accounts;
mod adult_concerns;
mod agreement_kinds;
mod agreements;
mod audit;
mod child_answer;
mod class_import;
mod classes;
mod concerns;
mod consents;
mod devices;
mod export;
pub mod extract;
mod file_transfers;
mod filtering;
mod governors;
mod letters;
mod oidc;
mod policy;
mod procedures;
mod pupil_record;
mod record;
mod record_entry;
mod register;
mod report_pupils;
mod reports;
mod retention;
pub(crate) mod school;
mod school_posts;
mod session;
pub(crate) mod stored_file;
mod surveys;
mod term_dates;
mod totp;
mod training;
mod trust;
mod visitors;

use axum::http::Method;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No session needed (signing in).
    Public,
    /// Any signed-in account, a trust account too: one's own sign-in (who am I, sign out,
    /// password, two-step). An account that must use two-step and hasn't set it up reaches only
    /// who am I, sign out and the set-up (`SettingUpTwoStep`); every other route answers it 403.
    SignedIn,
    /// Any signed-in member of the school's staff (not a trust account).
    AnyStaff,
    /// DSL and deputies.
    Dsl,
    /// Admin / ICT lead.
    Admin,
    /// An admin or a DSL: accounts and the school's settings and term dates, each changing only
    /// what is theirs (DSL accounts, the two-step setting and shortening retention are the DSL's).
    AdminOrDsl,
    /// The DSL, an admin or a governor: anonymised oversight figures.
    Oversight,
    /// Anyone who works with pupils' records (DSL, teachers, admins), each seeing their own share;
    /// not governors.
    SchoolStaff,
    /// A trust account (several schools on one server): anonymised counts across its schools.
    Trust,
    /// Admins and teachers (not DSLs): making classes and importing class lists.
    AdminOrTeacher,
    /// A class's pupil data: admins and DSLs any class, teachers the classes they teach (403
    /// for others). `{id}` is the class.
    ClassReader,
    /// Changing a class list: admins any class, teachers their own, DSLs never. `{id}` is the
    /// class, or a pupil of it.
    ClassEditor,
    /// Logging a concern about any pupil: DSLs, teachers, admins and other staff; not governors
    /// or the trust.
    ConcernWriter,
    /// A pupil's record details (full name, date of birth, UPN…): admins and DSLs any pupil,
    /// teachers the pupils of classes they teach. `{id}` is the pupil.
    PupilDetailsEditor,
    /// An account flagged as the head teacher's, whatever its role: authorising a change to the
    /// filter.
    Head,
    /// The DSL, an admin or the head: the school's online-safety duties (filtering and
    /// monitoring's logs, the online-safety policy's reviews).
    DutiesLead,
    /// The head, or the chair of governors (a flag on a governor's account): concerns about
    /// adults in school, each reading only those that go to them (the chair, those about the
    /// head). Everyone else is refused, the DSL too.
    HeadOrChair,
}

#[derive(Debug, Clone)]
pub struct StaffRoute {
    pub method: Method,
    /// Under `/api/v1`, with `{id}` for path parameters.
    pub path: &'static str,
    pub access: Access,
}

fn table() -> Vec<(StaffRoute, UtoipaMethodRouter)> {
    use Access::*;
    let r = |method: Method, path, access, handler| {
        (
            StaffRoute {
                method,
                path,
                access,
            },
            handler,
        )
    };
    vec![
        r(
            Method::POST,
            "/staff/login",
            Public,
            routes!(session::login),
        ),
        r(
            Method::POST,
            "/staff/logout",
            SignedIn,
            routes!(session::logout),
        ),
        r(Method::GET, "/staff/me", SignedIn, routes!(session::me)),
        r(Method::GET, "/staff/oidc", Public, routes!(oidc::available)),
        r(
            Method::GET,
            "/staff/oidc/start",
            Public,
            routes!(oidc::start),
        ),
        r(
            Method::GET,
            "/staff/oidc/callback",
            Public,
            routes!(oidc::callback),
        ),
        r(
            Method::POST,
            "/staff/oidc/two-step",
            Public,
            routes!(oidc::two_step),
        ),
        r(
            Method::GET,
            "/staff/oidc/settings",
            Admin,
            routes!(oidc::get_settings),
        ),
        r(
            Method::PUT,
            "/staff/oidc/settings",
            Admin,
            routes!(oidc::put_settings),
        ),
        r(
            Method::POST,
            "/staff/unlock",
            SignedIn,
            routes!(session::unlock),
        ),
        r(
            Method::GET,
            "/staff/session",
            Public,
            routes!(session::session),
        ),
        r(
            Method::POST,
            "/staff/password",
            SignedIn,
            routes!(session::change_password),
        ),
        r(
            Method::POST,
            "/staff/totp/setup",
            SignedIn,
            routes!(totp::setup),
        ),
        r(
            Method::POST,
            "/staff/totp/enable",
            SignedIn,
            routes!(totp::enable),
        ),
        r(
            Method::POST,
            "/staff/totp/disable",
            SignedIn,
            routes!(totp::disable),
        ),
        r(
            Method::POST,
            "/staff/totp/recovery-codes",
            SignedIn,
            routes!(totp::new_codes),
        ),
        r(Method::GET, "/staff/reports", Dsl, routes!(reports::list)),
        r(
            Method::GET,
            "/staff/reports/count",
            Dsl,
            routes!(reports::count),
        ),
        r(
            Method::GET,
            "/staff/reports/{id}",
            Dsl,
            routes!(reports::detail),
        ),
        r(
            Method::PATCH,
            "/staff/reports/{id}",
            Dsl,
            routes!(reports::triage),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/actions",
            Dsl,
            routes!(reports::add_action),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/answer",
            Dsl,
            routes!(child_answer::answer),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/answers/{answer}/check",
            Dsl,
            routes!(child_answer::check),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/actions/{event}/done",
            Dsl,
            routes!(record::action_done),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/corrections",
            Dsl,
            routes!(record::correction),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/referrals",
            Dsl,
            routes!(record::add_referral),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/referrals/{referral}/result",
            Dsl,
            routes!(record::referral_result),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/parents",
            Dsl,
            routes!(record::parents_told),
        ),
        r(
            Method::GET,
            "/staff/reports/{id}/parent-letter",
            Dsl,
            routes!(record::parent_letter),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/hold",
            Dsl,
            routes!(record::hold),
        ),
        r(
            Method::GET,
            "/staff/reports/{id}/procedures",
            Dsl,
            routes!(procedures::list),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/procedures",
            Dsl,
            routes!(procedures::start),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/procedures/{procedure}/steps",
            Dsl,
            routes!(procedures::record_step),
        ),
        r(
            Method::GET,
            "/staff/dsl-home",
            Dsl,
            routes!(record::dsl_home),
        ),
        r(Method::GET, "/staff/audit", Dsl, routes!(audit::list)),
        r(
            Method::GET,
            "/staff/reports/export.csv",
            Dsl,
            routes!(export::incident_log),
        ),
        r(
            Method::GET,
            "/staff/governors-report",
            Oversight,
            routes!(governors::report),
        ),
        r(
            Method::GET,
            "/staff/trust/overview",
            Trust,
            routes!(trust::overview),
        ),
        r(
            Method::GET,
            "/staff/accounts",
            AdminOrDsl,
            routes!(accounts::list),
        ),
        r(
            Method::POST,
            "/staff/accounts",
            AdminOrDsl,
            routes!(accounts::create),
        ),
        r(
            Method::PATCH,
            "/staff/accounts/{id}",
            AdminOrDsl,
            routes!(accounts::update),
        ),
        r(Method::GET, "/staff/devices", Admin, routes!(devices::list)),
        r(
            Method::POST,
            "/staff/devices/{id}/revoke",
            Admin,
            routes!(devices::revoke),
        ),
        r(
            Method::POST,
            "/staff/enrolment-codes",
            Admin,
            routes!(devices::new_code),
        ),
        r(
            Method::GET,
            "/staff/classes",
            SchoolStaff,
            routes!(classes::list),
        ),
        r(
            Method::POST,
            "/staff/classes",
            AdminOrTeacher,
            routes!(classes::create),
        ),
        r(
            Method::POST,
            "/staff/classes/import",
            AdminOrTeacher,
            routes!(class_import::import).layer(axum::extract::DefaultBodyLimit::max(
                classes::MAX_IMPORT_BYTES + 1024,
            )),
        ),
        r(
            Method::PUT,
            "/staff/classes/{id}/teachers",
            Admin,
            routes!(classes::set_teachers),
        ),
        r(
            Method::PUT,
            "/staff/classes/{id}/years",
            ClassEditor,
            routes!(classes::set_years),
        ),
        r(
            Method::POST,
            "/staff/classes/{id}/pupils",
            ClassEditor,
            routes!(classes::add_pupil),
        ),
        r(
            Method::POST,
            "/staff/pupils/{id}/left",
            ClassEditor,
            routes!(classes::mark_left),
        ),
        r(
            Method::GET,
            "/staff/classes/{id}/register",
            ClassReader,
            routes!(register::register),
        ),
        r(
            Method::GET,
            "/staff/classes/{id}/register.csv",
            ClassReader,
            routes!(register::register_csv),
        ),
        r(
            Method::POST,
            "/staff/classes/{id}/paper/consent",
            ClassReader,
            routes!(consents::paper_consent),
        ),
        r(
            Method::POST,
            "/staff/classes/{id}/paper/cosignature",
            ClassReader,
            routes!(consents::paper_cosignature),
        ),
        r(
            Method::GET,
            "/staff/consent-uses",
            SchoolStaff,
            routes!(consents::list),
        ),
        r(
            Method::POST,
            "/staff/consent-uses",
            Admin,
            routes!(consents::add),
        ),
        r(
            Method::POST,
            "/staff/consent-uses/retire",
            Admin,
            routes!(consents::retire),
        ),
        r(
            Method::GET,
            "/staff/agreement-kinds",
            SchoolStaff,
            routes!(agreement_kinds::list),
        ),
        r(
            Method::POST,
            "/staff/agreement-kinds",
            Admin,
            routes!(agreement_kinds::add),
        ),
        r(
            Method::POST,
            "/staff/agreement-kinds/retire",
            Admin,
            routes!(agreement_kinds::retire),
        ),
        r(
            Method::GET,
            "/staff/agreements",
            Admin,
            routes!(agreements::list),
        ),
        r(
            Method::POST,
            "/staff/agreements/{kind}",
            Admin,
            routes!(agreements::publish),
        ),
        r(
            Method::POST,
            "/staff/agreements/{kind}/preview",
            Admin,
            routes!(agreements::preview),
        ),
        r(
            Method::POST,
            "/staff/agreements/{kind}/correction",
            Admin,
            routes!(agreements::correct),
        ),
        r(
            Method::GET,
            "/staff/visitors",
            DutiesLead,
            routes!(visitors::day),
        ),
        r(
            Method::GET,
            "/staff/visitors/poster",
            AdminOrDsl,
            routes!(visitors::get_poster),
        ),
        r(
            Method::POST,
            "/staff/visitors/poster",
            AdminOrDsl,
            routes!(visitors::new_poster),
        ),
        r(
            Method::GET,
            "/staff/agreement",
            AnyStaff,
            routes!(agreements::my_agreement),
        ),
        r(
            Method::POST,
            "/staff/agreement/sign",
            AnyStaff,
            routes!(agreements::sign),
        ),
        r(
            Method::GET,
            "/staff/school",
            AdminOrDsl,
            routes!(school::get_profile),
        ),
        r(
            Method::PUT,
            "/staff/school",
            AdminOrDsl,
            routes!(school::put_profile),
        ),
        r(
            Method::GET,
            "/staff/school/terms",
            AdminOrDsl,
            routes!(term_dates::get_terms),
        ),
        r(
            Method::PUT,
            "/staff/school/terms",
            AdminOrDsl,
            routes!(term_dates::put_terms),
        ),
        r(
            Method::POST,
            "/staff/school/photos",
            Admin,
            routes!(school::upload_photo).layer(axum::extract::DefaultBodyLimit::max(
                school::MAX_PHOTO_BYTES + 1024,
            )),
        ),
        r(
            Method::GET,
            "/staff/parents-news",
            AdminOrDsl,
            routes!(school_posts::list),
        ),
        r(
            Method::POST,
            "/staff/parents-news",
            AdminOrDsl,
            routes!(school_posts::post),
        ),
        r(
            Method::POST,
            "/staff/parents-news/{id}/take-down",
            AdminOrDsl,
            routes!(school_posts::take_down),
        ),
        r(
            Method::POST,
            "/staff/parents-news/pictures",
            AdminOrDsl,
            routes!(school_posts::upload_picture).layer(axum::extract::DefaultBodyLimit::max(
                kite_protocol::school_posts::MAX_POST_PICTURE_BYTES + 1024,
            )),
        ),
        r(
            Method::GET,
            "/staff/parents-news/pictures/{id}",
            AdminOrDsl,
            routes!(school_posts::picture),
        ),
        r(
            Method::POST,
            "/staff/classes/{id}/parent-letters",
            ClassReader,
            routes!(letters::create),
        ),
        r(
            Method::POST,
            "/staff/concerns",
            ConcernWriter,
            routes!(concerns::create),
        ),
        r(
            Method::GET,
            "/staff/concerns/pupils",
            ConcernWriter,
            routes!(concerns::pupils),
        ),
        r(
            Method::POST,
            "/staff/adult-concerns",
            AnyStaff,
            routes!(adult_concerns::create),
        ),
        r(
            Method::GET,
            "/staff/adult-concerns",
            HeadOrChair,
            routes!(adult_concerns::list),
        ),
        r(
            Method::GET,
            "/staff/adult-concerns/summary",
            HeadOrChair,
            routes!(adult_concerns::summary),
        ),
        r(
            Method::GET,
            "/staff/adult-concerns/{id}",
            HeadOrChair,
            routes!(adult_concerns::detail),
        ),
        r(
            Method::POST,
            "/staff/adult-concerns/{id}/steps",
            HeadOrChair,
            routes!(adult_concerns::add_step),
        ),
        r(
            Method::GET,
            "/staff/pupils",
            Dsl,
            routes!(pupil_record::find),
        ),
        r(
            Method::GET,
            "/staff/pupils/{id}/record",
            Dsl,
            routes!(pupil_record::record),
        ),
        r(
            Method::POST,
            "/staff/pupils/{id}/record/printed",
            Dsl,
            routes!(pupil_record::printed),
        ),
        r(
            Method::POST,
            "/staff/pupils/{id}/transfers",
            Dsl,
            routes!(file_transfers::add),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/retention",
            Dsl,
            routes!(retention::decide),
        ),
        r(
            Method::GET,
            "/staff/pupils/{id}/details",
            PupilDetailsEditor,
            routes!(pupil_record::details),
        ),
        r(
            Method::PUT,
            "/staff/pupils/{id}/details",
            PupilDetailsEditor,
            routes!(pupil_record::set_details),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/pupils",
            Dsl,
            routes!(report_pupils::link),
        ),
        r(
            Method::GET,
            "/staff/filtering",
            DutiesLead,
            routes!(filtering::log),
        ),
        r(
            Method::PUT,
            "/staff/filtering/roles",
            DutiesLead,
            routes!(filtering::name_roles),
        ),
        r(
            Method::POST,
            "/staff/filtering/changes",
            AnyStaff,
            routes!(filtering::ask),
        ),
        r(
            Method::GET,
            "/staff/filtering/my-changes",
            AnyStaff,
            routes!(filtering::mine),
        ),
        r(
            Method::POST,
            "/staff/filtering/changes/{id}/decision",
            Head,
            routes!(filtering::decide),
        ),
        r(
            Method::POST,
            "/staff/filtering/changes/{id}/done",
            DutiesLead,
            routes!(filtering::done),
        ),
        r(
            Method::POST,
            "/staff/filtering/files",
            DutiesLead,
            routes!(filtering::upload_file).layer(axum::extract::DefaultBodyLimit::max(
                filtering::MAX_FILE_BYTES + 1024,
            )),
        ),
        r(
            Method::GET,
            "/staff/filtering/files/{id}",
            DutiesLead,
            routes!(filtering::file),
        ),
        r(
            Method::POST,
            "/staff/filtering/checks",
            DutiesLead,
            routes!(filtering::add_check),
        ),
        r(
            Method::POST,
            "/staff/filtering/reviews",
            DutiesLead,
            routes!(filtering::add_review),
        ),
        r(
            Method::GET,
            "/staff/policy",
            DutiesLead,
            routes!(policy::policy),
        ),
        r(
            Method::GET,
            "/staff/policy/review",
            DutiesLead,
            routes!(policy::review),
        ),
        r(
            Method::POST,
            "/staff/policy/approvals",
            DutiesLead,
            routes!(policy::approve),
        ),
        r(
            Method::GET,
            "/staff/surveys",
            DutiesLead,
            routes!(surveys::list),
        ),
        r(
            Method::POST,
            "/staff/surveys",
            DutiesLead,
            routes!(surveys::add),
        ),
        r(
            Method::GET,
            "/staff/surveys/{id}/results",
            DutiesLead,
            routes!(surveys::read_results),
        ),
        r(
            Method::GET,
            "/staff/surveys/to-answer",
            AnyStaff,
            routes!(surveys::to_answer),
        ),
        r(
            Method::POST,
            "/staff/surveys/{id}/answers",
            AnyStaff,
            routes!(surveys::answer),
        ),
        r(
            Method::GET,
            "/staff/training",
            AdminOrDsl,
            routes!(training::register),
        ),
        r(
            Method::GET,
            "/staff/training/due",
            AdminOrDsl,
            routes!(training::due),
        ),
        r(
            Method::GET,
            "/staff/training/export.csv",
            AdminOrDsl,
            routes!(training::export),
        ),
        r(
            Method::POST,
            "/staff/training/people",
            AdminOrDsl,
            routes!(training::add_person),
        ),
        r(
            Method::POST,
            "/staff/training/records",
            AdminOrDsl,
            routes!(training::add_record),
        ),
        r(
            Method::POST,
            "/staff/training/documents",
            AdminOrDsl,
            routes!(training::publish_document),
        ),
        r(
            Method::POST,
            "/staff/training/files",
            AdminOrDsl,
            routes!(training::upload_file).layer(axum::extract::DefaultBodyLimit::max(
                training::MAX_FILE_BYTES + 1024,
            )),
        ),
        r(
            Method::GET,
            "/staff/training/files/{id}",
            AdminOrDsl,
            routes!(training::file),
        ),
        r(
            Method::GET,
            "/staff/training/documents/{id}/file",
            AnyStaff,
            routes!(training::document_file),
        ),
        r(
            Method::GET,
            "/staff/training/reading",
            AnyStaff,
            routes!(training::reading),
        ),
        r(
            Method::POST,
            "/staff/training/reading",
            AnyStaff,
            routes!(training::confirm_reading),
        ),
    ]
}

/// Every staff route and who may use it.
pub fn routes() -> Vec<StaffRoute> {
    table().into_iter().map(|(route, _)| route).collect()
}

/// The staff API, to be nested under `/api/v1`.
pub fn router() -> OpenApiRouter {
    table()
        .into_iter()
        .fold(OpenApiRouter::new(), |router, (_, handler)| {
            router.routes(handler)
        })
}
