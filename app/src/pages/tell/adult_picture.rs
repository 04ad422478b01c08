//! A trusted adult's picture on the "who" step: their photo where the school added one, else a
//! coloured circle with their initials, so no two adults look the same to a child who can't read
//! their names yet. The name beside it is the picture's accessible name (and is read aloud).

use leptos::prelude::*;

use crate::adult_photos::photo_blob_url;
use crate::device::use_tablet;

/// Light colours, each with dark ink at more than 7:1, far enough apart to tell at a glance.
const TONES: [&str; 8] = [
    "#ffd27a", "#bfe0c9", "#7fb3e0", "#f5b8c4", "#c9b8f0", "#fde2c8", "#a8e0e0", "#d9e37f",
];

/// Titles say nothing a child can see: "Mrs Khan" is "K", "Ava Jones" is "AJ".
const TITLES: [&str; 8] = ["mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam"];

pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let named: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !TITLES.contains(&w.to_lowercase().as_str()))
        .collect();
    let words = if named.is_empty() { words } else { named };
    let first_letter = |w: &&str| w.chars().find(|c| c.is_alphanumeric());
    let mut letters: Vec<char> = words.first().and_then(first_letter).into_iter().collect();
    if words.len() > 1 {
        letters.extend(words.last().and_then(first_letter));
    }
    letters.into_iter().flat_map(char::to_uppercase).collect()
}

/// The same name always gets the same colour, on every tablet and after every change to the list.
pub fn tone(name: &str) -> &'static str {
    let hash = name
        .trim()
        .chars()
        .fold(2166136261u32, |h, c| (h ^ c as u32).wrapping_mul(16777619));
    TONES[hash as usize % TONES.len()]
}

/// Letters only go into the markup (`initials` keeps letters and digits), so a name can't add
/// markup of its own.
fn initials_svg(name: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" focusable="false"><circle cx="32" cy="32" r="29" fill="{}" stroke="#1f2933" stroke-width="3"/><text x="32" y="42" font-size="26" font-weight="700" text-anchor="middle" fill="#1f2933">{}</text></svg>"##,
        tone(name),
        initials(name)
    )
}

#[component]
pub fn AdultInitials(name: String) -> impl IntoView {
    view! { <span class="icon" aria-hidden="true" data-picture="initials" inner_html=initials_svg(&name)></span> }
}

/// The photo, fetched with the device token and shown from a blob URL (an `<img src>` can't carry
/// the token). The tablet keeps a copy of every trusted adult's photo (see `adult_photos`), so it
/// shows offline too. Before it arrives, or if it can't be had, the initials stand in.
#[component]
pub fn AdultPhoto(src: String, name: String) -> impl IntoView {
    let tablet = use_tablet();
    let url = RwSignal::new(None::<String>);
    let token = tablet.token.get_untracked();
    leptos::task::spawn_local(async move {
        if let Some(blob_url) = photo_blob_url(&src, token.as_deref()).await {
            if url.try_set(Some(blob_url.clone())).is_some() {
                // The component has gone: don't keep the image in memory.
                let _ = web_sys::Url::revoke_object_url(&blob_url);
            }
        }
    });
    on_cleanup(move || {
        if let Some(u) = url.try_get_untracked().flatten() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });
    move || match url.get() {
        Some(u) => view! { <img class="adult-photo" src=u alt=""/> }.into_any(),
        None => view! { <AdultInitials name=name.clone()/> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_skip_titles_and_keep_first_and_last_names() {
        assert_eq!(initials("Mrs Khan"), "K");
        assert_eq!(initials("Ava Jones"), "AJ");
        assert_eq!(initials("Dr. Mary Anne O'Neill"), "MO");
        assert_eq!(initials("Miss"), "M");
        assert_eq!(initials("  "), "");
        assert_eq!(initials("<b>x</b> y"), "BY");
    }

    #[test]
    fn a_name_always_gets_the_same_colour() {
        assert_eq!(tone("Mr Obi"), tone("Mr Obi"));
        assert!(TONES.contains(&tone("Ms Lewis")));
    }
}
