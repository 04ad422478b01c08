//! Keeping the board and the teacher's presenter view in step. Both windows of one browser open a
//! `BroadcastChannel` named for the lesson; moving the lesson or pressing a timer button in either
//! is sent to the other, which follows. Only positions and the timer travel: never any words, so
//! the board stays free of everything meant for the teacher.

use kite_lessons::Lesson;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::timer::TimerState;
use crate::lesson_flow::{Plan, Stage};

/// What one window tells the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// Showing the screen at this 0-based position of the lesson.
    At(usize),
    /// "Where are you?": a window that has just opened asks, and the other answers.
    Ask,
    Timer(TimerState),
}

impl Message {
    pub fn encode(self) -> String {
        match self {
            Message::At(i) => format!("at {i}"),
            Message::Ask => "ask".into(),
            Message::Timer(t) => format!("timer {} {} {}", t.length, t.left, u8::from(t.running)),
        }
    }

    /// `None` for anything else (another version of Kite in another tab, say).
    pub fn decode(text: &str) -> Option<Self> {
        let mut words = text.split(' ');
        let message = match words.next()? {
            "at" => Message::At(words.next()?.parse().ok()?),
            "ask" => Message::Ask,
            "timer" => {
                let mut n = || words.next()?.parse::<u32>().ok();
                let (length, left, running) = (n()?, n()?, n()?);
                Message::Timer(TimerState {
                    length,
                    left: left.min(length),
                    running: running == 1,
                })
            }
            _ => return None,
        };
        words.next().is_none().then_some(message)
    }
}

/// What a key press, or a button, asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Next,
    Previous,
    First,
    Last,
}

/// The open channel; closed when the page that opened it goes.
struct Channel {
    channel: web_sys::BroadcastChannel,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

/// One lesson being shown, in step with the lesson's other windows: the board's or the
/// presenter view's copy.
#[derive(Clone, Copy)]
pub struct Deck {
    pub plan: Plan,
    pub stage: RwSignal<Stage>,
    pub timer: RwSignal<TimerState>,
    channel: StoredValue<Option<Channel>, LocalStorage>,
}

impl Deck {
    pub fn new(lesson: &Lesson) -> Self {
        let plan = Plan::of(lesson);
        let stage = RwSignal::new(plan.first());
        let timer = RwSignal::new(TimerState::default());
        let channel = StoredValue::new_local(None);
        let deck = Self {
            plan,
            stage,
            timer,
            channel,
        };
        // Without BroadcastChannel (a very old browser) the board still works on its own.
        if let Ok(c) = web_sys::BroadcastChannel::new(&format!("kite-present:{}", lesson.id)) {
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |ev: web_sys::MessageEvent| {
                    if let Some(m) = ev.data().as_string().as_deref().and_then(Message::decode) {
                        deck.receive(m);
                    }
                },
            );
            c.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            channel.set_value(Some(Channel {
                channel: c,
                _on_message: on_message,
            }));
            deck.send(Message::Ask);
        }
        deck
    }

    fn send(&self, message: Message) {
        self.channel.with_value(|c| {
            if let Some(c) = c {
                let _ = c
                    .channel
                    .post_message(&JsValue::from_str(&message.encode()));
            }
        });
    }

    fn receive(&self, message: Message) {
        match message {
            Message::At(i) => self.stage.set(self.plan.at(i)),
            Message::Timer(t) => self.timer.set(t),
            Message::Ask => {
                self.send(Message::At(self.plan.index(self.stage.get_untracked())));
                self.send(Message::Timer(self.timer.get_untracked()));
            }
        }
    }

    /// Moves this window and tells the others.
    pub fn go(&self, to: Move) {
        let (plan, now) = (self.plan, self.stage.get_untracked());
        let next = match to {
            Move::Next => plan.next(now),
            Move::Previous => plan.previous(now).unwrap_or(now),
            Move::First => plan.first(),
            Move::Last => Stage::End,
        };
        self.stage.set(next);
        self.send(Message::At(plan.index(next)));
    }

    /// A timer button pressed here: show it and tell the others.
    pub fn set_timer(&self, state: TimerState) {
        self.timer.set(state);
        self.send(Message::Timer(state));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_back_as_written() {
        let timer = TimerState {
            length: 120,
            left: 95,
            running: true,
        };
        for m in [
            Message::At(0),
            Message::At(8),
            Message::Ask,
            Message::Timer(timer),
        ] {
            assert_eq!(Message::decode(&m.encode()), Some(m), "{}", m.encode());
        }
    }

    #[test]
    fn anything_else_on_the_channel_is_ignored() {
        for text in [
            "",
            "at",
            "at -1",
            "at x",
            "ask me",
            "timer 60 30",
            "go 3",
            "timer 60 30 1 9",
        ] {
            assert_eq!(Message::decode(text), None, "{text:?}");
        }
        let t = Message::decode("timer 60 999 0");
        assert!(
            matches!(t, Some(Message::Timer(TimerState { left: 60, .. }))),
            "never more left than the length: {t:?}"
        );
    }
}
