//! `/staff/parents-news`: the school's own news and guides for parents, for an admin or the DSL.
//! Write one (a title, plain paragraphs, a picture if wanted, which year groups' families see it
//! and from which day) with a preview of exactly what parents will see; the list of everything
//! posted, where a post is taken down (it stays in the list, no longer shown to parents).

use kite_protocol::pupil_record::YearGroup;
use kite_protocol::school_posts::{
    NewSchoolPost, PostKind, PostProblem, SchoolPost, SchoolPostRow, MAX_PICTURE_ALT_CHARS,
    MAX_POST_TEXT_CHARS, MAX_POST_TITLE_CHARS,
};
use leptos::prelude::*;

use super::chosen_file;
use super::format::{iso_date_label, today_input, when};
use super::use_staff;
use crate::components::school_post::{SchoolNewsItem, SchoolPostBody};
use crate::staff_api;

/// Where the staff page fetches a post's picture.
fn picture_src(id: Option<i64>) -> Option<String> {
    id.map(|id| format!("/api/v1/staff/parents-news/pictures/{id}"))
}

/// Who sees a post, in words.
fn audience(years: &[YearGroup]) -> String {
    if years.is_empty() {
        "Every family".into()
    } else {
        let names: Vec<&str> = years.iter().map(|y| y.label()).collect();
        format!("Families in {}", names.join(", "))
    }
}

/// The message beside a field, with the id its input points to.
#[component]
fn FieldProblem(id: &'static str, problem: Signal<Option<String>>) -> impl IntoView {
    move || {
        problem
            .get()
            .map(|p| view! { <p class="error-text field-problem" id=id role="alert">{p}</p> })
    }
}

