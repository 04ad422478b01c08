//! `/survey`: a pupil tells the school what they think, on the kiosk. The surveys open for the
//! tablet's band (kept on the tablet, so it works with the Wi-Fi down), one question per screen,
//! read aloud, answered with a face or a big button (KS2 may type a few words), any question
//! skipped. Nothing says who answered: the answer is sealed into the outbox under a new id, which
//! is all the server needs to keep it exactly once. It ends with thank you and who to tell.

use kite_protocol::survey::{scale_labels, Given, Question, Survey, MAX_TEXT_ANSWER_CHARS};
use kite_protocol::sync::ItemKind;
use kite_protocol::Band;
use leptos::prelude::*;

use crate::components::icons::{self, ChosenTick, Icon};
use crate::components::layout::PupilLayout;
use crate::components::speak_button::SpeakButton;
use crate::device::use_tablet;
use crate::i18n::{t, t_dyn, tf};
use crate::outbox::{queue, send_now_and_check, use_sync_status};
use crate::pages::aup::kiosk_data::fetch_or_cached;
use crate::pages::tell::leave_privately;
use crate::speech::read_each_if_set;
use crate::survey_flow::SurveyFlow;

/// Today, `YYYY-MM-DD` (UTC, as the server dates surveys).
fn today() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    iso.chars().take(10).collect()
}

/// The surveys open for `band`: the server's list, else the copy kept from the last one (less
/// any that have closed since).
pub(crate) async fn open_surveys(token: Option<&str>, band: Band) -> Vec<Survey> {
    let path = format!("/api/v1/device/surveys?band={}", band.as_str());
    let key = format!("kite.surveys.{}", band.as_str());
    let today = today();
    fetch_or_cached::<Vec<Survey>>(token, &path, &key)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|s| s.opens_on <= today && today <= s.closes_on)
        .collect()
}

/// A face for each point of a scale, saddest first.
fn faces(points: u8) -> &'static [&'static str] {
    if points == 5 {
        &[
            icons::FACE_VERY_SAD,
            icons::FACE_SAD,
            icons::FACE_NOT_SURE,
            icons::FACE_OK,
            icons::FACE_VERY_HAPPY,
        ]
    } else {
        &[icons::FACE_SAD, icons::FACE_NOT_SURE, icons::FACE_OK]
    }
}

/// What is read aloud for a question: it, then its answers in the order they are on screen.
fn spoken(question: &Question) -> String {
    let answers: Vec<String> = match question {
        Question::Choice { options, .. } => options.iter().map(|o| t_dyn(o)).collect(),
        Question::Scale { points, .. } => scale_labels(*points).iter().map(|l| t_dyn(l)).collect(),
        Question::Text { .. } => vec![t("Write your answer, if you want to").to_string()],
    };
    format!("{} {}.", t_dyn(question.prompt()), answers.join(". "))
}

