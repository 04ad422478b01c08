//! The rules for a lesson's activities: enough of them, and each scenario, sort and quiz
//! complete and answerable.

use super::{FieldPath, Validator};
use crate::model::{Activity, Band, Quiz, Scenario, Sort};

/// Scenario and quiz choices: enough to be a choice, few enough for a five-year-old.
const MIN_OPTIONS: usize = 2;
const MAX_OPTIONS: usize = 4;
const MIN_SORT_ITEMS: usize = 4;
const MAX_SORT_ITEMS: usize = 8;
const MIN_ACTIVITIES: usize = 2;

impl Validator<'_> {
    /// An answer's picture: checked where given, and required in a Reception lesson, whose
    /// children choose by the picture (the words are read aloud beside it). `earlier` holds the
    /// pictures of the answers before it to the same question (a `noun` each: "option", "item"),
    /// which must all differ, or a child can't tell two answers apart.
    fn answer_picture<'i>(
        &mut self,
        path: FieldPath,
        what: &str,
        image: Option<&'i str>,
        (noun, earlier): (&str, &mut Vec<Option<&'i str>>),
    ) {
        match image {
            Some(name) => {
                if let Some(k) = earlier.iter().position(|e| *e == Some(name)) {
                    self.report(
                        path.clone(),
                        format!(
                            "{what} \"{name}\" is also {noun} {}'s picture; give each answer its own, so a child can tell them apart",
                            k + 1
                        ),
                    );
                }
                self.image(path, what, name);
            }
            None if self.band == Band::Eyfs => self.report(
                path,
                format!("{what} is missing: every answer in a Reception (EYFS) lesson has a picture, for children who can't read yet"),
            ),
            None => {}
        }
        earlier.push(image);
    }

    pub(super) fn activities(&mut self, activities: &[Activity]) {
        let path = FieldPath::root().key("activities");
        if activities.len() < MIN_ACTIVITIES {
            self.report(
                path.clone(),
                format!(
                    "only {} activit{}; each lesson needs at least {MIN_ACTIVITIES}",
                    activities.len(),
                    if activities.len() == 1 { "y" } else { "ies" }
                ),
            );
        }
        for (i, activity) in activities.iter().enumerate() {
            let at = path.index(i);
            let name = format!("activity {} ({})", i + 1, activity.kind());
            match activity {
                Activity::Scenario(s) => self.scenario(at, &name, s),
                Activity::Sort(s) => self.sort(at, &name, s),
                Activity::Quiz(q) => self.quiz(at, &name, q),
                Activity::Discuss(d) => {
                    self.text(at.key("prompt"), &format!("{name}: prompt"), &d.prompt);
                    self.text(
                        at.key("read_aloud"),
                        &format!("{name}: read_aloud"),
                        &d.read_aloud,
                    );
                }
            }
        }
    }

    /// Reports a list whose length is outside `min..=max`.
    fn count(&mut self, path: FieldPath, what: &str, len: usize, min: usize, max: usize) {
        if !(min..=max).contains(&len) {
            self.report(path, format!("{what}: has {len}, needs {min} to {max}"));
        }
    }

    fn scenario(&mut self, at: FieldPath, name: &str, s: &Scenario) {
        self.text(at.key("prompt"), &format!("{name}: prompt"), &s.prompt);
        self.text(
            at.key("read_aloud"),
            &format!("{name}: read_aloud"),
            &s.read_aloud,
        );
        if let Some(image) = &s.image {
            self.image(at.key("image"), &format!("{name}: image"), image);
        }
        let options = at.key("options");
        self.count(
            options.clone(),
            &format!("{name}: options"),
            s.options.len(),
            MIN_OPTIONS,
            MAX_OPTIONS,
        );
        if !s.options.is_empty() && !s.options.iter().any(|o| o.safe) {
            self.report(
                options.clone(),
                format!("{name}: no option has safe = true; add at least one safe choice"),
            );
        }
        let mut pictures = Vec::new();
        for (j, o) in s.options.iter().enumerate() {
            let what = format!("{name}, option {}", j + 1);
            self.text(
                options.index(j).key("text"),
                &format!("{what}: text"),
                &o.text,
            );
            self.text(
                options.index(j).key("feedback"),
                &format!("{what}: feedback"),
                &o.feedback,
            );
            self.answer_picture(
                options.index(j).key("image"),
                &format!("{what}: image"),
                o.image.as_deref(),
                ("option", &mut pictures),
            );
        }
    }

    fn sort(&mut self, at: FieldPath, name: &str, s: &Sort) {
        self.text(at.key("prompt"), &format!("{name}: prompt"), &s.prompt);
        self.text(
            at.key("read_aloud"),
            &format!("{name}: read_aloud"),
            &s.read_aloud,
        );
        if s.groups.len() != 2 {
            self.report(
                at.key("groups"),
                format!(
                    "{name}: groups has {} names, needs exactly 2",
                    s.groups.len()
                ),
            );
        }
        for (g, label) in s.groups.iter().enumerate() {
            self.text(
                at.key("groups").index(g),
                &format!("{name}: group {g} name"),
                label,
            );
        }
        let items = at.key("items");
        self.count(
            items.clone(),
            &format!("{name}: items"),
            s.items.len(),
            MIN_SORT_ITEMS,
            MAX_SORT_ITEMS,
        );
        let mut pictures = Vec::new();
        for (j, item) in s.items.iter().enumerate() {
            let what = format!("{name}, item {}", j + 1);
            self.text(
                items.index(j).key("text"),
                &format!("{what}: text"),
                &item.text,
            );
            self.text(
                items.index(j).key("why"),
                &format!("{what}: why"),
                &item.why,
            );
            self.answer_picture(
                items.index(j).key("image"),
                &format!("{what}: image"),
                item.image.as_deref(),
                ("item", &mut pictures),
            );
            if item.group > 1 {
                self.report(
                    items.index(j).key("group"),
                    format!("{what}: group = {} but must be 0 or 1", item.group),
                );
            }
        }
        // A sort where everything lands in one pile teaches nothing.
        if s.groups.len() == 2 && !s.items.is_empty() {
            for (g, label) in s.groups.iter().enumerate() {
                if !s.items.iter().any(|item| item.group == g) {
                    self.report(
                        at.key("groups").index(g),
                        format!("{name}: group {g} (\"{label}\") has no items"),
                    );
                }
            }
        }
    }

    fn quiz(&mut self, at: FieldPath, name: &str, q: &Quiz) {
        let questions = at.key("questions");
        if q.questions.is_empty() {
            self.report(questions.clone(), format!("{name}: has no questions"));
        }
        for (j, question) in q.questions.iter().enumerate() {
            let at = questions.index(j);
            let what = format!("{name}, question {}", j + 1);
            self.text(
                at.key("question"),
                &format!("{what}: question"),
                &question.question,
            );
            self.text(
                at.key("read_aloud"),
                &format!("{what}: read_aloud"),
                &question.read_aloud,
            );
            self.text(at.key("why"), &format!("{what}: why"), &question.why);
            self.count(
                at.key("options"),
                &format!("{what}: options"),
                question.options.len(),
                MIN_OPTIONS,
                MAX_OPTIONS,
            );
            for (k, option) in question.options.iter().enumerate() {
                self.text(
                    at.key("options").index(k),
                    &format!("{what}: option {}", k + 1),
                    option,
                );
            }
            if !question.images.is_empty() && question.images.len() != question.options.len() {
                self.report(
                    at.key("images"),
                    format!(
                        "{what}: images has {} pictures for {} options; give one per option, in the same order",
                        question.images.len(),
                        question.options.len()
                    ),
                );
            } else {
                let mut pictures = Vec::new();
                for k in 0..question.options.len() {
                    self.answer_picture(
                        at.key("images").index(k),
                        &format!("{what}: option {}'s image", k + 1),
                        question.images.get(k).map(String::as_str),
                        ("option", &mut pictures),
                    );
                }
            }
            if question.answer >= question.options.len() {
                self.report(
                    at.key("answer"),
                    format!(
                        "{what}: answer = {} but there {} only {} option{} (answers count from 0)",
                        question.answer,
                        if question.options.len() == 1 {
                            "is"
                        } else {
                            "are"
                        },
                        question.options.len(),
                        if question.options.len() == 1 { "" } else { "s" },
                    ),
                );
            }
        }
    }
}
