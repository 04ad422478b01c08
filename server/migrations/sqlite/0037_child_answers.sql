-- An answer for an anonymous child. A child who sends a report without their name may ask for
-- an answer and is given a picture code on the tablet. The server keeps only a keyed hash of
-- the code (HMAC with a key derived from the school's secret key), tied to the report, never the
-- code itself; the DSL's answers to it are kept beside the record's chronology. Both are only
-- added to, and deleted only with their record when retention purges it.
CREATE TABLE answer_codes (
    report_id     TEXT    PRIMARY KEY REFERENCES reports(id),
    code_hash     TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX answer_codes_by_hash ON answer_codes (code_hash);
CREATE TABLE child_answers (
    id            INTEGER PRIMARY KEY,
    report_id     TEXT    NOT NULL REFERENCES reports(id),
    event_id      INTEGER NOT NULL REFERENCES report_events(id),
    message       TEXT    NOT NULL,
    written_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
CREATE INDEX child_answers_by_report ON child_answers (report_id, written_at_ms);
CREATE TRIGGER answer_codes_no_update BEFORE UPDATE ON answer_codes
BEGIN SELECT RAISE(ABORT, 'answer codes are only added to'); END;
CREATE TRIGGER answer_codes_no_delete BEFORE DELETE ON answer_codes
WHEN NOT EXISTS (SELECT 1 FROM retention_purges WHERE report_id = OLD.report_id)
BEGIN SELECT RAISE(ABORT, 'answer codes are only added to'); END;
CREATE TRIGGER child_answers_no_update BEFORE UPDATE ON child_answers
BEGIN SELECT RAISE(ABORT, 'answers to a child are only added to'); END;
CREATE TRIGGER child_answers_no_delete BEFORE DELETE ON child_answers
WHEN NOT EXISTS (SELECT 1 FROM retention_purges WHERE report_id = OLD.report_id)
BEGIN SELECT RAISE(ABORT, 'answers to a child are only added to'); END;
