use leptos::prelude::*;

use crate::i18n::{page_full_stop, t};

/// Help that is always there, for every child, on every pupil page. Plain text, not links: a
/// kiosk tablet should not wander off to other sites, and the numbers are what a child needs.
/// Numbers and addresses are written left to right in every language: in an Urdu line "0800
/// 1111" would otherwise show as "1111 0800".
#[component]
pub fn HelpStrip() -> impl IntoView {
    view! {
        <aside class="help-strip" aria-label=t("Help is always there")>
            <span><strong>{t("Talk to a grown-up you trust.")}</strong></span>
            <span>{t("Childline:")} " " <strong dir="ltr">"0800 1111"</strong> " " {t("(free, any time)")} " · " <span dir="ltr">"childline.org.uk"</span></span>
            <span>{t("Worried about someone online? CEOP Safety Centre:")} " " <span dir="ltr">"ceop.police.uk"</span></span>
            <span>{t("Grown-ups: in an emergency, call")} " " <strong dir="ltr">"999"</strong> {page_full_stop()}</span>
        </aside>
    }
}
