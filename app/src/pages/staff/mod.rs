//! The staff screens, under `/staff`: sign-in, then what the person's role allows. DSLs get the
//! incident inbox, report pages and the audit log; admins get tablets, accounts and the school
//! profile; everyone can change their password and sign out. The server enforces all of this;
//! the screens only avoid offering what would be refused.
//!
//! One page component reads the path and shows the screen for it, so each bundle needs one route.
//! The screens are in several bundles (`kite_protocol::app_routes`), each with this frame: the
//! staff bundle ([`desk_screen`]: each role's home, reports, audit, one's own sign-in), the
//! school's records ([`records_screen`]: classes, registers, letters), the school's duties
//! ([`duties_screen`]: filtering and monitoring, training), the admin's ([`admin_screen`]:
//! tablets, accounts, profile, agreements), oversight ([`oversight_screen`]: the governors'
//! report, the trust overview, surveys and their results) and the rest, each a page of its own.

mod accounts;
mod adult_concern;
mod adult_concerns;
mod agreement_form;
mod agreement_kinds;
mod agreement_poster;
mod agreements;
mod answer_child;
mod answers_to_check;
mod audit;
mod chart;
mod children_to_talk_to;
mod chosen_file;
mod class_year;
mod classes;
mod concern;
mod concern_fields;
mod concern_view;
mod consent_uses;
mod devices;
mod dsl_home;
mod file_transfer;
mod files_to_send;
mod filtering;
pub(crate) mod format;
mod governors;
mod head_home;
mod inbox;
mod letters;
mod link_pupil;
mod login;
mod paper_form;
mod parent_letter;
mod parents_news;
mod password;
mod period;
mod policy;
mod printable_letter;
mod procedure;
mod pupil_details;
mod pupil_record;
mod record;
mod register;
mod report;
mod retention_review;
mod review_due;
mod school;
mod school_account;
mod surveys;
mod term_dates;
mod training;
mod training_due;
mod trust;
mod visitors;

use std::time::Duration;

use kite_protocol::app_routes::{bundle_for, Bundle};
use kite_protocol::staff::{Me, Role};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

use crate::components::layout::PlainLayout;
use crate::shell::OtherBundle;
use crate::staff_api::{self, StaffError};

/// Staff-wide state, provided once by `StaffPage`.
#[derive(Clone, Copy)]
pub struct StaffCtx {
    /// `None` until `/me` answered; `Some(None)` when signed out.
    pub me: RwSignal<Option<Option<Me>>>,
    /// The "hide screen" switch.
    pub hidden: RwSignal<bool>,
    /// The session ended by itself (idle or too long): the sign-in form says so.
    pub ended: RwSignal<bool>,
    /// New reports (and of those urgent), polled for DSLs.
    pub new_count: RwSignal<Option<(i64, i64)>>,
    /// The server locked the session after a while without use: nothing of the page is shown
    /// (it is taken out of the page, not covered) until the password is given again.
    pub locked: RwSignal<bool>,
}

impl StaffCtx {
    /// Handles an error every screen can meet: a session that ended goes back to sign-in.
    /// Returns the message to show.
    ///
    /// Screens load by `spawn_local` into signals of their own and show this message on an
    /// error. `LocalResource` + `<Transition>` made a bundle 2 to 12 KB brotli bigger when tried,
    /// and a shared request-and-report helper 1.1 KB bigger (the staff bundle), so neither is
    /// used.
    pub fn message(&self, err: &StaffError) -> String {
        if err.is_locked() {
            self.locked.try_set(true);
        }
        if err.is_signed_out() {
            staff_api::set_csrf(None);
            self.ended.try_set(true);
            self.me.try_set(Some(None));
        }
        err.message.clone()
    }

