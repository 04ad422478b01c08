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
mod news;
mod own_agreements;
mod photos;
mod surveys;

use kite_protocol::parents::{ChildPage, FamilyChild, ParentSessionInfo};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::language_picker::LanguagePicker;
use crate::components::layout::PlainLayout;
use crate::i18n::{full_stop, t, tf};
use crate::parents_api::{self, ApiFailure};

/// Where the page is: asking the server, waiting for a code, or signed in for a family.
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

    // The help comes once the page knows what to show above it: drawn under the one line of
    // "Opening…", it was pushed off a phone's screen a moment later by the code form (a layout
    // shift of 0.27, Lighthouse's worst on this page). The server answers in a moment, offline too.
    let known = Memo::new(move |_| stage.with(|s| !matches!(s, Stage::Checking)));
    view! {
        <PlainLayout away_from_school=true>
            <div class="parents">
                <LanguagePicker/>
                {move || match stage.get() {
                    Stage::Checking => view! { <p class="staff-muted">{t("Opening your child's page\u{2026}")}</p> }.into_any(),
                    Stage::NeedCode { ended, problem } => view! { <code_entry::CodeEntry ended=ended problem=problem/> }.into_any(),
                    Stage::SignedIn(s) => view! { <ChildView session=s/> }.into_any(),
                }}
                <Show when=move || known.get()>
                    <HelpForParents/>
                </Show>
            </div>
        </PlainLayout>
    }
}

/// The child's page, once signed in; with a family's children, a button for each above it.
#[component]
fn ChildView(session: ParentSessionInfo) -> impl IntoView {
    let ctx = use_parent();
    let children = session.children.clone();
    // The child on screen stays on screen when the session is asked for again (after adding
    // a child, the new one is shown: see `AddChild`).
    let first = children.first().map(|c| c.id);
    let shown = parents_api::child_shown()
        .filter(|id| children.iter().any(|c| c.id == *id))
        .or(first);
    let selected = RwSignal::new(shown);
    let sign_out = move |_| {
        leptos::task::spawn_local(async move {
            let _ = parents_api::sign_out().await;
            ctx.stage.try_set(Stage::NeedCode {
                ended: false,
                problem: None,
            });
        });
    };
    let name_of = {
        let children = children.clone();
        let fallback = session.first_name.clone();
        move |id: Option<i64>| {
            children
                .iter()
                .find(|c| Some(c.id) == id)
                .map(|c| c.first_name.clone())
                .unwrap_or_else(|| fallback.clone())
        }
    };
    let heading = {
        let name_of = name_of.clone();
        move || tf("{name}'s page", &[("name", &name_of(selected.get()))])
    };
    view! {
        <header class="parents-head">
            <h1 data-testid="child-heading">{heading}</h1>
            <button type="button" class="button button-quiet" on:click=sign_out>{t("Sign out")}</button>
        </header>
        {(children.len() > 1).then(|| view! { <ChildPicker children=children.clone() selected=selected/> })}
        {move || {
            let id = selected.get();
            if let Some(id) = id {
                parents_api::show_child(id);
            }
            view! { <ChildPageLoader/> }
        }}
        <AddChild/>
    }
}

/// One button per child in the family's session; the one on screen is pressed.
#[component]
fn ChildPicker(children: Vec<FamilyChild>, selected: RwSignal<Option<i64>>) -> impl IntoView {
    view! {
        <nav class="parents-children" aria-label=t("Your children") data-testid="child-picker">
            {children.into_iter().map(|c| {
                let id = c.id;
                view! {
                    <button type="button" class="button button-secondary"
                        aria-pressed=move || (selected.get() == Some(id)).to_string()
                        on:click=move |_| selected.set(Some(id))>
                        {c.first_name}
                    </button>
                }
            }).collect_view()}
        </nav>
    }
}

