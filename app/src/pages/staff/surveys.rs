//! Surveys (`/staff/surveys`), for the DSL, an admin and the head: the school's surveys with how
//! many have answered, a new one started from Kite's ready-made online-safety survey for its
//! audience, and each survey's results (`/staff/surveys/{id}`): a chart per question, small
//! numbers shown as "fewer than 5", short answers listed from 5 answers on. Any member of staff
//! answers a staff survey at `/staff/surveys/{id}/answer`, reached from their home.

use kite_protocol::survey::{
    template, Audience, Given, Question, Survey, SurveyAnswer, SurveyDraft, SurveyResults,
    SurveySummary, MAX_OPTIONS, MAX_OPTION_CHARS, MAX_PROMPT_CHARS, MAX_TITLE_CHARS,
    SMALLEST_SHOWN,
};
use leptos::prelude::*;

use super::chart::Tally;
use super::format::{iso_date_label, today_input};
use super::{use_staff, TextField};
use crate::components::survey_questions::SurveyQuestions;
use crate::staff_api;

/// Two weeks from `iso` (`YYYY-MM-DD`): a survey's usual time open.
fn two_weeks_on(iso: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&format!(
        "{iso}T12:00:00Z"
    )));
    date.set_utc_date(date.get_utc_date() + 14);
    String::from(date.to_iso_string())
        .chars()
        .take(10)
        .collect()
}

fn audience_from(value: &str) -> Audience {
    Audience::parse(value).unwrap_or(Audience::Ks1)
}

fn answers_text(n: Option<u32>) -> String {
    match n {
        Some(0) => "None yet".into(),
        Some(n) => n.to_string(),
        None => format!("Fewer than {SMALLEST_SHOWN}"),
    }
}

/// "For KS1 pupils", "for parents": the audience in a sentence.
fn audience_words(a: Audience) -> &'static str {
    match a {
        Audience::Parents => "parents",
        Audience::Staff => "staff",
        pupils => pupils.label(),
    }
}

fn kind_label(q: &Question) -> String {
    match q {
        Question::Choice { options, .. } => format!("Choice: {}", options.join(" / ")),
        Question::Scale { points, .. } => format!("{points} faces"),
        Question::Text { .. } => "A few words".into(),
    }
}

