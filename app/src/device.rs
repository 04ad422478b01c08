//! This tablet's own settings, kept in localStorage: its enrolment (token and the school's
//! config, so it works offline), its class (and that class's year group) and band, read-aloud preferences and the display
//! settings (text size, font, contrast). Nothing here is about a pupil.

use kite_protocol::classes::KioskClass;
use kite_protocol::device::DeviceConfig;
use kite_protocol::pupil_record::YearGroup;
use kite_protocol::sealed::{public_key_from_base64, PublicKey};
use kite_protocol::Band;
use leptos::prelude::*;

use crate::display::{Display, TextSize};

const TOKEN: &str = "kite.device.token";
const CONFIG: &str = "kite.device.config";
const BAND: &str = "kite.class.band";
const CLASS_LABEL: &str = "kite.class.label";
const CLASS_ID: &str = "kite.class.id";
const CLASS_YEARS: &str = "kite.class.years";
const AUTO_READ: &str = "kite.speech.auto";
const SPEECH_RATE: &str = "kite.speech.rate";
const TEXT_SIZE: &str = "kite.display.text";
const DYSLEXIA_FONT: &str = "kite.display.dyslexia-font";
const HIGH_CONTRAST: &str = "kite.display.high-contrast";

/// The speaking speeds offered. Kept on the tablet by name, not as a number, so the app never
/// formats or parses a float (that code is a few KB of every bundle's download).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SpeechRate {
    Slow,
    #[default]
    Normal,
    Quick,
}

impl SpeechRate {
    /// Slowest first, with the words a child sees (in the tablet's language).
    pub fn choices() -> [(SpeechRate, &'static str); 3] {
        use crate::i18n::t;
        [
            (SpeechRate::Slow, t("Slow")),
            (SpeechRate::Normal, t("Normal")),
            (SpeechRate::Quick, t("Quick")),
        ]
    }

    /// The Web Speech API's rate.
    pub fn rate(self) -> f32 {
        match self {
            SpeechRate::Slow => 0.7,
            SpeechRate::Normal => 0.9,
            SpeechRate::Quick => 1.1,
        }
    }

    fn key(self) -> &'static str {
        match self {
            SpeechRate::Slow => "slow",
            SpeechRate::Normal => "normal",
            SpeechRate::Quick => "quick",
        }
    }

