//! `/answer`: "Has anyone answered me?" A child who sent a report without their name and asked
//! for an answer taps their four pictures in order and sees (and hears) what the school wrote
//! back, or that there is no answer yet. Asking needs the school server: nothing is kept on the
//! tablet, and the answer lives only in this page's memory, gone when the child leaves or the
//! tablet is left idle. Under an answer the child may answer back (`reply`).

mod reply;
mod words;

use gloo_net::http::Request;
use kite_protocol::answer::{AnswerAsk, AnswerCode, AnswerReply, CODE_LENGTH, PICTURE_COUNT};
use leptos::prelude::*;

use crate::components::icons::{self, Icon};
use crate::components::layout::PupilLayout;
use crate::components::pictures::{picture_name, PictureTile};
use crate::components::speak_button::SpeakButton;
use crate::device::{use_tablet, Tablet};
use crate::i18n::t;
use crate::pages::tell::leave_privately;
use crate::speech::read_each_if_set;
use reply::AnswerBack;

/// Give up on asking after this long: a child shouldn't wait on a spinner.
const TIMEOUT_MS: u32 = 15_000;

/// What the school server said.
#[derive(Clone, Debug, PartialEq)]
enum Looked {
    Answer(String),
    NoAnswer,
    /// Too many tries from this tablet for now.
    Rest,
    /// The server couldn't be reached (or the tablet isn't connected to school).
    Offline,
}

/// What the server said, with the ticket a reply to the answer carries.
async fn ask(tablet: Tablet, code: AnswerCode) -> (Looked, Option<String>) {
    match ask_server(tablet, code).await {
        Ok(AnswerReply {
            answer: Some(answer),
            reply_ticket,
        }) => (Looked::Answer(answer), reply_ticket),
        Ok(AnswerReply { answer: None, .. }) => (Looked::NoAnswer, None),
        Err(looked) => (looked, None),
    }
}

async fn ask_server(tablet: Tablet, code: AnswerCode) -> Result<AnswerReply, Looked> {
    let Some(token) = tablet.token.get_untracked() else {
        return Err(Looked::Offline);
    };
    let signal = web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS);
    let Ok(request) = Request::post("/api/v1/device/answer")
        .header("Authorization", &format!("Bearer {token}"))
        .abort_signal(Some(&signal))
        .json(&AnswerAsk { code })
    else {
        return Err(Looked::Offline);
    };
    let Ok(response) = request.send().await else {
        return Err(Looked::Offline);
    };
    match response.status() {
        200 => response
            .json::<AnswerReply>()
            .await
            .map_err(|_| Looked::Offline),
        429 => Err(Looked::Rest),
        _ => Err(Looked::Offline),
    }
}

