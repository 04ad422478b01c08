//! Reading aloud with the browser's own speech synthesis: nothing leaves the tablet.

use leptos::prelude::*;

use crate::device::Tablet;

/// Speaks `text` at the tablet's chosen rate, interrupting anything already being read.
pub fn speak(tablet: Tablet, text: &str) {
    let rate = tablet.speech_rate.get_untracked().rate();
    let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) else {
        return;
    };
    synth.cancel();
    let lang = crate::i18n::current();
    if !has_voice_for(&synth, lang) {
        return;
    }
    if let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) {
        utterance.set_lang(lang.bcp47());
        utterance.set_rate(rate);
        synth.speak(&utterance);
    }
}

/// Whether the browser can read `lang` aloud. English always is (every browser's default voice
/// manages it); another language needs a voice for it, or the words would be read with English
/// sounds. An empty list means the voices haven't loaded yet: try, the browser picks.
fn has_voice_for(synth: &web_sys::SpeechSynthesis, lang: crate::i18n::Lang) -> bool {
    use wasm_bindgen::JsCast;
    if lang == crate::i18n::Lang::En {
        return true;
    }
    let voices = synth.get_voices();
    voices.length() == 0
        || voices.iter().any(|v| {
            v.unchecked_into::<web_sys::SpeechSynthesisVoice>()
                .lang()
                .starts_with(lang.code())
        })
}

pub fn stop() {
    if let Some(synth) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) {
        synth.cancel();
    }
}
