//! Short surveys the school writes to hear from pupils, parents and staff (how the school knows
//! its online-safety teaching works). A survey is a title, one audience, the days it is open and a
//! few questions; an answer is one person's answers, kept with nothing that says who gave it.
//! Results are counts, and every count shown goes through [`suppress`] with [`SMALLEST_SHOWN`]:
//! a handful of answers could point at a person.

use serde::{Deserialize, Serialize};

use crate::band::Band;
use crate::validate::required_text;
use crate::ValidationError;

pub const MAX_TITLE_CHARS: usize = 100;
pub const MAX_PROMPT_CHARS: usize = 200;
pub const MAX_OPTION_CHARS: usize = 60;
/// Short text answers are short: a sentence or two.
pub const MAX_TEXT_ANSWER_CHARS: usize = 500;
/// A survey pupils sit through one screen at a time stays short.
pub const MAX_QUESTIONS: usize = 10;
pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 6;
/// Fewer answers than this are never shown as numbers, and short text answers are listed only
/// from this many answers on.
pub const SMALLEST_SHOWN: u32 = 5;

/// Who a survey is for: the pupils of one band, parents, or staff.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Eyfs,
    Ks1,
    Ks2,
    Parents,
    Staff,
}

impl Audience {
    pub const ALL: [Audience; 5] = [
        Audience::Eyfs,
        Audience::Ks1,
        Audience::Ks2,
        Audience::Parents,
        Audience::Staff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Eyfs => "eyfs",
            Audience::Ks1 => "ks1",
            Audience::Ks2 => "ks2",
            Audience::Parents => "parents",
            Audience::Staff => "staff",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Audience::Eyfs => "EYFS pupils",
            Audience::Ks1 => "KS1 pupils",
            Audience::Ks2 => "KS2 pupils",
            Audience::Parents => "Parents",
            Audience::Staff => "Staff",
        }
    }

    /// The band, when the audience is pupils (who answer on a kiosk).
    pub fn band(self) -> Option<Band> {
        match self {
            Audience::Eyfs => Some(Band::Eyfs),
            Audience::Ks1 => Some(Band::Ks1),
            Audience::Ks2 => Some(Band::Ks2),
            Audience::Parents | Audience::Staff => None,
        }
    }

    pub fn of_band(band: Band) -> Self {
        match band {
            Band::Eyfs => Audience::Eyfs,
            Band::Ks1 => Audience::Ks1,
            Band::Ks2 => Audience::Ks2,
        }
    }
}

/// One question. Pupils see one per screen, read aloud.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Question {
    /// Pick one of 2–6 options.
    Choice {
        prompt: String,
        options: Vec<String>,
    },
    /// How much: shown to pupils as 3 or 5 faces, saddest first.
    Scale { prompt: String, points: u8 },
    /// A few words typed; never for EYFS pupils, who can't write yet.
    Text { prompt: String },
}

impl Question {
    pub fn prompt(&self) -> &str {
        match self {
            Question::Choice { prompt, .. }
            | Question::Scale { prompt, .. }
            | Question::Text { prompt } => prompt,
        }
    }

    /// What each answer to the question is called in the results, in order.
    pub fn labels(&self) -> Vec<String> {
        match self {
            Question::Choice { options, .. } => options.clone(),
            Question::Scale { points, .. } => scale_labels(*points)
                .iter()
                .map(|l| (*l).to_owned())
                .collect(),
            Question::Text { .. } => Vec::new(),
        }
    }

