//! Reading aloud with the browser's own speech synthesis: nothing leaves the tablet.
//!
//! What real tablets need:
//! - A voice on the device (`localService`) reads offline and to the end. Chromium's "Google …"
//!   voices are network voices: they fail without the internet and stop after about 15 seconds.
//!   So a voice on the device is chosen first, and when only network voices exist, long text is
//!   read a sentence or two at a time (each piece well under 15 seconds).
//! - The list of voices often starts empty (Chromium fills it a moment later and fires
//!   `voiceschanged`): `warm` asks for it as a pupil page starts, and anything to read before it
//!   arrives waits for it once, briefly.
//! - An iPad reads only when speech was first started inside a tap; reading that follows a tap
//!   (the next question, after an answer) comes a moment later. So the first tap anywhere starts
//!   an empty utterance inside the tap itself, and the speaker buttons speak inside their own tap.
//! - Chromium refuses speech on a page nobody has tapped in a browser tab (its autoplay rules: a
//!   tap on this page, a tap on the page that led here, or the app installed on the tablet), and
//!   reports each refusal as a deprecated use. A page that reads itself aloud asks only when the
//!   browser would let it (`may_read_unasked`), so a cold load in a tab stays quiet until the first
//!   tap, as it would anyway, with nothing reported.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::device::Tablet;
use crate::i18n::Lang;

/// Set in this tab once anyone has tapped a Kite page: the next page, opened by that tap, may read
/// itself aloud (Chromium lets a page speak after a tap on the same site's page before it).
const TAPPED_KEY: &str = "kite.speech.tapped";

/// How long to wait for the voices to arrive before reading anyway (the browser's default voice).
const VOICES_WAIT_MS: i32 = 1_000;

/// The longest piece read at once with a network voice: about 8 seconds at the slowest speed.
const NETWORK_PIECE_CHARS: usize = 120;

/// What choosing a voice needs to know about one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoiceInfo {
    /// As the browser gives it: `pl-PL`, `en_GB`, `ur`.
    pub lang: String,
    /// On the device (`localService`), rather than a network voice.
    pub local: bool,
}

/// Which voice to read `lang` with: a voice for the language on the device, then one for the
/// language with the same region (`en-GB` over `en-US`), then any for the language. `None` when
/// no voice speaks the language.
pub fn choose_voice(voices: &[VoiceInfo], lang: Lang) -> Option<usize> {
    let tag = |v: &VoiceInfo| v.lang.replace('_', "-").to_ascii_lowercase();
    let wanted = lang.bcp47().to_ascii_lowercase();
    voices
        .iter()
        .enumerate()
        .filter(|(_, v)| tag(v).split('-').next() == Some(lang.code()))
        .min_by_key(|(_, v)| (!v.local, tag(v) != wanted))
        .map(|(i, _)| i)
}

/// `text` in pieces of whole sentences, each at most `max` characters where a sentence allows
/// (a longer sentence is broken after a comma, else between words).
pub fn pieces(text: &str, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for sentence in split_after(text, &['.', '!', '?', '\u{6d4}', '\u{61f}']) {
        for part in fit(&sentence, max) {
            match out.last_mut() {
                Some(last) if last.chars().count() + 1 + part.chars().count() <= max => {
                    last.push(' ');
                    last.push_str(&part);
                }
                _ => out.push(part),
            }
        }
    }
    out
}

/// Splits after any of `ends` when whitespace follows; trims each part, drops empty ones.
fn split_after(text: &str, ends: &[char]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        if ends.contains(&c) && next_is_space {
            parts.push(text[start..i + c.len_utf8()].trim().to_string());
            start = i + c.len_utf8();
        }
    }
    parts.push(text[start..].trim().to_string());
    parts.retain(|p| !p.is_empty());
    parts
}

