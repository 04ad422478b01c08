//! What the speaker reads on each step: the question, then every choice, exactly as shown.

use crate::device::Tablet;
use kite_protocol::answer::AnswerCode;

use crate::components::pictures::spoken_code;
use crate::i18n::{t, tf};
use crate::report_flow::choices::{self, Choice, FEELINGS, WHAT, WHERE};
use crate::report_flow::{Draft, Step};
use leptos::prelude::*;

fn with_choices<T>(question: &'static str, list: &[Choice<T>]) -> String {
    let labels: Vec<&str> = list.iter().map(|c| t(c.label)).collect();
    format!("{} {}.", t(question), labels.join(". "))
}

pub fn for_step(step: Step, draft: &Draft, tablet: Tablet, code: Option<AnswerCode>) -> String {
    match step {
        Step::What => with_choices(choices::WHAT_QUESTION, &WHAT),
        Step::Where => with_choices(choices::WHERE_QUESTION, &WHERE),
        Step::DeviceHelp => format!(
            "{} {} {}",
            t(choices::DEVICE_QUESTION),
            t(choices::DEVICE_HELP),
            t("If you can, write the web address.")
        ),
        Step::Feel => with_choices(choices::FEEL_QUESTION, &FEELINGS),
        Step::Who => {
            let mut names: Vec<String> = tablet.config.with_untracked(|c| {
                c.as_ref()
                    .map(|c| {
                        c.trusted_adults
                            .iter()
                            .map(|a| format!("{}, {}", a.name, a.role))
                            .collect()
                    })
                    .unwrap_or_default()
            });
            names.push(t("Any grown-up").into());
            format!("{} {}.", t(choices::WHO_QUESTION), names.join(". "))
        }
        Step::Send => format!(
            "{} {} {}",
            t(choices::SEND_QUESTION),
            t(choices::anonymity_explained(tablet.band.get_untracked())),
            t("Press Send when you are ready.")
        ),
        Step::SayMore => format!(
            "{} {}",
            t(choices::SAY_MORE_QUESTION),
            t("You can write some words, or draw a picture. Then press Done.")
        ),
        Step::Done => {
            let _ = draft;
            match code {
                Some(code) => format!(
                    "{} {} {}",
                    t(choices::THANK_YOU),
                    tf(
                        "Your four pictures are: {pictures}.",
                        &[("pictures", &spoken_code(&code))]
                    ),
                    t("Remember your four pictures. You can tell them to your trusted adult too.")
                ),
                None => t(choices::THANK_YOU).to_string(),
            }
        }
    }
}
