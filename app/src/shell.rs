//! What every bundle does on start, before their routes: tablet state provided once, the service
//! worker, the display settings on `<html>`, and for the pupil pages and the presenter the outbox
//! loop and the school's latest profile. Also
//! the fallback for a path the bundle doesn't have, which hands it to the bundle that owns it.

use std::sync::OnceLock;

use kite_protocol::app_routes::{bundle_for, Bundle};
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;

use crate::api::{fetch_device_config, ConfigError};
use crate::device::Tablet;
use crate::here::{self, use_here, Here};
use crate::outbox;
use crate::page_title::{keep_title, PageTitle};
use crate::pages::not_found::NotFoundPage;

/// The path this document was loaded for: a path can only have been served with the wrong
/// bundle by the service worker (offline), never by a click inside the app.
static LOADED_AT: OnceLock<String> = OnceLock::new();

/// The frame of the presenter, which queues finished lessons for the school like a pupil's
/// page: start-up with the outbox loop, then the router with page titles around the bundle's
/// routes (`children`: a `<Routes>` whose fallback is `OtherBundle`).
/// `bundle` is the bundle mounting it.
#[component]
pub fn AppShell(bundle: Bundle, children: Children) -> impl IntoView {
    start_with_outbox();
    frame(bundle, children)
}

/// One page of a pupil bundle: the path it answers (`/learn/:id`: `:id` is any one segment,
/// read with `curriculum::from_route`) and its view.
pub struct KioskPage {
    pub path: &'static str,
    pub view: fn() -> AnyView,
}

/// The frame of the pupil bundles (they queue reports, finished lessons and signatures for the
/// school): start-up with the outbox loop, then the page `pages` has for the address, with its
/// title. A path none of them answers is `OtherBundle`'s. No router: with a page or three, the
/// bundle keeps its address itself (`here::start_kiosk`), a smaller first load for a tablet.
#[component]
pub fn KioskShell(bundle: Bundle, pages: Vec<KioskPage>) -> impl IntoView {
    start_with_outbox();
    load_other_bundles_links(bundle);
    let here = here::start_kiosk(bundle);
    keep_title(here);
    // The bundle's pages live as long as its document.
    let pages: &'static [KioskPage] = pages.leak();
    // Redrawn when the address moves to another page, not when a page's own part of it changes
    // (`/learn/a` to `/learn/b`: the player reads its lesson from the address).
    let page = Memo::new(move |_| {
        here.path
            .with(|path| pages.iter().position(|p| here::matches(p.path, path)))
    });
    move || match page.get() {
        Some(i) => (pages[i].view)(),
        None => view! { <OtherBundle this=bundle/> }.into_any(),
    }
}

fn start_with_outbox() {
    let tablet = start(Tablet::load());
    outbox::start(tablet);
    outbox::request_persistent_storage();
    refresh_school_profile(tablet);
    // A tablet set to Polish or Urdu keeps its lessons in that language for offline use.
    crate::curriculum::keep_translations_offline();
}

/// The frame of the staff and parents' pages. They queue nothing (what they send goes straight
/// to the server, signed in), so they run no outbox loop and don't carry its code; a tablet's
/// outbox waits for its next pupil page. Of the tablet's state they read only the display
/// settings, so they don't parse its school profile.
#[component]
pub fn AdultsShell(bundle: Bundle, children: Children) -> impl IntoView {
    provide_context(start(Tablet::load_settings()));
    frame(bundle, children)
}

fn frame(bundle: Bundle, children: Children) -> impl IntoView {
    load_other_bundles_links(bundle);
    view! {
        <Router>
            <HereFromRouter>
                <PageTitle/>
                {children()}
            </HereFromRouter>
        </Router>
    }
}

/// The router's address as `Here`, for what the adults' and the pupils' pages share.
#[component]
fn HereFromRouter(children: Children) -> impl IntoView {
    let location = use_location();
    provide_context(Here {
        path: location.pathname.into(),
        search: location.search.into(),
        hash: location.hash.into(),
    });
    children()
}

/// What every bundle does first, with the tablet's state the bundle reads (`Tablet::load` or
/// `load_settings`). Answers it, for the caller to provide.
fn start(tablet: Tablet) -> Tablet {
    let _ = LOADED_AT.set(current_path());
    crate::offline::register_service_worker();
    // Text size, font and contrast live on <html>, so every page and layout gets them.
    Effect::new(move |_| crate::display::apply_to_document(tablet.display.get()));
    tablet
}

/// A click on a link to another bundle's page (home's "Learn" card, a lesson's "Tell") loads
/// that page from the server, before the router (or a pupil bundle's own link handling) sees the
/// click. Were the router to take it, it would put the address in this document's history first,
/// and Back from the new page would land on that entry and load the new page again: the pupil
/// could never go back.
fn load_other_bundles_links(this: Bundle) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        let Some(anchor) = here::plain_link(&ev) else {
            return;
        };
        if bundle_for(&anchor.pathname()) != this {
            ev.prevent_default();
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&anchor.href());
            }
        }
    });
    // Capture, on the document: before the router's listener on the window.
    let _ = document.add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    on_click.forget(); // for the document's lifetime, like the router's own listener
}

fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
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

/// The fallback of the bundle `this` (the `<Routes>`'s, or `KioskShell`'s). A path another bundle
/// owns lands here when the router takes it (an address changed by script, a navigation in code;
/// links are loaded before the router sees them): load that page from the server, which serves
/// its bundle. A path nobody has is the
/// not-found page. If this document was itself loaded for the other bundle's path, the service
/// worker had only this bundle offline: say so rather than reload in a loop.
#[component]
pub fn OtherBundle(this: Bundle) -> impl IntoView {
    let location = use_here();
    move || {
        let path = location.path.get();
        if bundle_for(&path) == this {
            return view! { <NotFoundPage/> }.into_any();
        }
        if LOADED_AT.get().is_some_and(|loaded| *loaded != path) {
            // Go there, not reload: the router may not have put the new address in the history
            // yet, and a reload would load the page we came from.
            let search = location.search.get();
            let query = if search.is_empty() {
                String::new()
            } else {
                format!("?{search}")
            };
            let url = format!("{path}{query}{}", location.hash.get());
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&url);
            }
            return ().into_any();
        }
        view! { <NeedsNetwork/> }.into_any()
    }
}

#[component]
fn NeedsNetwork() -> impl IntoView {
    view! {
        <crate::components::layout::PlainLayout>
            <h1 class="page-title">"This page needs the school's network"</h1>
            <p class="lead">"This device has no connection just now. Try again when it is back."</p>
        </crate::components::layout::PlainLayout>
    }
}
