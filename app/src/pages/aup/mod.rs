//! `/aup`: a pupil reads and signs the pupil Acceptable Use Policy on the kiosk. Their class (the
//! tablet's, or picked) → "Find your name" (symbol picture and first name) → each statement in
//! turn, with its picture, read aloud, agreed with a big thumbs-up → a mark (typed initials or a
//! drawing) → a kind thank-you. Nothing is recorded until the mark is made; then the signature
//! goes through the outbox like a report, so it is safe offline. "That's not me" and Back are
//! there at every step. `/aup?next=learn` is the before-lessons check `/learn` sends pupils to.

pub(crate) mod kiosk_data;
pub(crate) mod pictures;
pub(crate) mod statement;

use kite_protocol::classes::{KioskClass, KioskPupil};
use kite_protocol::pupil_signature::{clean_initials, Mark};
use kite_protocol::Band;
use leptos::prelude::*;

use crate::aup_flow::{Flow, Picked, Step};
use crate::i18n::{t, t_dyn, tf};
use crate::lesson_pass;

use crate::components::drawing_pad::DrawingPad;
use crate::components::icons::{self, Icon};
use crate::components::layout::PupilLayout;
use crate::components::speak_button::SpeakButton;
use crate::device::use_tablet;
use crate::outbox::{queue_aup_signed, send_now_and_check, use_sync_status};
use crate::speech::read_each_if_set;
use pictures::{animal_svg, symbol_parts};
use statement::StatementCard;

/// `/aup`, and `/aup?next=learn`: the before-lessons check `/learn` sends a pupil to when the
/// school asks for it (`lesson_pass`).
#[component]
pub fn AupPage() -> impl IntoView {
    let before_lessons = untrack(|| crate::here::use_here().query("next")).as_deref()
        == Some(lesson_pass::NEXT_LEARN);
    if !before_lessons {
        return view! {
            <PupilLayout>
                <h1 class="page-title">{t("Our rules")}</h1>
                <AupFlow gate=false on_cleared=Callback::new(|_: Band| ())/>
            </PupilLayout>
        }
        .into_any();
    }
    let to_lessons = Callback::new(|band: Band| {
        lesson_pass::grant(band);
        // Replace: Back from the lessons goes where the pupil came from, not to this question.
        if let Some(window) = web_sys::window() {
            let _ = window.location().replace("/learn");
        }
    });
    view! {
        <PupilLayout>
            <h1 class="page-title">{t("Learn")}</h1>
            <p class="lead" data-testid="aup-gate">{t("Before we start: who is learning today?")}</p>
            <AupFlow gate=true on_cleared=to_lessons/>
        </PupilLayout>
    }
    .into_any()
}

