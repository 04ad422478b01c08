use leptos::prelude::*;

use crate::components::icons::{self, Icon};
use crate::components::layout::PlainLayout;

#[component]
pub fn StaffPage() -> impl IntoView {
    view! {
        <PlainLayout>
            <h1>"Staff"</h1>
            <Icon svg=icons::SHIELD/>
            <div class="card">
                <p>"The DSL's inbox, the school's registers and settings will be here, behind a staff login."</p>
                <p>"To set up a tablet for pupils, use " <a href="/setup">"tablet set-up"</a> "."</p>
            </div>
        </PlainLayout>
    }
}