    fn validate(&self, audience: Audience) -> Result<(), ValidationError> {
        required_text("questions", self.prompt(), MAX_PROMPT_CHARS)?;
        match self {
            Question::Choice { options, .. } => {
                if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&options.len()) {
                    return Err(ValidationError::new(
                        "questions",
                        format!("a choice has {MIN_OPTIONS} to {MAX_OPTIONS} options"),
                    ));
                }
                for option in options {
                    required_text("questions", option, MAX_OPTION_CHARS)?;
                }
            }
            Question::Scale { points, .. } => {
                if !matches!(points, 3 | 5) {
                    return Err(ValidationError::new(
                        "questions",
                        "a scale has 3 or 5 faces",
                    ));
                }
            }
            Question::Text { .. } => {
                if audience == Audience::Eyfs {
                    return Err(ValidationError::new(
                        "questions",
                        "EYFS pupils can't write yet: ask with choices or faces",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The words for each face of a scale, saddest first.
pub fn scale_labels(points: u8) -> &'static [&'static str] {
    if points == 5 {
        &["Very unhappy", "Unhappy", "Not sure", "Happy", "Very happy"]
    } else {
        &["No", "Not sure", "Yes"]
    }
}

/// What staff write: `POST /api/v1/staff/surveys`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyDraft {
    pub title: String,
    pub audience: Audience,
    /// The first day it can be answered, `YYYY-MM-DD`.
    pub opens_on: String,
    /// The last day it can be answered, `YYYY-MM-DD`.
    pub closes_on: String,
    pub questions: Vec<Question>,
}

impl SurveyDraft {
    pub fn validate(&self) -> Result<(), ValidationError> {
        required_text("title", &self.title, MAX_TITLE_CHARS)?;
        check_day("opens_on", &self.opens_on)?;
        check_day("closes_on", &self.closes_on)?;
        if self.closes_on < self.opens_on {
            return Err(ValidationError::new(
                "closes_on",
                "is before the day it opens",
            ));
        }
        if self.questions.is_empty() {
            return Err(ValidationError::new(
                "questions",
                "add at least one question",
            ));
        }
        if self.questions.len() > MAX_QUESTIONS {
            return Err(ValidationError::new(
                "questions",
                format!("the most is {MAX_QUESTIONS} questions"),
            ));
        }
        self.questions
            .iter()
            .try_for_each(|q| q.validate(self.audience))
    }

    /// Whether it can be answered on `today` (`YYYY-MM-DD`).
    pub fn is_open_on(&self, today: &str) -> bool {
        self.opens_on.as_str() <= today && today <= self.closes_on.as_str()
    }
}

/// A day as `YYYY-MM-DD`, checked for shape and a possible month and day.
fn check_day(field: &'static str, day: &str) -> Result<(), ValidationError> {
    let bad = || ValidationError::new(field, "is a date like 2026-12-07");
    let parts: Vec<&str> = day.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match (number(y, 4), number(m, 2), number(d, 2)) {
        (Some(_), Some(1..=12), Some(1..=31)) => Ok(()),
        _ => Err(bad()),
    }
}

/// A survey as stored, with its id.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Survey {
    pub id: i64,
    pub title: String,
    pub audience: Audience,
    pub opens_on: String,
    pub closes_on: String,
    pub questions: Vec<Question>,
}

impl Survey {
    pub fn new(id: i64, draft: SurveyDraft) -> Self {
        Self {
            id,
            title: draft.title,
            audience: draft.audience,
            opens_on: draft.opens_on,
            closes_on: draft.closes_on,
            questions: draft.questions,
        }
    }
}

/// One question answered.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Given {
    /// The option chosen, counting from 0.
    Choice(u8),
    /// The face chosen, counting from 0 (the saddest).
    Scale(u8),
    Text(String),
}

/// One person's answers: `answers[i]` answers question `i`, `null` where they skipped it.
/// Nothing in it says who answered; a pupil's comes sealed through the tablet's outbox.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SurveyAnswer {
    pub survey_id: i64,
    pub answers: Vec<Option<Given>>,
}

impl SurveyAnswer {
    /// What can be checked without the survey (the tablet checks before queueing).
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.answers.is_empty() || self.answers.len() > MAX_QUESTIONS {
            return Err(ValidationError::new(
                "answers",
                format!("has 1 to {MAX_QUESTIONS} answers"),
            ));
        }
        if self.answers.iter().all(Option::is_none) {
            return Err(ValidationError::new(
                "answers",
                "answer at least one question",
            ));
        }
        for given in self.answers.iter().flatten() {
            if let Given::Text(text) = given {
                required_text("answers", text, MAX_TEXT_ANSWER_CHARS)?;
            }
        }
        Ok(())
    }

