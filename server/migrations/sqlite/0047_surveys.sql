-- Short surveys the school writes (pupil voice, technology at home, staff confidence) and the
-- answers to them. An answer holds nothing about who gave it: a pupil's id is the tablet's
-- idempotency key for it (so one sent twice is kept once) and a parent's or staff member's is
-- random. That a family or a member of staff has answered (so each answers once) is kept apart,
-- in `survey_respondents`, with nothing linking it to their answer; `survey_answers` is WITHOUT
-- ROWID so even the order rows were written in is not kept beside them.
CREATE TABLE surveys (
    id            INTEGER PRIMARY KEY,
    title         TEXT    NOT NULL,
    audience      TEXT    NOT NULL CHECK (audience IN ('eyfs', 'ks1', 'ks2', 'parents', 'staff')),
    opens_on      TEXT    NOT NULL,
    closes_on     TEXT    NOT NULL,
    -- The questions as the protocol's JSON (`Vec<Question>`), validated before they are written.
    questions     TEXT    NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES staff(id),
    created_at_ms INTEGER NOT NULL
);
CREATE TABLE survey_answers (
    id        TEXT    PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys(id),
    -- The protocol's JSON (`Vec<Option<Given>>`), checked against the survey's questions.
    answers   TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX survey_answers_by_survey ON survey_answers (survey_id);
CREATE TRIGGER survey_answers_no_update BEFORE UPDATE ON survey_answers
BEGIN SELECT RAISE(ABORT, 'survey answers are only added to'); END;
-- `staff:<id>` or `pupil:<id>` (each child of a parent's family, so a family answers once).
CREATE TABLE survey_respondents (
    survey_id  INTEGER NOT NULL REFERENCES surveys(id),
    respondent TEXT    NOT NULL,
    PRIMARY KEY (survey_id, respondent)
) WITHOUT ROWID;
