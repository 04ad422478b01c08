//! The app: tablet state and the outbox loop provided once, then one route per page.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::{fetch_device_config, ConfigError};
use crate::device::Tablet;
use crate::outbox;
use crate::page_title::PageTitle;
use crate::pages::{
    aup::AupPage, home::HomePage, learn::LearnPage, learn::LessonPlayerPage,
    not_found::NotFoundPage, parents::ParentsPage, present::PresentPage, present::PresenterPage,
    setup::SetupPage, staff::StaffPage, tell::TellPage,
};

#[component]
pub fn App() -> impl IntoView {
    let tablet = Tablet::load();
    outbox::start(tablet);
    outbox::request_persistent_storage();
    crate::offline::register_service_worker();
    refresh_school_profile(tablet);
    // Text size, font and contrast live on <html>, so every page and layout gets them.
    Effect::new(move |_| crate::display::apply_to_document(tablet.display.get()));

    view! {
        <Router>
            <PageTitle/>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/learn") view=LearnPage/>
                <Route path=path!("/learn/:id") view=LessonPlayerPage/>
                <Route path=path!("/tell") view=TellPage/>
                <Route path=path!("/aup") view=AupPage/>
                <Route path=path!("/present") view=PresentPage/>
                <Route path=path!("/present/:id") view=PresenterPage/>
                <Route path=path!("/parents") view=ParentsPage/>
                // Also matches /staff itself; one route, so moving between staff pages keeps state.
                <Route path=path!("/staff/*rest") view=StaffPage/>
                <Route path=path!("/setup") view=SetupPage/>
            </Routes>
        </Router>
    }
}

/// Trusted adults and settings change at school: pick up the latest when online. Offline, the
/// cached copy is used.
fn refresh_school_profile(tablet: Tablet) {
    let Some(token) = tablet.token.get_untracked() else {
        return;
    };
    leptos::task::spawn_local(async move {
        match fetch_device_config(&token).await {
            Ok(config) => tablet.enrol(token, config),
            Err(ConfigError::NotRecognised) => tablet.needs_enrolment.set(true),
            Err(_) => {}
        }
    });
}