#[component]
pub fn ParentsNewsPage() -> impl IntoView {
    let ctx = use_staff();
    let posts = RwSignal::new(None::<Result<Vec<SchoolPostRow>, String>>);
    let reload = move || {
        leptos::task::spawn_local(async move {
            let r = staff_api::school_posts().await.map_err(|e| ctx.message(&e));
            posts.try_set(Some(r));
        });
    };
    reload();

    // The post being written.
    let kind = RwSignal::new(PostKind::News);
    let title = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let picture = RwSignal::new(None::<i64>);
    let picture_alt = RwSignal::new(String::new());
    let picture_problem = RwSignal::new(None::<String>);
    let every_family = RwSignal::new(true);
    let years = RwSignal::new(Vec::<YearGroup>::new());
    let published_on = RwSignal::new(today_input());
    let problems = RwSignal::new(Vec::<PostProblem>::new());
    let years_problem = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);

    let draft = move || NewSchoolPost {
        kind: kind.get_untracked(),
        title: title.get_untracked(),
        text: text.get_untracked(),
        picture_id: picture.get_untracked(),
        picture_alt: picture_alt.get_untracked(),
        years: if every_family.get_untracked() {
            Vec::new()
        } else {
            years.get_untracked()
        },
        // Today is the server's today (the browser's may be past midnight before it).
        published_on: Some(published_on.get_untracked())
            .filter(|d| *d != today_input())
            .unwrap_or_default(),
    };
    // A field's message goes as soon as it is changed; the rest stay until posting again.
    let edited = move |field: &'static str| problems.update(|ps| ps.retain(|p| p.field != field));
    let problem_for = move |field: &'static str| {
        Signal::derive(move || {
            problems.with(|ps| {
                ps.iter()
                    .find(|p| p.field == field)
                    .map(|p| p.message.to_string())
            })
        })
    };

    let choose_picture = move |ev: leptos::ev::Event| {
        picture_problem.set(None);
        chosen_file::send_chosen(&ev, move |bytes, content_type| async move {
            match staff_api::upload_school_post_picture(&bytes, &content_type).await {
                Ok(id) => {
                    picture.try_set(Some(id));
                }
                Err(e) => {
                    picture_problem.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let post = draft();
        let found = post.problems();
        let no_years = !every_family.get_untracked() && post.years.is_empty();
        years_problem
            .set(no_years.then(|| {
                "Choose at least one year group, or send it to every family.".to_string()
            }));
        problems.set(found.clone());
        message.set(None);
        if !found.is_empty() || no_years {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match staff_api::add_school_post(&post).await {
                Ok(kept) => {
                    let done = format!(
                        "Posted \u{201c}{}\u{201d}. Shown to: {}, from {}.",
                        kept.post.title,
                        audience(&kept.years),
                        iso_date_label(&kept.post.published_on)
                    );
                    title.try_set(String::new());
                    text.try_set(String::new());
                    picture.try_set(None);
                    picture_alt.try_set(String::new());
                    message.try_set(Some((true, done)));
                    reload();
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
            busy.try_set(false);
        });
    };

    let take_down = move |row: SchoolPostRow| {
        leptos::task::spawn_local(async move {
            match staff_api::take_down_school_post(row.post.id).await {
                Ok(_) => {
                    message.try_set(Some((
                        true,
                        format!(
                            "\u{201c}{}\u{201d} is taken down: parents no longer see it. It stays in this list.",
                            row.post.title
                        ),
                    )));
                    reload();
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };

    let preview = move || {
        let post = SchoolPost {
            id: 0,
            kind: kind.get(),
            title: Some(title.get())
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| "(The title)".into()),
            text: text.get(),
            picture_id: picture.get(),
            picture_alt: Some(picture_alt.get()),
            published_on: published_on.get(),
        };
        let src = picture_src(post.picture_id);
        match post.kind {
            PostKind::News => view! { <SchoolNewsItem post=post picture_src=src/> }.into_any(),
            PostKind::Guide => view! {
                <details class="parents-guide" open>
                    <summary lang="en" dir="auto">{post.title.clone()}</summary>
                    <SchoolPostBody post=post picture_src=src/>
                </details>
            }
            .into_any(),
        }
    };

    let kind_choice = move |value: PostKind, label: &'static str, hint: &'static str| {
        let id = format!("post-kind-{}", value.as_str());
        let for_id = id.clone();
        view! {
            <label class="post-option" for=for_id>
                <input type="radio" name="post-kind" id=id prop:checked=move || kind.get() == value
                    on:change=move |_| kind.set(value)/>
                <span><strong>{label}</strong>" \u{2014} "{hint}</span>
            </label>
        }
    };

    view! {
        <h1>"News and guides for parents"</h1>
        <p>"What you post here shows on the parents' page, beside the lessons and Kite's own guides. Write in plain words: it is shown exactly as typed. Nothing posted can be changed; a post can be taken down, and stays in the list below."</p>
        <section class="card" aria-labelledby="post-heading">
            <h2 id="post-heading">"Write a post"</h2>
            <form class="staff-form" on:submit=submit novalidate>
                <fieldset class="field post-options">
                    <legend>"What it is"</legend>
                    {kind_choice(PostKind::News, "News", "dated, for now (a trip, a workshop, a change at school)")}
                    {kind_choice(PostKind::Guide, "Guide", "kept with the short guides (an app the children use, how the school does something)")}
                </fieldset>
                <div class="field">
                    <label for="post-title">"Title"</label>
                    <input id="post-title" type="text" autocomplete="off" maxlength=MAX_POST_TITLE_CHARS.to_string()
                        data-testid="post-title" aria-describedby="post-title-problem"
                        prop:value=move || title.get() on:input=move |ev| { title.set(event_target_value(&ev)); edited("title"); }/>
                    <FieldProblem id="post-title-problem" problem=problem_for("title")/>
                </div>
                <div class="field">
                    <label for="post-text">"Text"</label>
                    <span class="staff-hint" id="post-text-hint">"Plain text. Leave an empty line between paragraphs."</span>
                    <textarea id="post-text" class="staff-textarea" rows="6" maxlength=MAX_POST_TEXT_CHARS.to_string() data-testid="post-text"
                        aria-describedby="post-text-hint post-text-problem"
                        prop:value=move || text.get() on:input=move |ev| { text.set(event_target_value(&ev)); edited("text"); }></textarea>
                    <FieldProblem id="post-text-problem" problem=problem_for("text")/>
                </div>
                <div class="field">
                    <label for="post-picture">{move || if picture.get().is_some() { "Choose another picture" } else { "A picture (if you want one)" }}</label>
                    <span class="staff-hint" id="post-picture-hint">"A photo or image: PNG, JPEG or WebP, up to 1 MB. Only pictures parents may see: check photo consent for any child in it."</span>
                    <input id="post-picture" type="file" accept="image/png,image/jpeg,image/webp" data-testid="post-picture"
                        aria-describedby="post-picture-hint post-picture-problem" on:change=choose_picture/>
                    <FieldProblem id="post-picture-problem" problem=Signal::derive(move || picture_problem.get())/>
                    {move || picture.get().map(|_| view! {
                        <p><button type="button" class="button button-quiet" on:click=move |_| picture.set(None)>"Remove the picture"</button></p>
                    })}
                </div>
                <Show when=move || picture.get().is_some()>
                    <div class="field">
                        <label for="post-picture-alt">"What the picture shows"</label>
                        <span class="staff-hint" id="post-picture-alt-hint">"A few words for parents who can't see it, read out by their phone."</span>
                        <input id="post-picture-alt" type="text" autocomplete="off" maxlength=MAX_PICTURE_ALT_CHARS.to_string()
                            data-testid="post-picture-alt" aria-describedby="post-picture-alt-hint post-picture-alt-problem"
                            prop:value=move || picture_alt.get() on:input=move |ev| { picture_alt.set(event_target_value(&ev)); edited("picture_alt"); }/>
                        <FieldProblem id="post-picture-alt-problem" problem=problem_for("picture_alt")/>
                    </div>
                </Show>
                <fieldset class="field post-options" aria-describedby="post-years-problem">
                    <legend>"Which families see it"</legend>
                    <label class="post-option" for="post-every-family">
                        <input type="radio" name="post-audience" id="post-every-family" prop:checked=move || every_family.get()
                            on:change=move |_| every_family.set(true)/>
                        <span>"Every family"</span>
                    </label>
                    <label class="post-option" for="post-chosen-years">
                        <input type="radio" name="post-audience" id="post-chosen-years" prop:checked=move || !every_family.get()
                            on:change=move |_| every_family.set(false)/>
                        <span>"Families with a child in a class of these year groups:"</span>
                    </label>
                    <div class="post-years">
                        {YearGroup::ALL.into_iter().map(|y| {
                            let id = format!("post-year-{}", y.as_str());
                            let for_id = id.clone();
                            view! {
                                <label class="post-option" for=for_id>
                                    <input type="checkbox" id=id data-testid=format!("post-year-{}", y.as_str())
                                        prop:checked=move || years.with(|ys| ys.contains(&y))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            every_family.set(false);
                                            years.update(|ys| {
                                                ys.retain(|x| *x != y);
                                                if on { ys.push(y); ys.sort(); }
                                            });
                                        }/>
                                    <span>{y.label()}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <FieldProblem id="post-years-problem" problem=Signal::derive(move || years_problem.get())/>
                </fieldset>
                <div class="field">
                    <label for="post-published-on">"Show it from"</label>
                    <input id="post-published-on" type="date" data-testid="post-published-on"
                        prop:value=move || published_on.get() on:input=move |ev| published_on.set(event_target_value(&ev))/>
                </div>
                <h3>"Preview: what parents will see"</h3>
                <div class="school-post-preview" data-testid="post-preview">{preview}</div>
                <p><button class="button button-primary" type="submit" disabled=move || busy.get() data-testid="post-submit">"Post for parents"</button></p>
            </form>
            {move || message.get().map(|(ok, m)| view! {
                <p class=if ok { "ok-text" } else { "error-text" } role="status" data-testid="post-message">{m}</p>
            })}
        </section>
        <section class="card" aria-labelledby="posted-heading">
            <h2 id="posted-heading">"Posted"</h2>
            {move || match posts.get() {
                None => view! { <p class="staff-muted">"Loading\u{2026}"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error-text">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>"Nothing posted yet."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="school-posts" data-testid="school-posts">
                        {list.into_iter().map(|row| {
                            let kind = match row.post.kind { PostKind::News => "News", PostKind::Guide => "Guide" };
                            let facts = format!(
                                "{kind} \u{00b7} {} \u{00b7} from {} \u{00b7} by {}",
                                audience(&row.years),
                                iso_date_label(&row.post.published_on),
                                row.posted_by
                            );
                            let label = format!("Take down {}", row.post.title);
                            let state = match row.taken_down_at_ms {
                                Some(ms) => view! { <span class="staff-muted">{format!("Taken down {}", when(ms))}</span> }.into_any(),
                                None => {
                                    let r = row.clone();
                                    view! {
                                        <button type="button" class="button button-quiet" aria-label=label
                                            on:click=move |_| take_down(r.clone())>"Take down"</button>
                                    }.into_any()
                                }
                            };
                            view! {
                                <li class="school-posts-row" data-testid="school-post-row">
                                    <strong lang="en" dir="auto">{row.post.title.clone()}</strong>
                                    <span class="staff-hint">{facts}</span>
                                    {state}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
