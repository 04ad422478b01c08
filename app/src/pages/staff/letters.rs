//! `/staff/classes/:id/letters`: printable letters for a class's parents, one per child, each on
//! its own page when printed. Making letters gives each child a new code (the server keeps only
//! its hash, so codes are shown this once) and the codes on older letters stop working; a lost
//! letter is replaced for one child alone.

use kite_protocol::parents::{ParentLetter, ParentLetters};
use leptos::prelude::*;

use super::use_staff;
use crate::staff_api;

#[component]
pub fn LettersPage(class_id: i64) -> impl IntoView {
    let ctx = use_staff();
    let letters = RwSignal::new(None::<ParentLetters>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // `None`: the whole class; otherwise one child's letter is replaced.
    let make = move |pupil: Option<i64>| {
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match staff_api::parent_letters(class_id, pupil.map(|p| vec![p])).await {
                Ok(new) => {
                    letters.try_update(|current| match (current.as_mut(), pupil) {
                        (Some(all), Some(_)) => {
                            for l in new.letters {
                                if let Some(old) =
                                    all.letters.iter_mut().find(|o| o.pupil_id == l.pupil_id)
                                {
                                    *old = l;
                                }
                            }
                        }
                        _ => *current = Some(new),
                    });
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
            busy.try_set(false);
        });
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="no-print">
            <h1>"Letters for parents and carers"</h1>
            <p>"Each letter has a code that opens one child's page for their parents: the online safety agreement to read and sign together, photo permission, and what the class is learning."</p>
            <p class="notice-inline">"Making letters gives each child a new code. Codes on letters printed before stop working, so print and send the new ones."</p>
            <p class="row">
                <button type="button" class="button button-primary" data-testid="make-letters"
                    disabled=move || busy.get() on:click=move |_| make(None)>
                    "Make letters for the whole class"
                </button>
                <Show when=move || letters.with(Option::is_some)>
                    <button type="button" class="button button-secondary" on:click=print>"Print"</button>
                </Show>
            </p>
            {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
        </div>
        {move || letters.get().map(|l| {
            let school = l.school_name.clone();
            let class = l.class_name.clone();
            let address = l.address.clone();
            view! {
                <div class="parent-letters" data-testid="letters">
                    {l.letters.into_iter().map(|letter| view! {
                        <Letter letter=letter school=school.clone() class=class.clone() address=address.clone()
                            busy=busy on_replace=Callback::new(move |id| make(Some(id)))/>
                    }).collect_view()}
                </div>
            }
        })}
    }
}

/// How to read the parents' page in Polish or Urdu, said in each language, so a parent who
/// doesn't read English finds it on the letter itself.
#[component]
fn LanguageLines() -> impl IntoView {
    view! {
        <div class="parent-letter-languages" data-testid="letter-languages">
            <p lang="en-GB">"The page is in English, Polish and Urdu: choose your language at the top of the page."</p>
            <p lang="pl-PL">"Strona jest po angielsku, po polsku i w urdu: wybierz język na górze strony."</p>
            <p lang="ur-PK" dir="rtl">"یہ صفحہ انگریزی، پولش اور اردو میں ہے: صفحے کے اوپر اپنی زبان چنیں۔"</p>
        </div>
    }
}

#[component]
fn Letter(
    letter: ParentLetter,
    school: String,
    class: String,
    /// The parents' page at the school's public address (the server chose it).
    address: String,
    busy: RwSignal<bool>,
    on_replace: Callback<i64>,
) -> impl IntoView {
    let name = letter.first_name.clone();
    let id = letter.pupil_id;
    view! {
        <article class="parent-letter" data-testid="letter">
            <p class="parent-letter-school">{school}</p>
            <h2>{format!("Dear parent or carer of {name} ({class}),")}</h2>
            <p>{format!("At school, {name} is learning how to stay safe online. We would like you to join in. On your phone or computer, you can:")}</p>
            <ul>
                <li>{format!("read the online safety agreement {name} signs at school, and our home-school agreement;")}</li>
                <li>{format!("talk about it with {name}, then sign it together;")}</li>
                <li>{format!("choose where photos of {name} may be used (our website, social media, local newspapers). You can change this at any time;")}</li>
                <li>"see what the class is learning, with ideas for talking about it at home."</li>
            </ul>
            <div class="parent-letter-open">
                <div>
                    <p>"Scan this QR code with your phone's camera, or go to this address:"</p>
                    <p class="parent-letter-link" data-testid="letter-link">{letter.link.clone()}</p>
                </div>
                <div class="parent-letter-qr" role="img" aria-label="QR code for the address" data-testid="letter-qr" inner_html=letter.qr_svg.clone()></div>
            </div>
            <p>{format!("If the link or QR code doesn't open, type {address} into your browser, then type this code:")}</p>
            <p class="parent-letter-code" data-testid="letter-code">{letter.code.clone()}</p>
            <p>"If that doesn't work either, ask the school office: we will help."</p>
            <LanguageLines/>
            <p>{format!("Please keep this code private: it opens {name}'s page. If you lose this letter, ask the school office for a new one. The old code then stops working.")}</p>
            <p>"If you are worried about a child, you can raise a concern on the same page, or talk to us. In an emergency, call 999."</p>
            <p class="no-print">
                <button type="button" class="button button-quiet" disabled=move || busy.get()
                    on:click=move |_| on_replace.run(id)>
                    {format!("Make a new letter for {name} only")}
                </button>
            </p>
        </article>
    }
}
