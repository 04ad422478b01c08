use leptos::prelude::*;

/// Help that is always there, for every child, on every pupil page. Plain text, not links: a
/// kiosk tablet should not wander off to other sites, and the numbers are what a child needs.
#[component]
pub fn HelpStrip() -> impl IntoView {
    view! {
        <aside class="help-strip" aria-label="Help is always there">
            <span><strong>"Talk to a grown-up you trust."</strong></span>
            <span>"Childline: " <strong>"0800 1111"</strong> " (free, any time) · childline.org.uk"</span>
            <span>"Worried about someone online? CEOP Safety Centre: ceop.police.uk"</span>
            <span>"Grown-ups: in an emergency, call " <strong>"999"</strong> "."</span>
        </aside>
    }
}
