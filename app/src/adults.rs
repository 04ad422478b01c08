//! The adults' routes, as three bundles so each device downloads only its own: staff pages, the
//! parents' page (a parent's phone), and the presenter (a teacher's laptop or the whiteboard).
//! Every other path is handed to the bundle that owns it (`shell::OtherBundle`).

use kite_protocol::app_routes::Bundle;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::pages::{
    parents::ParentsPage, present::PresentPage, present::PresenterPage, staff::StaffPage,
};
use crate::shell::{AppShell, OtherBundle};

/// `/staff/*` (`dist/staff.html`).
#[component]
pub fn StaffApp() -> impl IntoView {
    view! {
        <AppShell bundle=Bundle::Staff>
            <Routes fallback=|| view! { <OtherBundle this=Bundle::Staff/> }>
                // Also matches /staff itself; one route, so moving between staff pages keeps state.
                <Route path=path!("/staff/*rest") view=StaffPage/>
            </Routes>
        </AppShell>
    }
}

/// `/parents` (`dist/parents.html`).
#[component]
pub fn ParentsApp() -> impl IntoView {
    view! {
        <AppShell bundle=Bundle::Parents>
            <Routes fallback=|| view! { <OtherBundle this=Bundle::Parents/> }>
                <Route path=path!("/parents") view=ParentsPage/>
            </Routes>
        </AppShell>
    }
}

/// `/present`, `/present/:id` (`dist/present.html`).
#[component]
pub fn PresentApp() -> impl IntoView {
    view! {
        <AppShell bundle=Bundle::Present>
            <Routes fallback=|| view! { <OtherBundle this=Bundle::Present/> }>
                <Route path=path!("/present") view=PresentPage/>
                <Route path=path!("/present/:id") view=PresenterPage/>
            </Routes>
        </AppShell>
    }
}