#[component]
pub fn AnswerPage() -> impl IntoView {
    let tablet = use_tablet();
    let chosen = RwSignal::new(Vec::<u8>::new());
    let looked = RwSignal::new(None::<Looked>);
    let looking = RwSignal::new(false);
    // Held only here, for a reply to the answer shown.
    let ticket = RwSignal::new(None::<String>);

    // Leaving and the idle timeout forget the pictures, the answer and its ticket.
    let leave = leave_privately(tablet, move || {
        chosen.set(Vec::new());
        looked.set(None);
        ticket.set(None);
    });

    let spoken = Signal::derive(move || match looked.get() {
        None => format!(
            "{} {}",
            t("Has anyone answered me?"),
            t("Tap your four pictures in order.")
        ),
        Some(Looked::Answer(a)) => format!("{} {a}", t("Here is your answer.")),
        Some(other) => said(&other).to_string(),
    });
    read_each_if_set(tablet, spoken);

    let full = move || chosen.with(|c| c.len() == CODE_LENGTH);
    let pick = move |p: u8| {
        looked.set(None);
        ticket.set(None);
        chosen.update(|c| {
            if c.len() < CODE_LENGTH {
                c.push(p);
            }
        });
    };
    let start_again = move |_| {
        looked.set(None);
        ticket.set(None);
        chosen.set(Vec::new());
    };
    let look = move |_| {
        let Ok(code) = chosen.with_untracked(|c| <[u8; CODE_LENGTH]>::try_from(c.as_slice()))
        else {
            return;
        };
        looking.set(true);
        leptos::task::spawn_local(async move {
            let (result, reply_ticket) = ask(tablet, AnswerCode(code)).await;
            ticket.set(reply_ticket);
            // A wrong code is forgotten at once, so the next try starts clean.
            if !matches!(result, Looked::Answer(_)) {
                chosen.set(Vec::new());
            }
            looked.set(Some(result));
            looking.set(false);
        });
    };

    view! {
        <PupilLayout>
            <div class="tell-bar">
                <div class="question-row">
                    <h1 class="page-title">{t("Has anyone answered me?")}</h1>
                </div>
                <div class="row">
                    <SpeakButton text=spoken/>
                    <button type="button" class="button quick-exit" on:click=move |_| leave.run(()) data-testid="quick-exit">
                        <Icon svg=icons::EXIT/> {t("Leave")}
                    </button>
                </div>
            </div>
            {move || match looked.get() {
                Some(Looked::Answer(answer)) => view! {
                    <div class="answer-box" role="status" data-testid="answer">
                        <h2 class="question">{t("Here is your answer.")}</h2>
                        <p class="answer-text">{answer}</p>
                    </div>
                    {ticket.get_untracked().is_some().then(|| view! { <AnswerBack tablet=tablet ticket=ticket/> })}
                }.into_any(),
                Some(other) => {
                    let testid = match other {
                        Looked::Rest => "answer-rest",
                        Looked::Offline => "answer-offline",
                        _ => "no-answer",
                    };
                    view! { <p class="notice" role="status" data-testid=testid>{said(&other)}</p> }.into_any()
                }
                None => view! { <p class="explain">{t("Tap your four pictures in order.")}</p> }.into_any(),
            }}
            <ol class="picture-code picture-slots" aria-label=t("Your four pictures") data-testid="chosen-pictures">
                {move || (0..CODE_LENGTH).map(|i| match chosen.with(|c| c.get(i).copied()) {
                    Some(p) => view! { <li><PictureTile picture=p/></li> }.into_any(),
                    None => view! { <li class="picture-slot-empty"></li> }.into_any(),
                }).collect_view()}
            </ol>
            <div class="row">
                <button type="button" class="button button-secondary" on:click=start_again data-testid="start-again">
                    {t("Start again")}
                </button>
                <button
                    type="button"
                    class="button button-primary big-action"
                    disabled=move || !full() || looking.get()
                    on:click=look
                    data-testid="look"
                >
                    {t("Look for my answer")}
                </button>
            </div>
            <div class="picture-keys" role="group" aria-label=t("Pictures")>
                {(0..PICTURE_COUNT).map(|p| view! {
                    <button
                        type="button"
                        class="picture-key"
                        aria-label=picture_name(p)
                        disabled=move || full() || looking.get()
                        on:click=move |_| pick(p)
                        data-testid=format!("picture-{p}")
                    >
                        <PictureTile picture=p/>
                    </button>
                }).collect_view()}
            </div>
        </PupilLayout>
    }
}

/// What the child is told when there is no answer to show. "No answer yet" is all a wrong code,
/// an expired answer or an unanswered one ever shows: the server can't tell them apart for us.
fn said(looked: &Looked) -> &'static str {
    match looked {
        Looked::Rest => t("Let's have a little rest. You can try again in a minute, or tell a grown-up now."),
        Looked::Offline => t("This tablet can't reach school just now, so it can't look for your answer. Please tell a grown-up you trust."),
        _ => t("No answer yet. You can look again later, or tell a grown-up now."),
    }
}