/// The page of the child on screen, fetched afresh when another child is chosen.
#[component]
fn ChildPageLoader() -> impl IntoView {
    let ctx = use_parent();
    let page = RwSignal::new(None::<Result<ChildPage, String>>);
    leptos::task::spawn_local(async move {
        let r = parents_api::child().await.map_err(|e| ctx.message(&e));
        page.try_set(Some(r));
    });
    move || match page.get() {
        None => view! { <p class="staff-muted">{t("Loading\u{2026}")}</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
        Some(Ok(p)) => view! { <ChildSections page=p/> }.into_any(),
    }
}

/// Another child's letter: its code adds that child to this sign-in, so a family signs in once.
#[component]
fn AddChild() -> impl IntoView {
    let ctx = use_parent();
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked();
        if typed.trim().is_empty() {
            error.set(Some(t("Type the code from your letter.").into()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match parents_api::add_child(&typed).await {
                Ok(s) => {
                    if let Some(added) = s.children.last() {
                        parents_api::show_child(added.id);
                    }
                    ctx.stage.try_set(Stage::SignedIn(s));
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                    busy.try_set(false);
                }
            }
        });
    };
    view! {
        <details class="card parents-section parents-add-child" data-testid="add-child">
            <summary>{t("Add another child")}</summary>
            <form class="parents-form" on:submit=submit>
                <p>{t("Another child at this school? Type the code from their letter to see their page here too.")}</p>
                <div class="field">
                    <label for="add-child-code">{t("The code on their letter")}</label>
                    <input id="add-child-code" class="parents-code-input" autocomplete="off" autocapitalize="characters"
                        spellcheck="false" placeholder="KT7M-9QXH-2PDA" maxlength="20" dir="ltr"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))/>
                </div>
                {move || error.get().map(|e| view! { <p class="error-text" role="alert" data-testid="add-child-error">{e}</p> })}
                <p><button class="button button-primary parents-wide" type="submit" disabled=move || busy.get()>{t("Add this child")}</button></p>
            </form>
        </details>
    }
}

#[component]
fn ChildSections(page: ChildPage) -> impl IntoView {
    let intro = tf(
        "{name} is in {class} at {school}. Here you can read the agreement {name} signs at school, sign it with them, answer the school's permissions (photos, the website, the internet), and see what the class has been learning.",
        &[
            ("name", &page.first_name),
            ("class", &page.class_name),
            ("school", &page.school_name),
        ],
    );
    let school = news::load();
    view! {
        <p class="parents-intro">{intro}</p>
        <nav class="parents-jump" aria-label=t("On this page")>
            <a href="#agreement">{t("The agreement")}</a>
            <a href="#photos">{t("Permissions")}</a>
            <a href="#learning">{t("This half-term")}</a>
            <a href="#guides">{t("Guides")}</a>
            <a href="#concern">{t("Raise a concern")}</a>
        </nav>
        <agreements::Agreements page=page.clone()/>
        <own_agreements::OwnAgreements first_name=page.first_name.clone() agreements=page.own_agreements.clone()/>
        <photos::Photos first_name=page.first_name.clone() consents=page.consents.clone()/>
        <news::News posts=school/>
        <corner::Corner first_name=page.first_name.clone()/>
        <surveys::Surveys/>
        <guides::Guides school=school/>
        <concern::ConcernForm first_name=page.first_name.clone()/>
    }
}

/// Always at the foot of the page, signed in or not.
#[component]
fn HelpForParents() -> impl IntoView {
    view! {
        <aside class="card parents-help" aria-label=t("Help now")>
            <h2>{t("If a child is in danger")}</h2>
            <p>{t("In an emergency, call")} " " <strong>"999"</strong> {full_stop()}</p>
            <p>{t("Worried about online sexual abuse or the way someone is talking to a child online? Report it to CEOP:")} " "
                <a href="https://www.ceop.police.uk/Safety-Centre/" rel="noopener">"ceop.police.uk"</a> {full_stop()}</p>
            <p>{t("Children can talk to Childline, free, any time:")} " " <strong dir="ltr">"0800 1111"</strong> " " {t("or")} " "
                <a href="https://www.childline.org.uk/" rel="noopener">"childline.org.uk"</a> {full_stop()}</p>
        </aside>
    }
}