    /// Checks each answer against its question: the right kind, an option or face that exists.
    pub fn validate_for(&self, survey: &Survey) -> Result<(), ValidationError> {
        self.validate()?;
        if self.survey_id != survey.id || self.answers.len() != survey.questions.len() {
            return Err(ValidationError::new(
                "answers",
                "don't match the survey's questions",
            ));
        }
        for (question, given) in survey.questions.iter().zip(&self.answers) {
            let fits = match (question, given) {
                (_, None) => true,
                (Question::Choice { options, .. }, Some(Given::Choice(i))) => {
                    usize::from(*i) < options.len()
                }
                (Question::Scale { points, .. }, Some(Given::Scale(i))) => i < points,
                (Question::Text { .. }, Some(Given::Text(_))) => true,
                _ => false,
            };
            if !fits {
                return Err(ValidationError::new(
                    "answers",
                    format!("\"{}\" wasn't answered as it asks", question.prompt()),
                ));
            }
        }
        Ok(())
    }
}

/// A survey in the list staff see, with how many have answered (itself suppressed).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveySummary {
    pub id: i64,
    pub title: String,
    pub audience: Audience,
    pub opens_on: String,
    pub closes_on: String,
    /// `None` when fewer than [`SMALLEST_SHOWN`] have answered (and not none).
    pub answers: Option<u32>,
}

/// One line of a question's results: an option or face and how many chose it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultLine {
    pub label: String,
    /// `None`: "fewer than 5".
    pub count: Option<u32>,
}

/// One question's results.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResults {
    pub prompt: String,
    /// Choices and faces; the last line is those who didn't answer it. Empty for short text.
    pub lines: Vec<ResultLine>,
    /// Short text answers, listed only when the survey has [`SMALLEST_SHOWN`] answers or more.
    pub texts: Vec<String>,
}

/// `GET /api/v1/staff/surveys/{id}/results`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyResults {
    pub survey: Survey,
    /// `None` when fewer than [`SMALLEST_SHOWN`] have answered (and not none): then no count
    /// below is shown either.
    pub answers: Option<u32>,
    pub questions: Vec<QuestionResults>,
}

/// A total as shown: none is 0, 1–4 are hidden.
pub fn shown_total(total: u32) -> Option<u32> {
    (total == 0 || total >= SMALLEST_SHOWN).then_some(total)
}

