use kite_lessons::Slide;
use leptos::prelude::*;

use crate::curriculum::image_url;

/// One slide of a lesson: its picture and its words, big. Shared by the pupil player and the
/// presenter (whose stage makes it bigger still). The picture is decorative: the words carry it.
#[component]
pub fn SlideView(slide: &'static Slide) -> impl IntoView {
    view! {
        <figure class="slide" data-testid="slide">
            <img class="slide-picture" src=image_url(&slide.image) alt="" width="320" height="320"/>
            <figcaption class="slide-text">{slide.text.as_str()}</figcaption>
        </figure>
    }
}