/// The flow (`aup_flow`), drawn. With `gate`, a pupil who has already signed the current version
/// goes straight on (`on_cleared`, with their class's band), and the thank-you leads to the
/// lessons.
#[component]
pub fn AupFlow(gate: bool, on_cleared: Callback<Band>) -> impl IntoView {
    let tablet = use_tablet();
    let status = use_sync_status();
    let flow = RwSignal::new(Flow::new(gate));
    // The screen is rebuilt only when the step changes, not on every mark the pupil makes.
    let step = Memo::new(move |_| flow.with(|f| f.step.clone()));

    let token = tablet.token.get_untracked();
    let wanted_class = tablet.class_label.get_untracked();
    let open_class = move |c: KioskClass| {
        let token = tablet.token.get_untracked();
        let id = c.id;
        flow.update(|f| f.open_class(c));
        leptos::task::spawn_local(async move {
            let own = kiosk_data::agreements(token.as_deref(), id).await;
            flow.try_update(|f| f.own_arrived(own));
            let names = kiosk_data::pupils(token.as_deref(), id).await;
            flow.try_update(|f| f.names_arrived(names));
        });
    };
    leptos::task::spawn_local(async move {
        let current = kiosk_data::aup(token.as_deref()).await;
        let list = kiosk_data::classes(token.as_deref()).await;
        let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
        let Some(mine) = flow.try_update(|f| f.loaded(current, list, wanted_class.as_deref()))
        else {
            return;
        };
        if flow.with_untracked(|f| f.step == Step::Unavailable) {
            return;
        }
        if let Some(c) = mine {
            open_class(c);
        }
        // Keep every class's names on the tablet while online, so any class can sign offline.
        if token.is_some() {
            for id in ids {
                kiosk_data::pupils(token.as_deref(), id).await;
                kiosk_data::agreements(token.as_deref(), id).await;
            }
        }
    });

    let band = move || flow.with_untracked(Flow::band);
    // What a step says and shows is read once, when the step begins: the class, the rules and
    // the pupil don't change within a step.
    let first_name = move || flow.with_untracked(Flow::first_name);
    // The school's agreement being read, in its own words (the school writes them in English).
    let own_name = move || {
        flow.with_untracked(|f| f.reading_own().map(|a| t_dyn(&a.name)))
            .unwrap_or_default()
    };

    let spoken = Signal::derive(move || {
        match step.get() {
        Step::Loading => String::new(),
        Step::Class => t("Which class are you in? Tap your class.").into(),
        Step::Name => t("Find your name. Tap the card with your name and your picture.").into(),
        Step::Statement(i) => flow.with_untracked(|f| f.statements()
            .get(i)
            .map(|s| tf("{statement} If you agree, tap I agree.", &[("statement", &t_dyn(&s.read_aloud))]))
            .unwrap_or_default()),
        Step::Sign => t("Now make your mark. Type your initials, the first letters of your names. Or draw your own mark with your finger. Then tap Sign.").into(),
        Step::Next => tf(
            "One more to sign: {agreement}. Tap Start and we will read it together.",
            &[("agreement", &own_name())],
        ),
        Step::Done if flow.with_untracked(|f| f.signed_rules) => tf(
            "Thank you, {name}. You have signed our rules. If anything online ever worries you, tell a trusted adult.",
            &[("name", &first_name())],
        ),
        Step::Done => tf(
            "Thank you, {name}. You have signed it. If anything online ever worries you, tell a trusted adult.",
            &[("name", &first_name())],
        ),
        Step::Unavailable => t("This tablet can't show our rules just now. Ask your teacher.").into(),
    }
    });
    read_each_if_set(tablet, spoken);

    let not_me = move |_| flow.update(Flow::not_me);
    let back = move |_| flow.update(Flow::back);
    let pick_pupil = move |p: KioskPupil| {
        let version_id = flow.with_untracked(|f| f.aup.as_ref().map(|a| a.version_id).unwrap_or(0));
        let signed = kiosk_data::has_signed(&p, version_id);
        let own_unsigned = flow.with_untracked(|f| kiosk_data::unsigned_by(&f.own, p.id));
        if let Some(Picked::Cleared(band)) =
            flow.try_update(|f| f.pick_pupil_with(p, signed, own_unsigned))
        {
            on_cleared.run(band);
        }
    };
    let agree = move |_| flow.update(Flow::agree);
    let start_next = move |_| flow.update(Flow::start_next);
    let sign = move |_| {
        let Some(signature) = flow.with_untracked(|f| f.signature(js_sys::Date::now() as i64))
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            match queue_aup_signed(tablet, &signature).await {
                Ok(id) => {
                    kiosk_data::mark_signed_here(signature.version_id, signature.pupil_id);
                    flow.try_update(Flow::signed);
                    send_now_and_check(tablet, status, id).await;
                }
                Err(_) => {
                    flow.try_update(|f| f.not_saved = true);
                }
            }
        });
    };
    let pupils = Memo::new(move |_| flow.with(|f| f.pupils.clone()));
    let version_id =
        Signal::derive(move || flow.with(|f| f.aup.as_ref().map(|a| a.version_id).unwrap_or(0)));

    // Above a school's own agreement's statements: which agreement it is.
    let own_name_heading = move || {
        flow.with_untracked(|f| f.reading_own().map(|a| t_dyn(&a.name)))
            .map(|name| view! { <h2 class="aup-agreement-name" data-testid="aup-agreement-name">{name}</h2> })
    };
    let body = move || {
        match step.get() {
        Step::Loading => view! { <p class="lead">{t("Getting our rules ready…")}</p> }.into_any(),
        Step::Unavailable => view! {
            <div class="notice" data-testid="aup-unavailable">
                <p>{t("This tablet can't show our rules just now. Please ask your teacher.")}</p>
            </div>
        }.into_any(),
        Step::Class => view! {
            <QuestionRow text=t("Which class are you in?") spoken=spoken/>
            <div class="aup-cards" role="group" aria-label=t("Classes")>
                {flow.with_untracked(|f| f.classes.clone()).into_iter().map(|c| {
                    let name = c.name.clone();
                    view! {
                        <button type="button" class="aup-card" data-testid="aup-class" on:click=move |_| open_class(c.clone())>
                            <span class="aup-card-name">{name}</span>
                        </button>
                    }
                }).collect_view()}
            </div>
        }.into_any(),
        Step::Name => view! {
            <QuestionRow text=t("Find your name") spoken=spoken/>
            <NameCards pupils=pupils version_id=version_id on_pick=Callback::new(pick_pupil)/>
        }.into_any(),
        Step::Next => view! {
            <div class="thanks" data-testid="aup-next">
                <Icon svg=icons::THANKS/>
                <h2 class="question">{tf("One more to sign: {agreement}", &[("agreement", &own_name())])}</h2>
                <div class="question-row">
                    <p class="lead">{t("We will read it together, one line at a time.")}</p>
                    <SpeakButton text=spoken/>
                </div>
                <button type="button" class="button button-primary big-action" data-testid="aup-start-next" on:click=start_next>
                    {t("Start")}
                </button>
            </div>
        }.into_any(),
        Step::Statement(i) => {
            let (s, count) = flow.with_untracked(|f| (f.statements().get(i).cloned(), f.statements().len()));
            view! {
                {own_name_heading()}
                <div class="aup-statement" data-testid="aup-statement">
                    <p class="aup-progress">{tf("{n} of {count}", &[("n", &(i + 1).to_string()), ("count", &count.to_string())])}</p>
                    {s.map(|s| view! {
                        <StatementCard text=t_dyn(&s.text) picture=s.picture>
                            <SpeakButton text=spoken/>
                        </StatementCard>
                    })}
                    <button type="button" class="button button-primary big-action aup-agree" data-testid="aup-agree" on:click=agree>
                        <Icon svg=icons::THUMBS_UP/>" " {t("I agree")}
                    </button>
                </div>
            }.into_any()
        }
        Step::Sign => view! {
            <QuestionRow text=t("Now make your mark") spoken=spoken/>
            <SignStep flow=flow/>
            <Show when=move || flow.with(|f| f.not_saved)>
                <p class="notice" role="alert">{t("This tablet couldn't save your mark. Please ask your teacher to help.")}</p>
            </Show>
            <button
                type="button"
                class="button button-primary big-action"
                data-testid="aup-sign"
                disabled=move || flow.with(|f| f.mark.is_none())
                on:click=sign
            >
                {t("Sign")}
            </button>
        }.into_any(),
        Step::Done => view! {
            <div class="thanks" data-testid="aup-thanks">
                <Icon svg=icons::THANKS/>
                <h2 class="question">{tf("Thank you, {name}!", &[("name", &first_name())])}</h2>
                {flow.with_untracked(|f| f.signed_rules).then(|| view! {
                    <p class="lead">{t("You have signed our rules for being online.")}</p>
                })}
                {flow.with_untracked(|f| f.signed_own.clone()).into_iter().map(|name| view! {
                    <p class="lead" data-testid="aup-signed-own">{tf("You have signed: {agreement}.", &[("agreement", &t_dyn(&name))])}</p>
                }).collect_view()}
                <p class="lead">{t("If anything online ever worries you, tell a trusted adult. You will not be in trouble.")}</p>
                {if gate {
                    view! {
                        <button type="button" class="button button-primary big-action" data-testid="aup-to-lessons" on:click=move |_| on_cleared.run(band())>
                            {t("Go to lessons")}
                        </button>
                    }.into_any()
                } else {
                    view! { <a class="button button-primary big-action" href="/">{t("Finish")}</a> }.into_any()
                }}
            </div>
        }.into_any(),
    }
    };

    let chosen = move || flow.with(Flow::chosen);
    view! {
        <div class="aup-flow">
            <Show when=move || flow.with(Flow::shows_bar)>
                <div class="tell-bar">
                    <div class="row">
                        <button type="button" class="button button-quiet" data-testid="aup-back" on:click=back>
                            <span class="icon-flip-rtl"><Icon svg=icons::BACK/></span> {t("Back")}
                        </button>
                    </div>
                    <Show when=move || chosen().is_some()>
                        <div class="row">
                            <span class="aup-who">{move || chosen().unwrap_or_default()}</span>
                            <button type="button" class="button button-quiet" data-testid="aup-not-me" on:click=not_me>
                                {t("That's not me")}
                            </button>
                        </div>
                    </Show>
                </div>
            </Show>
            {body}
        </div>
    }
}

