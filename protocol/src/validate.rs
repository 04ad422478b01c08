use thiserror::Error;

/// Why an item was not accepted. The message is shown to staff and logged; it never contains
/// the content of a report, only the name of the field and the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {problem}")]
pub struct ValidationError {
    pub field: &'static str,
    pub problem: String,
}

impl ValidationError {
    pub fn new(field: &'static str, problem: impl Into<String>) -> Self {
        Self {
            field,
            problem: problem.into(),
        }
    }
}

/// Checks an optional free-text field: trimmed non-empty when present, bounded in characters,
/// and free of control characters other than newlines and tabs.
pub(crate) fn optional_text(
    field: &'static str,
    value: &Option<String>,
    max_chars: usize,
) -> Result<(), ValidationError> {
    match value {
        None => Ok(()),
        Some(text) => required_text(field, text, max_chars),
    }
}

pub(crate) fn required_text(
    field: &'static str,
    text: &str,
    max_chars: usize,
) -> Result<(), ValidationError> {
    if text.trim().is_empty() {
        return Err(ValidationError::new(field, "is empty"));
    }
    let chars = text.chars().count();
    if chars > max_chars {
        return Err(ValidationError::new(
            field,
            format!("is {chars} characters; the most is {max_chars}"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(ValidationError::new(field, "contains control characters"));
    }
    Ok(())
}
