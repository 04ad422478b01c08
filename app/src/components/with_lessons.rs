//! Shows its children once the lessons file is in (see `curriculum::load`): a short "getting
//! ready" line while it comes, and a plain message with "Try again" if it can't (a device that
//! has never had the lessons, with no network).

use leptos::prelude::*;

use super::layout::{PlainLayout, PupilLayout};
use crate::curriculum::{self, Loading};
use crate::i18n::t;

/// The page frame around the waiting and failure messages, when the children are a whole page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Frame {
    /// The children sit inside a page that already has its frame.
    #[default]
    None,
    Pupil,
    Plain,
}

#[component]
pub fn WithLessons(#[prop(optional)] frame: Frame, children: ChildrenFn) -> impl IntoView {
    let status = curriculum::load();
    move || {
        let message = match status.get() {
            Loading::Ready => return children().into_any(),
            Loading::Pending => view! {
                <p class="lead lessons-waiting" role="status">{t("Getting the lessons ready\u{2026}")}</p>
            }
            .into_any(),
            Loading::Failed => view! {
                <div class="notice" role="alert" data-testid="lessons-failed">
                    <p>{t("The lessons didn't load. Check this device is connected, then try again.")}</p>
                    <button type="button" class="button button-primary big-action" on:click=|_| {
                        curriculum::load();
                    }>{t("Try again")}</button>
                </div>
            }
            .into_any(),
        };
        match frame {
            Frame::None => message,
            Frame::Pupil => view! { <PupilLayout>{message}</PupilLayout> }.into_any(),
            Frame::Plain => view! { <PlainLayout>{message}</PlainLayout> }.into_any(),
        }
    }
}
