//! The adults' routes, as bundles so each device downloads only its own: eight of staff pages
//! (sign-in and the DSL's inbox; one record; a record's procedure; logging a concern; each child's record; the
//! school's records; the admin's; the governors' and trust's oversight), the parents' page (a parent's phone), and the
//! presenter (a teacher's laptop or the whiteboard).
//! Every other path is handed to the bundle that owns it (`shell::OtherBundle`).

use kite_protocol::app_routes::Bundle;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::pages::parents::ParentsPage;
use crate::pages::present::{PresentPage, PresenterPage, TeacherViewPage};
use crate::pages::staff::{self, StaffPage};
use crate::shell::{AdultsShell, AppShell, OtherBundle};

/// `/staff`: sign-in, each role's home, reports, audit (`dist/staff.html`).
#[component]
pub fn StaffApp() -> impl IntoView {
    staff_bundle(Bundle::Staff, staff::desk_screen, staff::WAY_IN_HERE)
}

/// `/staff/classes/*`: classes, registers and letters (`dist/records.html`).
#[component]
pub fn RecordsApp() -> impl IntoView {
    staff_bundle(
        Bundle::Records,
        staff::records_screen,
        staff::WAY_IN_AT_STAFF,
    )
}

/// `/staff/filtering` and `/staff/training`: filtering and monitoring, and the training register
/// (`dist/duties.html`).
#[component]
pub fn DutiesApp() -> impl IntoView {
    staff_bundle(Bundle::Duties, staff::duties_screen, staff::WAY_IN_AT_STAFF)
}

/// The admin's pages under `/staff` (`dist/admin.html`).
#[component]
pub fn AdminApp() -> impl IntoView {
    staff_bundle(Bundle::Admin, staff::admin_screen, staff::WAY_IN_AT_STAFF)
}

/// `/staff/reports/*`: one record's page, for the DSL (`dist/report.html`).
#[component]
pub fn ReportApp() -> impl IntoView {
    staff_bundle(Bundle::Report, staff::report_screen, staff::WAY_IN_AT_STAFF)
}

/// `/staff/concern`: logging a concern, for any adult in school (`dist/concern.html`).
#[component]
pub fn ConcernApp() -> impl IntoView {
    staff_bundle(
        Bundle::Concern,
        staff::concern_screen,
        staff::WAY_IN_AT_STAFF,
    )
}

/// `/staff/pupils/*`: each child's record, for the DSL (`dist/safeguarding.html`).
#[component]
pub fn SafeguardingApp() -> impl IntoView {
    staff_bundle(
        Bundle::Safeguarding,
        staff::safeguarding_screen,
        staff::WAY_IN_AT_STAFF,
    )
}

/// `/staff/procedure/*`: a step-by-step procedure on one record, for the DSL
/// (`dist/procedure.html`).
#[component]
pub fn ProcedureApp() -> impl IntoView {
    staff_bundle(
        Bundle::Procedure,
        staff::procedure_screen,
        staff::WAY_IN_AT_STAFF,
    )
}

/// The governors' report and the trust overview under `/staff` (`dist/oversight.html`).
#[component]
pub fn OversightApp() -> impl IntoView {
    staff_bundle(
        Bundle::Oversight,
        staff::oversight_screen,
        staff::WAY_IN_AT_STAFF,
    )
}

/// A staff bundle: every path under `/staff` is one route, so moving between the bundle's
/// screens keeps its state; `StaffPage` hands the other staff bundles' paths to them. Only the
/// staff bundle has the sign-in form and the adult's own agreement (`way_in`): the others send
/// the adult to it for each.
fn staff_bundle(bundle: Bundle, screen: staff::Screens, way_in: staff::WayIn) -> impl IntoView {
    view! {
        <AdultsShell bundle=bundle>
            <Routes fallback=move || view! { <OtherBundle this=bundle/> }>
                <Route path=path!("/staff/*rest") view=move || view! { <StaffPage bundle=bundle screen=screen way_in=way_in/> }/>
            </Routes>
        </AdultsShell>
    }
}

/// `/parents` (`dist/parents.html`).
#[component]
pub fn ParentsApp() -> impl IntoView {
    view! {
        <AdultsShell bundle=Bundle::Parents>
            <Routes fallback=|| view! { <OtherBundle this=Bundle::Parents/> }>
                <Route path=path!("/parents") view=ParentsPage/>
            </Routes>
        </AdultsShell>
    }
}

/// `/present`, `/present/:id`, `/present/:id/teacher` (`dist/present.html`).
#[component]
pub fn PresentApp() -> impl IntoView {
    view! {
        <AppShell bundle=Bundle::Present>
            <Routes fallback=|| view! { <OtherBundle this=Bundle::Present/> }>
                <Route path=path!("/present") view=PresentPage/>
                <Route path=path!("/present/:id") view=PresenterPage/>
                <Route path=path!("/present/:id/teacher") view=TeacherViewPage/>
            </Routes>
        </AppShell>
    }
}