    /// For DSLs with two-step on, asks for the count of new reports now (also every 20 seconds);
    /// for everyone else signed in (a DSL still setting two-step up too, whom the count would
    /// refuse), whether the session is still open. Both in the background, so they lock the
    /// screen when the server has but never keep it open. Safe to call from a task that outlives
    /// the page: it only ever tries to set its signals.
    pub fn refresh_count(&self) {
        let (me, new_count, this) = (self.me, self.new_count, *self);
        let who = me
            .try_with_untracked(|m| {
                m.as_ref().and_then(|m| {
                    m.as_ref()
                        .map(|m| (m.role, m.totp_required && !m.totp_enabled))
                })
            })
            .flatten();
        let Some((role, setting_up)) = who else {
            return;
        };
        if self.locked.try_get_untracked() != Some(false) {
            return;
        }
        if role != Role::Dsl || setting_up {
            leptos::task::spawn_local(async move {
                if let Err(e) = staff_api::still_signed_in().await {
                    this.message(&e);
                }
            });
            return;
        }
        leptos::task::spawn_local(async move {
            match staff_api::new_count().await {
                // Set only on a change: the inbox reloads when the count changes.
                Ok(c) => {
                    let now = Some((c.new, c.urgent_new));
                    if new_count.try_get_untracked().is_some_and(|old| old != now) {
                        new_count.try_set(now);
                    }
                }
                Err(e) if e.is_signed_out() || e.is_locked() => {
                    this.message(&e);
                }
                Err(_) => {}
            }
        });
    }

    pub fn role(&self) -> Option<Role> {
        self.me
            .with(|m| m.as_ref().and_then(|m| m.as_ref().map(|m| m.role)))
    }
}

pub fn use_staff() -> StaffCtx {
    expect_context::<StaffCtx>()
}

thread_local! {
    /// Who was signed in when the last staff page was open, so moving between staff pages shows
    /// the page at once (it is checked with the server again straight away).
    static LAST_ME: std::cell::RefCell<Option<Me>> = const { std::cell::RefCell::new(None) };
}

/// The screens one staff bundle has: the screen for a path under `/staff` (split at `/`, without
/// `/staff`) and the role signed in, or `None` when it has none there.
pub type Screens = fn(&[&str], Role) -> Option<AnyView>;

/// How a staff bundle lets an adult in: the sign-in form for a signed-out adult, then their own
/// agreement (their AUP, then any of the school's own for them) until they have signed it. The
/// staff bundle has both ([`WAY_IN_HERE`]); every other bundle sends the adult to `/staff` for
/// each ([`WAY_IN_AT_STAFF`]), which brings them back once done. So the form, two-step, the
/// school account's words, the agreement's text and its JSON are downloaded once, with `/staff`,
/// not in each bundle (fn pointers chosen by each bundle's `main`, so the others never link them).
#[derive(Clone, Copy)]
pub struct WayIn {
    sign_in: fn() -> AnyView,
    /// Shows its children once the adult has no agreement left to sign.
    agreement: fn(ChildrenFn) -> AnyView,
}

/// The staff bundle's way in: the sign-in form and the agreement's own page.
pub const WAY_IN_HERE: WayIn = WayIn {
    sign_in: || view! { <login::Login/> }.into_any(),
    agreement: agreement_first,
};

/// Every other staff bundle's way in: `/staff`'s.
pub const WAY_IN_AT_STAFF: WayIn = WayIn {
    sign_in: sign_in_at_staff,
    agreement: agreement_at_staff,
};

/// This page's address under `/staff`, with its query and fragment: where `/staff` brings the
/// adult back to.
fn here() -> String {
    web_sys::window()
        .map(|w| {
            let location = w.location();
            [location.pathname(), location.search(), location.hash()]
                .map(Result::unwrap_or_default)
                .concat()
        })
        .unwrap_or_default()
}

/// Loads `/staff` (with `?next=` this page), for its sign-in or the adult's agreement.
fn go_to_staff(ended: bool) {
    if let Some(window) = web_sys::window() {
        let _ = window
            .location()
            .replace(&login::sign_in_url(&here(), ended));
    }
}

/// `/staff`'s form, which brings the adult back here once signed in (and says so when their
/// session ended by itself).
fn sign_in_at_staff() -> AnyView {
    go_to_staff(use_staff().ended.get_untracked());
    view! { <p class="staff-loading">"Taking you to the sign-in\u{2026}"</p> }.into_any()
}

/// Asks the server only whether the adult has an agreement to sign (not its text): if so,
/// `/staff` asks them to sign it and brings them back here; until the answer, nothing of the
/// page is shown. As on `/staff`, an unreachable server shows the page (see [`agreement_first`]).
fn agreement_at_staff(children: ChildrenFn) -> AnyView {
    let signed = RwSignal::new(false);
    // A trust account signs no school's AUP (the server refuses it the school's agreements).
    if use_staff().role() == Some(Role::Trust) {
        signed.set(true);
    } else {
        leptos::task::spawn_local(async move {
            if staff_api::agreement_due().await == Ok(true) {
                go_to_staff(false);
            } else {
                signed.try_set(true);
            }
        });
    }
    (move || {
        if signed.get() {
            children()
        } else {
            view! { <p class="staff-loading">"Loading\u{2026}"</p> }.into_any()
        }
    })
    .into_any()
}

