//! The two page frames: a pupil frame (big, calm, the Tell button top right) and a plain frame
//! for adults (teachers, parents, staff). Both carry the display settings button.

use leptos::prelude::*;

use super::display_settings::DisplaySettings;
use super::help::HelpStrip;
use super::icons::{self, Icon};
use super::tell_button::TellButton;
use crate::i18n::t;

#[component]
fn Brand() -> impl IntoView {
    view! {
        <a class="brand" href="/" aria-label=t("Kite home")>
            <Icon svg=icons::KITE/>
            <span>"Kite"</span>
        </a>
    }
}

#[component]
pub fn PupilLayout(children: Children) -> impl IntoView {
    view! {
        <div class="pupil">
            <a class="skip-link" href="#main">{t("Skip to the page")}</a>
            <header class="topbar">
                <Brand/>
                <div class="topbar-actions">
                    <DisplaySettings/>
                    <TellButton/>
                </div>
            </header>
            <main id="main" class="pupil-main">
                {children()}
                <HelpStrip/>
            </main>
        </div>
    }
}

/// The frame of the grown-ups' pages. `away_from_school`: a page used at home (parents), where a
/// "Pupil home" button would lead to a kiosk that isn't there.
#[component]
pub fn PlainLayout(#[prop(optional)] away_from_school: bool, children: Children) -> impl IntoView {
    view! {
        <div class="plain">
            <a class="skip-link" href="#main">"Skip to the page"</a>
            <header class="topbar">
                <Brand/>
                <div class="topbar-actions">
                    <DisplaySettings/>
                    <Show when=move || !away_from_school>
                        <a class="button button-quiet" href="/">"Pupil home"</a>
                    </Show>
                </div>
            </header>
            <main id="main" class="plain-main">{children()}</main>
        </div>
    }
}
