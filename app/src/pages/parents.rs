use leptos::prelude::*;

use crate::components::icons::{self, Icon};
use crate::components::layout::PlainLayout;

#[component]
pub fn ParentsPage() -> impl IntoView {
    view! {
        <PlainLayout>
            <h1>"For parents and carers"</h1>
            <Icon svg=icons::FAMILY/>
            <div class="card">
                <p>"Here you will see what your child's class is learning about staying safe online, with ideas for talking about it at home."</p>
                <p>"If you are worried about a child right now, contact the school. In an emergency, call 999. You can also report concerns about online sexual abuse to CEOP (ceop.police.uk)."</p>
            </div>
        </PlainLayout>
    }
}