/// Every staff screen of the bundle `bundle`, which has `screen`'s pages: sign-in, one's own AUP
/// first, the staff bar, then the screen for the path.
#[component]
pub fn StaffPage(bundle: Bundle, screen: Screens, way_in: WayIn) -> impl IntoView {
    let cached = LAST_ME.with(|m| m.borrow().clone());
    let me = RwSignal::new(cached.map(Some));
    let new_count = RwSignal::new(None);
    let ctx = StaffCtx {
        me,
        hidden: RwSignal::new(false),
        ended: RwSignal::new(false),
        new_count,
        locked: RwSignal::new(false),
    };
    let poll = move || ctx.refresh_count();
    provide_context(ctx);
    Effect::new(move |_| {
        let me = ctx.me.get().flatten();
        LAST_ME.with(|m| *m.borrow_mut() = me);
    });
    leptos::task::spawn_local(async move {
        // Unreachable server: show sign-in (which says so when tried).
        let me = match staff_api::me().await {
            Err(e) if e.is_locked() => {
                ctx.locked.try_set(true);
                return;
            }
            me => Some(me.ok().flatten()),
        };
        if ctx.me.try_get_untracked() != Some(me.clone()) {
            ctx.me.try_set(me);
        }
    });

    Effect::new(move |_| {
        if ctx.role().is_some() {
            poll();
        }
    });
    let interval = set_interval_with_handle(poll, Duration::from_secs(20)).ok();
    on_cleanup(move || {
        if let Some(i) = interval {
            i.clear();
        }
    });

    let location = use_location();
    let path = move || location.pathname.get();
    // A path of the other staff bundle reached in code, not by a link (links load their page
    // before the router sees them): its bundle shows it. A memo, so moving between this
    // bundle's own screens never rebuilds the bar or asks for the agreement again.
    let ours = Memo::new(move |_| bundle_for(&location.pathname.get()) == bundle);
    // Who and what role: the page is rebuilt only when these change, not when other details of
    // the account do (e.g. turning on two-step sign-in).
    // Whether the account must still set up two-step sign-in: until it has, the server answers
    // nothing but the set-up, so every screen is the set-up (on the staff bundle's sign-in page).
    let who = Memo::new(move |_| {
        ctx.me.with(|m| {
            m.as_ref().map(|m| {
                m.as_ref()
                    .map(|m| (m.id, m.role, m.totp_required && !m.totp_enabled))
            })
        })
    });

    move || {
        if !ours.get() {
            return view! { <OtherBundle this=bundle/> }.into_any();
        }
        view! {
        <PlainLayout>
            {move || {
                if ctx.locked.get() {
                    return view! { <LockedScreen/> }.into_any();
                }
                if ctx.hidden.get() {
                    return view! { <HiddenScreen/> }.into_any();
                }
                match who.get() {
                    None => view! { <p class="staff-loading">"Loading\u{2026}"</p> }.into_any(),
                    Some(None) => (way_in.sign_in)(),
                    Some(Some((_, role, true))) => {
                        if bundle != Bundle::Staff {
                            if let Some(window) = web_sys::window() {
                                let _ = window.location().assign(PASSWORD);
                            }
                            return ().into_any();
                        }
                        show(screen, PASSWORD, role)
                    }
                    Some(Some((_, role, false))) => view! {
                        <StaffBar role=role/>
                        // Untracked, as a component's body is: it reads who is signed in once.
                        {untrack(|| (way_in.agreement)(std::sync::Arc::new(move || show(screen, &path(), role))))}
                    }.into_any(),
                }
            }}
        </PlainLayout>
        }
        .into_any()
    }
}

/// The screen for a path under /staff, or "not found". Matched by hand rather than as nested
/// routes (`ParentRoute` + `<Outlet/>`): those made a staff bundle 2 to 12 KB brotli bigger when
/// tried, and the frame needs nothing from the router but the path.
fn show(screen: Screens, path: &str, role: Role) -> AnyView {
    let rest = path.trim_start_matches("/staff").trim_matches('/');
    let parts: Vec<&str> = rest.split('/').collect();
    screen(&parts, role).unwrap_or_else(|| {
        view! {
            <h1>"Not found"</h1>
            <p>"There is no staff page here. " <a href="/staff">"Back to the staff home"</a></p>
        }
        .into_any()
    })
}

