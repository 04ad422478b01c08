//! `/staff/reports/:id/letter`: a short letter to a child's parents, for the DSL to edit and
//! print. It starts from a plain, kind template with nothing of the record in it and names only
//! the one child; the DSL chooses what more to say. Only the letter prints.

use kite_protocol::record::ParentLetter;
use leptos::prelude::*;

use super::printable_letter::{child_choice, PrintableLetter};
use super::use_staff;
use crate::staff_api;

#[component]
pub fn ParentLetterPage(id: String) -> impl IntoView {
    let ctx = use_staff();
    let letter = RwSignal::new(None::<Result<ParentLetter, String>>);
    let body = RwSignal::new(String::new());
    let id = StoredValue::new(id);
    let load = move |pupil: Option<i64>| {
        leptos::task::spawn_local(async move {
            let r = staff_api::parent_letter(&id.get_value(), pupil).await;
            if let Ok(l) = &r {
                body.try_set(l.body.clone());
            }
            letter.try_set(Some(r.map_err(|e| ctx.message(&e))));
        });
    };
    load(None);
    let back = format!("/staff/reports/{}", id.get_value());
    view! {
        <div class="no-print">
            <p><a href=back>"\u{2190} Back to the record"</a></p>
            <h1>"A letter to the parents"</h1>
        </div>
        {move || match letter.get() {
            None => view! { <p>"Loading\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
            Some(Ok(l)) => {
                let chosen = l.pupil_id;
                view! {
                    <PrintableLetter school_name=l.school_name.clone() from=l.from.clone() body=body
                        hint="Say only what you choose to share. The letter names one child, has nothing of the record in it, and is not kept by Kite: print it or copy it into a message.">
                        {child_choice(&l.children, chosen, load)}
                    </PrintableLetter>
                }.into_any()
            }
        }}
    }
}
