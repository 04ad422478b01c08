//! A quiet talk-time timer for pair work: pick 1, 2 or 3 minutes, start, pause, reset. When time
//! is up it says so on screen; no sound, nothing flashing. The board and the presenter view each
//! show it and count down on their own; a button pressed in either is sent to the other (`link`).

use std::time::Duration;

use leptos::prelude::*;

use crate::components::icons::ChosenTick;

/// "2:05".
pub fn clock(secs: u32) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Where the timer is: its length, the seconds left and whether it is counting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerState {
    pub length: u32,
    pub left: u32,
    pub running: bool,
}

impl Default for TimerState {
    fn default() -> Self {
        Self::of_minutes(1)
    }
}

impl TimerState {
    pub fn of_minutes(mins: u32) -> Self {
        Self {
            length: mins * 60,
            left: mins * 60,
            running: false,
        }
    }

    /// One second has passed; stops at zero.
    pub fn tick(self) -> Self {
        if !self.running {
            return self;
        }
        let left = self.left.saturating_sub(1);
        Self {
            left,
            running: left > 0,
            ..self
        }
    }

    /// Start or pause; starting when time is up begins again from the full length.
    pub fn start_or_pause(self) -> Self {
        let left = if self.left == 0 {
            self.length
        } else {
            self.left
        };
        Self {
            left,
            running: !self.running,
            ..self
        }
    }

    pub fn reset(self) -> Self {
        Self::of_minutes(self.length / 60)
    }
}

/// `state` is shown and ticked here; `change` is a button press, which the caller also sends on.
#[component]
pub fn TalkTimer(state: RwSignal<TimerState>, change: Callback<TimerState>) -> impl IntoView {
    let interval = set_interval_with_handle(
        move || {
            if state.get_untracked().running {
                state.update(|s| *s = s.tick());
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
    let press = move |f: fn(TimerState) -> TimerState| change.run(f(state.get_untracked()));

    view! {
        <div class="talk-timer" role="group" aria-label="Talk-time timer" data-testid="timer">
            <span class="timer-label">"Talk time"</span>
            {[1u32, 2, 3].into_iter().map(|m| view! {
                <button
                    type="button"
                    class="button button-quiet timer-length"
                    aria-pressed=move || (state.get().length == m * 60).to_string()
                    on:click=move |_| change.run(TimerState::of_minutes(m))
                >
                    <ChosenTick/>
                    {format!("{m} min")}
                </button>
            }).collect_view()}
            <span class="timer-clock" role="timer" aria-live="off" data-testid="timer-clock">
                {move || match state.get().left {
                    0 => "Time to share!".to_string(),
                    left => clock(left),
                }}
            </span>
            <button
                type="button"
                class="button button-secondary"
                data-testid="timer-start"
                on:click=move |_| press(TimerState::start_or_pause)
            >
                {move || if state.get().running { "Pause" } else { "Start" }}
            </button>
            <button type="button" class="button button-quiet" on:click=move |_| press(TimerState::reset)>
                "Reset"
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_reads_minutes_and_seconds() {
        assert_eq!(clock(125), "2:05");
        assert_eq!(clock(60), "1:00");
        assert_eq!(clock(0), "0:00");
    }

    #[test]
    fn the_timer_counts_down_stops_at_zero_and_starts_again_from_the_top() {
        let mut t = TimerState::of_minutes(1).start_or_pause();
        for _ in 0..59 {
            t = t.tick();
        }
        assert_eq!((t.left, t.running), (1, true));
        t = t.tick();
        assert_eq!((t.left, t.running), (0, false));
        assert_eq!(t.tick(), t, "time up stays put");
        t = t.start_or_pause();
        assert_eq!((t.left, t.running), (60, true));
        t = t.tick().start_or_pause();
        assert_eq!((t.left, t.running), (59, false), "paused");
        assert_eq!(t.tick(), t, "a paused timer doesn't count");
        assert_eq!(t.reset(), TimerState::of_minutes(1));
    }
}
