use kite_lessons::Sort;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, PointerEvent};

use super::{read_feedback, read_on_mount, AnswerPicture, FeedbackBox};
use crate::components::speak_button::SpeakButton;
use crate::device::use_tablet;
use crate::i18n::{full_stop, lesson_t, lesson_tf};
use crate::lesson_flow::activities::SortState;
use crate::speech::speak;

/// A card being dragged: which one, where the finger went down, whether it has really moved.
#[derive(Clone, Copy)]
struct Drag {
    item: usize,
    pointer: i32,
    x0: f64,
    y0: f64,
    moved: bool,
}

/// Further than this (CSS px) and a press is a drag, not a tap.
const DRAG_THRESHOLD: f64 = 10.0;

fn card_element(ev: &PointerEvent) -> Option<HtmlElement> {
    ev.current_target()?.dyn_into::<HtmlElement>().ok()
}

/// Moves the card under the finger. CSSOM, not a `style` attribute: the CSP allows this.
fn shift(el: &HtmlElement, dx: f64, dy: f64) {
    let style = el.style();
    if dx == 0.0 && dy == 0.0 {
        let _ = style.remove_property("transform");
    } else {
        let _ = style.set_property("transform", &format!("translate({dx}px, {dy}px)"));
    }
}

/// Sort cards into two groups: tap a card, then tap a group; or drag a card onto a group; or, by
/// keyboard, Tab to a card, press Enter, Tab to a group, press Enter. A card put in the other
/// group comes back with the lesson's reason, to try again.
#[component]
pub fn SortActivity(sort: &'static Sort, auto_read: bool, on_done: Callback<()>) -> impl IntoView {
    let tablet = use_tablet();
    let state = RwSignal::new(SortState::new(sort));
    let hint = RwSignal::new(false);
    // The group under a dragged card, lit up so the child sees where it will land.
    let over = RwSignal::new(None::<usize>);
    let groups = [NodeRef::<Div>::new(), NodeRef::<Div>::new()];
    let drag = StoredValue::new(None::<Drag>);
    // A drag ends with a click on the card; that click must not pick the card up again.
    let swallow_click = StoredValue::new(false);

    // Pre-readers hear the cards too, and each card is read again when it is picked up.
    let spoken = {
        let cards: Vec<&str> = sort.items.iter().map(|i| i.text.as_str()).collect();
        let stop = full_stop();
        let cards = cards.join(format!("{stop} ").as_str());
        let groups = lesson_tf(
            "The groups are: {a}, and {b}. The cards say: {cards}",
            &[
                ("a", sort.groups[0].as_str()),
                ("b", sort.groups[1].as_str()),
                ("cards", cards.as_str()),
            ],
        );
        format!("{} {groups}{stop}", sort.read_aloud)
    };
    read_on_mount(auto_read, spoken.clone());
    let feedback = Signal::derive(move || {
        state.with(|s| {
            s.last.as_ref().map(|f| {
                let card = &sort.items[f.item].text;
                let group = &sort.groups[f.group];
                let values = [
                    ("card", card.as_str()),
                    ("group", group.as_str()),
                    ("why", f.why.as_str()),
                ];
                let text = if f.good {
                    lesson_tf(
                        "\u{201c}{card}\u{201d} goes in \u{201c}{group}\u{201d}. {why}",
                        &values,
                    )
                } else {
                    lesson_tf(
                        "\u{201c}{card}\u{201d} belongs in the other group. {why}",
                        &values,
                    )
                };
                (f.good, text)
            })
        })
    });
    read_feedback(auto_read, feedback);

    let place = move |item: usize, group: usize| {
        let was_done = state.with_untracked(SortState::done);
        state.update(|s| {
            s.place(sort, item, group);
        });
        if !was_done && state.with_untracked(SortState::done) {
            on_done.run(());
        }
    };
    let drop_on = move |group: usize| {
        if state.with_untracked(|s| s.selected.is_none()) {
            hint.set(true);
            return;
        }
        hint.set(false);
        let was_done = state.with_untracked(SortState::done);
        state.update(|s| {
            s.drop_selected(sort, group);
        });
        if !was_done && state.with_untracked(SortState::done) {
            on_done.run(());
        }
    };
    let group_at = move |x: f64, y: f64| {
        groups.iter().position(|g| {
            g.get_untracked().is_some_and(|el| {
                let r = el.get_bounding_client_rect();
                x >= r.left() && x <= r.right() && y >= r.top() && y <= r.bottom()
            })
        })
    };

    // Only when a card is sorted does the tray change: picking a card up must not redraw it
    // (that would drop keyboard focus).
    let unsorted = Memo::new(move |_| state.with(|s| s.unsorted().collect::<Vec<_>>()));

    let card = move |i: usize| {
        let item = &sort.items[i];
        view! {
            <button
                type="button"
                class="sort-card"
                aria-pressed=move || (state.with(|s| s.selected) == Some(i)).to_string()
                data-testid="sort-card"
                on:click=move |_| {
                    if swallow_click.get_value() {
                        swallow_click.set_value(false);
                        return;
                    }
                    hint.set(false);
                    state.update(|s| s.select(i));
                    if auto_read && tablet.auto_read.get_untracked() && state.with_untracked(|s| s.selected == Some(i)) {
                        speak(tablet, &sort.items[i].text);
                    }
                }
                on:pointerdown=move |ev: PointerEvent| {
                    if !ev.is_primary() || ev.button() > 0 {
                        return;
                    }
                    swallow_click.set_value(false);
                    drag.set_value(Some(Drag {
                        item: i,
                        pointer: ev.pointer_id(),
                        x0: ev.client_x() as f64,
                        y0: ev.client_y() as f64,
                        moved: false,
                    }));
                    if let Some(el) = card_element(&ev) {
                        let _ = el.set_pointer_capture(ev.pointer_id());
                    }
                }
                on:pointermove=move |ev: PointerEvent| {
                    let Some(mut d) = drag.get_value().filter(|d| d.pointer == ev.pointer_id()) else {
                        return;
                    };
                    let (dx, dy) = (ev.client_x() as f64 - d.x0, ev.client_y() as f64 - d.y0);
                    if !d.moved && dx.hypot(dy) < DRAG_THRESHOLD {
                        return;
                    }
                    d.moved = true;
                    drag.set_value(Some(d));
                    let under = group_at(ev.client_x() as f64, ev.client_y() as f64);
                    if over.get_untracked() != under {
                        over.set(under);
                    }
                    if let Some(el) = card_element(&ev) {
                        let _ = el.class_list().add_1("dragging");
                        shift(&el, dx, dy);
                    }
                }
                on:pointerup=move |ev: PointerEvent| {
                    let Some(d) = drag.get_value().filter(|d| d.pointer == ev.pointer_id()) else {
                        return;
                    };
                    drag.set_value(None);
                    over.set(None);
                    if let Some(el) = card_element(&ev) {
                        let _ = el.class_list().remove_1("dragging");
                        shift(&el, 0.0, 0.0);
                    }
                    if d.moved {
                        swallow_click.set_value(true);
                        if let Some(group) = group_at(ev.client_x() as f64, ev.client_y() as f64) {
                            hint.set(false);
                            place(d.item, group);
                        }
                    }
                }
                on:pointercancel=move |ev: PointerEvent| {
                    drag.set_value(None);
                    over.set(None);
                    if let Some(el) = card_element(&ev) {
                        let _ = el.class_list().remove_1("dragging");
                        shift(&el, 0.0, 0.0);
                    }
                }
            >
                <AnswerPicture image=item.image.as_deref()/>
                <span>{item.text.as_str()}</span>
            </button>
        }
    };

    let group = move |g: usize| {
        view! {
            <div class="sort-group" class:sort-group-b={g == 1} class:drop-over=move || over.get() == Some(g) node_ref=groups[g] data-testid=format!("sort-group-{g}")>
                <button
                    type="button"
                    class="sort-target"
                    data-testid=format!("sort-target-{g}")
                    on:click=move |_| drop_on(g)
                >
                    <span class="visually-hidden">{lesson_t("Put it in:")}" "</span>
                    {sort.groups[g].as_str()}
                </button>
                <ul class="sorted" aria-label=lesson_tf("In \u{201c}{group}\u{201d}", &[("group", sort.groups[g].as_str())])>
                    {move || state.with(|s| s.in_group(g).collect::<Vec<_>>()).into_iter().map(|i| view! {
                        <li class="sorted-card">{sort.items[i].text.as_str()}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
    };

    view! {
        <section class="activity activity-sort" data-testid="activity-sort" aria-labelledby="activity-prompt">
            <p class="activity-kind">{lesson_t("Sort them")}</p>
            <div class="activity-head">
                <h2 class="activity-prompt" id="activity-prompt">{sort.prompt.as_str()}</h2>
                <SpeakButton text=Signal::derive(move || spoken.clone())/>
            </div>
            <Show
                when=move || !unsorted.with(Vec::is_empty)
                fallback=|| view! { <p class="activity-help sort-all-done" data-testid="sort-done">{lesson_t("All sorted. Well done!")}</p> }
            >
                <p class="activity-help">{lesson_t("Tap a card, then tap where it goes. Or drag it there.")}</p>
                <div class="sort-tray" role="group" aria-label=lesson_t("Cards to sort") data-testid="sort-tray">
                    {move || unsorted.get().into_iter().map(card).collect_view()}
                </div>
            </Show>
            <Show when=move || hint.get()>
                <p class="activity-help" role="status">{lesson_t("Tap a card first, then tap where it goes.")}</p>
            </Show>
            <div class="sort-groups">{group(0)}{group(1)}</div>
            <FeedbackBox feedback=feedback/>
        </section>
    }
}
