//! A letter to a child's parents the DSL reads, edits and prints: the text to edit and the Print
//! button (never printed), then the letter itself as it prints on A4: the school, the date, the
//! paragraphs, and the DSL's name. Both the record's letter and a procedure's are this one.

use kite_protocol::MONTH_NAMES;
use leptos::prelude::*;

/// "6 December 2026", as a letter is dated.
fn today_long() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{} {} {}",
        d.get_date(),
        MONTH_NAMES[d.get_month() as usize % 12],
        d.get_full_year()
    )
}

/// `body` is the letter's text, paragraphs apart by a blank line; `children` go above the text
/// box (a choice of child, say).
#[component]
pub fn PrintableLetter(
    school_name: String,
    from: String,
    body: RwSignal<String>,
    hint: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="no-print card staff-form">
            <p class="staff-hint">{hint}</p>
            {children.map(|c| c())}
            <div class="field">
                <label for="l-body">"The letter"</label>
                <textarea id="l-body" class="staff-textarea letter-edit" rows="12" prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </div>
            <p><button type="button" class="button button-primary" on:click=print>"Print"</button></p>
        </div>
        <article class="parent-letter" data-testid="parent-letter">
            <p class="parent-letter-school">{school_name}</p>
            <p>{today_long()}</p>
            {move || body.get().split("\n\n").map(|p| view! {
                <p class="letter-paragraph">{p.to_string()}</p>
            }).collect_view()}
            <p>"Yours sincerely,"</p>
            <p>{from} <br/> "Designated safeguarding lead"</p>
        </article>
    }
}

/// "For the parents of": the choice of child on a record about several, each letter naming one.
/// Nothing when there is only one child to choose.
pub fn child_choice(
    children: &[kite_protocol::record::LetterChild],
    chosen: Option<i64>,
    pick: impl Fn(Option<i64>) + 'static,
) -> Option<impl IntoView> {
    (children.len() > 1).then(|| {
        view! {
            <div class="field">
                <label for="l-child">"For the parents of"</label>
                <select id="l-child" data-testid="letter-child" on:change=move |ev| pick(event_target_value(&ev).parse().ok())>
                    {children.iter().map(|c| view! {
                        <option value=c.pupil_id.to_string() selected=chosen == Some(c.pupil_id)>{c.first_name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    })
}