/// Works out a survey's results from its answers, suppressing small numbers: under
/// [`SMALLEST_SHOWN`] answers in all, nothing is counted and no text is listed; otherwise each
/// question's breakdown (with "didn't answer" as a line, so its lines add up to the total) hides
/// counts by the governors' report's rule at this threshold, which also hides a count that the
/// total and the counts shown would give away.
pub fn results(survey: &Survey, answers: &[SurveyAnswer]) -> SurveyResults {
    let total = answers.len() as u32;
    let enough = total >= SMALLEST_SHOWN;
    let questions = survey
        .questions
        .iter()
        .enumerate()
        .map(|(i, question)| {
            let given = answers.iter().map(|a| a.answers.get(i).cloned().flatten());
            let mut labels = question.labels();
            if let Question::Text { prompt } = question {
                let texts = if enough {
                    given
                        .filter_map(|g| match g {
                            Some(Given::Text(t)) => Some(t),
                            _ => None,
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                return QuestionResults {
                    prompt: prompt.clone(),
                    lines: Vec::new(),
                    texts,
                };
            }
            let mut counts = vec![0u32; labels.len() + 1];
            for g in given {
                let slot = match g {
                    Some(Given::Choice(n) | Given::Scale(n)) => usize::from(n),
                    _ => labels.len(),
                };
                if let Some(c) = counts.get_mut(slot) {
                    *c += 1;
                }
            }
            labels.push("Didn't answer".into());
            let hidden = if enough {
                crate::oversight::hidden_below(&counts, SMALLEST_SHOWN)
            } else {
                vec![true; counts.len()]
            };
            QuestionResults {
                prompt: question.prompt().to_owned(),
                lines: labels
                    .into_iter()
                    .zip(counts)
                    .zip(hidden)
                    .map(|((label, n), hide)| ResultLine {
                        label,
                        count: (!hide).then_some(n),
                    })
                    .collect(),
                texts: Vec::new(),
            }
        })
        .collect();
    SurveyResults {
        survey: survey.clone(),
        answers: shown_total(total),
        questions,
    }
}

/// The ready-made online-safety survey for an audience, in our own words, to start from.
pub fn template(audience: Audience, opens_on: &str, closes_on: &str) -> SurveyDraft {
    let choice = |prompt: &str, options: &[&str]| Question::Choice {
        prompt: prompt.into(),
        options: options.iter().map(|o| (*o).into()).collect(),
    };
    let faces = |prompt: &str, points: u8| Question::Scale {
        prompt: prompt.into(),
        points,
    };
    let (title, questions) = match audience {
        Audience::Eyfs => (
            "Being safe online",
            vec![
                faces(
                    "Do you know who to tell if something online worries you?",
                    3,
                ),
                faces("Do you ask a grown-up before you go on a tablet?", 3),
            ],
        ),
        Audience::Ks1 | Audience::Ks2 => (
            "Being safe online",
            vec![
                faces(
                    "Do you know who to tell if something online worries you?",
                    3,
                ),
                faces("How do you feel when you go online?", 5),
                choice(
                    "Who would you tell first?",
                    &[
                        "A grown-up at home",
                        "A teacher",
                        "A friend",
                        "I don't know",
                    ],
                ),
                Question::Text {
                    prompt: "What would help you feel safer online?".into(),
                },
            ],
        ),
        Audience::Parents => (
            "Technology at home",
            vec![
                choice(
                    "Do you have parental controls at home?",
                    &["Yes", "No", "Not sure"],
                ),
                choice(
                    "Where does your child mostly use the internet at home?",
                    &[
                        "In a shared room",
                        "In their bedroom",
                        "Both",
                        "They don't go online",
                    ],
                ),
                faces(
                    "How confident do you feel talking with your child about being safe online?",
                    5,
                ),
                Question::Text {
                    prompt: "What help from school would you like?".into(),
                },
            ],
        ),
        Audience::Staff => (
            "Online safety in our school",
            vec![
                faces("Do you feel confident to spot an online-safety concern?", 5),
                choice(
                    "Do you know how to report a concern about filtering?",
                    &["Yes", "No", "Not sure"],
                ),
                Question::Text {
                    prompt: "What training would help you?".into(),
                },
            ],
        ),
    };
    let mut questions = questions;
    // Only KS2 pupils are asked to type: younger ones answer with faces and pictures.
    if audience != Audience::Ks2 && audience.band().is_some() {
        questions.retain(|q| !matches!(q, Question::Text { .. }));
    }
    SurveyDraft {
        title: title.into(),
        audience,
        opens_on: opens_on.into(),
        closes_on: closes_on.into(),
        questions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> SurveyDraft {
        template(Audience::Ks2, "2026-12-01", "2026-12-18")
    }

    fn survey() -> Survey {
        Survey::new(7, draft())
    }

    #[test]
    fn every_template_is_a_valid_survey() {
        for audience in Audience::ALL {
            assert_eq!(
                template(audience, "2026-12-01", "2026-12-01").validate(),
                Ok(()),
                "{audience:?}"
            );
        }
        assert!(
            template(Audience::Parents, "2026-01-01", "2026-01-02").questions[0]
                .prompt()
                .contains("parental controls")
        );
    }

    #[test]
    fn eyfs_surveys_ask_no_text_question() {
        let mut d = template(Audience::Eyfs, "2026-12-01", "2026-12-18");
        d.questions.push(Question::Text {
            prompt: "Tell us".into(),
        });
        let e = d.validate().unwrap_err();
        assert_eq!(e.field, "questions");
        assert!(e.problem.contains("EYFS"), "{e}");
        d.audience = Audience::Ks1;
        assert_eq!(d.validate(), Ok(()));
    }

    #[test]
    fn choices_scales_and_limits_are_checked() {
        let mut d = draft();
        d.questions[0] = Question::Choice {
            prompt: "Yes?".into(),
            options: vec!["Yes".into()],
        };
        assert_eq!(d.validate().unwrap_err().field, "questions");
        d.questions[0] = Question::Choice {
            prompt: "Which?".into(),
            options: (0..7).map(|i| i.to_string()).collect(),
        };
        assert_eq!(d.validate().unwrap_err().field, "questions");
        d.questions[0] = Question::Scale {
            prompt: "How?".into(),
            points: 4,
        };
        assert_eq!(d.validate().unwrap_err().field, "questions");
        let mut d = draft();
        d.questions = Vec::new();
        assert_eq!(d.validate().unwrap_err().field, "questions");
        let mut d = draft();
        d.questions = vec![d.questions[0].clone(); MAX_QUESTIONS + 1];
        assert_eq!(d.validate().unwrap_err().field, "questions");
        let mut d = draft();
        d.title = "  ".into();
        assert_eq!(d.validate().unwrap_err().field, "title");
        let mut d = draft();
        d.closes_on = "2026-11-30".into();
        assert_eq!(d.validate().unwrap_err().field, "closes_on");
        d.closes_on = "18/12/2026".into();
        assert_eq!(d.validate().unwrap_err().field, "closes_on");
        d.closes_on = "2026-13-01".into();
        assert_eq!(d.validate().unwrap_err().field, "closes_on");
    }

    #[test]
    fn an_answer_must_fit_its_survey() {
        let s = survey();
        let good = SurveyAnswer {
            survey_id: 7,
            answers: vec![
                Some(Given::Scale(2)),
                None,
                Some(Given::Choice(3)),
                Some(Given::Text("Ask my mum".into())),
            ],
        };
        assert_eq!(good.validate_for(&s), Ok(()));
        let mut a = good.clone();
        a.answers[0] = Some(Given::Scale(3));
        assert_eq!(a.validate_for(&s).unwrap_err().field, "answers");
        let mut a = good.clone();
        a.answers[2] = Some(Given::Choice(4));
        assert!(a.validate_for(&s).is_err());
        let mut a = good.clone();
        a.answers[0] = Some(Given::Choice(0));
        assert!(a.validate_for(&s).is_err());
        let mut a = good.clone();
        a.answers.pop();
        assert!(a.validate_for(&s).is_err());
        let mut a = good.clone();
        a.survey_id = 8;
        assert!(a.validate_for(&s).is_err());
        let mut a = good.clone();
        a.answers = vec![None; 4];
        assert!(a.validate().is_err());
        let mut a = good.clone();
        a.answers[3] = Some(Given::Text("x".repeat(MAX_TEXT_ANSWER_CHARS + 1)));
        assert!(a.validate().is_err());
        let mut value = serde_json::to_value(&good).unwrap();
        value["pupil_id"] = 3.into();
        assert!(serde_json::from_value::<SurveyAnswer>(value).is_err());
    }

    fn answer(face: u8, text: &str) -> SurveyAnswer {
        SurveyAnswer {
            survey_id: 7,
            answers: vec![
                Some(Given::Scale(face)),
                None,
                None,
                Some(Given::Text(text.into())),
            ],
        }
    }

    #[test]
    fn fewer_than_five_answers_show_no_numbers_and_no_words() {
        let answers: Vec<_> = (0..4).map(|_| answer(2, "more lessons")).collect();
        let r = results(&survey(), &answers);
        assert_eq!(r.answers, None);
        assert!(r.questions[0].lines.iter().all(|l| l.count.is_none()));
        assert!(r.questions[3].texts.is_empty());
        assert_eq!(results(&survey(), &[]).answers, Some(0));
    }

    #[test]
    fn five_answers_show_counts_but_hide_small_ones() {
        let mut answers: Vec<_> = (0..6).map(|_| answer(2, "more lessons")).collect();
        answers.push(answer(0, "a quiet word"));
        let r = results(&survey(), &answers);
        assert_eq!(r.answers, Some(7));
        let q = &r.questions[0];
        assert_eq!(q.lines.len(), 4, "three faces and didn't answer");
        // The one sad face is hidden; so is the 6, or 7 - 6 would give the 1 away.
        assert_eq!(q.lines[0].count, None);
        assert_eq!(q.lines[2].count, None);
        assert_eq!(q.lines[1].count, Some(0));
        assert_eq!(r.questions[3].texts.len(), 7);
        let answers: Vec<_> = (0..5).map(|_| answer(2, "x")).collect();
        let r = results(&survey(), &answers);
        assert_eq!(r.questions[0].lines[2].count, Some(5));
        assert_eq!(r.questions[1].lines.last().unwrap().count, Some(5));
    }
}
