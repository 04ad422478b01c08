//! Reviews the school holds by a date (the yearly filtering and monitoring review, the
//! online-safety policy's review) and how their due day is said: always on the page that keeps
//! each, and on the homes of those who keep them only when it falls due within a month or is late.

use kite_protocol::review::ReviewStatus;
use leptos::prelude::*;

use super::format::iso_date_label;

/// One kind of review, in the words its sentences use.
pub struct Review {
    /// "The filtering and monitoring review", as a sentence starts.
    pub name: &'static str,
    /// What is said before the first one is recorded.
    pub none: &'static str,
    /// The page that keeps it, and the link's words.
    pub href: &'static str,
    pub page: &'static str,
    /// The home line's test id.
    pub testid: &'static str,
}

pub const FILTERING: Review = Review {
    name: "The filtering and monitoring review",
    none: "No filtering and monitoring review recorded yet.",
    href: "/staff/filtering",
    page: "Filtering",
    testid: "filtering-review-due",
};

pub const POLICY: Review = Review {
    name: "The online-safety policy's review",
    none: "No approval of the online-safety policy recorded yet.",
    href: "/staff/policy",
    page: "Online-safety policy",
    testid: "policy-review-due",
};

/// What to say of it today, and whether that needs someone to act.
pub fn due_text(review: &Review, status: &ReviewStatus) -> (bool, String) {
    match (&status.next_due_on, status.up_to_date) {
        (None, _) => (true, review.none.to_string()),
        (Some(due), false) => (
            true,
            format!(
                "{} is overdue: it was due on {}.",
                review.name,
                iso_date_label(due)
            ),
        ),
        (Some(due), true) if status.due_soon => (
            true,
            format!("{} is due on {}.", review.name, iso_date_label(due)),
        ),
        (Some(due), true) => (
            false,
            format!(
                "{} is up to date; the next is due on {}.",
                review.name,
                iso_date_label(due)
            ),
        ),
    }
}

/// The page's own line, whatever the status.
pub fn badge(review: &Review, status: &ReviewStatus) -> impl IntoView {
    let (late, text) = due_text(review, status);
    let class = if late { "badge badge-overdue" } else { "badge" };
    view! { <p data-testid="review-due"><span class=class>{text}</span></p> }
}

/// A home's line, only when it is due within a month, late, or never done.
pub fn home_line(review: &'static Review, status: &ReviewStatus) -> Option<impl IntoView> {
    status.needs_attention().then(|| {
        let (_, text) = due_text(review, status);
        view! {
            <p data-testid=review.testid>
                <span class="badge badge-overdue">{text}</span> " " <a href=review.href>{review.page}</a>
            </p>
        }
    })
}