/// The staff bundle's screens (`Bundle::Staff`): each role's home, the DSL's reports, the audit
/// log and one's own sign-in.
pub fn desk_screen(parts: &[&str], role: Role) -> Option<AnyView> {
    Some(match (parts, role) {
        (["audit"], _) => view! { <audit::AuditPage/> }.into_any(),
        (["password"], _) => view! { <password::PasswordPage/> }.into_any(),
        // The DSL's home: what is overdue and unread, then the inbox.
        ([""], Role::Dsl) => view! { <inbox::InboxPage home=true/> }.into_any(),
        // An admin's home is the tablets, a page of the admin's bundle (the head's first shows
        // what only the head sees).
        ([""], Role::Admin) => {
            view! { <HeadOrGoTo path=ADMIN_HOME label="Tablets and accounts"/> }.into_any()
        }
        ([""], Role::Teacher) => view! { <TeacherHome/> }.into_any(),
        ([""], Role::Staff) => view! { <OtherStaffHome/> }.into_any(),
        // Governors have one screen, the anonymised report; the trust has its overview.
        // The chair of governors first sees the concerns about the head.
        ([""], Role::Governor) => {
            view! { <HeadOrGoTo path=GOVERNORS label="The governors' report"/> }.into_any()
        }
        ([""], Role::Trust) => view! { <GoTo path=TRUST/> }.into_any(),
        _ => return None,
    })
}

/// The oversight bundle's screens (`Bundle::Oversight`).
pub fn oversight_screen(parts: &[&str], role: Role) -> Option<AnyView> {
    Some(match (parts, role) {
        (["governors"], _) => view! { <governors::GovernorsPage/> }.into_any(),
        (["trust"], Role::Trust) => view! { <trust::TrustPage/> }.into_any(),
        (["surveys"], _) => view! { <surveys::SurveysPage/> }.into_any(),
        (["surveys", id], _) => match id.parse::<i64>() {
            Ok(id) => view! { <surveys::SurveyResultsPage id=id/> }.into_any(),
            Err(_) => return None,
        },
        (["surveys", id, "answer"], _) => match id.parse::<i64>() {
            Ok(id) => view! { <surveys::AnswerSurveyPage id=id/> }.into_any(),
            Err(_) => return None,
        },
        _ => return None,
    })
}

/// The report bundle's screens (`Bundle::Report`): one record's page and its letter to parents.
pub fn report_screen(parts: &[&str], _role: Role) -> Option<AnyView> {
    Some(match parts {
        ["reports", id, "letter"] => {
            let id = id.to_string();
            view! { <parent_letter::ParentLetterPage id=id/> }.into_any()
        }
        ["reports", id] => {
            let id = id.to_string();
            view! { <report::ReportPage id=id/> }.into_any()
        }
        _ => return None,
    })
}

/// The procedure bundle's screen (`Bundle::Procedure`): a record's step-by-step procedure.
pub fn procedure_screen(parts: &[&str], _role: Role) -> Option<AnyView> {
    Some(match parts {
        ["procedure", id] => {
            let id = id.to_string();
            view! { <procedure::ProcedurePage id=id/> }.into_any()
        }
        _ => return None,
    })
}

/// The concern bundle's screens (`Bundle::Concern`): the form, for anyone who logs concerns, and
/// the concerns about adults for the head or the chair of governors (the server refuses anyone
/// else).
pub fn concern_screen(parts: &[&str], role: Role) -> Option<AnyView> {
    Some(match (parts, role) {
        ([CONCERN_PAGE], r) if r.logs_concerns() => view! { <concern::ConcernPage/> }.into_any(),
        ([CONCERN_PAGE, "adults"], _) => view! { <adult_concerns::AdultConcernsPage/> }.into_any(),
        ([CONCERN_PAGE, "adults", id], _) => {
            let id = id.to_string();
            view! { <adult_concerns::AdultConcernPage id=id/> }.into_any()
        }
        _ => return None,
    })
}

/// The safeguarding bundle's screens (`Bundle::Safeguarding`): each child's record, for the DSL.
pub fn safeguarding_screen(parts: &[&str], role: Role) -> Option<AnyView> {
    Some(match (parts, role) {
        (["pupils"], Role::Dsl) => view! { <pupil_record::PupilsPage/> }.into_any(),
        (["pupils", id], Role::Dsl) => match id.parse::<i64>() {
            Ok(id) => view! { <pupil_record::PupilRecordView id=id/> }.into_any(),
            Err(_) => return None,
        },
        _ => return None,
    })
}

