//! The words of answering back, in English; translated where they are shown and spoken
//! (`crate::i18n::t`), and found there by the translations' check like the tell flow's words.

pub const ANSWER_BACK_QUESTION: &str = "Do you want to say something back?";
pub const SAY_BACK: &str = "Say something back";
pub const WANTS_TO_TALK: &str = "I'd like to talk to a grown-up";
pub const SHOW_FEELING: &str = "Show how I feel";
pub const THANKS: &str = "Thank you. Your grown-ups will see this.";
pub const TELL_SOMEONE: &str =
    "You can always talk to a grown-up you trust, or call Childline for free:";
