//! `/parents`: a parent or carer opens the link on the school's letter (`/parents#code=…`: a
//! fragment, so the code never reaches a server log) or types the code. Then their child's page:
//! the agreement their child signs and the home-school agreement to read and co-sign, photo
//! permission per use, this half-term's lessons with ideas for talking at home, short guides,
//! and a way to raise a concern with the school. Phone first; fine on a laptop.

mod agreements;
mod code_entry;
mod concern;
mod corner;
mod guides;
mod photos;

use kite_protocol::parents::{ChildPage, ParentSessionInfo};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::layout::PlainLayout;
use crate::parents_api::{self, ApiFailure};

/// Where the page is: asking the server, waiting for a code, or signed in for one child.
#[derive(Clone, PartialEq)]
enum Stage {
    Checking,
    /// `ended`: a session ran out; `problem`: the letter's link didn't work, and why.
    NeedCode {
        ended: bool,
        problem: Option<String>,
    },
    SignedIn(ParentSessionInfo),
}

/// What every part of the child's page needs: to go back to the code form when the session
/// has ended (after a while unused, or when the school printed a new letter).
#[derive(Clone, Copy)]
struct ParentCtx {
    stage: RwSignal<Stage>,
}

impl ParentCtx {
    /// The message to show for an error; a 401 means the session ended, so the code form shows.
    fn message(&self, err: &ApiFailure) -> String {
        if err.status == 401 {
            self.stage.try_set(Stage::NeedCode {
                ended: true,
                problem: None,
            });
        }
        err.message.clone()
    }
}

fn use_parent() -> ParentCtx {
    expect_context::<ParentCtx>()
}

/// The code in `#code=…`, if the page was opened from the letter's link.
fn code_in_fragment(hash: &str) -> Option<String> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|kv| kv.strip_prefix("code="))
        .map(str::to_owned)
        .filter(|c| !c.is_empty())
}

#[component]
pub fn ParentsPage() -> impl IntoView {
    let stage = RwSignal::new(Stage::Checking);
    let ctx = ParentCtx { stage };
    provide_context(ctx);
    let location = use_location();

    // Opening the letter's link signs in with its code; so does a second letter's link opened
    // in a tab already on this page (only the fragment changes, so the page isn't loaded again).
    let sign_in_with = move |code: String| {
        // Take the code out of the address bar and the history straight away. (Not through the
        // router: the page must not be rebuilt while it signs in.)
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/parents"));
        }
        stage.set(Stage::Checking);
        leptos::task::spawn_local(async move {
            let next = match parents_api::sign_in(&code).await {
                Ok(s) => Stage::SignedIn(s),
                Err(e) => Stage::NeedCode {
                    ended: false,
                    problem: Some(e.message),
                },
            };
            stage.try_set(next);
        });
    };
    let hash_listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        if let Some(code) = code_in_fragment(&hash) {
            sign_in_with(code);
        }
    });
    on_cleanup(move || hash_listener.remove());

    match code_in_fragment(&location.hash.get_untracked()) {
        Some(code) => sign_in_with(code),
        None => leptos::task::spawn_local(async move {
            let next = match parents_api::session().await {
                Ok(Some(s)) => Stage::SignedIn(s),
                _ => Stage::NeedCode {
                    ended: false,
                    problem: None,
                },
            };
            stage.try_set(next);
        }),
    }

    view! {
        <PlainLayout away_from_school=true>
            <div class="parents">
                {move || match stage.get() {
                    Stage::Checking => view! { <p class="staff-muted">"Opening your child's page\u{2026}"</p> }.into_any(),
                    Stage::NeedCode { ended, problem } => view! { <code_entry::CodeEntry ended=ended problem=problem/> }.into_any(),
                    Stage::SignedIn(s) => view! { <ChildView session=s/> }.into_any(),
                }}
                <HelpForParents/>
            </div>
        </PlainLayout>
    }
}

/// The child's page, once signed in.
#[component]
fn ChildView(session: ParentSessionInfo) -> impl IntoView {
    let ctx = use_parent();
    let page = RwSignal::new(None::<Result<ChildPage, String>>);
    leptos::task::spawn_local(async move {
        let r = parents_api::child().await.map_err(|e| ctx.message(&e));
        page.try_set(Some(r));
    });
    let sign_out = move |_| {
        leptos::task::spawn_local(async move {
            let _ = parents_api::sign_out().await;
            ctx.stage.try_set(Stage::NeedCode {
                ended: false,
                problem: None,
            });
        });
    };
    let name = session.first_name.clone();
    view! {
        <header class="parents-head">
            <h1 data-testid="child-heading">{format!("{name}'s page")}</h1>
            <button type="button" class="button button-quiet" on:click=sign_out>"Sign out"</button>
        </header>
        {move || match page.get() {
            None => view! { <p class="staff-muted">"Loading\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
            Some(Ok(p)) => view! { <ChildSections page=p/> }.into_any(),
        }}
    }
}

#[component]
fn ChildSections(page: ChildPage) -> impl IntoView {
    let intro = format!(
        "{} is in {} at {}. Here you can read the agreement {} signs at school, sign it with them, answer the school's permissions (photos, the website, the internet), and see what the class has been learning.",
        page.first_name, page.class_name, page.school_name, page.first_name
    );
    view! {
        <p class="parents-intro">{intro}</p>
        <nav class="parents-jump" aria-label="On this page">
            <a href="#agreement">"The agreement"</a>
            <a href="#photos">"Permissions"</a>
            <a href="#learning">"This half-term"</a>
            <a href="#guides">"Guides"</a>
            <a href="#concern">"Raise a concern"</a>
        </nav>
        <agreements::Agreements page=page.clone()/>
        <photos::Photos first_name=page.first_name.clone() consents=page.consents.clone()/>
        <corner::Corner first_name=page.first_name.clone()/>
        <guides::Guides/>
        <concern::ConcernForm first_name=page.first_name.clone()/>
    }
}

/// Always at the foot of the page, signed in or not.
#[component]
fn HelpForParents() -> impl IntoView {
    view! {
        <aside class="card parents-help" aria-label="Help now">
            <h2>"If a child is in danger"</h2>
            <p>"In an emergency, call " <strong>"999"</strong> "."</p>
            <p>"Worried about online sexual abuse or the way someone is talking to a child online? Report it to CEOP: "
                <a href="https://www.ceop.police.uk/Safety-Centre/" rel="noopener">"ceop.police.uk"</a> "."</p>
            <p>"Children can talk to Childline, free, any time: " <strong>"0800 1111"</strong> " or "
                <a href="https://www.childline.org.uk/" rel="noopener">"childline.org.uk"</a> "."</p>
        </aside>
    }
}