/// The duties bundle's screens (`Bundle::Duties`): filtering and monitoring, and training.
pub fn duties_screen(parts: &[&str], role: Role) -> Option<AnyView> {
    match (parts, role) {
        (["filtering"], _) => Some(view! { <filtering::FilteringPage/> }.into_any()),
        (["training"], Role::Dsl | Role::Admin) => {
            Some(view! { <training::TrainingPage/> }.into_any())
        }
        (["policy"], _) => Some(view! { <policy::PolicyPage/> }.into_any()),
        _ => None,
    }
}

/// The records bundle's screens (`Bundle::Records`): classes, registers, letters.
pub fn records_screen(parts: &[&str], role: Role) -> Option<AnyView> {
    Some(match (parts, role) {
        (["classes", id, "letters"], _) if id.parse::<i64>().is_ok() => {
            let class_id = id.parse().unwrap_or_default();
            view! { <letters::LettersPage class_id=class_id/> }.into_any()
        }
        (["classes", class, "pupils", id], _) => match (class.parse::<i64>(), id.parse::<i64>()) {
            (Ok(class_id), Ok(id)) => view! { <pupil_details::PupilDetailsForm class_id=class_id id=id/> }.into_any(),
            _ => return None,
        },
        (["classes"], _) => view! { <classes::ClassesPage/> }.into_any(),
        // The office (admins, DSLs) and the head, whatever the head's role: the server decides.
        (["visitors"], _) => view! { <visitors::VisitorsPage role=role/> }.into_any(),
        (["classes", id], _) => match id.parse::<i64>() {
            Ok(id) => view! { <register::RegisterPage id=id/> }.into_any(),
            Err(_) => view! { <p>"There is no such class. " <a href="/staff/classes">"All classes"</a></p> }.into_any(),
        },
        _ => return None,
    })
}

/// The admin bundle's screens (`Bundle::Admin`).
pub fn admin_screen(parts: &[&str], role: Role) -> Option<AnyView> {
    Some(match (parts, role) {
        (["agreements"], Role::Admin) => view! { <agreements::AgreementsPage/> }.into_any(),
        (["agreements", "poster"], Role::Admin) => {
            view! { <agreement_poster::AgreementPosterPage/> }.into_any()
        }
        (["devices"], _) => view! { <devices::DevicesPage/> }.into_any(),
        (["accounts"], _) => view! { <accounts::AccountsPage/> }.into_any(),
        (["school"], _) => view! { <school::SchoolPage/> }.into_any(),
        (["parents-news"], Role::Admin | Role::Dsl) => {
            view! { <parents_news::ParentsNewsPage/> }.into_any()
        }
        _ => return None,
    })
}

/// Filtering and monitoring: asking for a change to the filter (anyone), its logs (the DSL, an
/// admin, the head).
const FILTERING: &str = "/staff/filtering";

/// The concern form's path under `/staff`.
const CONCERN_PAGE: &str = "concern";
const CONCERN: &str = "/staff/concern";

/// Where an admin's, a governor's and the trust's staff homes are (in other bundles than `/staff`).
const ADMIN_HOME: &str = "/staff/devices";
const GOVERNORS: &str = "/staff/governors";
const TRUST: &str = "/staff/trust";
/// The training register (the DSL's and admins').
const TRAINING: &str = "/staff/training";
/// The online-safety policy's approvals and next review (the DSL, an admin, the head).
const POLICY: &str = "/staff/policy";
/// Surveys of pupils, parents and staff, and their results (the DSL, an admin, the head).
const SURVEYS: &str = "/staff/surveys";
/// The office's visitors: who signed in, and the poster.
const VISITORS: &str = "/staff/visitors";
/// The school's news and guides for parents (the DSL's and admins').
const PARENTS_NEWS: &str = "/staff/parents-news";
/// One's own sign-in: password and two-step.
const PASSWORD: &str = "/staff/password";

