//! Writing CSV for staff exports (the incident log, registers): RFC 4180 quoting, and cells that
//! a spreadsheet would run as a formula (text typed by pupils or parents starting with `=`, `+`,
//! `-`, `@`) are prefixed with `'` so opening the file can't run anything.

/// A CSV document built row by row, with CRLF line ends as RFC 4180 and Excel expect.
#[derive(Default)]
pub struct Csv {
    text: String,
}

impl Csv {
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        let cells: Vec<String> = cells.into_iter().map(|c| cell(c.as_ref())).collect();
        self.text.push_str(&cells.join(","));
        self.text.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.text
    }
}

/// One cell: quoted when needed, a would-be formula defused.
pub fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// `2026-11-25` (UTC) from unix milliseconds.
pub fn date(ms: i64) -> String {
    crate::calendar::iso_date(ms)
}

/// `2026-11-25 09:30` (UTC) from unix milliseconds: what school systems import.
pub fn date_time(ms: i64) -> String {
    crate::calendar::iso_date_time(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let mut csv = Csv::default();
        csv.row([
            "plain",
            "a,b",
            "say \"hi\"",
            "=HYPERLINK(\"x\")",
            "two\nlines",
        ]);
        assert_eq!(
            csv.finish(),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",\"two\nlines\"\r\n"
        );
    }

    #[test]
    fn register_cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("Ava"), "Ava");
        assert_eq!(cell("O'Neil, Jo"), "\"O'Neil, Jo\"");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }

    #[test]
    fn days_are_civil_utc() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_764_000_000_000), "2025-11-24");
        assert_eq!(date(951_782_400_000), "2000-02-29");
    }

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(date_time(0), "1970-01-01 00:00");
        assert_eq!(date_time(1_764_063_000_000), "2025-11-25 09:30");
        assert_eq!(date_time(951_782_400_000), "2000-02-29 00:00");
    }
}
