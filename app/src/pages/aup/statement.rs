//! One statement of the pupil AUP as a pupil sees it on the kiosk: its picture above its words.
//! The admin's preview and the classroom poster draw it with the same component, so what an
//! admin checks is what a child reads.

use leptos::prelude::*;

use super::pictures::statement_icon;
use crate::components::icons::Icon;

/// The picture and the words; `children` follow the words on their row (the kiosk's speak
/// button).
#[component]
pub fn StatementCard(
    text: String,
    picture: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="aup-picture"><Icon svg=statement_icon(&picture)/></div>
        <div class="question-row">
            <h2 class="question">{text}</h2>
            {children.map(|c| c())}
        </div>
    }
}