/// One sentence in parts of at most `max` characters: after commas, else between words.
fn fit(sentence: &str, max: usize) -> Vec<String> {
    if sentence.chars().count() <= max {
        return vec![sentence.to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    for clause in split_after(sentence, &[',', ';', '\u{60c}']) {
        for word in clause.split_whitespace() {
            match out.last_mut() {
                Some(last)
                    if !last.ends_with([',', ';', '\u{60c}'])
                        && last.chars().count() + 1 + word.chars().count() <= max =>
                {
                    last.push(' ');
                    last.push_str(word);
                }
                _ => out.push(word.to_string()),
            }
        }
    }
    // Clauses were kept apart above; join the short ones back up to `max`.
    let mut joined: Vec<String> = Vec::new();
    for part in out {
        match joined.last_mut() {
            Some(last) if last.chars().count() + 1 + part.chars().count() <= max => {
                last.push(' ');
                last.push_str(&part);
            }
            _ => joined.push(part),
        }
    }
    joined
}

thread_local! {
    static WARMED: Cell<bool> = const { Cell::new(false) };
    /// The voices have arrived, or we have waited for them long enough.
    static SETTLED: Cell<bool> = const { Cell::new(false) };
    /// What to read once they have: only the latest ask counts.
    static WAITING: RefCell<Option<(String, f32)>> = const { RefCell::new(None) };
}

fn synth() -> Option<web_sys::SpeechSynthesis> {
    web_sys::window().and_then(|w| w.speech_synthesis().ok())
}

/// Asks for the voices as a pupil page starts (they often arrive a moment later), and lets the
/// first tap anywhere open speech for the page on an iPad.
pub fn warm() {
    if WARMED.with(|w| w.replace(true)) {
        return;
    }
    let (Some(window), Some(voices)) = (web_sys::window(), synth()) else {
        return;
    };
    if voices.get_voices().length() > 0 {
        SETTLED.with(|s| s.set(true));
    } else {
        let arrived = Closure::once_into_js(settle);
        let _ = voices.add_event_listener_with_callback("voiceschanged", arrived.unchecked_ref());
        let waited = Closure::once_into_js(settle);
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            waited.unchecked_ref(),
            VOICES_WAIT_MS,
        );
    }
    if let Some(doc) = window.document() {
        let open = Closure::once_into_js(|| {
            if let Some(tab) = tab_storage() {
                let _ = tab.set_item(TAPPED_KEY, "1");
            }
            if let (Some(synth), Ok(nothing)) = (
                synth(),
                web_sys::SpeechSynthesisUtterance::new_with_text(""),
            ) {
                synth.speak(&nothing);
            }
        });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_capture(true);
        options.set_once(true);
        let _ = doc.add_event_listener_with_callback_and_add_event_listener_options(
            "click",
            open.unchecked_ref(),
            &options,
        );
    }
}

fn settle() {
    if SETTLED.with(|s| s.replace(true)) {
        return;
    }
    if let (Some((text, rate)), Some(synth)) = (WAITING.with(|w| w.take()), synth()) {
        say(&synth, &text, rate);
    }
}

fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Whether the browser lets this page speak without a tap inside it: someone has tapped it, or
/// tapped the Kite page before it in this tab, or Kite runs as the tablet's installed app (its
/// own window, which Chromium's autoplay rules allow). A browser that can't say (no
/// `navigator.userActivation`) is asked anyway.
fn may_read_unasked() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let activation = js_sys::Reflect::get(&window.navigator(), &"userActivation".into())
        .unwrap_or(JsValue::UNDEFINED);
    if activation.is_undefined() {
        return true;
    }
    let tapped_here = js_sys::Reflect::get(&activation, &"hasBeenActive".into())
        .is_ok_and(|active| active.is_truthy());
    let tapped_before = tab_storage()
        .and_then(|tab| tab.get_item(TAPPED_KEY).ok().flatten())
        .is_some();
    let installed = window
        .match_media(
            "(display-mode: standalone), (display-mode: fullscreen), (display-mode: minimal-ui)",
        )
        .ok()
        .flatten()
        .is_some_and(|query| query.matches());
    tapped_here || tapped_before || installed
}

/// Reads `text` aloud now if the tablet is set to read everything aloud (a setting for
/// children who can't read yet) and the browser allows it; otherwise the page's speaker button
/// does it on a tap.
pub fn read_if_set(tablet: Tablet, text: &str) {
    if tablet.auto_read.get_untracked() && may_read_unasked() {
        speak(tablet, text);
    }
}

/// Reads each new value of `text` (a step's, a slide's or a question's words) as it appears, if
/// the tablet is set to read aloud. An empty text is a screen that reads itself.
pub fn read_each_if_set(tablet: Tablet, text: Signal<String>) {
    Effect::new(move |_| {
        let text = text.get();
        if !text.is_empty() {
            read_if_set(tablet, &text);
        }
    });
}

/// Speaks `text` at the tablet's chosen rate, interrupting anything already being read. Call it
/// inside the tap that asks for it: an iPad drops speech started later, after an `await`.
pub fn speak(tablet: Tablet, text: &str) {
    let rate = tablet.speech_rate.get_untracked().rate();
    let Some(synth) = synth() else {
        return;
    };
    synth.cancel();
    warm();
    if synth.get_voices().length() == 0 && !SETTLED.with(Cell::get) {
        WAITING.with(|w| w.replace(Some((text.to_string(), rate))));
        return;
    }
    WAITING.with(|w| w.take());
    say(&synth, text, rate);
}

