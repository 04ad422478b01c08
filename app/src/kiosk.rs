//! The pupil kiosk's pages, as four bundles so a tablet's first load is only the page a child
//! opens: home (with tell and the not-found page: a child can always tell), learn (the lesson
//! list and the player), our rules, and set-up (the adults' pages on a tablet: its set-up and the
//! visitor's page, kept apart so home and our rules stay small). Every other path is handed to the
//! bundle that owns it (`shell::OtherBundle`, by `kite_protocol::app_routes`); the service worker
//! keeps all four on every tablet, so moving between them works offline. No router here
//! (`shell::KioskShell`).

use kite_protocol::app_routes::Bundle;
use leptos::prelude::*;

use crate::pages::{
    answer::AnswerPage, aup::AupPage, home::HomePage, learn::LearnPage, learn::LessonPlayerPage,
    setup::SetupPage, tell::TellPage, visitor::VisitorPage,
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
    view! { <KioskShell bundle=Bundle::Aup pages=vec![page("/aup", || view! { <AupPage/> }.into_any())]/> }
}

/// `/setup` and `/aup/visitor` (`dist/setup.html`): the adults' pages on a tablet. The visitor's
/// page is here, not in our rules, so pupils don't download a page only adults use.
#[component]
pub fn SetupApp() -> impl IntoView {
    let pages = vec![
        page("/setup", || view! { <SetupPage/> }.into_any()),
        page("/aup/visitor", || view! { <VisitorPage/> }.into_any()),
    ];
    view! { <KioskShell bundle=Bundle::Setup pages=pages/> }
}
