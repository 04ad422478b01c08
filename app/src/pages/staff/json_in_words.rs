//! A JSON mistake told in words an admin can act on: which line, what is missing in plain
//! English, and the line itself, instead of the parser's "expected `,` or `}` at line 10
//! column 35". Used while agreements are still edited as JSON.

/// Where the mistake is and what it is, for the message beside the button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonMistake {
    /// "Line 10: a comma or closing brace } is missing near “…”."
    pub words: String,
    /// The line as typed, to show under the message.
    pub line: String,
}

fn problem(message: &str) -> String {
    let quoted = |m: &str| m.split('`').nth(1).unwrap_or("").to_string();
    if message.starts_with("expected `,` or `}`") {
        "a comma or closing brace } is missing".into()
    } else if message.starts_with("expected `,` or `]`") {
        "a comma or closing bracket ] is missing".into()
    } else if message.starts_with("expected `:`") {
        "a colon : is missing after a name".into()
    } else if message.starts_with("EOF while parsing") {
        "the text ends too soon: a closing brace } or bracket ] is missing".into()
    } else if message.starts_with("trailing comma") {
        "there is a comma with nothing after it; remove that comma".into()
    } else if message.starts_with("key must be a string") {
        "a name must be in double quotes \"like this\"".into()
    } else if message.starts_with("expected value") {
        "something is missing, or a text isn't in double quotes".into()
    } else if message.starts_with("control character") {
        "a text breaks onto a new line; keep each text on one line".into()
    } else if message.starts_with("invalid escape") {
        "a backslash \\ isn't allowed here; remove it".into()
    } else if message.starts_with("trailing characters") {
        "there is more text after the agreement's last closing brace }".into()
    } else if message.starts_with("missing field") {
        format!("“{}” is missing", quoted(message))
    } else if message.starts_with("unknown variant") {
        format!("“{}” isn't a kind of agreement Kite knows", quoted(message))
    } else if message.starts_with("invalid type") {
        format!(
            "a value is the wrong kind ({})",
            message.trim_start_matches("invalid type: ")
        )
    } else {
        message.to_string()
    }
}

/// The mistake serde_json found in `text`, in words.
pub fn describe(text: &str, err: &serde_json::Error) -> JsonMistake {
    let message = err.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => &message,
    };
    let line_no = err.line().max(1);
    let line = text.lines().nth(line_no - 1).unwrap_or("").to_string();
    // Twenty characters either side of where the parser stopped: what the admin will recognise.
    let chars: Vec<char> = line.chars().collect();
    let at = err.column().saturating_sub(1).min(chars.len());
    let near: String = chars[at.saturating_sub(20)..(at + 20).min(chars.len())]
        .iter()
        .collect();
    let near = near.trim();
    let words = if near.is_empty() {
        format!("Line {line_no}: {}.", problem(message))
    } else {
        format!("Line {line_no}: {} near “{near}”.", problem(message))
    };
    JsonMistake {
        words,
        line: line.trim_end().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kite_protocol::agreement::AgreementContent;

    fn mistake(text: &str) -> JsonMistake {
        describe(
            text,
            &serde_json::from_str::<AgreementContent>(text).unwrap_err(),
        )
    }

    #[test]
    fn a_missing_comma_is_named_with_its_line() {
        let text = "{\n  \"type\": \"sections\",\n  \"intro\": \"Hello\"\n  \"sections\": []\n}";
        let m = mistake(text);
        assert_eq!(
            m.words,
            "Line 4: a comma or closing brace } is missing near “\"sections\": []”."
        );
        assert_eq!(m.line, "  \"sections\": []");
    }

    #[test]
    fn a_comma_before_a_bracket_and_a_missing_field_are_plain_words() {
        let m = mistake("{\"type\": \"sections\", \"intro\": \"Hi\", \"sections\": [],}");
        assert!(
            m.words
                .starts_with("Line 1: there is a comma with nothing after it"),
            "{}",
            m.words
        );
        let m = mistake("{\"type\": \"sections\", \"intro\": \"Hi\"}");
        assert!(
            m.words.starts_with("Line 1: “sections” is missing"),
            "{}",
            m.words
        );
        assert!(!m.words.contains('`'));
    }
}
