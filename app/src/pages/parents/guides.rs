//! Short guides for parents: the school's own first (`news.rs`), then Kite's, in its own words:
//! parental controls, age ratings, and how to report a worry. Folded (`<details>`) so the page
//! stays short on a phone.

use kite_protocol::school_posts::PostKind;
use leptos::prelude::*;

use super::news::{of_kind, picture_src, Posts};
use crate::components::school_post::SchoolPostBody;
use crate::i18n::t;

#[component]
pub fn Guides(school: Posts) -> impl IntoView {
    let schools_own = move || {
        of_kind(school, PostKind::Guide)
            .into_iter()
            .map(|p| {
                let src = picture_src(&p);
                view! {
                    <details class="parents-guide" data-testid="school-guide">
                        <summary lang="en" dir="auto">{p.title.clone()}</summary>
                        <SchoolPostBody post=p picture_src=src/>
                    </details>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card parents-section" id="guides" aria-labelledby="guides-heading">
            <h2 id="guides-heading">{t("Short guides")}</h2>
            {schools_own}
            <details class="parents-guide">
                <summary>{t("Setting up parental controls")}</summary>
                <p>{t("Controls help, but talking helps more. A few minutes now is worth it:")}</p>
                <ul class="parents-list">
                    <li>{t("Home broadband: most providers offer free family filters. Sign in to your account, or call them, and switch them on.")}</li>
                    <li>{t("Phones and tablets: iPhone and iPad have Screen Time (in Settings); Android has Google Family Link. You can set an age limit for apps, approve downloads and set a bedtime.")}</li>
                    <li>{t("Games consoles: Xbox, PlayStation and Nintendo each have a family or parental settings app. You can limit chat with strangers and spending.")}</li>
                    <li>{t("Apps and games: look in each one's settings for privacy, chat and purchases. Set accounts to private.")}</li>
                    <li>{t("Keep devices in shared rooms for younger children, and agree together when screens go off.")}</li>
                </ul>
            </details>
            <details class="parents-guide">
                <summary>{t("Age ratings: PEGI and app stores")}</summary>
                <ul class="parents-list">
                    <li>{t("Games sold in the UK carry a PEGI rating: 3, 7, 12, 16 or 18. It says what a game contains, not how hard it is. Small pictures on the box say why (for example violence, bad language, or in-game purchases).")}</li>
                    <li>{t("App stores show their own age ratings on each app's page. Check them before you say yes to a download.")}</li>
                    <li>{t("Most social media apps are for age 13 and over. Games with open chat let children talk to people they don't know.")}</li>
                    <li>{t("A rating is a starting point: try the game or app yourself, or play it together.")}</li>
                </ul>
            </details>
            <details class="parents-guide">
                <summary>{t("How to report a worry")}</summary>
                <ul class="parents-list">
                    <li>{t("If a child is in danger now, call 999.")}</li>
                    <li>{t("If someone online is talking to your child in a way that worries you (asking for photos, to meet up, or to keep secrets), report it to CEOP at ceop.police.uk. Keep the messages: take screenshots, don't delete them. One exception: never screenshot, save or forward a nude or semi-nude picture of a child, even to report it. Tell CEOP, the police or the school what you saw instead, and they will deal with the picture.")}</li>
                    <li>{t("Children can talk to Childline, free, any time, on 0800 1111 or at childline.org.uk.")}</li>
                    <li>{t("Tell the school: use \u{201c}Raise a concern\u{201d} below, or speak to the school's designated safeguarding lead (DSL).")}</li>
                    <li>{t("Use the report button in the app or game too, and block the person.")}</li>
                </ul>
            </details>
        </section>
    }
}
