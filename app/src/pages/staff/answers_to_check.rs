//! The DSL's home: answers to children that another DSL wrote and that wait for this DSL's
//! check, when the school wants one. Until someone checks it, a child who looks finds nothing.

use kite_protocol::answer::AnswerToCheck;
use leptos::prelude::*;

use super::format::when_short;

/// Nothing at all when no answer is waiting.
#[component]
pub fn AnswersToCheck(answers: Vec<AnswerToCheck>) -> impl IntoView {
    (!answers.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="answers-check-heading" data-testid="answers-to-check">
                <h2 id="answers-check-heading">"Answers to check"</h2>
                <p class="staff-hint">"A child can't see these answers until a second DSL approves them."</p>
                <ul class="needs-list">
                    {answers.into_iter().map(|a| view! {
                        <li>
                            <a href=format!("/staff/reports/{}", a.report_id)>"An answer to a child"</a>
                            " by " {a.written_by} " \u{00b7} " {when_short(a.written_at_ms)}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
