//! A quiet talk-time timer for pair work: pick 1, 2 or 3 minutes, start, pause, reset. When time
//! is up it says so on screen; no sound, nothing flashing.

use std::time::Duration;

use leptos::prelude::*;

use crate::components::icons::ChosenTick;

/// "2:05".
pub fn clock(secs: u32) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

#[component]
pub fn TalkTimer() -> impl IntoView {
    let length = RwSignal::new(60u32);
    let left = RwSignal::new(60u32);
    let running = RwSignal::new(false);
    let interval = set_interval_with_handle(
        move || {
            if running.get_untracked() {
                let now = left.get_untracked().saturating_sub(1);
                left.set(now);
                if now == 0 {
                    running.set(false);
                }
            }
        },
        Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(i) = interval {
            i.clear();
        }
    });
    let choose = move |mins: u32| {
        running.set(false);
        length.set(mins * 60);
        left.set(mins * 60);
    };

    view! {
        <div class="talk-timer" role="group" aria-label="Talk-time timer" data-testid="timer">
            <span class="timer-label">"Talk time"</span>
            {[1u32, 2, 3].into_iter().map(|m| view! {
                <button
                    type="button"
                    class="button button-quiet timer-length"
                    aria-pressed=move || (length.get() == m * 60).to_string()
                    on:click=move |_| choose(m)
                >
                    <ChosenTick/>
                    {format!("{m} min")}
                </button>
            }).collect_view()}
            <span class="timer-clock" role="timer" aria-live="off" data-testid="timer-clock">
                {move || if left.get() == 0 { "Time to share!".to_string() } else { clock(left.get()) }}
            </span>
            <button
                type="button"
                class="button button-secondary"
                data-testid="timer-start"
                on:click=move |_| {
                    if left.get_untracked() == 0 {
                        left.set(length.get_untracked());
                    }
                    running.update(|r| *r = !*r);
                }
            >
                {move || if running.get() { "Pause" } else { "Start" }}
            </button>
            <button
                type="button"
                class="button button-quiet"
                on:click=move |_| {
                    running.set(false);
                    left.set(length.get_untracked());
                }
            >
                "Reset"
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_clock_reads_minutes_and_seconds() {
        assert_eq!(super::clock(125), "2:05");
        assert_eq!(super::clock(60), "1:00");
        assert_eq!(super::clock(0), "0:00");
    }
}
