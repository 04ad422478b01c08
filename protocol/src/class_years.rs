//! The year group a class is taught as. One year, or two for a mixed-age class ("Year 3/4",
//! "Reception/Year 1"), as small schools teach them. Two and no more: the app shows a class its
//! own years' lessons first, and a class naming three or four years would see most of a key
//! stage "first", which tells it nothing; such a class names the two years most of it is in.
//!
//! The band a class shares (its pupil AUP, the age group on reports) is its *youngest* year's:
//! a Year 2/3 class is KS1, so everything the whole class reads suits its youngest children.
//! A class whose year is not known yet (made before classes had years) keeps its band and
//! works as before; staff are asked to set the year.

use crate::pupil_record::YearGroup;
use crate::Band;

/// The most year groups one class names.
pub const MAX_CLASS_YEARS: usize = 2;

/// The years as given, checked: youngest first, each once, at most two. Empty is "not known
/// yet", which is allowed.
pub fn check_class_years(years: &[YearGroup]) -> Result<Vec<YearGroup>, String> {
    let mut out = years.to_vec();
    out.sort();
    out.dedup();
    if out.len() > MAX_CLASS_YEARS {
        return Err(format!(
            "a class is one year group, or two for a mixed class such as Year 3/4; {} is too many",
            class_years_label(&out)
        ));
    }
    Ok(out)
}

/// The band a class of these years shares: its youngest year's. `None` when no year is set.
pub fn class_years_band(years: &[YearGroup]) -> Option<Band> {
    years.iter().min().map(|y| y.band())
}

/// As a teacher writes it: "Year 4", "Year 3/4", "Reception/Year 1"; empty when not set.
pub fn class_years_label(years: &[YearGroup]) -> String {
    let mut out = String::new();
    for (i, y) in years.iter().enumerate() {
        let label = y.label();
        if i == 0 {
            out.push_str(label);
            continue;
        }
        out.push('/');
        // "Year 3/4", not "Year 3/Year 4".
        match (
            years[i - 1].label().strip_prefix("Year "),
            label.strip_prefix("Year "),
        ) {
            (Some(_), Some(n)) => out.push_str(n),
            _ => out.push_str(label),
        }
    }
    out
}

/// A class's years as schools write them: `Year 3`, `3`, `Y3`, `R`, `Reception`, and for a
/// mixed class `Year 3/4`, `Y3/4`, `R/1`, `Year 3 & 4`. `None` if any part is not a year group.
pub fn parse_class_years(text: &str) -> Option<Vec<YearGroup>> {
    let years = text
        .split(['/', '&', '+'])
        .map(|part| YearGroup::parse(part.trim()))
        .collect::<Option<Vec<_>>>()?;
    check_class_years(&years).ok().filter(|y| !y.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use YearGroup::*;

    #[test]
    fn years_read_as_schools_write_them() {
        assert_eq!(parse_class_years("Year 4"), Some(vec![Y4]));
        assert_eq!(parse_class_years("y3"), Some(vec![Y3]));
        assert_eq!(parse_class_years("3"), Some(vec![Y3]));
        assert_eq!(parse_class_years("R"), Some(vec![Reception]));
        assert_eq!(parse_class_years("Reception"), Some(vec![Reception]));
        assert_eq!(parse_class_years("Year 4/3"), Some(vec![Y3, Y4]));
        assert_eq!(parse_class_years("R/1"), Some(vec![Reception, Y1]));
        assert_eq!(parse_class_years("Y5 & Y6"), Some(vec![Y5, Y6]));
        assert_eq!(parse_class_years("Year 3/4/5"), None);
        assert_eq!(parse_class_years("KS2"), None);
        assert_eq!(parse_class_years("EYFS"), None);
        assert_eq!(parse_class_years("Year 9"), None);
        assert_eq!(parse_class_years(""), None);
    }

    #[test]
    fn a_mixed_class_shares_its_youngest_years_band() {
        assert_eq!(class_years_band(&[Y2, Y3]), Some(Band::Ks1));
        assert_eq!(class_years_band(&[Reception, Y1]), Some(Band::Eyfs));
        assert_eq!(class_years_band(&[Y4]), Some(Band::Ks2));
        assert_eq!(class_years_band(&[]), None);
    }

    #[test]
    fn labels_and_limits() {
        assert_eq!(class_years_label(&[Y3, Y4]), "Year 3/4");
        assert_eq!(class_years_label(&[Reception, Y1]), "Reception/Year 1");
        assert_eq!(class_years_label(&[Y6]), "Year 6");
        assert_eq!(class_years_label(&[]), "");
        assert_eq!(check_class_years(&[Y4, Y3, Y4]), Ok(vec![Y3, Y4]));
        assert!(check_class_years(&[Y3, Y4, Y5])
            .unwrap_err()
            .contains("Year 3/4/5 is too many"));
    }
}
