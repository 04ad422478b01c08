//! The adults' routes: staff pages, parents' pages and the presenter (a teacher's laptop or the
//! whiteboard). Pupils' paths are handed to the kiosk bundle (`shell::OtherBundle`).

use kite_protocol::app_routes::Bundle;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::pages::{
    parents::ParentsPage, present::PresentPage, present::PresenterPage, staff::StaffPage,
};
use crate::shell::{AppShell, OtherBundle};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <AppShell bundle=Bundle::Adults>
            <Routes fallback=|| view! { <OtherBundle this=Bundle::Adults/> }>
                <Route path=path!("/present") view=PresentPage/>
                <Route path=path!("/present/:id") view=PresenterPage/>
                <Route path=path!("/parents") view=ParentsPage/>
                // Also matches /staff itself; one route, so moving between staff pages keeps state.
                <Route path=path!("/staff/*rest") view=StaffPage/>
            </Routes>
        </AppShell>
    }
}