/// The head's or the chair's home when their role's home is a page of another bundle: what
/// only they see, then the way to that page. Anyone else goes straight on.
#[component]
fn HeadOrGoTo(path: &'static str, label: &'static str) -> impl IntoView {
    let reads = use_staff()
        .me
        .with_untracked(|m| {
            m.as_ref()
                .and_then(|m| m.as_ref().map(|m| m.is_head || m.is_chair))
        })
        .unwrap_or(false);
    if !reads {
        return view! { <GoTo path=path/> }.into_any();
    }
    view! {
        <h1>"Staff"</h1>
        <head_home::HeadPanel with_review=true/>
        <p><a class="button" href=path>{label}</a></p>
        <surveys::SurveysToAnswerCard/>
    }
    .into_any()
}

/// Loads `path` in place of this page (its bundle's page, from the server): Back goes where the
/// person came from, not to an address that would send them on again.
#[component]
fn GoTo(path: &'static str) -> impl IntoView {
    if let Some(window) = web_sys::window() {
        let _ = window.location().replace(path);
    }
    view! { <p class="staff-loading">"Loading\u{2026}"</p> }
}

/// The person's own AUP comes before anything else in the staff area until they have signed the
/// current version (seed 003: staff, volunteers and governors sign too). The server records the
/// signature; it doesn't refuse other requests meanwhile, so an unreachable agreement never locks
/// a DSL out of an urgent report. The staff bundle's: another bundle's page sent the adult here
/// with `?next=` (`agreement_at_staff`), and once nothing is left to sign they go back to it.
fn agreement_first(children: ChildrenFn) -> AnyView {
    let due = RwSignal::new(None::<Option<kite_protocol::agreement::MyAgreement>>);
    // A trust account signs no school's AUP (the server refuses it the school's agreements).
    let is_trust = use_staff().role() == Some(Role::Trust);
    let next = StoredValue::new(login::next_page());
    // The server answers with the first agreement this person hasn't signed: their AUP, then any
    // of the school's own for them; so after each signature, ask again.
    let check = move || {
        let next = next.get_value();
        leptos::task::spawn_local(async move {
            let mine = if is_trust {
                None
            } else {
                staff_api::my_agreement().await.ok()
            };
            let mine = mine.filter(|m| m.signed_at_ms.is_none());
            if let (None, Some(next)) = (&mine, next) {
                if let Some(window) = web_sys::window() {
                    if window.location().replace(&next).is_ok() {
                        return;
                    }
                }
            }
            due.try_set(Some(mine));
        });
    };
    check();
    (move || match due.get() {
        None => view! { <p class="staff-loading">"Loading\u{2026}"</p> }.into_any(),
        Some(Some(mine)) => view! {
            <agreements::SignOwnAgreement mine=mine on_signed=Callback::new(move |_| { due.set(None); check(); })/>
        }
        .into_any(),
        Some(None) => children(),
    })
    .into_any()
}

