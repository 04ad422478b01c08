//! How many lessons teach each strand in each year group (and so in each band), and whether that
//! is enough: a lesson every half-term in every year, and from Year 1 every strand every year.

use std::fmt;

use crate::model::{Band, Lesson, Strand, Year};

/// Every year group needs at least this many lessons: one per half-term.
pub const MIN_LESSONS_PER_YEAR: usize = 6;
/// EYFS must touch at least this many different strands (from Year 1, every year teaches all).
pub const MIN_EYFS_STRANDS: usize = 4;

/// Strands × year groups lesson counts. A lesson with two strands counts once under each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// `counts[strand][year]`, indexed in [`Strand::ALL`] and [`Year::ALL`] order.
    counts: [[usize; 7]; 8],
    lessons: [usize; 7],
}

/// Counts the strands each lesson teaches, per year group.
pub fn coverage(lessons: &[Lesson]) -> Coverage {
    let mut c = Coverage::default();
    for lesson in lessons {
        let y = year_index(lesson.year);
        c.lessons[y] += 1;
        for strand in &lesson.strands {
            c.counts[strand_index(*strand)][y] += 1;
        }
    }
    c
}

impl Coverage {
    /// Lessons for `year` that teach `strand`.
    pub fn in_year(&self, strand: Strand, year: Year) -> usize {
        self.counts[strand_index(strand)][year_index(year)]
    }

    /// Lessons in `band` (all its years) that teach `strand`.
    pub fn count(&self, strand: Strand, band: Band) -> usize {
        years_of(band).map(|y| self.in_year(strand, y)).sum()
    }

    /// Lessons for `year`.
    pub fn year_lessons(&self, year: Year) -> usize {
        self.lessons[year_index(year)]
    }

