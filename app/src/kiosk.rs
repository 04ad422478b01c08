//! The pupil kiosk's routes: everything a child uses, and nothing else, so a tablet's first
//! download stays small. Adults' paths are handed to the adults' bundle (`shell::OtherBundle`).

use kite_protocol::app_routes::Bundle;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::pages::{
    aup::AupPage, home::HomePage, learn::LearnPage, learn::LessonPlayerPage, setup::SetupPage,
    tell::TellPage,
};
use crate::shell::{AppShell, OtherBundle};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <AppShell>
            <Routes fallback=|| view! { <OtherBundle this=Bundle::Kiosk/> }>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/learn") view=LearnPage/>
                <Route path=path!("/learn/:id") view=LessonPlayerPage/>
                <Route path=path!("/tell") view=TellPage/>
                <Route path=path!("/aup") view=AupPage/>
                <Route path=path!("/setup") view=SetupPage/>
            </Routes>
        </AppShell>
    }
}
