use kite_protocol::report::TalkTo;
use leptos::prelude::*;

use crate::i18n::t;

use super::adult_picture::{AdultInitials, AdultPhoto};
use super::Question;
use crate::components::icons::{self, ChosenTick, Icon};
use crate::device::use_tablet;
use crate::report_flow::choices;
use crate::report_flow::{Draft, Step};

/// The school's trusted adults (with photos where the school added them), or any grown-up.
#[component]
pub fn WhoStep(draft: RwSignal<Draft>, on_next: Callback<Step>) -> impl IntoView {
    let tablet = use_tablet();
    let adults = tablet.config.with_untracked(|c| {
        c.as_ref()
            .map(|c| c.trusted_adults.clone())
            .unwrap_or_default()
    });
    let pick = move |t: TalkTo| {
        on_next.run(
            draft
                .try_update(|d| d.choose_talk_to(t))
                .unwrap_or(Step::Who),
        )
    };
    let is_selected = move |t: &TalkTo| draft.with(|d| d.talk_to.as_ref() == Some(t));
    view! {
        <Question text=choices::WHO_QUESTION/>
        <div class="choices">
            {adults.into_iter().map(|a| {
                let choice = TalkTo::TrustedAdult { id: a.id.clone() };
                let for_click = choice.clone();
                let picture = match a.photo.clone() {
                    Some(src) => view! { <AdultPhoto src=src name=a.name.clone()/> }.into_any(),
                    None => view! { <AdultInitials name=a.name.clone()/> }.into_any(),
                };
                view! {
                    <button
                        type="button"
                        class="button choice"
                        aria-pressed=move || is_selected(&choice).to_string()
                        on:click=move |_| pick(for_click.clone())
                    >
                        <ChosenTick/>
                        {picture}
                        <span>{a.name}</span>
                        <span class="explain">{a.role}</span>
                    </button>
                }
            }).collect_view()}
            <button
                type="button"
                class="button choice"
                aria-pressed=move || is_selected(&TalkTo::AnyGrownUp).to_string()
                on:click=move |_| pick(TalkTo::AnyGrownUp)
            >
                <ChosenTick/>
                <Icon svg=icons::FAMILY/>
                <span>{t("Any grown-up")}</span>
            </button>
        </div>
    }
}
