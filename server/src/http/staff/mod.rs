//! `/api/v1/staff/…`: one table of every staff route, with who may use it. The router is built
//! from the table, and the role test walks the same table with every role, so a route can't be
//! added without its access being tested. Access is enforced by each handler's first extractor
//! (`Dsl`, `Admin`, `StaffUser`, `AnyAccount`, `TrustUser`); `access` here says what that extractor is, for the test and the
//! docs.

mod accounts;
mod agreements;
mod audit;
mod classes;
mod devices;
mod export;
pub mod extract;
mod governors;
mod letters;
mod register;
mod reports;
pub(crate) mod school;
mod session;
mod totp;
mod trust;

use axum::http::Method;
use axum::routing::{get, patch, post, put, MethodRouter};
use axum::Router;

use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No session needed (signing in).
    Public,
    /// Any signed-in account, a trust account too: one's own sign-in (who am I, sign out,
    /// password, two-step).
    SignedIn,
    /// Any signed-in member of the school's staff (not a trust account).
    AnyStaff,
    /// DSL and deputies.
    Dsl,
    /// Admin / ICT lead.
    Admin,
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
}

#[derive(Debug, Clone)]
pub struct StaffRoute {
    pub method: Method,
    /// Under `/api/v1`, with `{id}` for path parameters.
    pub path: &'static str,
    pub access: Access,
}

fn table() -> Vec<(StaffRoute, MethodRouter<AppState>)> {
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
        r(Method::POST, "/staff/login", Public, post(session::login)),
        r(
            Method::POST,
            "/staff/logout",
            SignedIn,
            post(session::logout),
        ),
        r(Method::GET, "/staff/me", SignedIn, get(session::me)),
        r(Method::GET, "/staff/session", Public, get(session::session)),
        r(
            Method::POST,
            "/staff/password",
            SignedIn,
            post(session::change_password),
        ),
        r(
            Method::POST,
            "/staff/totp/setup",
            SignedIn,
            post(totp::setup),
        ),
        r(
            Method::POST,
            "/staff/totp/enable",
            SignedIn,
            post(totp::enable),
        ),
        r(
            Method::POST,
            "/staff/totp/disable",
            SignedIn,
            post(totp::disable),
        ),
        r(Method::GET, "/staff/reports", Dsl, get(reports::list)),
        r(
            Method::GET,
            "/staff/reports/count",
            Dsl,
            get(reports::count),
        ),
        r(
            Method::GET,
            "/staff/reports/{id}",
            Dsl,
            get(reports::detail),
        ),
        r(
            Method::PATCH,
            "/staff/reports/{id}",
            Dsl,
            patch(reports::triage),
        ),
        r(
            Method::POST,
            "/staff/reports/{id}/actions",
            Dsl,
            post(reports::add_action),
        ),
        r(Method::GET, "/staff/audit", Dsl, get(audit::list)),
        r(
            Method::GET,
            "/staff/reports/export.csv",
            Dsl,
            get(export::incident_log),
        ),
        r(
            Method::GET,
            "/staff/governors-report",
            Oversight,
            get(governors::report),
        ),
        r(
            Method::GET,
            "/staff/trust/overview",
            Trust,
            get(trust::overview),
        ),
        r(Method::GET, "/staff/accounts", Admin, get(accounts::list)),
        r(
            Method::POST,
            "/staff/accounts",
            Admin,
            post(accounts::create),
        ),
        r(
            Method::PATCH,
            "/staff/accounts/{id}",
            Admin,
            patch(accounts::update),
        ),
        r(Method::GET, "/staff/devices", Admin, get(devices::list)),
        r(
            Method::POST,
            "/staff/devices/{id}/revoke",
            Admin,
            post(devices::revoke),
        ),
        r(
            Method::POST,
            "/staff/enrolment-codes",
            Admin,
            post(devices::new_code),
        ),
        r(
            Method::GET,
            "/staff/classes",
            SchoolStaff,
            get(classes::list),
        ),
        r(
            Method::POST,
            "/staff/classes",
            AdminOrTeacher,
            post(classes::create),
        ),
        r(
            Method::POST,
            "/staff/classes/import",
            AdminOrTeacher,
            post(classes::import).layer(axum::extract::DefaultBodyLimit::max(
                classes::MAX_IMPORT_BYTES + 1024,
            )),
        ),
        r(
            Method::PUT,
            "/staff/classes/{id}/teachers",
            Admin,
            put(classes::set_teachers),
        ),
        r(
            Method::POST,
            "/staff/classes/{id}/pupils",
            ClassEditor,
            post(classes::add_pupil),
        ),
        r(
            Method::POST,
            "/staff/pupils/{id}/left",
            ClassEditor,
            post(classes::mark_left),
        ),
        r(
            Method::GET,
            "/staff/classes/{id}/register",
            ClassReader,
            get(register::register),
        ),
        r(
            Method::GET,
            "/staff/classes/{id}/register.csv",
            ClassReader,
            get(register::register_csv),
        ),
        r(
            Method::GET,
            "/staff/agreements",
            Admin,
            get(agreements::list),
        ),
        r(
            Method::POST,
            "/staff/agreements/{kind}",
            Admin,
            post(agreements::publish),
        ),
        r(
            Method::GET,
            "/staff/agreement",
            AnyStaff,
            get(agreements::my_agreement),
        ),
        r(
            Method::POST,
            "/staff/agreement/sign",
            AnyStaff,
            post(agreements::sign),
        ),
        r(
            Method::GET,
            "/staff/school",
            Admin,
            get(school::get_profile),
        ),
        r(
            Method::PUT,
            "/staff/school",
            Admin,
            put(school::put_profile),
        ),
        r(
            Method::POST,
            "/staff/school/photos",
            Admin,
            post(school::upload_photo).layer(axum::extract::DefaultBodyLimit::max(
                school::MAX_PHOTO_BYTES + 1024,
            )),
        ),
        r(
            Method::POST,
            "/staff/classes/{id}/parent-letters",
            ClassReader,
            post(letters::create),
        ),
    ]
}

/// Every staff route and who may use it.
pub fn routes() -> Vec<StaffRoute> {
    table().into_iter().map(|(route, _)| route).collect()
}

/// The staff API, to be nested under `/api/v1`.
pub fn router() -> Router<AppState> {
    table()
        .into_iter()
        .fold(Router::new(), |router, (route, handler)| {
            router.route(route.path, handler)
        })
}
