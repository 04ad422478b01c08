//! One of the school's own posts for parents (news or a guide), as parents see it: the staff
//! page's preview is this same view. The school's words are shown as written, marked as English
//! with `dir="auto"`, so a page read in Urdu (right to left) still reads them left to right; the
//! date's words are the page's.

use kite_protocol::school_posts::SchoolPost;
use leptos::prelude::*;

use crate::i18n::tf;
use crate::pages::staff::format::iso_date_label;

/// The post's picture (from `picture_src`, which differs for parents and staff) and paragraphs.
#[component]
pub fn SchoolPostBody(post: SchoolPost, picture_src: Option<String>) -> impl IntoView {
    let picture = picture_src.map(|src| {
        let alt = post.picture_alt.clone().unwrap_or_default();
        view! { <img class="school-post-picture" src=src alt=alt lang="en" dir="auto"/> }
    });
    view! {
        {picture}
        <div class="school-post-text" lang="en" dir="auto">
            {post.paragraphs().into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
        </div>
    }
}

/// A news item: its title, the day it was published, then its body.
#[component]
pub fn SchoolNewsItem(post: SchoolPost, picture_src: Option<String>) -> impl IntoView {
    let date = tf(
        "Published {date}",
        &[("date", &iso_date_label(&post.published_on))],
    );
    view! {
        <article class="school-post" data-testid="school-news-item">
            <h3 lang="en" dir="auto">{post.title.clone()}</h3>
            <p class="school-post-date"><time datetime=post.published_on.clone()>{date}</time></p>
            <SchoolPostBody post=post picture_src=picture_src/>
        </article>
    }
}
