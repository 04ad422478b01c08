//! The pupil kiosk's pages, as four bundles so a tablet's first load is only the page a child
//! opens: home (with tell and the not-found page: a child can always tell), learn (the lesson
//! list and the player), our rules, and set-up (an adult's, kept apart to keep home small). Every other path is handed to the bundle that owns
//! it (`shell::OtherBundle`, by `kite_protocol::app_routes`); the service worker keeps all three
//! on every tablet, so moving between them works offline. No router here (`shell::KioskShell`).

use kite_protocol::app_routes::Bundle;
use leptos::prelude::*;

use crate::pages::{
    answer::AnswerPage, aup::AupPage, home::HomePage, learn::LearnPage, learn::LessonPlayerPage,
    setup::SetupPage, tell::TellPage,
};
use crate::shell::{KioskPage, KioskShell};

fn page(path: &'static str, view: fn() -> AnyView) -> KioskPage {
    KioskPage { path, view }
}

/// `/`, `/tell`, `/answer` (`dist/index.html`).
#[component]
pub fn HomeApp() -> impl IntoView {
    let pages = vec![
        page("/", || view! { <HomePage/> }.into_any()),
        page("/tell", || view! { <TellPage/> }.into_any()),
        page("/answer", || view! { <AnswerPage/> }.into_any()),
    ];
    view! { <KioskShell bundle=Bundle::Home pages=pages/> }
}

/// `/learn`, `/learn/:id` and `/survey` (`dist/learn.html`): what a pupil does on the kiosk
/// besides telling and our rules.
#[component]
pub fn LearnApp() -> impl IntoView {
    let pages = vec![
        page("/learn", || view! { <LearnPage/> }.into_any()),
        page("/learn/:id", || view! { <LessonPlayerPage/> }.into_any()),
        page("/survey", || {
            view! { <crate::pages::survey::SurveyPage/> }.into_any()
        }),
    ];
    view! { <KioskShell bundle=Bundle::Learn pages=pages/> }
}

/// `/aup` (`dist/aup.html`).
#[component]
pub fn AupApp() -> impl IntoView {
    let pages = vec![
        page("/aup", || view! { <AupPage/> }.into_any()),
        page("/aup/visitor", || {
            view! { <crate::pages::aup::visitor::VisitorPage/> }.into_any()
        }),
    ];
    view! { <KioskShell bundle=Bundle::Aup pages=pages/> }
}

/// `/setup` (`dist/setup.html`).
#[component]
pub fn SetupApp() -> impl IntoView {
    view! { <KioskShell bundle=Bundle::Setup pages=vec![page("/setup", || view! { <SetupPage/> }.into_any())]/> }
}
