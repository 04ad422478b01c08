//! What both concern forms (about a child, about an adult) are made of: the first choice of who
//! it is about, the boxes bound to a draft, and keeping a draft on this device (localStorage,
//! under the signed-in account) until the server's receipt.

use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// A `datetime-local` box's value as unix ms; empty is `None`.
pub fn local_time(value: &str, what: &str) -> Result<Option<i64>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    let t = js_sys::Date::new(&JsValue::from_str(value)).get_time();
    if t.is_nan() {
        return Err(format!("Give {what}, or leave it empty."));
    }
    Ok(Some(t as i64))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A draft's key: one per form and signed-in account, so a shared laptop never shows one
/// person's draft to another.
pub fn key(form: &str, staff_id: i64) -> String {
    format!("kite.{form}-draft.{staff_id}")
}

pub fn load<D: serde::de::DeserializeOwned>(key: &str) -> Option<D> {
    let json = storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&json).ok()
}

/// Keeps the draft on the device, or clears it when there is nothing worth keeping.
pub fn keep<D: Serialize>(key: &str, draft: &D, worth_keeping: bool) {
    let Some(s) = storage() else { return };
    if !worth_keeping {
        let _ = s.remove_item(key);
    } else if let Ok(json) = serde_json::to_string(draft) {
        let _ = s.set_item(key, &json);
    }
}

pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Who the concern is about: the form's first choice, so whoever logs a concern about a pupil
/// also finds where a concern about an adult goes.
#[component]
pub fn AboutChoice(about_adult: RwSignal<bool>) -> impl IntoView {
    view! {
        <fieldset class="concern-about-choice card">
            <legend>"Who is it about?"</legend>
            <label class="concern-check">
                <input type="radio" name="concern-about" data-testid="about-child"
                    prop:checked=move || !about_adult.get() on:change=move |_| about_adult.set(false)/>
                <span>"A child or children"</span>
            </label>
            <label class="concern-check">
                <input type="radio" name="concern-about" data-testid="about-adult"
                    prop:checked=move || about_adult.get() on:change=move |_| about_adult.set(true)/>
                <span>"It is about an adult in school"</span>
            </label>
            <p class="staff-hint">"An adult: staff, supply staff, a volunteer, a visitor, a contractor or the head. It goes to the head (or the chair of governors if it is about the head), not to the DSL."</p>
        </fieldset>
    }
}

/// A select's options, the one equal to `current` selected. Set on each option as it is made: a
/// select's value set before its options exist would select nothing (a restored draft would look
/// empty). Later changes come from the person choosing, so the select already shows them.
pub fn options(items: Vec<(&'static str, &'static str)>, current: &str) -> impl IntoView {
    items
        .into_iter()
        .map(|(value, label)| view! { <option value=value selected=current == value>{label}</option> })
        .collect_view()
}

/// A box (one line, or several with `multiline`) bound to one of the draft's fields, named by
/// plain functions so every box of the form is this one component.
#[component]
pub fn DraftText<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] multiline: bool,
    max: usize,
    get: fn(&D) -> String,
    set: fn(&mut D, String),
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described = (!hint.is_empty()).then(|| hint_id.clone());
    let value = move || draft.with(get);
    let input = move |ev: leptos::ev::Event| draft.update(|d| set(d, event_target_value(&ev)));
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {(!hint.is_empty()).then(|| view! { <span class="staff-hint" id=hint_id>{hint}</span> })}
            {if multiline {
                view! {
                    <textarea id=id class="staff-textarea" maxlength=max.to_string() data-testid=id
                        aria-describedby=described prop:value=value on:input=input></textarea>
                }.into_any()
            } else {
                view! {
                    <input id=id type=kind autocomplete="off" maxlength=max.to_string() data-testid=id
                        aria-describedby=described prop:value=value on:input=input/>
                }.into_any()
            }}
        </div>
    }
}

/// A choice bound to one of the draft's fields.
#[component]
pub fn DraftSelect<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    id: &'static str,
    label: &'static str,
    items: Vec<(&'static str, &'static str)>,
    get: fn(&D) -> String,
    set: fn(&mut D, String),
) -> impl IntoView {
    let current = draft.with_untracked(get);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id data-testid=id on:change=move |ev| draft.update(|d| set(d, event_target_value(&ev)))>
                {options(items, &current)}
            </select>
        </div>
    }
}

/// A tick box bound to one of the draft's flags, labelled by its children.
#[component]
pub fn DraftCheck<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    id: &'static str,
    get: fn(&D) -> bool,
    set: fn(&mut D, bool),
    children: Children,
) -> impl IntoView {
    view! {
        <label class="concern-check">
            <input type="checkbox" id=id data-testid=id prop:checked=move || draft.with(get)
                on:change=move |ev| draft.update(|d| set(d, event_target_checked(&ev)))/>
            <span>{children()}</span>
        </label>
    }
}
