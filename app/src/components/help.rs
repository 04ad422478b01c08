use leptos::prelude::*;

use crate::i18n::t;

/// Help that is always there, for every child, on every pupil page. Plain text, not links: a
/// kiosk tablet should not wander off to other sites, and the numbers are what a child needs.
#[component]
pub fn HelpStrip() -> impl IntoView {
    view! {
        <aside class="help-strip" aria-label=t("Help is always there")>
            <span><strong>{t("Talk to a grown-up you trust.")}</strong></span>
            <span>{t("Childline:")} " " <strong>"0800 1111"</strong> " " {t("(free, any time)")} " · childline.org.uk"</span>
            <span>{t("Worried about someone online? CEOP Safety Centre:")} " ceop.police.uk"</span>
            <span>{t("Grown-ups: in an emergency, call")} " " <strong>"999"</strong> "."</span>
        </aside>
    }
}