    /// Lessons in `band`.
    pub fn lessons(&self, band: Band) -> usize {
        years_of(band).map(|y| self.year_lessons(y)).sum()
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

    /// The strands `year` teaches no lesson in.
    pub fn missing_strands(&self, year: Year) -> Vec<Strand> {
        Strand::ALL
            .iter()
            .copied()
            .filter(|s| self.in_year(*s, year) == 0)
            .collect()
    }

    /// The curriculum's coverage rules that are not met, in words; empty when all are met.
    pub fn gaps(&self) -> Vec<String> {
        let mut gaps = Vec::new();
        for year in Year::ALL {
            let n = self.year_lessons(*year);
            if n < MIN_LESSONS_PER_YEAR {
                gaps.push(format!(
                    "{year} has {n} lessons; needs at least {MIN_LESSONS_PER_YEAR}, one per half-term"
                ));
            }
            if *year != Year::Eyfs {
                for strand in self.missing_strands(*year) {
                    gaps.push(format!("{year} has no lesson teaching \"{strand}\""));
                }
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

/// A table a person can read in a terminal, strands down and year groups across, then the
/// key-stage totals:
///
/// ```text
/// strand                            EYFS  Y1  Y2  Y3  Y4  Y5  Y6   KS1  KS2
/// Self-image and identity              2   1   1   1   1   1   2     2    5
/// …
/// lessons                              6   6   6   6   6   6   6    12   24
/// ```
impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = Strand::ALL
            .iter()
            .map(|s| s.label().chars().count())
            .max()
            .unwrap_or(0);
        let key_stages = [Band::Ks1, Band::Ks2];
        write!(f, "{:width$}", "strand")?;
        for year in Year::ALL {
            write!(f, "  {:>4}", year.id().to_uppercase())?;
        }
        for band in key_stages {
            write!(f, "  {:>4}", band.label())?;
        }
        writeln!(f)?;
        let row = |f: &mut fmt::Formatter<'_>,
                   label: &str,
                   per_year: &dyn Fn(Year) -> usize,
                   per_band: &dyn Fn(Band) -> usize| {
            write!(f, "{label:width$}")?;
            for year in Year::ALL {
                write!(f, "  {:>4}", per_year(*year))?;
            }
            for band in key_stages {
                write!(f, "  {:>4}", per_band(band))?;
            }
            writeln!(f)
        };
        for strand in Strand::ALL {
            row(f, strand.label(), &|y| self.in_year(*strand, y), &|b| {
                self.count(*strand, b)
            })?;
        }
        row(f, "lessons", &|y| self.year_lessons(y), &|b| {
            self.lessons(b)
        })
    }
}

fn years_of(band: Band) -> impl Iterator<Item = Year> {
    Year::ALL.iter().copied().filter(move |y| y.band() == band)
}

fn year_index(year: Year) -> usize {
    Year::ALL
        .iter()
        .position(|y| *y == year)
        .expect("Year::ALL lists every year")
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

    fn lesson(year: Year, strands: &[Strand]) -> Lesson {
        Lesson {
            id: "x".into(),
            band: year.band(),
            year,
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

    /// Six lessons for every year, together teaching every strand each year.
    fn full() -> Vec<Lesson> {
        let mut all = Vec::new();
        for year in Year::ALL {
            // Pairs of strands for the first three, then one strand each.
            for strands in Strand::ALL[..6].chunks(2).chain(Strand::ALL[6..].chunks(1)) {
                all.push(lesson(*year, strands));
            }
            all.push(lesson(*year, &[Strand::OnlineBullying]));
        }
        all
    }

    #[test]
    fn counts_each_strand_of_each_lesson_by_year_and_band() {
        let c = coverage(&[
            lesson(
                Year::Y1,
                &[Strand::OnlineBullying, Strand::OnlineRelationships],
            ),
            lesson(Year::Y2, &[Strand::OnlineBullying]),
            lesson(Year::Y5, &[Strand::OnlineBullying]),
            lesson(Year::Eyfs, &[Strand::PrivacyAndSecurity]),
        ]);
        assert_eq!(c.in_year(Strand::OnlineBullying, Year::Y1), 1);
        assert_eq!(c.in_year(Strand::OnlineBullying, Year::Y3), 0);
        assert_eq!(c.count(Strand::OnlineBullying, Band::Ks1), 2);
        assert_eq!(c.key_stages(Strand::OnlineBullying), 3);
        assert_eq!(c.key_stages(Strand::OnlineRelationships), 1);
        assert_eq!(c.lessons(Band::Ks1), 2);
        assert_eq!(c.year_lessons(Year::Y2), 1);
        assert_eq!(c.strands_taught(Band::Eyfs), 1);
    }

    #[test]
    fn a_full_curriculum_has_no_gaps() {
        assert_eq!(coverage(&full()).gaps(), Vec::<String>::new());
    }

    #[test]
    fn gaps_name_a_thin_year_and_a_missing_strand() {
        let mut lessons = full();
        // Year 4 loses its copyright lesson: five lessons, and no copyright that year.
        lessons.retain(|l| {
            !(l.year == Year::Y4 && l.strands.contains(&Strand::CopyrightAndOwnership))
        });
        let gaps = coverage(&lessons).gaps();
        assert_eq!(
            gaps,
            [
                "Year 4 has 5 lessons; needs at least 6, one per half-term",
                "Year 4 has no lesson teaching \"Copyright and ownership\"",
            ]
        );
    }

    #[test]
    fn eyfs_needs_six_lessons_but_not_every_strand() {
        let mut lessons = full();
        lessons.retain(|l| l.year != Year::Eyfs);
        for _ in 0..6 {
            lessons.push(lesson(Year::Eyfs, &[Strand::OnlineBullying]));
        }
        assert_eq!(
            coverage(&lessons).gaps(),
            ["EYFS teaches 1 strands; needs at least 4"]
        );
        lessons.pop();
        assert!(coverage(&lessons)
            .gaps()
            .contains(&"EYFS has 5 lessons; needs at least 6, one per half-term".to_string()));
    }

    #[test]
    fn display_has_a_row_per_strand_and_a_total() {
        let text = coverage(&[lesson(Year::Y4, &[Strand::CopyrightAndOwnership])]).to_string();
        assert_eq!(text.lines().count(), 1 + Strand::ALL.len() + 1);
        assert!(
            text.lines().next().unwrap().contains("EYFS    Y1    Y2"),
            "{text}"
        );
        let row = text
            .lines()
            .find(|l| l.starts_with("Copyright and ownership"))
            .unwrap();
        // EYFS Y1 Y2 Y3 Y4 Y5 Y6, then KS1 KS2.
        assert!(
            row.ends_with("0     0     0     0     1     0     0     0     1"),
            "{row:?}"
        );
    }
}