#[component]
pub fn SurveysPage() -> impl IntoView {
    let ctx = use_staff();
    let list = RwSignal::new(None::<Result<Vec<SurveySummary>, String>>);
    leptos::task::spawn_local(async move {
        let r = staff_api::surveys().await;
        list.try_set(Some(r.map_err(|e| ctx.message(&e))));
    });
    view! {
        <h1>"Surveys"</h1>
        <p class="staff-hint">"Ask pupils, parents or staff a few questions, to see how the school's online-safety teaching is landing. Nobody's name is kept with an answer. Results show counts only once 5 people have answered, and any count under 5 is shown as \u{201c}fewer than 5\u{201d}, so no one can be picked out."</p>
        {move || match list.get() {
            None => view! { <p class="staff-muted">"Loading\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
            Some(Ok(surveys)) if surveys.is_empty() => view! { <p class="staff-muted" data-testid="no-surveys">"No surveys yet."</p> }.into_any(),
            Some(Ok(surveys)) => view! {
                <table class="staff-table" data-testid="surveys">
                    <caption class="visually-hidden">"The school's surveys"</caption>
                    <tr><th scope="col">"Survey"</th><th scope="col">"For"</th><th scope="col">"Open"</th><th scope="col">"Answers"</th></tr>
                    {surveys.into_iter().map(|s| view! {
                        <tr data-testid="survey-row">
                            <td><a href=format!("/staff/surveys/{}", s.id)>{s.title.clone()}</a></td>
                            <td>{s.audience.label()}</td>
                            <td>{format!("{} to {}", iso_date_label(&s.opens_on), iso_date_label(&s.closes_on))}</td>
                            <td data-testid="survey-answers">{answers_text(s.answers)}</td>
                        </tr>
                    }).collect_view()}
                </table>
            }.into_any(),
        }}
        <NewSurvey list=list/>
    }
}

/// A new survey: the audience's ready-made one, to change before saving.
#[component]
fn NewSurvey(list: RwSignal<Option<Result<Vec<SurveySummary>, String>>>) -> impl IntoView {
    let ctx = use_staff();
    let fresh = |audience: Audience| {
        let today = today_input();
        template(audience, &today, &two_weeks_on(&today))
    };
    let draft = RwSignal::new(fresh(Audience::Ks1));
    let title = RwSignal::new(draft.with_untracked(|d| d.title.clone()));
    // The field a problem is about (`title`, `opens_on`, `closes_on`, `questions`) and what it is.
    let problem = RwSignal::new(None::<(&'static str, String)>);
    let saved = RwSignal::new(None::<String>);
    let error_for = move |field: &'static str| {
        move || {
            problem.get().filter(|(f, _)| *f == field).map(|(_, p)| {
                view! { <p class="form-error" role="alert" data-testid=format!("survey-error-{field}")>{p}</p> }
            })
        }
    };
    let choose_audience = move |ev: leptos::ev::Event| {
        let audience = audience_from(&event_target_value(&ev));
        let (opens, closes) = draft.with_untracked(|d| (d.opens_on.clone(), d.closes_on.clone()));
        let mut d = fresh(audience);
        (d.opens_on, d.closes_on) = (opens, closes);
        title.set(d.title.clone());
        draft.set(d);
        problem.set(None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        let body = SurveyDraft {
            title: title.get_untracked(),
            ..draft.get_untracked()
        };
        // Checked here first, with the same rules as the server, so a problem shows beside its
        // field at once; nothing typed is lost either way.
        if let Err(e) = body.validate() {
            problem.set(Some((e.field, e.problem)));
            return;
        }
        problem.set(None);
        leptos::task::spawn_local(async move {
            match staff_api::add_survey(&body).await {
                Ok(s) => {
                    saved.try_set(Some(format!(
                        "Saved. It is open from {}.",
                        iso_date_label(&s.opens_on)
                    )));
                    list.try_update(|l| {
                        if let Some(Ok(l)) = l {
                            l.insert(
                                0,
                                SurveySummary {
                                    id: s.id,
                                    title: s.title.clone(),
                                    audience: s.audience,
                                    opens_on: s.opens_on.clone(),
                                    closes_on: s.closes_on.clone(),
                                    answers: Some(0),
                                },
                            );
                        }
                    });
                }
                Err(e) => {
                    let message = ctx.message(&e);
                    let field = ["title", "opens_on", "closes_on", "questions"]
                        .into_iter()
                        .find(|f| message.to_lowercase().starts_with(&format!("{f}:")))
                        .unwrap_or("questions");
                    problem.try_set(Some((field, message)));
                }
            }
        });
    };
    view! {
        <form class="staff-form card" data-testid="survey-form" on:submit=submit>
            <h2>"New survey"</h2>
            <p class="staff-hint">"It starts as Kite's online-safety survey for the people you choose. Change the title and dates, take out questions or add your own."</p>
            <div class="field">
                <label for="survey-audience">"Who is it for?"</label>
                <select id="survey-audience" data-testid="survey-audience" on:change=choose_audience>
                    {Audience::ALL.into_iter().map(|a| view! {
                        <option value=a.as_str() selected=move || draft.with(|d| d.audience == a)>{a.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField id="survey-title" label="Title" max=MAX_TITLE_CHARS as u32 value=title testid="survey-title"/>
            {error_for("title")}
            <div class="field">
                <label for="survey-opens">"Open from"</label>
                <input id="survey-opens" type="date" required data-testid="survey-opens"
                    prop:value=move || draft.with(|d| d.opens_on.clone())
                    on:input=move |ev| draft.update(|d| d.opens_on = event_target_value(&ev))/>
            </div>
            {error_for("opens_on")}
            <div class="field">
                <label for="survey-closes">"Open until"</label>
                <input id="survey-closes" type="date" required data-testid="survey-closes"
                    prop:value=move || draft.with(|d| d.closes_on.clone())
                    on:input=move |ev| draft.update(|d| d.closes_on = event_target_value(&ev))/>
            </div>
            {error_for("closes_on")}
            <h3>"Questions"</h3>
            <ol class="needs-list" data-testid="survey-questions">
                {move || draft.with(|d| d.questions.iter().cloned().enumerate().map(|(i, q)| view! {
                    <li data-testid="survey-draft-question">
                        <strong>{q.prompt().to_string()}</strong>
                        <br/><span class="staff-hint">{kind_label(&q)}</span>
                        " "
                        <button type="button" class="button button-quiet"
                            on:click=move |_| draft.update(|d| { if i < d.questions.len() { d.questions.remove(i); } })>
                            "Take out"
                        </button>
                    </li>
                }).collect_view())}
            </ol>
            {error_for("questions")}
            <AddQuestion draft=draft/>
            {move || saved.get().map(|m| view! { <p class="ok-text" role="status" data-testid="survey-saved">{m}</p> })}
            <p><button class="button" type="submit" data-testid="survey-save">"Save the survey"</button></p>
        </form>
    }
}

/// Adds a question of the school's own to the draft.
#[component]
fn AddQuestion(draft: RwSignal<SurveyDraft>) -> impl IntoView {
    let kind = RwSignal::new("scale".to_string());
    let prompt = RwSignal::new(String::new());
    let options = RwSignal::new(String::new());
    let faces = RwSignal::new(3u8);
    let add = move |_| {
        let prompt_text = prompt.get_untracked().trim().to_string();
        if prompt_text.is_empty() {
            return;
        }
        let question = match kind.get_untracked().as_str() {
            "choice" => Question::Choice {
                prompt: prompt_text,
                options: options
                    .get_untracked()
                    .lines()
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(str::to_owned)
                    .collect(),
            },
            "text" => Question::Text {
                prompt: prompt_text,
            },
            _ => Question::Scale {
                prompt: prompt_text,
                points: faces.get_untracked(),
            },
        };
        draft.update(|d| d.questions.push(question));
        prompt.set(String::new());
        options.set(String::new());
    };
    view! {
        <fieldset class="card">
            <legend>"Add a question"</legend>
            <div class="field">
                <label for="survey-kind">"Answered with"</label>
                <select id="survey-kind" data-testid="survey-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="scale">"Faces (how much)"</option>
                    <option value="choice">{format!("A choice of 2 to {MAX_OPTIONS}")}</option>
                    <option value="text">"A few words (not for EYFS)"</option>
                </select>
            </div>
            <div class="field">
                <label for="survey-prompt">"The question"</label>
                <input id="survey-prompt" type="text" maxlength=MAX_PROMPT_CHARS.to_string() autocomplete="off" data-testid="survey-prompt"
                    prop:value=prompt on:input=move |ev| prompt.set(event_target_value(&ev))/>
            </div>
            <Show when=move || kind.get() == "scale">
                <div class="field">
                    <label for="survey-faces">"How many faces"</label>
                    <select id="survey-faces" on:change=move |ev| faces.set(if event_target_value(&ev) == "5" { 5 } else { 3 })>
                        <option value="3">"3 (no, not sure, yes)"</option>
                        <option value="5">"5 (very unhappy to very happy)"</option>
                    </select>
                </div>
            </Show>
            <Show when=move || kind.get() == "choice">
                <div class="field">
                    <label for="survey-options">{format!("The answers to choose from, one a line (up to {MAX_OPTION_CHARS} letters each)")}</label>
                    <textarea id="survey-options" rows="4" data-testid="survey-options"
                        prop:value=options on:input=move |ev| options.set(event_target_value(&ev))></textarea>
                </div>
            </Show>
            <p><button type="button" class="button button-secondary" data-testid="survey-add-question" on:click=add>"Add the question"</button></p>
        </fieldset>
    }
}

/// `/staff/surveys/{id}`: one survey's results.
#[component]
pub fn SurveyResultsPage(id: i64) -> impl IntoView {
    let ctx = use_staff();
    let results = RwSignal::new(None::<Result<SurveyResults, String>>);
    leptos::task::spawn_local(async move {
        let r = staff_api::survey_results(id).await;
        results.try_set(Some(r.map_err(|e| ctx.message(&e))));
    });
    view! {
        <p><a href="/staff/surveys">"All surveys"</a></p>
        {move || match results.get() {
            None => view! { <p class="staff-muted">"Loading\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! { <h1>"Survey"</h1><p class="form-error" role="alert">{e}</p> }.into_any(),
            Some(Ok(r)) => view! {
                <h1>{r.survey.title.clone()}</h1>
                <p class="staff-hint">{format!("For {}, open {} to {}.", audience_words(r.survey.audience), iso_date_label(&r.survey.opens_on), iso_date_label(&r.survey.closes_on))}</p>
                <p data-testid="results-answers"><strong>"Answers: "</strong>{answers_text(r.answers)}</p>
                {r.answers.is_none().then(|| view! {
                    <p class="notice" data-testid="results-suppressed">{format!("Fewer than {SMALLEST_SHOWN} people have answered so far. The results show once {SMALLEST_SHOWN} have, so that no one's answers can be picked out.")}</p>
                })}
                {r.questions.into_iter().enumerate().map(|(i, q)| {
                    if q.lines.is_empty() {
                        view! {
                            <section class="governors-section" data-testid="results-words">
                                <h2>{q.prompt.clone()}</h2>
                                {if q.texts.is_empty() {
                                    view! { <p class="staff-muted">{format!("Short answers are listed once {SMALLEST_SHOWN} people have answered.")}</p> }.into_any()
                                } else {
                                    view! { <ul>{q.texts.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul> }.into_any()
                                }}
                            </section>
                        }.into_any()
                    } else {
                        let lines: Vec<(String, Option<u32>)> = q.lines.into_iter().map(|l| (l.label, l.count)).collect();
                        view! { <Tally title=q.prompt key=i.to_string() lines=lines/> }.into_any()
                    }
                }).collect_view()}
            }.into_any(),
        }}
    }
}

/// A staff home's card: the staff surveys open that this person hasn't answered. Shows nothing
/// when there are none (or the server can't say).
#[component]
pub fn SurveysToAnswerCard() -> impl IntoView {
    let open = RwSignal::new(Vec::<Survey>::new());
    leptos::task::spawn_local(async move {
        if let Ok(list) = staff_api::surveys_to_answer().await {
            open.try_set(list);
        }
    });
    move || {
        let list = open.get();
        (!list.is_empty()).then(|| view! {
            <section class="card" data-testid="surveys-to-answer">
                <h2>"A survey for you"</h2>
                <p class="staff-hint">"A few questions from the school. Your name isn't kept with your answers."</p>
                <ul>{list.into_iter().map(|s| view! {
                    <li><a class="button" href=format!("/staff/surveys/{}/answer", s.id)>{s.title}</a></li>
                }).collect_view()}</ul>
            </section>
        })
    }
}

/// `/staff/surveys/{id}/answer`: a staff survey on one page, every question optional.
#[component]
pub fn AnswerSurveyPage(id: i64) -> impl IntoView {
    let ctx = use_staff();
    let survey = RwSignal::new(None::<Result<Survey, String>>);
    leptos::task::spawn_local(async move {
        let r = staff_api::surveys_to_answer().await;
        survey.try_set(Some(match r {
            Ok(list) => list.into_iter().find(|s| s.id == id).ok_or_else(|| {
                "This survey isn't open, or you have answered it already: thank you.".to_string()
            }),
            Err(e) => Err(ctx.message(&e)),
        }));
    });
    move || match survey.get() {
        None => view! { <p class="staff-muted">"Loading\u{2026}"</p> }.into_any(),
        Some(Err(e)) => {
            view! { <h1>"Survey"</h1><p class="notice" role="status">{e}</p> }.into_any()
        }
        Some(Ok(s)) => view! { <AnswerForm survey=s/> }.into_any(),
    }
}

/// A staff survey on one page (`SurveyQuestions`), sent once.
#[component]
fn AnswerForm(survey: Survey) -> impl IntoView {
    let ctx = use_staff();
    let answers = RwSignal::new(vec![None::<Given>; survey.questions.len()]);
    let message = RwSignal::new(None::<(bool, String)>);
    let done = RwSignal::new(false);
    let survey_id = survey.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = SurveyAnswer {
            survey_id,
            answers: answers.get_untracked(),
        };
        if let Err(e) = body.validate() {
            message.set(Some((
                false,
                format!("Nothing to send yet: {}.", e.problem),
            )));
            return;
        }
        leptos::task::spawn_local(async move {
            match staff_api::answer_survey(&body).await {
                Ok(()) => {
                    done.try_set(true);
                    message.try_set(Some((true, "Thank you: your answers are in.".into())));
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    view! {
        <h1>{survey.title.clone()}</h1>
        <p class="staff-hint">"Answer what you like; every question can be left. Your name isn't kept with your answers."</p>
        <form class="staff-form card" data-testid="survey-answer-form" on:submit=submit>
            <SurveyQuestions survey=survey answers=answers words=|s: &str| s.to_owned()/>
            {move || message.get().map(|(ok, t)| view! {
                <p class=if ok { "ok-text" } else { "form-error" } role="status" data-testid="survey-answer-message">{t}</p>
            })}
            <Show when=move || !done.get()>
                <p><button class="button" type="submit" data-testid="survey-send">"Send my answers"</button></p>
            </Show>
        </form>
    }
}