/// Who is signed in, the screens their role has, hide screen and sign out.
#[component]
fn StaffBar(role: Role) -> impl IntoView {
    let ctx = use_staff();
    let location = use_location();
    let name = move || {
        ctx.me
            .with(|m| m.as_ref().and_then(|m| m.as_ref().map(|m| m.name.clone())))
            .unwrap_or_default()
    };
    // The links used every day stay in the bar; the rest go under "More", so a DSL's or an
    // admin's bar keeps to one row on a 1366-wide laptop. Roles with a few links show them all.
    let (links, mut more): (Vec<NavLink>, Vec<NavLink>) = match role {
        Role::Dsl => (
            vec![
                ("/staff", "Inbox"),
                (CONCERN, "Log a concern"),
                ("/staff/pupils", "Pupils"),
                ("/staff/classes", "Classes"),
                (GOVERNORS, "Governors' report"),
            ],
            vec![
                ("/staff/audit", "Audit log"),
                (FILTERING, "Filtering"),
                (TRAINING, "Training"),
                (POLICY, "Online-safety policy"),
                (SURVEYS, "Surveys"),
                ("/staff/accounts", "DSL accounts"),
                (VISITORS, "Visitors"),
                (PARENTS_NEWS, "News for parents"),
                ("/staff/school", "School settings"),
                (PASSWORD, "Your sign-in"),
            ],
        ),
        Role::Admin => (
            vec![
                (ADMIN_HOME, "Tablets"),
                (CONCERN, "Log a concern"),
                ("/staff/classes", "Classes"),
                ("/staff/agreements", "Agreements"),
                ("/staff/accounts", "Staff accounts"),
            ],
            vec![
                ("/staff/school", "School profile"),
                (VISITORS, "Visitors"),
                (PARENTS_NEWS, "News for parents"),
                (FILTERING, "Filtering"),
                (TRAINING, "Training"),
                (POLICY, "Online-safety policy"),
                (SURVEYS, "Surveys"),
                (GOVERNORS, "Governors' report"),
                (PASSWORD, "Your sign-in"),
            ],
        ),
        Role::Teacher => (
            vec![
                ("/staff", "Staff home"),
                (CONCERN, "Log a concern"),
                ("/staff/classes", "Classes"),
                (PASSWORD, "Your sign-in"),
            ],
            vec![(FILTERING, "Filtering")],
        ),
        Role::Staff => (
            vec![
                ("/staff", "Staff home"),
                (CONCERN, "Log a concern"),
                (PASSWORD, "Your sign-in"),
            ],
            vec![(FILTERING, "Filtering")],
        ),
        Role::Governor => (
            vec![(GOVERNORS, "Governors' report"), (PASSWORD, "Your sign-in")],
            vec![],
        ),
        Role::Trust => (
            vec![(TRUST, "Trust overview"), (PASSWORD, "Your sign-in")],
            vec![],
        ),
    };
    // The head keeps the school's duties whatever their role: the policy's reviews, who is in
    // school and the surveys. Admins and DSLs have these links already.
    let is_head = ctx
        .me
        .with_untracked(|m| m.as_ref().and_then(|m| m.as_ref().map(|m| m.is_head)))
        .unwrap_or(false);
    if is_head && !matches!(role, Role::Admin | Role::Dsl) {
        more.extend([
            (POLICY, "Online-safety policy"),
            (VISITORS, "Visitors"),
            (SURVEYS, "Surveys"),
        ]);
    }
    let is_dsl = role == Role::Dsl;
    let sign_out = move |_| {
        leptos::task::spawn_local(async move {
            let _ = staff_api::logout().await;
            ctx.me.try_set(Some(None));
            ctx.new_count.try_set(None);
        });
    };
    let is_here = move |href: &str| {
        let p = location.pathname.get();
        p.trim_end_matches('/') == href || (href == "/staff" && p.starts_with("/staff/reports"))
    };
    let item = move |(href, label): NavLink| {
        let current = move || is_here(href).then_some("page");
        view! { <li><a href=href aria-current=current>{label}</a></li> }
    };
    let more_hrefs: Vec<&'static str> = more.iter().map(|(href, _)| *href).collect();
    let more_here = move || more_hrefs.iter().any(|h| is_here(h));
    view! {
        <nav class="staff-bar" aria-label="Staff">
            <ul class="staff-nav">
                {links.into_iter().map(item).collect_view()}
                {(!more.is_empty()).then(|| view! {
                    <li><MoreMenu here=Signal::derive(more_here)>{more.into_iter().map(item).collect_view()}</MoreMenu></li>
                })}
            </ul>
            <Show when=move || is_dsl>
                <span class="staff-count" role="status" data-testid="new-count">
                    {move || match ctx.new_count.get() {
                        Some((0, _)) => "No new reports".to_string(),
                        Some((n, 0)) => format!("{n} new"),
                        Some((n, u)) => format!("{n} new ({u} urgent)"),
                        None => String::new(),
                    }}
                </span>
            </Show>
            <span class="staff-who">{name} " \u{00b7} " {role.label()}</span>
            <button type="button" class="button button-quiet staff-hide" data-testid="hide-screen"
                on:click=move |_| ctx.hidden.set(true)>
                "Hide screen"
            </button>
            <button type="button" class="button button-quiet" on:click=sign_out>"Sign out"</button>
        </nav>
    }
}

/// A link of the staff bar: where, and its words.
type NavLink = (&'static str, &'static str);

/// The staff bar's "More" menu: a disclosure (a native `<details>`, so it opens from the
/// keyboard and says whether it is open), closed again by Escape, by a click on one of its links
/// (a page of the same bundle doesn't reload) or when focus leaves it. Marked when the page
/// shown is one of its links, so the bar always says where the person is.
#[component]
fn MoreMenu(here: Signal<bool>, children: Children) -> impl IntoView {
    let menu = NodeRef::<leptos::html::Details>::new();
    let close = move || {
        if let Some(d) = menu.get_untracked() {
            d.set_open(false);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            close();
            if let Some(summary) = menu.get_untracked().and_then(|d| d.first_element_child()) {
                if let Ok(summary) = summary.dyn_into::<web_sys::HtmlElement>() {
                    let _ = summary.focus();
                }
            }
        }
    };
    let on_focus_out = move |ev: leptos::ev::FocusEvent| {
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(menu.get_untracked())
            .is_some_and(|(t, d)| d.contains(Some(&t)));
        if !inside {
            close();
        }
    };
    view! {
        <details class="staff-more" node_ref=menu on:keydown=on_key on:focusout=on_focus_out>
            <summary class:staff-more-here=move || here.get()>"More"</summary>
            <ul class="staff-more-list" on:click=move |_| close()>{children()}</ul>
        </details>
    }
}