    /// Also reads the numbers tablets kept before (the rate itself).
    fn from_key(key: &str) -> Option<SpeechRate> {
        match key {
            "slow" | "0.7" => Some(SpeechRate::Slow),
            "normal" | "0.9" => Some(SpeechRate::Normal),
            "quick" | "1.1" => Some(SpeechRate::Quick),
            _ => None,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn write(key: &str, value: Option<&str>) {
    if let Some(s) = storage() {
        let _ = match value {
            Some(v) => s.set_item(key, v),
            None => s.remove_item(key),
        };
    }
}

/// App-wide tablet state, provided once as context. Signals, so pages update when it changes.
#[derive(Clone, Copy)]
pub struct Tablet {
    pub token: RwSignal<Option<String>>,
    pub config: RwSignal<Option<DeviceConfig>>,
    pub band: RwSignal<Option<Band>>,
    /// The class's name on the school's class list, e.g. "Oak – Year 2", shown to the teacher.
    pub class_label: RwSignal<Option<String>>,
    /// The class's id on the school's class list: lesson records are kept by it. `None` with a
    /// label is a tablet set up before classes were chosen from the list, not yet matched.
    pub class_id: RwSignal<Option<i64>>,
    /// The class's year group(s) from the school's class list (youngest first; empty when the
    /// school hasn't set it): Learn shows these years' lessons first.
    pub class_years: RwSignal<Vec<YearGroup>>,
    pub auto_read: RwSignal<bool>,
    pub speech_rate: RwSignal<SpeechRate>,
    /// Text size, font and contrast, applied as classes on `<html>` (see `display.rs`).
    pub display: RwSignal<Display>,
    /// Set when the server says this tablet's token is unknown or revoked.
    pub needs_enrolment: RwSignal<bool>,
}

impl Tablet {
    pub fn load() -> Self {
        Self {
            config: RwSignal::new(read(CONFIG).and_then(|json| serde_json::from_str(&json).ok())),
            class_years: RwSignal::new(
                read(CLASS_YEARS)
                    .and_then(|json| serde_json::from_str(&json).ok())
                    .unwrap_or_default(),
            ),
            ..Self::load_settings()
        }
    }

    /// The tablet's state without the school's profile (`config` is `None`) and the class's
    /// years (empty): for the adults' pages, which read only the display and reading settings,
    /// so their bundles carry no code to parse those two.
    pub fn load_settings() -> Self {
        let band = read(BAND).and_then(|b| Band::parse(&b));
        Self {
            token: RwSignal::new(read(TOKEN)),
            config: RwSignal::new(None),
            band: RwSignal::new(band),
            class_label: RwSignal::new(read(CLASS_LABEL).filter(|l| !l.trim().is_empty())),
            class_id: RwSignal::new(read(CLASS_ID).and_then(|id| id.parse().ok())),
            class_years: RwSignal::new(Vec::new()),
            // Pre-readers use the kiosk: reading aloud is on unless a teacher turns it off.
            auto_read: RwSignal::new(read(AUTO_READ).as_deref() != Some("off")),
            speech_rate: RwSignal::new(
                read(SPEECH_RATE)
                    .and_then(|r| SpeechRate::from_key(&r))
                    .unwrap_or_default(),
            ),
            display: RwSignal::new(Display {
                text_size: read(TEXT_SIZE)
                    .map(|k| TextSize::from_key(&k))
                    .unwrap_or_default(),
                dyslexia_font: read(DYSLEXIA_FONT).as_deref() == Some("on"),
                high_contrast: read(HIGH_CONTRAST).as_deref() == Some("on"),
            }),
            needs_enrolment: RwSignal::new(false),
        }
    }

    pub fn enrol(&self, token: String, config: DeviceConfig) {
        write(TOKEN, Some(&token));
        write(CONFIG, serde_json::to_string(&config).ok().as_deref());
        crate::adult_photos::keep_offline(&token, &config);
        self.token.set(Some(token));
        self.config.set(Some(config));
        self.needs_enrolment.set(false);
    }

    pub fn set_band(&self, band: Option<Band>) {
        write(BAND, band.map(Band::as_str));
        self.band.set(band);
    }

    /// A class from the school's list, or `None` for no class.
    pub fn set_class(&self, class: Option<&KioskClass>) {
        let id = class.map(|c| c.id);
        let label = class.map(|c| c.name.clone());
        let years = class.map(|c| c.years.clone()).unwrap_or_default();
        write(CLASS_ID, id.map(|id| id.to_string()).as_deref());
        write(CLASS_LABEL, label.as_deref());
        write(
            CLASS_YEARS,
            serde_json::to_string(&years)
                .ok()
                .filter(|_| !years.is_empty())
                .as_deref(),
        );
        self.class_id.set(id);
        self.class_label.set(label);
        self.class_years.set(years);
    }

    /// Matches this tablet's class to the school's list as it now is: a class renamed keeps its
    /// id and takes its new name (and a year set since, its year); a name typed before there was a list counts only when it is a
    /// class's exact name. Anything else is no class, so set-up asks for it rather than lessons
    /// being recorded for a class no one can find. An empty list (never fetched) changes nothing.
    pub fn match_class(&self, list: &[KioskClass]) {
        if list.is_empty() {
            return;
        }
        let label = self.class_label.get_untracked();
        let found = match self.class_id.get_untracked() {
            Some(id) => list.iter().find(|c| c.id == id),
            None if label.is_none() => return,
            None => list.iter().find(|c| {
                label
                    .as_deref()
                    .is_some_and(|l| c.name.trim().eq_ignore_ascii_case(l.trim()))
            }),
        };
        let years = self.class_years.get_untracked();
        if found.map(|c| (Some(c.id), Some(&c.name), &c.years))
            != Some((self.class_id.get_untracked(), label.as_ref(), &years))
        {
            self.set_class(found);
        }
    }

    pub fn set_auto_read(&self, on: bool) {
        write(AUTO_READ, Some(if on { "on" } else { "off" }));
        self.auto_read.set(on);
    }

    pub fn set_speech_rate(&self, rate: SpeechRate) {
        write(SPEECH_RATE, Some(rate.key()));
        self.speech_rate.set(rate);
    }

    pub fn set_display(&self, display: Display) {
        let on_off = |b: bool| Some(if b { "on" } else { "off" });
        write(TEXT_SIZE, Some(display.text_size.key()));
        write(DYSLEXIA_FONT, on_off(display.dyslexia_font));
        write(HIGH_CONTRAST, on_off(display.high_contrast));
        self.display.set(display);
    }

    /// The key every outbox item is sealed to; `None` until the tablet is enrolled.
    pub fn school_key(&self) -> Option<PublicKey> {
        self.config.with_untracked(|c| {
            c.as_ref()
                .and_then(|c| public_key_from_base64(&c.public_key).ok())
        })
    }

    pub fn is_enrolled(&self) -> bool {
        self.token.with(Option::is_some) && self.config.with(Option::is_some)
    }
}

pub fn use_tablet() -> Tablet {
    expect_context::<Tablet>()
}
