//! The pupil kiosk's routes, as four bundles so a tablet's first load is only the page a child
//! opens: home (with tell and the not-found page: a child can always tell), learn (the lesson
//! list and the player), our rules, and set-up (an adult's, kept apart to keep home small). Every other path is handed to the bundle that owns
//! it (`shell::OtherBundle`, by `kite_protocol::app_routes`); the service worker keeps all three
//! on every tablet, so moving between them works offline.

use kite_protocol::app_routes::Bundle;
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use crate::pages::{
    answer::AnswerPage, aup::AupPage, home::HomePage, learn::LearnPage, learn::LessonPlayerPage,
    setup::SetupPage, tell::TellPage,
};
use crate::shell::{AppShell, OtherBundle};

/// `/`, `/tell`, `/answer` (`dist/index.html`).
#[component]
pub fn HomeApp() -> impl IntoView {
    view! {
        <AppShell bundle=Bundle::Home>
            <Routes fallback=|| view! { <OtherBundle this=Bundle::Home/> }>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/tell") view=TellPage/>
                <Route path=path!("/answer") view=AnswerPage/>
            </Routes>
        </AppShell>
    }
}

/// `/learn`, `/learn/:id` and `/survey` (`dist/learn.html`): what a pupil does on the kiosk
/// besides telling and our rules.
#[component]
pub fn LearnApp() -> impl IntoView {
    view! {
        <AppShell bundle=Bundle::Learn>
            <Routes fallback=|| view! { <OtherBundle this=Bundle::Learn/> }>
                <Route path=path!("/learn") view=LearnPage/>
                <Route path=path!("/learn/:id") view=LessonPlayerPage/>
                <Route path=path!("/survey") view=crate::pages::survey::SurveyPage/>
            </Routes>
        </AppShell>
    }
}

/// `/aup` (`dist/aup.html`).
#[component]
pub fn AupApp() -> impl IntoView {
    view! {
        <AppShell bundle=Bundle::Aup>
            <Routes fallback=|| view! { <OtherBundle this=Bundle::Aup/> }>
                <Route path=path!("/aup") view=AupPage/>
                <Route path=path!("/aup/visitor") view=crate::pages::aup::visitor::VisitorPage/>
            </Routes>
        </AppShell>
    }
}

/// `/setup` (`dist/setup.html`).
#[component]
pub fn SetupApp() -> impl IntoView {
    view! {
        <AppShell bundle=Bundle::Setup>
            <Routes fallback=|| view! { <OtherBundle this=Bundle::Setup/> }>
                <Route path=path!("/setup") view=SetupPage/>
            </Routes>
        </AppShell>
    }
}
