use leptos::prelude::*;

use crate::i18n::t;

use kite_protocol::answer::AnswerCode;

use crate::components::icons::{self, Icon};
use crate::components::pictures::PictureCode;
use crate::report_flow::choices;

/// What the pupil is told about their report: only whether it has reached school yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    Checking,
    Sent,
    WillSend,
}

#[component]
pub fn DoneStep(
    delivery: RwSignal<Delivery>,
    urgent: RwSignal<bool>,
    answer_code: RwSignal<Option<AnswerCode>>,
    on_finish: Callback<()>,
) -> impl IntoView {
    let status = move || match delivery.get() {
        Delivery::Checking => ("status-pill waiting", t("Sending…")),
        Delivery::Sent => ("status-pill", t("Sent to school")),
        Delivery::WillSend => (
            "status-pill waiting",
            t("Your message is safe. It will go to school when the tablet is back online."),
        ),
    };
    view! {
        <div class="thanks" data-testid="thanks">
            <Icon svg=icons::THANKS/>
            <h2 class="question" tabindex="-1" data-step-heading="">{t(choices::THANK_YOU)}</h2>
            <p class=move || status().0 role="status" data-testid="delivery">{move || status().1}</p>
            {move || answer_code.get().map(|code| view! {
                <div class="answer-code" data-testid="answer-code">
                    <h3>{t("Your four pictures")}</h3>
                    <PictureCode code=code/>
                    <p class="explain">{t("Remember your four pictures. You can tell them to your trusted adult too.")}</p>
                </div>
            })}
            <Show when=move || urgent.get()>
                <p class="notice">{t("Please go and find a grown-up now, too. You are not in trouble.")}</p>
            </Show>
            <button type="button" class="button button-primary big-action" on:click=move |_| on_finish.run(())>
                {t("Finish")}
            </button>
        </div>
    }
}