/// A labelled one-line text box bound to `value`, for the staff forms.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    max: u32,
    value: RwSignal<String>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="text" maxlength=max.to_string() required autocomplete="off" data-testid=testid
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

/// A neutral screen for when someone walks up to the DSL's desk.
#[component]
fn HiddenScreen() -> impl IntoView {
    let ctx = use_staff();
    let button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = button.get() {
            let _ = b.focus();
        }
    });
    view! {
        <div class="hidden-screen" data-testid="hidden-screen">
            <p class="hidden-screen-text">"Kite"</p>
            <button type="button" class="button button-quiet" node_ref=button
                on:click=move |_| ctx.hidden.set(false)>
                "Show screen"
            </button>
        </div>
    }
}

/// The screen of a session the server locked after a while without use: only the password, to
/// go on where the person was (the page behind is rebuilt, not revealed), or signing out.
#[component]
fn LockedScreen() -> impl IntoView {
    let ctx = use_staff();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let unlock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = password.get_untracked();
        leptos::task::spawn_local(async move {
            match staff_api::unlock(&p).await {
                Ok(me) => {
                    password.try_set(String::new());
                    ctx.me.try_set(Some(Some(me)));
                    ctx.locked.try_set(false);
                }
                Err(e) if e.is_signed_out() => {
                    ctx.locked.try_set(false);
                    ctx.message(&e);
                }
                Err(e) => {
                    error.try_set(Some(e.message));
                }
            }
        });
    };
    let sign_out = move |_| {
        leptos::task::spawn_local(async move {
            let _ = staff_api::logout().await;
            ctx.me.try_set(Some(None));
            ctx.locked.try_set(false);
        });
    };
    view! {
        <form class="hidden-screen" data-testid="locked-screen" on:submit=unlock>
            <p class="hidden-screen-text">"Kite is locked"</p>
            <label for="unlock-password">"Your password, to carry on"</label>
            <input id="unlock-password" type="password" autocomplete="current-password" required autofocus
                prop:value=move || password.get()
                on:input=move |ev| password.set(event_target_value(&ev))/>
            {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
            <button class="button button-primary" type="submit">"Unlock"</button>
            <button class="button button-quiet" type="button" on:click=sign_out>"Sign out"</button>
        </form>
    }
}

#[component]
fn TeacherHome() -> impl IntoView {
    view! {
        <h1>"Staff"</h1>
        <head_home::HeadPanel with_review=true/>
        <div class="card">
            <p>"Pupils' reports go straight to the school's DSL and deputies; teachers don't see them here."</p>
            <LogConcernLink/>
            <p>"To set up a tablet for pupils, use " <a href="/setup">"tablet set-up"</a> " on the tablet."</p>
        </div>
        <training_due::ReadingToConfirm/>
        <surveys::SurveysToAnswerCard/>
    }
}

/// The staff home of everyone else in school (teaching assistants, office, lunchtime staff,
/// volunteers): their AUP (signed before this page shows) and logging a concern.
#[component]
fn OtherStaffHome() -> impl IntoView {
    view! {
        <h1>"Staff"</h1>
        <div class="card">
            <p data-testid="aup-signed">"Your acceptable use agreement: signed. Kite asks you again when the school publishes a new version."</p>
            <LogConcernLink/>
        </div>
        <training_due::ReadingToConfirm/>
        <surveys::SurveysToAnswerCard/>
    }
}

/// Where a member of staff logs a worry about a pupil, on every school-staff home.
#[component]
fn LogConcernLink() -> impl IntoView {
    view! {
        <p>"Worried about a pupil? Log it for the DSL: it takes a minute, and only the DSL and deputies read it."</p>
        <p><a class="button button-primary concern-link" href=CONCERN data-testid="log-concern">"Log a concern"</a></p>
        <p>"If a child may be at risk of harm today, tell a DSL in person now as well."</p>
    }
}
