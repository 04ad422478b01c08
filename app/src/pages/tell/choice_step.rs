use leptos::prelude::*;

use crate::i18n::t;

use super::Question;
use crate::components::icons::{ChosenTick, Icon};
use crate::report_flow::choices::Choice;

/// A question answered by tapping one big picture card.
#[component]
pub fn ChoiceStep<T>(
    question: &'static str,
    choices: &'static [Choice<T>],
    #[prop(into)] selected: Signal<Option<T>>,
    on_pick: Callback<T>,
    /// Outline answers that will be flagged urgent, so the DSL's urgency and the card agree.
    urgent_marker: bool,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static + IsUrgent,
{
    view! {
        <Question text=question/>
        <div class="choices">
            {choices.iter().map(|c| {
                let value = c.value;
                let class = if urgent_marker && value.is_urgent() { "button choice choice-urgent" } else { "button choice" };
                view! {
                    <button
                        type="button"
                        class=class
                        aria-pressed=move || (selected.get() == Some(value)).to_string()
                        on:click=move |_| on_pick.run(value)
                    >
                        <ChosenTick/>
                        <Icon svg=c.icon/>
                        <span>{t(c.label)}</span>
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

/// Only "what happened" answers can be urgent; places and feelings never are.
pub trait IsUrgent {
    fn is_urgent(&self) -> bool {
        false
    }
}

impl IsUrgent for kite_protocol::report::WhatHappened {
    fn is_urgent(&self) -> bool {
        kite_protocol::report::WhatHappened::is_urgent(*self)
    }
}
impl IsUrgent for kite_protocol::report::Place {}
impl IsUrgent for kite_protocol::report::Feeling {}