#[component]
fn QuestionRow(text: &'static str, spoken: Signal<String>) -> impl IntoView {
    view! {
        <div class="question-row">
            <h2 class="question" data-testid="question">{text}</h2>
            <SpeakButton text=spoken/>
        </div>
    }
}

/// Big cards, one a pupil: their symbol and first name; the last initial only when two share a
/// first name. A tick on the card of a pupil who has signed this version (on the server's list or
/// on this tablet), so a class can see who is still to sign: nothing more, no date.
#[component]
fn NameCards(
    pupils: Memo<Vec<KioskPupil>>,
    version_id: Signal<i64>,
    on_pick: Callback<KioskPupil>,
) -> impl IntoView {
    view! {
        <div class="aup-cards" role="group" aria-label=t("Names")>
            {move || {
                let list = pupils.get();
                if list.is_empty() {
                    return view! { <p class="notice">{t("There are no names for this class yet. Ask your teacher.")}</p> }.into_any();
                }
                list.iter().map(|p| {
                    let shared = list.iter().filter(|o| o.first_name.eq_ignore_ascii_case(&p.first_name)).count() > 1;
                    let label = if shared { format!("{} {}.", p.first_name, p.last_initial) } else { p.first_name.clone() };
                    let data_name = label.clone();
                    let (class, words) = symbol_parts(&p.symbol);
                    let signed = kiosk_data::has_signed(p, version_id.get_untracked());
                    let p = p.clone();
                    view! {
                        <button type="button" class="aup-card" data-testid="aup-name" data-name=data_name on:click=move |_| on_pick.run(p.clone())>
                            {signed.then(|| view! {
                                <span class="aup-signed" data-testid="aup-signed">
                                    <Icon svg=icons::TICK/>
                                    <span class="visually-hidden">{t("Already signed")}</span>
                                </span>
                            })}
                            <span class=class aria-hidden="true" inner_html=animal_svg(&p.symbol)></span>
                            // A name with an initial ("Sam B.") is written left to right even in
                            // an Urdu page, so its full stop stays after the initial.
                            <span class="aup-card-name" dir="auto">{label}</span>
                            // The picture's name is English words ("Blue fox"); in another language
                            // the picture and colour say it without them.
                            {(crate::i18n::current() == crate::i18n::Lang::En).then(|| view! {
                                <span class="aup-symbol-words">{words}</span>
                            })}
                        </button>
                    }
                }).collect_view().into_any()
            }}
        </div>
    }
}

/// Typed initials or a drawn mark; the flow keeps whichever the pupil made last.
#[component]
fn SignStep(flow: RwSignal<Flow>) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    view! {
        <div class="aup-sign">
            <label class="aup-initials">
                <span>{t("Type your initials")}</span>
                <input
                    type="text"
                    maxlength="4"
                    autocomplete="off"
                    data-testid="aup-initials"
                    prop:value=move || typed.get()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        flow.update(|f| f.mark = clean_initials(&v).map(Mark::Initials));
                        typed.set(v);
                    }
                />
            </label>
            <p>{t("Or draw your mark:")}</p>
            <DrawingPad on_change=Callback::new(move |png: Option<String>| {
                typed.set(String::new());
                flow.update(|f| f.mark = png.map(Mark::Drawing));
            })/>
        </div>
    }
}
