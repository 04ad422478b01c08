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

fn cell(value: &str) -> String {
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

/// `2026-11-25 09:30` (UTC) from unix milliseconds: what school systems import.
pub fn date_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60
    )
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
    fn dates_are_civil_utc() {
        assert_eq!(date_time(0), "1970-01-01 00:00");
        assert_eq!(date_time(1_764_063_000_000), "2025-11-25 09:30");
        assert_eq!(date_time(951_782_400_000), "2000-02-29 00:00");
    }
}
