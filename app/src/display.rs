//! Display settings a pupil or teacher can change on this tablet: text size, a dyslexia-friendly
//! font and high contrast. They are plain values here (so they are unit-tested without a
//! browser); `Tablet` keeps them in localStorage and `apply_to_document` turns them into classes
//! on `<html>`, which `kite.css` answers with custom properties.

use crate::i18n::t;

/// Three steps: the pupil minimum (24 px body text on a tablet), then 125 % and 150 %. Sizes in
/// `kite.css` are in `rem`, so one root font size scales every page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextSize {
    #[default]
    Normal,
    Large,
    Larger,
}

impl TextSize {
    pub const ALL: [TextSize; 3] = [TextSize::Normal, TextSize::Large, TextSize::Larger];

    /// How it is kept in localStorage.
    pub fn key(self) -> &'static str {
        match self {
            TextSize::Normal => "normal",
            TextSize::Large => "large",
            TextSize::Larger => "larger",
        }
    }

    /// Anything unknown (an older or hand-edited value) falls back to normal.
    pub fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or_default()
    }

    /// The words on its button, for a child.
    pub fn label(self) -> &'static str {
        match self {
            TextSize::Normal => t("Normal"),
            TextSize::Large => t("Big"),
            TextSize::Larger => t("Bigger"),
        }
    }
}

/// What the page looks like; `Default` is the look the school gets out of the box.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Display {
    pub text_size: TextSize,
    pub dyslexia_font: bool,
    pub high_contrast: bool,
}

/// Every class this module may put on `<html>`, so switching a setting off removes its class.
pub const ALL_CLASSES: [&str; 4] = [
    "text-large",
    "text-larger",
    "font-dyslexic",
    "high-contrast",
];

impl Display {
    pub fn with_text_size(self, text_size: TextSize) -> Self {
        Self { text_size, ..self }
    }

    pub fn with_dyslexia_font(self, dyslexia_font: bool) -> Self {
        Self {
            dyslexia_font,
            ..self
        }
    }

    pub fn with_high_contrast(self, high_contrast: bool) -> Self {
        Self {
            high_contrast,
            ..self
        }
    }

    /// The classes `<html>` carries for these settings.
    pub fn classes(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        match self.text_size {
            TextSize::Normal => {}
            TextSize::Large => out.push("text-large"),
            TextSize::Larger => out.push("text-larger"),
        }
        if self.dyslexia_font {
            out.push("font-dyslexic");
        }
        if self.high_contrast {
            out.push("high-contrast");
        }
        out
    }
}

/// Puts exactly `display`'s classes on `<html>`, leaving any other class alone.
pub fn apply_to_document(display: Display) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let list = root.class_list();
    let wanted = display.classes();
    for class in ALL_CLASSES {
        let _ = list.toggle_with_force(class, wanted.contains(&class));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_look_has_no_classes() {
        assert!(Display::default().classes().is_empty());
    }

    #[test]
    fn each_setting_has_its_own_class() {
        let d = Display {
            text_size: TextSize::Larger,
            dyslexia_font: true,
            high_contrast: true,
        };
        assert_eq!(
            d.classes(),
            ["text-larger", "font-dyslexic", "high-contrast"]
        );
        for class in d.classes() {
            assert!(ALL_CLASSES.contains(&class));
        }
    }

    #[test]
    fn text_size_round_trips_and_unknown_is_normal() {
        for s in TextSize::ALL {
            assert_eq!(TextSize::from_key(s.key()), s);
        }
        assert_eq!(TextSize::from_key("huge"), TextSize::Normal);
    }
}
