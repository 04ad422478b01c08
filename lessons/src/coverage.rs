//! How many lessons teach each strand in each band, and whether that is enough.

use std::fmt;

#[cfg(test)]
use crate::model::Year;
use crate::model::{Band, Lesson, Strand};

/// Each strand must be taught in at least this many KS1+KS2 lessons together.
pub const MIN_KS1_KS2_LESSONS_PER_STRAND: usize = 2;
/// EYFS must touch at least this many different strands.
pub const MIN_EYFS_STRANDS: usize = 4;
/// Minimum number of lessons per band: EYFS, KS1, KS2 (in [`Band::ALL`] order).
pub const MIN_LESSONS_PER_BAND: [usize; 3] = [6, 8, 12];

/// Strands × bands lesson counts. A lesson with two strands counts once under each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// `counts[strand][band]`, indexed in [`Strand::ALL`] and [`Band::ALL`] order.
    counts: [[usize; 3]; 8],
    lessons: [usize; 3],
}

/// Counts the strands each lesson teaches, per band.
pub fn coverage(lessons: &[Lesson]) -> Coverage {
    let mut c = Coverage::default();
    for lesson in lessons {
        let b = band_index(lesson.band);
        c.lessons[b] += 1;
        for strand in &lesson.strands {
            c.counts[strand_index(*strand)][b] += 1;
        }
    }
    c
}

impl Coverage {
    /// Lessons in `band` that teach `strand`.
    pub fn count(&self, strand: Strand, band: Band) -> usize {
        self.counts[strand_index(strand)][band_index(band)]
    }

    /// Lessons in `band`.
    pub fn lessons(&self, band: Band) -> usize {
        self.lessons[band_index(band)]
    }

    /// Lessons teaching `strand` across KS1 and KS2 together.
    pub fn key_stages(&self, strand: Strand) -> usize {
        self.count(strand, Band::Ks1) + self.count(strand, Band::Ks2)
    }

    /// How many different strands `band` teaches.
    pub fn strands_taught(&self, band: Band) -> usize {
        Strand::ALL
            .iter()
            .filter(|s| self.count(**s, band) > 0)
            .count()
    }

    /// The curriculum's coverage rules that are not met, in words; empty when all are met.
    pub fn gaps(&self) -> Vec<String> {
        let mut gaps = Vec::new();
        for (band, min) in Band::ALL.iter().zip(MIN_LESSONS_PER_BAND) {
            if self.lessons(*band) < min {
                gaps.push(format!(
                    "{band} has {} lessons; needs at least {min}",
                    self.lessons(*band)
                ));
            }
        }
        for strand in Strand::ALL {
            if self.key_stages(*strand) < MIN_KS1_KS2_LESSONS_PER_STRAND {
                gaps.push(format!(
                    "\"{strand}\" is taught in {} KS1+KS2 lessons; needs at least \
                     {MIN_KS1_KS2_LESSONS_PER_STRAND}",
                    self.key_stages(*strand)
                ));
            }
        }
        if self.strands_taught(Band::Eyfs) < MIN_EYFS_STRANDS {
            gaps.push(format!(
                "EYFS teaches {} strands; needs at least {MIN_EYFS_STRANDS}",
                self.strands_taught(Band::Eyfs)
            ));
        }
        gaps
    }
}

/// A table a person can read in a terminal:
///
/// ```text
/// strand                             EYFS  KS1  KS2  KS1+KS2
/// Self-image and identity               1    1    2        3
/// …
/// lessons                               6    8   12
/// ```
impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = Strand::ALL
            .iter()
            .map(|s| s.label().chars().count())
            .max()
            .unwrap_or(0);
        write!(f, "{:width$}", "strand")?;
        for band in Band::ALL {
            write!(f, "  {:>4}", band.label())?;
        }
        writeln!(f, "  {:>7}", "KS1+KS2")?;
        for strand in Strand::ALL {
            write!(f, "{:width$}", strand.label())?;
            for band in Band::ALL {
                write!(f, "  {:>4}", self.count(*strand, *band))?;
            }
            writeln!(f, "  {:>7}", self.key_stages(*strand))?;
        }
        write!(f, "{:width$}", "lessons")?;
        for band in Band::ALL {
            write!(f, "  {:>4}", self.lessons(*band))?;
        }
        writeln!(f)
    }
}

fn band_index(band: Band) -> usize {
    Band::ALL
        .iter()
        .position(|b| *b == band)
        .expect("Band::ALL lists every band")
}

fn strand_index(strand: Strand) -> usize {
    Strand::ALL
        .iter()
        .position(|s| *s == strand)
        .expect("Strand::ALL lists every strand")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(band: Band, strands: &[Strand]) -> Lesson {
        Lesson {
            id: "x".into(),
            band,
            year: match band {
                Band::Eyfs => Year::Eyfs,
                Band::Ks1 => Year::Y1,
                Band::Ks2 => Year::Y3,
            },
            title: "x".into(),
            strands: strands.to_vec(),
            outcomes: vec![],
            slides: vec![],
            activities: vec![],
            teacher_notes: String::new(),
            discussion_prompts: vec![],
            parent_note: String::new(),
        }
    }

    #[test]
    fn counts_each_strand_of_each_lesson() {
        let c = coverage(&[
            lesson(
                Band::Ks1,
                &[Strand::OnlineBullying, Strand::OnlineRelationships],
            ),
            lesson(Band::Ks2, &[Strand::OnlineBullying]),
            lesson(Band::Eyfs, &[Strand::PrivacyAndSecurity]),
        ]);
        assert_eq!(c.count(Strand::OnlineBullying, Band::Ks1), 1);
        assert_eq!(c.key_stages(Strand::OnlineBullying), 2);
        assert_eq!(c.key_stages(Strand::OnlineRelationships), 1);
        assert_eq!(c.lessons(Band::Eyfs), 1);
        assert_eq!(c.strands_taught(Band::Eyfs), 1);
    }

    #[test]
    fn gaps_name_what_is_missing() {
        let c = coverage(&[lesson(Band::Ks1, &[Strand::OnlineBullying])]);
        let gaps = c.gaps().join("\n");
        assert!(
            gaps.contains("EYFS has 0 lessons; needs at least 6"),
            "{gaps}"
        );
        assert!(
            gaps.contains("\"Online bullying\" is taught in 1 KS1+KS2 lessons"),
            "{gaps}"
        );
        assert!(gaps.contains("EYFS teaches 0 strands"), "{gaps}");
    }

    #[test]
    fn display_has_a_row_per_strand_and_a_total() {
        let text = coverage(&[lesson(Band::Ks2, &[Strand::CopyrightAndOwnership])]).to_string();
        assert_eq!(text.lines().count(), 1 + Strand::ALL.len() + 1);
        let row = text
            .lines()
            .find(|l| l.starts_with("Copyright and ownership"))
            .unwrap();
        assert!(row.ends_with("0     0     1        1"), "{row:?}");
    }
}