fn say(synth: &web_sys::SpeechSynthesis, text: &str, rate: f32) {
    let lang = crate::i18n::lesson_lang();
    let voices: Vec<web_sys::SpeechSynthesisVoice> = synth
        .get_voices()
        .iter()
        .map(|v| v.unchecked_into())
        .collect();
    let infos: Vec<VoiceInfo> = voices
        .iter()
        .map(|v| VoiceInfo {
            lang: v.lang(),
            local: v.local_service(),
        })
        .collect();
    let chosen = choose_voice(&infos, lang);
    // English always reads (every browser's default voice manages it); another language needs a
    // voice for it, or the words would be read with English sounds. No voices listed at all:
    // try, the browser picks.
    if chosen.is_none() && lang != Lang::En && !voices.is_empty() {
        return;
    }
    let on_device = match chosen {
        Some(i) => infos[i].local,
        None => voices.is_empty() || infos.iter().any(|v| v.local),
    };
    let texts = if on_device {
        vec![text.to_string()]
    } else {
        pieces(text, NETWORK_PIECE_CHARS)
    };
    for piece in texts {
        let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(&piece) else {
            continue;
        };
        utterance.set_lang(lang.bcp47());
        utterance.set_rate(rate);
        if let Some(i) = chosen {
            // Through Reflect: a browser that refuses the voice keeps its own, and we still read.
            let _ = js_sys::Reflect::set(&utterance, &"voice".into(), &voices[i]);
        }
        synth.speak(&utterance);
    }
}

pub fn stop() {
    WAITING.with(|w| w.take());
    if let Some(synth) = synth() {
        synth.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voices(list: &[(&str, bool)]) -> Vec<VoiceInfo> {
        list.iter()
            .map(|(lang, local)| VoiceInfo {
                lang: lang.to_string(),
                local: *local,
            })
            .collect()
    }

    #[test]
    fn a_voice_on_the_device_wins_over_a_network_voice() {
        // Chromium on Android lists its "Google" network voices first.
        let list = voices(&[
            ("pl-PL", false),
            ("en-GB", false),
            ("pl-PL", true),
            ("en-US", true),
        ]);
        assert_eq!(choose_voice(&list, Lang::Pl), Some(2));
        assert_eq!(
            choose_voice(&list, Lang::En),
            Some(3),
            "on the device beats the right region"
        );
    }

    #[test]
    fn the_language_s_own_region_then_any_voice_for_the_language() {
        let list = voices(&[("en-US", true), ("en_GB", true), ("ur_IN", false)]);
        assert_eq!(
            choose_voice(&list, Lang::En),
            Some(1),
            "en-GB for English, written either way"
        );
        assert_eq!(
            choose_voice(&list, Lang::Ur),
            Some(2),
            "a network Urdu voice is better than none"
        );
        assert_eq!(choose_voice(&list, Lang::Pl), None, "no Polish voice");
        assert_eq!(choose_voice(&[], Lang::En), None);
    }

    #[test]
    fn a_language_is_its_first_part_only() {
        // "pl" must not match "plt" (Malagasy) nor "ur" match "urd-x"; "ur" alone is Urdu.
        let list = voices(&[("plt-MG", true), ("ur", true)]);
        assert_eq!(choose_voice(&list, Lang::Pl), None);
        assert_eq!(choose_voice(&list, Lang::Ur), Some(1));
    }

    #[test]
    fn long_text_is_read_a_sentence_or_two_at_a_time() {
        let text = "Stop: don't reply. Keep it: don't delete it. Tell: show a trusted adult. \
                    If someone is unkind to you online, it is not your fault, and a trusted adult can help you.";
        let parts = pieces(text, 60);
        assert_eq!(
            parts,
            [
                "Stop: don't reply. Keep it: don't delete it.",
                "Tell: show a trusted adult.",
                "If someone is unkind to you online, it is not your fault,",
                "and a trusted adult can help you.",
            ]
        );
        assert!(parts.iter().all(|p| p.chars().count() <= 60));
        assert_eq!(
            parts.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" "),
            "nothing lost"
        );
    }

    #[test]
    fn short_text_and_other_scripts_stay_whole() {
        assert_eq!(pieces("What happened?", 120), ["What happened?"]);
        assert_eq!(
            pieces("Co się stało? Gdzie?", 10),
            ["Co się", "stało?", "Gdzie?"]
        );
        // Urdu ends a sentence with ۔ and a question with ؟.
        assert_eq!(pieces("کیا ہوا؟ بتائیں۔", 8), ["کیا ہوا؟", "بتائیں۔"]);
        assert_eq!(pieces("  ", 120), Vec::<String>::new());
        assert_eq!(
            pieces("1.5 metres. Yes", 120),
            ["1.5 metres. Yes"],
            "a decimal point isn't a sentence end"
        );
    }
}
