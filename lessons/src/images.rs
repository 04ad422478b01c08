//! Rules for lesson illustrations (`public/lessons/*.svg`).
//!
//! The app's Content-Security-Policy allows no inline styles or scripts and no third-party
//! requests, and tablets are on slow school Wi-Fi. An SVG that breaks those rules would fail
//! silently in the browser (blank picture, CSP report), so we catch it at build time instead.
//! Pure text checks: no XML parser needed for files we write ourselves.

use crate::error::line_at;

/// "Well under 4 KB" each: a lesson's pictures must not slow the first slide.
pub const MAX_SVG_BYTES: usize = 4096;

/// The SVG namespace declaration is a name, not a request: the one `http:` an SVG may contain.
const SVG_NAMESPACE: &str = "xmlns=\"http://www.w3.org/2000/svg\"";

/// Things an illustration must not contain, and the message (with the why) when it does.
const FORBIDDEN: &[(&str, &str)] = &[
    (
        "style=",
        "has an inline style= attribute: the CSP forbids inline styles; use fill/stroke attributes",
    ),
    (
        "<style",
        "has a <style> element: the CSP forbids inline styles; use fill/stroke attributes",
    ),
    ("<script", "has a <script> element: no scripts in pictures"),
    (
        " on",
        "has an event-handler attribute such as onload=: no scripts in pictures",
    ),
    (
        "<image",
        "has an <image> element: draw shapes instead of embedding photos or files",
    ),
    (
        "<foreignobject",
        "has a <foreignObject> element: keep to plain shapes",
    ),
    (
        "<text",
        "has a <text> element: pictures carry no words (the app labels them)",
    ),
    (
        "http:",
        "has an external reference: the app makes no third-party requests",
    ),
    (
        "https:",
        "has an external reference: the app makes no third-party requests",
    ),
    (
        "url(",
        "has a url() reference: keep to plain fills and strokes",
    ),
];

/// Every rule an SVG breaks, as (1-based line, message).
pub fn svg_problems(svg: &str) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    if svg.len() > MAX_SVG_BYTES {
        problems.push((
            1,
            format!(
                "is {} bytes; keep illustrations under {MAX_SVG_BYTES}",
                svg.len()
            ),
        ));
    }
    // Blank out the namespace with spaces of the same length so offsets (and lines) stay true.
    let lower = svg
        .to_ascii_lowercase()
        .replace(SVG_NAMESPACE, &" ".repeat(SVG_NAMESPACE.len()));
    if !lower.contains("<svg") {
        problems.push((1, "is not an SVG (no <svg> element)".to_string()));
    } else if !lower.contains("viewbox=") {
        problems.push((1, "has no viewBox, so it will not scale".to_string()));
    }
    for (needle, message) in FORBIDDEN {
        let found = if *needle == " on" {
            find_event_handler(&lower)
        } else {
            lower.find(needle)
        };
        if let Some(offset) = found {
            problems.push((line_at(svg, offset), (*message).to_string()));
        }
    }
    problems
}

/// Finds ` onsomething=` (an event-handler attribute) without tripping over words like "none".
fn find_event_handler(lower: &str) -> Option<usize> {
    lower.match_indices(" on").map(|(i, _)| i).find(|&i| {
        let name: String = lower[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        name.len() > 2 && lower[i + 1 + name.len()..].starts_with('=')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#8cc"/></svg>"##;

    #[test]
    fn a_plain_svg_passes_even_with_the_svg_namespace() {
        assert_eq!(svg_problems(GOOD), vec![]);
        let elsewhere = GOOD.replace(
            "<circle",
            "<use href=\"https://example.org/a.svg\"/><circle",
        );
        assert!(svg_problems(&elsewhere)[0].1.contains("external reference"));
    }

    #[test]
    fn inline_style_is_reported_with_its_line() {
        let svg = "<svg viewBox=\"0 0 1 1\">\n<rect\n style=\"fill:red\"/></svg>";
        let problems = svg_problems(svg);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, 3);
        assert!(problems[0].1.contains("inline style="));
    }

    #[test]
    fn scripts_handlers_text_and_missing_viewbox() {
        let svg = "<svg onload=\"x()\"><script/><text>hi</text></svg>";
        let all = svg_problems(svg)
            .into_iter()
            .map(|(_, m)| m)
            .collect::<Vec<_>>()
            .join("\n");
        for expected in ["viewBox", "<script>", "event-handler", "<text>"] {
            assert!(all.contains(expected), "{expected} missing from {all}");
        }
    }

    #[test]
    fn fill_none_is_not_an_event_handler() {
        let svg = "<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\" fill=\"none\" stroke=\"#000\"/></svg>";
        assert_eq!(svg_problems(svg), vec![]);
    }

    #[test]
    fn big_files_are_reported() {
        let svg = format!(
            "<svg viewBox=\"0 0 1 1\">{}</svg>",
            " ".repeat(MAX_SVG_BYTES)
        );
        assert!(svg_problems(&svg)[0].1.contains("bytes"));
    }
}
