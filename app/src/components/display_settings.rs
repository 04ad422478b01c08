//! The display and reading-aloud settings: an "Aa Settings" button that opens a panel (in every
//! page frame and the presenter), and the same controls on `/setup`. Each setting is a row of
//! big option buttons with pictures and words; the chosen one is pressed (`aria-pressed`) and
//! shows a tick, so the choice never rests on colour alone. Choices are kept on the tablet.

use leptos::html;
use leptos::prelude::*;

use super::icons::{self, ChosenTick, Icon};
use crate::device::{use_tablet, SpeechRate};
use crate::display::TextSize;
use crate::i18n::t;
use crate::speech::speak;

/// The button and its panel. The panel is a modal `<dialog>`: it opens over the page with focus
/// on its heading, Tab stays inside it (so focus order is simply the panel's own order, wherever
/// the button sits), and Escape or Done closes it with focus back on the button.
#[component]
pub fn DisplaySettings() -> impl IntoView {
    let open = RwSignal::new(false);
    let button = NodeRef::<html::Button>::new();
    let dialog = NodeRef::<html::Dialog>::new();
    let heading = NodeRef::<html::H2>::new();
    let show = move |_| {
        if let Some(d) = dialog.get_untracked() {
            if d.show_modal().is_ok() {
                open.set(true);
                if let Some(h) = heading.get_untracked() {
                    let _ = h.focus();
                }
            }
        }
    };
    // Done, Escape (the browser's own `cancel`) and any other close all end here.
    let closed = move |_| {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    view! {
        <button
            type="button"
            class="button settings-button"
            node_ref=button
            aria-haspopup="dialog"
            aria-expanded=move || open.get().to_string()
            aria-controls="display-settings-panel"
            data-testid="settings-button"
            on:click=show
        >
            <span class="settings-aa" aria-hidden="true">"Aa"</span>
            <span class="settings-word">{t("Settings")}</span>
        </button>
        <dialog
            id="display-settings-panel"
            class="settings-panel"
            aria-labelledby="settings-heading"
            data-testid="settings-panel"
            node_ref=dialog
            on:close=closed
            // A tap on the dimmed page around the panel closes it too. Such a click is aimed at
            // the <dialog> itself and lands outside its box; a key press on a button inside is
            // aimed at that button, so it never closes the panel by accident.
            on:click=move |ev| {
                let Some(d) = dialog.get_untracked() else { return };
                let on_dialog = ev
                    .target()
                    .is_some_and(|t| wasm_bindgen::JsValue::from(t) == wasm_bindgen::JsValue::from(d.clone()));
                let r = d.get_bounding_client_rect();
                let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
                if on_dialog && (x < r.left() || x > r.right() || y < r.top() || y > r.bottom()) {
                    d.close();
                }
            }
        >
            <h2 id="settings-heading" class="settings-heading" tabindex="-1" node_ref=heading>
                {t("How Kite looks and sounds")}
            </h2>
            <DisplaySettingsControls/>
            <button
                type="button"
                class="button button-primary settings-done"
                on:click=move |_| {
                    if let Some(d) = dialog.get_untracked() {
                        d.close();
                    }
                }
            >
                {t("Done")}
            </button>
        </dialog>
    }
}

/// Every setting as a row of option buttons. Used in the panel and on `/setup`.
#[component]
pub fn DisplaySettingsControls() -> impl IntoView {
    let tablet = use_tablet();
    let display = tablet.display;
    let sizes: Vec<(TextSize, &'static str)> =
        TextSize::ALL.into_iter().map(|s| (s, s.label())).collect();
    view! {
        <div class="settings-rows">
            {setting_row(
                t("Text size"),
                icons::TEXT_SIZE,
                sizes,
                move || display.get().text_size,
                move |s| tablet.set_display(display.get_untracked().with_text_size(s)),
            )}
            {setting_row(
                t("Letters"),
                icons::LETTERS,
                vec![(false, t("Usual letters")), (true, t("Easy-read letters"))],
                move || display.get().dyslexia_font,
                move |on| tablet.set_display(display.get_untracked().with_dyslexia_font(on)),
            )}
            {setting_row(
                t("Colours"),
                icons::CONTRAST,
                vec![(false, t("Usual colours")), (true, t("Strong contrast"))],
                move || display.get().high_contrast,
                move |on| tablet.set_display(display.get_untracked().with_high_contrast(on)),
            )}
            {setting_row(
                t("Read each page aloud by itself"),
                icons::SPEAKER,
                vec![(true, t("On")), (false, t("Off"))],
                move || tablet.auto_read.get(),
                move |on| tablet.set_auto_read(on),
            )}
            {setting_row(
                t("Reading speed"),
                icons::SPEED,
                SpeechRate::choices().to_vec(),
                move || tablet.speech_rate.get(),
                move |rate| {
                    tablet.set_speech_rate(rate);
                    // Let the child hear the new speed straight away.
                    speak(tablet, t("This is how fast I will read."));
                },
            )}
        </div>
    }
}

/// A setting of any type as a row: its options become positions, so the row itself is drawn by
/// one function (`SettingRow`), not one copy per type in every bundle.
fn setting_row<T>(
    legend: &'static str,
    icon: &'static str,
    options: Vec<(T, &'static str)>,
    current: impl Fn() -> T + Send + Sync + 'static,
    pick: impl Fn(T) + Send + Sync + 'static,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let (values, labels): (Vec<T>, Vec<&'static str>) = options.into_iter().unzip();
    let chosen = values.clone();
    view! {
        <SettingRow
            legend=legend
            icon=icon
            labels=labels
            current=Signal::derive(move || {
                let now = current();
                chosen.iter().position(|v| *v == now)
            })
            on_pick=Callback::new(move |i: usize| pick(values[i]))
        />
    }
}

/// One setting: a named group of option buttons, the current one pressed and ticked.
#[component]
fn SettingRow(
    legend: &'static str,
    icon: &'static str,
    labels: Vec<&'static str>,
    current: Signal<Option<usize>>,
    on_pick: Callback<usize>,
) -> impl IntoView {
    view! {
        <fieldset class="setting-row">
            <legend class="setting-legend"><Icon svg=icon/><span>{legend}</span></legend>
            <div class="setting-options">
                {labels.into_iter().enumerate().map(|(i, label)| view! {
                    <button
                        type="button"
                        class="button setting-option"
                        aria-pressed=move || (current.get() == Some(i)).to_string()
                        on:click=move |_| on_pick.run(i)
                    >
                        <ChosenTick/>
                        <span>{label}</span>
                    </button>
                }).collect_view()}
            </div>
        </fieldset>
    }
}
