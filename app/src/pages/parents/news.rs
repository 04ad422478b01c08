//! The school's own news and guides on the child's page (`/parents/news`: those for the family's
//! year groups). Fetched once for the page; the news shows as its own section (none when there
//! is none), the school's guides go first among the short guides (`guides.rs`).

use kite_protocol::school_posts::{PostKind, SchoolPost};
use leptos::prelude::*;

use super::use_parent;
use crate::components::school_post::SchoolNewsItem;
use crate::i18n::t;
use crate::parents_api;

/// The school's posts for this family: `None` while loading.
pub type Posts = RwSignal<Option<Result<Vec<SchoolPost>, String>>>;

/// Asks for the school's posts; call at a component's top level (it reads the page's context).
pub fn load() -> Posts {
    let ctx = use_parent();
    let posts: Posts = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let r = parents_api::news().await.map_err(|e| ctx.message(&e));
        posts.try_set(Some(r));
    });
    posts
}

/// Where parents' pages fetch a post's picture.
pub fn picture_src(post: &SchoolPost) -> Option<String> {
    post.picture_id
        .map(|id| format!("/api/v1/parents/news/pictures/{id}"))
}

/// The posts of one kind, newest first.
pub fn of_kind(posts: Posts, kind: PostKind) -> Vec<SchoolPost> {
    posts.with(|p| match p {
        Some(Ok(list)) => list.iter().filter(|p| p.kind == kind).cloned().collect(),
        _ => Vec::new(),
    })
}

/// The school's news, when it has any for this family.
#[component]
pub fn News(posts: Posts) -> impl IntoView {
    move || {
        let failed = posts.with(|p| matches!(p, Some(Err(_))));
        let news = of_kind(posts, PostKind::News);
        (failed || !news.is_empty()).then(|| {
            let error = posts.with(|p| p.as_ref().and_then(|r| r.as_ref().err().cloned()));
            view! {
                <section class="card parents-section" id="news" aria-labelledby="news-heading" data-testid="school-news">
                    <h2 id="news-heading">{t("News from the school")}</h2>
                    {error.map(|e| view! { <p class="error-text">{e}</p> })}
                    {news.into_iter().map(|p| {
                        let src = picture_src(&p);
                        view! { <SchoolNewsItem post=p picture_src=src/> }
                    }).collect_view()}
                </section>
            }
        })
    }
}
