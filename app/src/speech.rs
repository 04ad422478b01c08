//! Reading aloud with the browser's own speech synthesis: nothing leaves the tablet.

use leptos::prelude::*;

use crate::device::Tablet;

/// Speaks `text` at the tablet's chosen rate, interrupting anything already being read.
pub fn speak(tablet: Tablet, text: &str) {
    let rate = tablet.speech_rate.get_untracked();
    let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) else {
        return;
    };
    synth.cancel();
    if let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) {
        utterance.set_lang("en-GB");
        utterance.set_rate(rate);
        synth.speak(&utterance);
    }
}

pub fn stop() {
    if let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) {
        synth.cancel();
    }
}
