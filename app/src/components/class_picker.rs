//! "Which class?" chosen from the school's class list (or no class), never typed: the server
//! records lessons for the class by its id, so a name that matches no class can't be given.

use kite_protocol::classes::KioskClass;
use leptos::prelude::*;

use crate::device::use_tablet;
use crate::pages::aup::kiosk_data;

/// Sets this tablet's class. The age group stays as set: a class may use another band's lessons.
#[component]
pub fn ClassPicker(id: &'static str, label: &'static str) -> impl IntoView {
    let tablet = use_tablet();
    let classes = RwSignal::new(Vec::<KioskClass>::new());
    // Again when the tablet is connected: before that there is no list to choose from.
    Effect::new(move |_| {
        let token = tablet.token.get();
        leptos::task::spawn_local(async move {
            let list = kiosk_data::classes(token.as_deref()).await;
            tablet.match_class(&list);
            classes.try_set(list);
        });
    });
    let choose = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let chosen =
            classes.with_untracked(|list| list.iter().find(|c| c.id.to_string() == value).cloned());
        tablet.set_class(chosen.as_ref());
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=choose>
                <option value="" prop:selected=move || tablet.class_id.get().is_none()>"No class"</option>
                {move || classes.get().into_iter().map(|c| {
                    let class_id = c.id;
                    view! {
                        <option
                            value=class_id.to_string()
                            prop:selected=move || tablet.class_id.get() == Some(class_id)
                        >{c.name}</option>
                    }
                }).collect_view()}
            </select>
        </div>
    }
}
