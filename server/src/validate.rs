//! Checks on what people type, shared by the API and the command line: each answers with a
//! message the person can act on.

use crate::error::ApiError;

/// An email address as accounts keep it (trimmed, lowercase), or why it doesn't look like one.
pub fn valid_email(email: &str) -> Result<String, ApiError> {
    let e = email.trim().to_lowercase();
    let ok = e.len() <= 200
        && e.split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.starts_with('.'))
        && !e.chars().any(char::is_whitespace);
    if ok {
        Ok(e)
    } else {
        Err(ApiError::BadRequest(format!(
            "{:?} doesn't look like an email address",
            email.trim()
        )))
    }
}

/// Free text (names, notes, reasons): trimmed, bounded, no control characters but newlines.
pub fn clean_text(
    field: &str,
    text: &str,
    max: usize,
    required: bool,
) -> Result<Option<String>, ApiError> {
    let t = text.trim();
    if t.is_empty() {
        return if required {
            Err(ApiError::BadRequest(format!("{field} is empty")))
        } else {
            Ok(None)
        };
    }
    if t.chars().count() > max {
        return Err(ApiError::BadRequest(format!(
            "{field} is too long; the most is {max} characters"
        )));
    }
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ApiError::BadRequest(format!(
            "{field} contains control characters"
        )));
    }
    Ok(Some(t.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_kept_lowercase_and_need_a_domain() {
        assert_eq!(
            valid_email(" Ann@School.Example ").unwrap(),
            "ann@school.example"
        );
        for bad in [
            "ann",
            "ann@",
            "@school.example",
            "ann@school",
            "ann@.example",
            "a nn@s.example",
        ] {
            assert!(valid_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_is_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(
            clean_text("name", " Ann ", 5, true).unwrap().as_deref(),
            Some("Ann")
        );
        assert_eq!(clean_text("note", "  ", 5, false).unwrap(), None);
        assert!(clean_text("name", "  ", 5, true).is_err());
        assert!(clean_text("name", "Annabel", 5, true).is_err());
        assert!(clean_text("name", "A\u{7}n", 5, true).is_err());
        assert!(clean_text("note", "a\nb", 5, true).is_ok());
    }
}