#[component]
pub fn SurveyPage() -> impl IntoView {
    let tablet = use_tablet();
    let surveys = RwSignal::new(None::<Vec<Survey>>);
    let band = tablet.band.get_untracked();
    let token = tablet.token.get_untracked();
    leptos::task::spawn_local(async move {
        let list = match band {
            Some(band) => open_surveys(token.as_deref(), band).await,
            None => Vec::new(),
        };
        surveys.set(Some(list));
    });
    let flow = RwSignal::new(None::<SurveyFlow>);
    // The idle timeout and leaving: what the pupil chose is forgotten, as on the tell flow.
    let _leave = leave_privately(tablet, move || flow.set(None));

    let body = move || match flow.get() {
        Some(_) => view! { <Answering flow=flow/> }.into_any(),
        None => match surveys.get() {
            None => view! { <p class="lead">{t("Loading…")}</p> }.into_any(),
            Some(list) if list.is_empty() => view! {
                <div class="notice" data-testid="no-survey">
                    <p>{t("There is nothing to answer today.")}</p>
                </div>
                <a class="button button-primary big-action" href="/">{t("Finish")}</a>
            }
            .into_any(),
            Some(list) => view! {
                <div class="home-cards">
                    {list.into_iter().map(|s| {
                        let title = t_dyn(&s.title);
                        view! {
                            <button type="button" class="home-card" data-testid="survey-start"
                                on:click=move |_| flow.set(Some(SurveyFlow::new(s.clone())))>
                                <Icon svg=icons::FACE_OK/>
                                <span>{title}</span>
                            </button>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any(),
        },
    };
    view! {
        <PupilLayout>
            <h1 class="page-title">{t("Tell us what you think")}</h1>
            <div class="survey-flow">{body}</div>
        </PupilLayout>
    }
}

/// The question on screen, or the thank-you once the last is answered or skipped.
#[component]
fn Answering(flow: RwSignal<Option<SurveyFlow>>) -> impl IntoView {
    let tablet = use_tablet();
    let status = use_sync_status();
    let done = Memo::new(move |_| flow.with(|f| f.as_ref().is_none_or(SurveyFlow::is_done)));
    let at = Memo::new(move |_| flow.with(|f| f.as_ref().map_or(0, |f| f.at)));
    let question = Memo::new(move |_| {
        flow.with(|f| {
            f.as_ref()
                .and_then(|f| f.survey.questions.get(f.at).cloned())
        })
    });
    let read = Signal::derive(move || question.get().as_ref().map(spoken).unwrap_or_default());
    read_each_if_set(tablet, read);
    let sent = RwSignal::new(false);
    // `None` while it is being sent; then whether it reached school or waits on the tablet.
    let delivered = RwSignal::new(None::<bool>);
    let problem = RwSignal::new(None::<String>);

    // Sent once, when the flow is done: `sent` guards against a second tap queueing it twice.
    Effect::new(move |_| {
        if !done.get() || sent.get_untracked() {
            return;
        }
        sent.set(true);
        let Some(answer) = flow.with_untracked(|f| f.as_ref().and_then(SurveyFlow::finished))
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            match queue(tablet, ItemKind::SurveyAnswer, &answer).await {
                Ok(id) => delivered.set(Some(send_now_and_check(tablet, status, id).await)),
                Err(_) => problem.set(Some(
                    t("This tablet couldn't keep your answers. Please tell a grown-up.").into(),
                )),
            }
        });
    });

    let pick =
        move |given: Given| flow.update(|f| f.iter_mut().for_each(|f| f.answer(given.clone())));
    let skip = move |_| flow.update(|f| f.iter_mut().for_each(SurveyFlow::skip));
    let back = move |_| flow.update(|f| f.iter_mut().for_each(SurveyFlow::back));
    let total = flow.with_untracked(|f| f.as_ref().map_or(0, |f| f.survey.questions.len()));
    let chosen =
        move |i: usize| flow.with(|f| f.as_ref().and_then(|f| f.answers.get(i).cloned().flatten()));

    view! {
        <Show when=move || !done.get() fallback=move || view! { <ThankYou delivered=delivered problem=problem/> }>
            <p class="step-count">{move || tf("Question {n} of {of}", &[("n", &(at.get() + 1).to_string()), ("of", &total.to_string())])}</p>
            {move || question.get().map(|q| {
                let i = at.get_untracked();
                let answers = match &q {
                    Question::Scale { points, .. } => {
                        let points = *points;
                        view! {
                            <div class="choices survey-faces">
                                {faces(points).iter().zip(scale_labels(points)).enumerate().map(|(n, (face, label))| {
                                    let n = n as u8;
                                    view! {
                                        <button type="button" class="button choice" data-testid="survey-face"
                                            aria-pressed=move || (chosen(i) == Some(Given::Scale(n))).to_string()
                                            on:click=move |_| pick(Given::Scale(n))>
                                            <ChosenTick/>
                                            <Icon svg=*face/>
                                            <span>{t_dyn(label)}</span>
                                        </button>
                                    }
                                }).collect_view()}
                            </div>
                        }.into_any()
                    }
                    Question::Choice { options, .. } => view! {
                        <div class="choices survey-options">
                            {options.iter().enumerate().map(|(n, option)| {
                                let n = n as u8;
                                view! {
                                    <button type="button" class="button choice" data-testid="survey-option"
                                        aria-pressed=move || (chosen(i) == Some(Given::Choice(n))).to_string()
                                        on:click=move |_| pick(Given::Choice(n))>
                                        <ChosenTick/>
                                        <span>{t_dyn(option)}</span>
                                    </button>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any(),
                    Question::Text { .. } => view! { <WordsAnswer on_done=Callback::new(pick)/> }.into_any(),
                };
                view! {
                    <div class="question-row">
                        <h2 class="question" data-testid="survey-question">{t_dyn(q.prompt())}</h2>
                        <SpeakButton text=read/>
                    </div>
                    {answers}
                }
            })}
            <div class="step-nav">
                <Show when=move || { at.get() > 0 }>
                    <button type="button" class="button button-secondary" on:click=back>
                        <Icon svg=icons::BACK/>
                        {t("Back")}
                    </button>
                </Show>
                <button type="button" class="button button-secondary" data-testid="survey-skip" on:click=skip>
                    {t("Skip this one")}
                </button>
            </div>
        </Show>
    }
}

/// A few typed words (KS2 only: the server refuses a typing question for EYFS).
#[component]
fn WordsAnswer(on_done: Callback<Given>) -> impl IntoView {
    let words = RwSignal::new(String::new());
    let count = move || words.with(|w| w.chars().count());
    let done = move |_| {
        let text = words.get_untracked().trim().to_string();
        if !text.is_empty() {
            on_done.run(Given::Text(text));
        }
    };
    view! {
        <div class="field">
            <label for="survey-words">{t("Write your answer, if you want to")}</label>
            <textarea id="survey-words" data-testid="survey-words" maxlength=MAX_TEXT_ANSWER_CHARS
                prop:value=move || words.get()
                on:input=move |ev| words.set(event_target_value(&ev))></textarea>
            <span class="counter" aria-live="polite">
                {move || tf("{count} of {most} letters", &[("count", &count().to_string()), ("most", &MAX_TEXT_ANSWER_CHARS.to_string())])}
            </span>
        </div>
        <button type="button" class="button button-primary big-action" on:click=done
            disabled=move || words.with(|w| w.trim().is_empty())>
            {t("Next")}
        </button>
    }
}

#[component]
fn ThankYou(delivered: RwSignal<Option<bool>>, problem: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <div class="thanks" data-testid="survey-thanks">
            <Icon svg=icons::THANKS/>
            <h2 class="question">{t("Thank you for telling us what you think!")}</h2>
            {move || problem.get().map(|p| view! { <p class="notice" role="alert">{p}</p> })}
            {move || delivered.get().map(|sent| if sent {
                view! { <p class="status-pill" role="status" data-testid="survey-delivered">{t("Sent to school")}</p> }
            } else {
                view! { <p class="status-pill waiting" role="status" data-testid="survey-delivered">{t("Your answers are safe. They will go to school when the tablet is back online.")}</p> }
            })}
            <p class="lead">{t("If anything online ever worries you, tell a trusted adult.")}</p>
            <p>{t("Childline:")} " " <strong dir="ltr">"0800 1111"</strong> " " {t("(free, any time)")}</p>
            <div class="step-nav">
                <a class="button button-secondary" href="/tell">{t("Tell a trusted adult")}</a>
                <a class="button button-primary big-action" href="/" data-testid="survey-finish">{t("Finish")}</a>
            </div>
        </div>
    }
}
